// The Scenarios tab in Chromium: play a bundled example and see its expectations pass; a broken
// file shows its line and column.
import { spawnSync } from 'node:child_process';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Page } from '@playwright/test';
import { screenshotDir, test, expect } from './fixtures';

const root = join(import.meta.dirname, '../..');

/** At 1400x900, plays the 8-step "Messages Segment would drop" at 1 step/s: a run that goes on while a test looks elsewhere. */
async function playSlowly(page: Page, url: string): Promise<void> {
  await page.setViewportSize({ width: 1400, height: 900 });
  await page.goto(url);
  await page.getByRole('tab', { name: 'Scenarios' }).click();
  await page.getByRole('button', { name: /^Messages Segment would drop/ }).click();
  await page.getByLabel('Speed').selectOption({ label: '1 step/s' });
  await page.getByRole('button', { name: '▶ Play' }).click();
  await expect(page.getByRole('button', { name: 'Stop' })).toBeVisible();
}

test('play a bundled scenario: steps run, expectations pass, the other tabs fill', async ({ page, eventbench }) => {
  await page.goto(eventbench.url);
  await page.getByRole('tab', { name: 'Scenarios' }).click();
  await page.getByRole('button', { name: /Freshsuccess session times out/ }).click();
  await expect(page.getByTestId('scenario-status')).toHaveText(/\d+ steps/);
  await page.getByLabel('Speed').selectOption('0');
  await page.getByRole('button', { name: '▶ Play' }).click();
  await expect(page.getByTestId('scenario-status')).toHaveText(/^Passed: \d+ steps$/, { timeout: 20_000 });
  const steps = page.locator('.scn-step');
  const n = await steps.count();
  expect(n).toBeGreaterThan(10);
  for (let i = 0; i < n; i++) await expect(steps.nth(i)).toHaveAttribute('data-status', 'passed');
  await expect(page.locator('.scn-expects .is-pass').first()).toBeVisible();
  await expect(page.locator('.scn-expects .is-fail')).toHaveCount(0);
  // The progress bar grows with a 0.15 s transition: taken at once, the README's picture
  // (.github/screenshots/scenarios.png) caught it short of its end beside "Passed: 18 steps".
  await page.screenshot({ path: `${screenshotDir}/scenarios.png`, animations: 'disabled' });

  // The run used this engine: its sessions are in the Sessions tab, its messages in the inspector.
  await page.getByRole('tab', { name: 'Sessions' }).click();
  await expect(page.locator('[data-session="visitor-ada#2"] .session-bar')).toBeVisible();
  // The message her phone flushed after the first session timed out: a session of its own.
  await expect(page.locator('[data-session="visitor-ada#3"] .session-bar')).toBeVisible();
  await page.getByRole('tab', { name: /Inspector/ }).click();
  await expect(page.getByRole('listbox', { name: 'Captured messages' }).getByRole('option')).toHaveCount(7);

  // The clock stays at the scenario's time, and the Scenarios tab says so, with the way back.
  await page.getByRole('tab', { name: 'Scenarios' }).click();
  const note = page.getByRole('note').filter({ hasText: 'simulation clock stays' });
  await expect(note).toContainText('stamped with that time');
  await note.getByRole('button', { name: 'Back to live' }).click();
  await expect(page.getByRole('group', { name: 'Simulation clock' })).toHaveText(/Live/);
  await expect(note).toHaveCount(0);
});

// The QA engineer's replay: a matching expectation fails ("matched-by-username", the file said by email).
// The diff said only that; why the message landed on that user was the Matching tab and a search away.
// A matching expectation now offers its message's trace, opened in the Matching tab.
test('a failed matching expectation opens its message\'s trace: "Why this user?"', async ({ page, eventbench }) => {
  await page.goto(eventbench.url);
  await page.getByRole('tab', { name: 'Scenarios' }).click();
  const file = [
    'name: QA signup lands on the right user',
    'steps:',
    '  - users:',
    '      - { id: u-1, username: jdoe, email: john@acme.com }',
    '  - id: signup',
    '    send:',
    '      via: webhook',
    '      webhook: product-fruits',
    '      message: { type: identify, userId: jdoe, traits: { email: other@acme.com } }',
    '  - expect:',
    '      matching: { step: signup, outcome: matched-by-email }',
    '',
  ].join('\n');
  await page.getByLabel('Open a scenario file').setInputFiles({ name: 'qa.scenario.yaml', mimeType: 'text/yaml', buffer: Buffer.from(file) });
  await page.getByRole('button', { name: '▶ Play' }).click();
  await expect(page.getByTestId('scenario-status')).toHaveText('1 of 3 steps failed', { timeout: 20_000 });
  const why = page.getByRole('button', { name: /^Why this user\? \(#\d+\) →$/ });
  await expect(why).toBeVisible();
  await page.screenshot({ path: `${screenshotDir}/scenarios-failed-matching.png` });
  const seq = /#(\d+)/.exec((await why.textContent())!)![1];
  await why.click();
  await expect(page.getByRole('tab', { name: 'Matching' })).toHaveAttribute('aria-selected', 'true');
  const trace = page.getByRole('complementary', { name: 'Decision trace' });
  await expect(trace.locator('.detail-title')).toContainText(`#${seq}`);
  await expect(trace.getByRole('list', { name: 'Trace steps' })).toContainText('Looked for a user whose email equals other@acme.com');
});

test('a failing expectation shows expected vs actual; an invalid file shows its line', async ({ page, eventbench }) => {
  await page.goto(eventbench.url);
  await page.getByRole('tab', { name: 'Scenarios' }).click();
  const failing = ['name: wrong duration', 'steps:', '  - send: { message: { type: track, anonymousId: v, event: A, properties: { module: Billing } } }', '  - advance: 12m', '  - send: { message: { type: track, anonymousId: v, event: B } }', '  - expect:', '      session: { anonymousId: v, duration: 10m }', ''].join('\n');
  await page.getByLabel('Open a scenario file').setInputFiles({ name: 'wrong.scenario.yaml', mimeType: 'text/yaml', buffer: Buffer.from(failing) });
  await page.getByRole('button', { name: '▶ Play' }).click();
  await expect(page.getByTestId('scenario-status')).toHaveText('1 of 4 steps failed', { timeout: 20_000 });
  const diff = page.getByLabel('Expected vs actual');
  await expect(diff).toContainText('-   "duration": "10 min"');
  await expect(diff).toContainText('+   "duration": "12 min"');
  await page.screenshot({ path: `${screenshotDir}/scenarios-failed.png` });

  await page.getByLabel('Open a scenario file').setInputFiles({ name: 'broken.scenario.yaml', mimeType: 'text/yaml', buffer: Buffer.from('name: broken\nsteps:\n  - advance: 1m\n  - sned: {}\n') });
  await expect(page.getByRole('alert').filter({ hasText: 'not a valid scenario' })).toContainText('broken.scenario.yaml:4:5: step 2: unknown key "sned"');
  await expect(page.getByRole('button', { name: '▶ Play' })).toBeDisabled();
});

// An invalid file's Play was the primary button at half opacity: a lighter blue that still read
// as "press me". Disabled, it looks like any disabled button, and its tooltip says why.
test('an invalid scenario: Play and Step through look disabled and say why', async ({ page, eventbench }) => {
  await page.goto(eventbench.url);
  await page.getByRole('tab', { name: 'Scenarios' }).click();
  await page.getByLabel('Open a scenario file').setInputFiles({ name: 'broken.scenario.yaml', mimeType: 'text/yaml', buffer: Buffer.from('name: broken\nsteps:\n  - advance: 1m\n  - sned: {}\n') });
  await expect(page.getByRole('alert').filter({ hasText: 'not a valid scenario' })).toBeVisible();
  const play = page.getByRole('button', { name: '▶ Play' });
  const stepThrough = page.getByRole('button', { name: 'Step through' });
  await expect(play).toBeDisabled();
  const why = 'this file is not a valid scenario (its errors are listed below)';
  await expect(play).toHaveAttribute('title', `Cannot play: ${why}`);
  await expect(stepThrough).toHaveAttribute('title', `Cannot step through: ${why}`);
  // Drawn as the disabled Step through is: no accent colour left.
  const look = (l: typeof play) =>
    l.evaluate((el) => {
      // eslint-disable-next-line @typescript-eslint/no-explicit-any -- the page's DOM (no DOM types here)
      const cs = (globalThis as any).getComputedStyle(el);
      return [cs.backgroundColor, cs.borderColor, cs.color, cs.opacity];
    });
  expect(await look(play)).toEqual(await look(stepThrough));
  for (const [width, height] of [[1400, 900], [1000, 700]]) {
    await page.setViewportSize({ width, height });
    await page.screenshot({ path: `${screenshotDir}/scenarios-invalid-${width}.png` });
  }
});

// A tab as indentation said only "Tabs are not allowed as indentation"; count with atLeast, and an
// id used before and inside a repeat, passed. Each is listed with its line, saying what to do.
test('an invalid file lists a tab, count with atLeast and a repeated step id, each with its line', async ({ page, eventbench }) => {
  await page.goto(eventbench.url);
  await page.getByRole('tab', { name: 'Scenarios' }).click();
  const alert = page.getByRole('alert').filter({ hasText: 'not a valid scenario' });
  await page.getByLabel('Open a scenario file').setInputFiles({ name: 'tabs.scenario.yaml', mimeType: 'text/yaml', buffer: Buffer.from('name: tabs\nsteps:\n  - send:\n    \tmessage: {}\n') });
  await expect(alert).toContainText('tabs.scenario.yaml:4:5: not valid YAML: a tab indents line 4 (column 5); YAML indents with spaces only: replace the tab with spaces');
  await page.setViewportSize({ width: 1000, height: 700 });
  await page.screenshot({ path: `${screenshotDir}/scenarios-invalid-tab-1000.png` });
  const both = ['name: both', 'steps:', '  - id: s', '    advance: 1m', '  - repeat:', '      times: 2', '      steps:', '        - id: s', '          advance: 1m', '  - expect:', '      messages: { count: 1, atLeast: 2 }', ''].join('\n');
  await page.getByLabel('Open a scenario file').setInputFiles({ name: 'both.scenario.yaml', mimeType: 'text/yaml', buffer: Buffer.from(both) });
  await expect(alert).toContainText('both.scenario.yaml:8:15: step 2, repeat step 1: id: "s" is used twice (first on line 3)');
  await expect(alert).toContainText('both.scenario.yaml:11:29: step 3: expect.messages.atLeast: count and atLeast exclude each other');
  await expect(page.getByRole('button', { name: '▶ Play' })).toBeDisabled();
  await page.screenshot({ path: `${screenshotDir}/scenarios-invalid-exclusive-1000.png` });
});

// An expectation of a step that comes later failed only when Play reached it ("has not run yet"),
// after every step before it had sent. The file's check now names it, before anything is sent.
test('an expectation of a later step is an error of the file, at its step: reference, before Play', async ({ page, eventbench }) => {
  await page.goto(eventbench.url);
  await page.getByRole('tab', { name: 'Scenarios' }).click();
  const early = ['name: early', 'steps:', '  - expect:', '      findings: { step: signup, count: 0 }', '  - id: signup', '    send: { message: { type: track, userId: u, event: Signed Up } }', ''].join('\n');
  await page.getByLabel('Open a scenario file').setInputFiles({ name: 'early.scenario.yaml', mimeType: 'text/yaml', buffer: Buffer.from(early) });
  const alert = page.getByRole('alert').filter({ hasText: 'not a valid scenario' });
  await expect(alert).toContainText('early.scenario.yaml:4:25: step 1: expect.findings.step: step "signup" is on line 5, after this expectation, so it has not run when the expectation is judged; move the expectation below it');
  await expect(page.getByRole('button', { name: '▶ Play' })).toBeDisabled();
  for (const [width, height] of [[1400, 900], [1000, 700]]) {
    await page.setViewportSize({ width, height });
    await page.screenshot({ path: `${screenshotDir}/scenarios-invalid-later-step-${width}.png` });
  }
});

test('select two inspector rows, save them as a scenario, and run it headless', async ({ page, eventbench }) => {
  await eventbench.track({ anonymousId: 'shopper', userId: 'u-77', event: 'Cart Viewed', properties: { module: 'Shop' } });
  await eventbench.track({ anonymousId: 'shopper', event: 'Checkout Started' }); // no userId: still kept
  await eventbench.track({ event: 'Orphan' }); // no identity: Segment would drop it
  await page.goto(eventbench.url);
  const rows = page.getByRole('listbox', { name: 'Captured messages' }).getByRole('option');
  await expect(rows).toHaveCount(3);
  await rows.nth(0).click();
  await rows.nth(2).click({ modifiers: ['Control'] });
  const bar = page.getByRole('toolbar', { name: 'Selected messages' });
  await expect(bar).toContainText('2 selected');
  const downloading = page.waitForEvent('download');
  await bar.getByRole('button', { name: 'Save as scenario…' }).click();
  // Named here (the default is "Replay of 2 captured messages"): the file's name: and its file name.
  const naming = page.getByRole('dialog', { name: 'Save 2 messages as a scenario' });
  await expect(naming.getByLabel('Scenario name')).toHaveValue('Replay of 2 captured messages');
  await naming.getByLabel('Scenario name').fill('Two of the Freshsuccess example');
  await naming.getByLabel('Scenario name').press('Enter');
  const download = await downloading;
  const file = join(eventbench.dataDir, download.suggestedFilename());
  await download.saveAs(file);
  expect(download.suggestedFilename()).toBe('two-of-the-freshsuccess-example.scenario.yaml');
  // It opens in the Scenarios tab too, valid, with its steps.
  await expect(page.getByRole('tab', { name: 'Scenarios' })).toHaveAttribute('aria-selected', 'true');
  await expect(page.getByTestId('scenario-status')).toHaveText(/^\d+ steps$/);
  await expect(page.getByRole('button', { name: /Freshsuccess session times out/ })).toBeVisible();
  await page.screenshot({ path: `${screenshotDir}/scenario-saved.png` });

  const text = await readFile(file, 'utf8');
  expect(text).toContain('\nname: Two of the Freshsuccess example\n');
  expect(text).toContain('Cart Viewed');
  expect(text).toContain('Orphan');
  expect(text).not.toContain('Checkout Started');
  const run = spawnSync(process.execPath, [join(root, 'src-main/cli/eventbench.js'), 'run', file], { encoding: 'utf8', env: { ...process.env, NO_COLOR: '1' } });
  expect(run.stdout).toContain('1 of 1 scenario passed');
  expect(run.status).toBe(0);
});

test('replay a selected row to the local receiver and open it in the composer', async ({ page, eventbench }) => {
  await eventbench.track({ userId: 'u-1', event: 'Replayed Thing', properties: { n: 1 } });
  await page.goto(eventbench.url);
  const rows = page.getByRole('listbox', { name: 'Captured messages' }).getByRole('option');
  await rows.first().click();
  await page.getByRole('toolbar', { name: 'Selected messages' }).getByRole('button', { name: 'Replay…' }).click();
  await page.getByRole('dialog').getByRole('button', { name: 'Replay' }).click();
  await expect(rows).toHaveCount(2);
  await expect(rows.nth(1)).toContainText('Replayed Thing');
  await rows.first().click();
  await page.getByRole('button', { name: 'Open in composer' }).click();
  await expect(page.getByRole('tab', { name: 'Composer' })).toHaveAttribute('aria-selected', 'true');
  await expect(page.getByLabel('Message JSON')).toHaveValue(/"event": "Replayed Thing"/);
  await expect(page.getByLabel('Message JSON')).not.toHaveValue(/receivedAt/);
});

test('open a scenario by its path on the engine’s machine (browser mode)', async ({ page, eventbench }) => {
  await page.goto(eventbench.url);
  await page.getByRole('tab', { name: 'Scenarios' }).click();
  const path = page.getByLabel('Scenario file path');
  await path.fill('package.json');
  await page.getByRole('button', { name: 'Open', exact: true }).click();
  await expect(page.getByRole('alert')).toContainText('*.scenario.yaml');
  await path.fill(join(root, 'scenarios/produktly-tour.scenario.yaml'));
  await page.getByRole('button', { name: 'Open', exact: true }).click();
  await expect(page.getByRole('heading', { name: 'Produktly tour in both spellings' })).toBeVisible();
  await expect(page.getByTestId('scenario-status')).toHaveText(/^\d+ steps$/);
});

test('"Your file": a button in the app\'s style opens the file chooser (not the browser\'s bare "Choose File / No file chosen"), and the path field shows its whole hint', async ({ page, eventbench }) => {
  await page.setViewportSize({ width: 1000, height: 700 });
  await page.goto(eventbench.url);
  await page.getByRole('tab', { name: 'Scenarios' }).click();
  await expect(page.getByLabel('Open a scenario file')).not.toBeInViewport();
  const chooser = page.waitForEvent('filechooser');
  await page.getByRole('button', { name: 'Open a file…' }).click();
  await (await chooser).setFiles({ name: 'mine.scenario.yaml', mimeType: 'text/yaml', buffer: Buffer.from('name: Mine\nsteps:\n  - advance: 1m\n') });
  await expect(page.getByRole('heading', { name: 'Mine' })).toBeVisible();
  const path = page.getByLabel('Scenario file path');
  const fits = await path.evaluate((e: any) => {
    const g = globalThis as any;
    const style = g.getComputedStyle(e);
    const ctx = g.document.createElement('canvas').getContext('2d');
    ctx.font = `${style.fontSize} ${style.fontFamily}`;
    const room = e.clientWidth - parseFloat(style.paddingLeft) - parseFloat(style.paddingRight);
    return ctx.measureText(e.placeholder).width <= room;
  });
  expect(fits).toBe(true);
});

// After a play that set the user's own matching aside, "Restore mine" was only on the Scenarios
// tab: on the Matching tab or the inspector the scenario's decisions showed with nothing saying
// why, or how to get one's own back. The banner is on every tab now. The scenario's webhooks were
// saved over the user's own (secret and all, no way back): they are set aside too, and restored.
test('after a scenario set the user’s matching and webhooks aside, every tab says so and offers Restore mine', async ({ page, eventbench }) => {
  const res = await fetch(`${eventbench.url}/api/users/import`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify([{ id: 'mine-1', username: 'mine-1', email: 'mine@example.com' }]) });
  expect(res.status).toBe(200);
  const usernames = async () => ((await (await fetch(`${eventbench.url}/api/users`)).json()) as { username?: string }[]).map((u) => u.username);
  const webhooksOnDisk = async () => JSON.parse(await readFile(join(eventbench.dataDir, 'settings.json'), 'utf8')).webhooks as unknown[];
  await page.setViewportSize({ width: 1000, height: 700 });
  await page.goto(eventbench.url);
  // The user's own webhook, of the name the Product Fruits example configures.
  await page.getByRole('tab', { name: 'Webhooks' }).click();
  await page.getByRole('button', { name: 'Add webhook' }).click();
  const form = page.getByRole('form', { name: 'New webhook' });
  await form.getByLabel('Name').fill('product-fruits');
  await form.getByLabel('Secret').fill('my-own-secret');
  await form.getByLabel(/Answer 401/).check();
  await form.getByRole('button', { name: 'Add webhook' }).click();
  const row = page.getByRole('table', { name: 'Webhooks' }).getByRole('row', { name: /product-fruits/ });
  await expect(row).toContainText('rejected (401)');
  const mine = [{ name: 'product-fruits', secret: 'my-own-secret', rejectInvalid: true }];
  expect(await webhooksOnDisk()).toEqual(mine);

  await page.getByRole('tab', { name: 'Scenarios' }).click();
  await page.getByRole('button', { name: /Product Fruits matching/ }).click();
  await expect(page.getByTestId('before-play-note')).toContainText('its 1 webhook (product-fruits) takes the place of yours of that name, secrets included');
  await page.screenshot({ path: `${screenshotDir}/before-play-note-webhooks-1000.png` });
  await page.getByLabel('Speed').selectOption('0');
  await page.getByRole('button', { name: '▶ Play' }).click();
  await expect(page.getByTestId('scenario-status')).toHaveText(/^Passed/, { timeout: 20_000 });
  // One line at 1000 px naming what is set aside (it listed all four matching settings' values:
  // six lines), Restore mine beside it; the whole story one click away, under Details.
  const setAside = page.getByTestId('set-aside-banner');
  await expect(setAside.getByTestId('set-aside-line')).toHaveText('Set aside: your users directory, matching settings and webhook product-fruits. Details');
  const lineHeight = await setAside.evaluate((e: any) => parseFloat((globalThis as any).getComputedStyle(e).lineHeight));
  const textBox = (await setAside.locator('.set-aside-text').boundingBox())!;
  expect(textBox.height, 'the set-aside line wraps').toBeLessThan(lineHeight * 1.5);
  const restoreButton = setAside.getByRole('button', { name: 'Restore mine' });
  await expect(restoreButton).toBeInViewport();
  const restoreBox = (await restoreButton.boundingBox())!;
  expect(restoreBox.x, 'Restore mine beside the text, not over it').toBeGreaterThanOrEqual(textBox.x + textBox.width);
  await expect(setAside.getByTestId('set-aside-details')).toBeHidden();
  await page.screenshot({ path: `${screenshotDir}/set-aside-banner-scenarios-1000.png` });
  await setAside.getByRole('button', { name: 'Details' }).click();
  await expect(setAside.getByRole('button', { name: 'Hide details' })).toHaveAttribute('aria-expanded', 'true');
  await expect(setAside.getByTestId('set-aside-details')).toHaveText(/^Your own users directory \(1 user\), matching settings \(.*\) and 1 webhook \(product-fruits\) are set aside since “Product Fruits matching/);
  await page.screenshot({ path: `${screenshotDir}/set-aside-banner-details-scenarios-1000.png` });
  await setAside.getByRole('button', { name: 'Hide details' }).click();
  await expect(setAside.getByTestId('set-aside-details')).toBeHidden();
  await page.setViewportSize({ width: 1400, height: 900 });
  await page.screenshot({ path: `${screenshotDir}/set-aside-banner-scenarios-1400.png` });
  await page.setViewportSize({ width: 1000, height: 700 });
  // The scenario's secret replaced the user's: a change, stamped by the (scenario's) simulation clock, as the Inspector's hint reads it.
  expect(await webhooksOnDisk()).toEqual([{ name: 'product-fruits', secret: 'pf-secret', rejectInvalid: false, secretChangedAt: expect.stringMatching(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z$/) }]);
  expect(await usernames()).not.toContain('mine-1');
  for (const tab of ['Matching', 'Inspector', 'Sessions', 'Workspace', 'Webhooks']) {
    await page.getByRole('tab', { name: new RegExp(`^${tab}`) }).click();
    const banner = page.getByTestId('set-aside-app-banner');
    await expect(banner, tab).toBeVisible();
    await expect(banner).toContainText('Product Fruits matching');
    await expect(banner).toContainText('and webhook product-fruits of');
    await expect(banner.getByRole('button', { name: 'Restore mine' })).toBeInViewport();
    if (tab === 'Matching') await page.screenshot({ path: `${screenshotDir}/set-aside-banner-matching-1000.png` });
  }
  // The Webhooks tab shows the scenario's webhook meanwhile.
  await expect(row).toContainText('accepted, flagged');
  await page.setViewportSize({ width: 1400, height: 900 });
  await page.screenshot({ path: `${screenshotDir}/set-aside-banner-webhooks-1400.png` });
  await page.setViewportSize({ width: 1000, height: 700 });
  await page.screenshot({ path: `${screenshotDir}/set-aside-banner-webhooks-1000.png` });
  // Not twice on the Scenarios tab, which has its own.
  await page.getByRole('tab', { name: 'Scenarios' }).click();
  await expect(page.getByTestId('set-aside-app-banner')).toHaveCount(0);
  await expect(page.getByTestId('set-aside-banner')).toBeVisible();
  // Also before a scenario is picked (after a reload): the tab's own banner was only in a picked scenario's pane.
  await page.reload();
  await page.getByRole('tab', { name: 'Scenarios' }).click();
  await expect(page.getByText('Pick a scenario')).toBeVisible();
  await expect(page.getByTestId('set-aside-banner').getByRole('button', { name: 'Restore mine' })).toBeVisible();

  await page.getByRole('tab', { name: /^Matching/ }).click();
  await page.getByTestId('set-aside-app-banner').getByRole('button', { name: 'Restore mine' }).click();
  await expect(page.getByTestId('set-aside-app-banner')).toHaveCount(0);
  await expect.poll(usernames).toContain('mine-1');
  // One action brought the user's webhook back too, secret included.
  expect(await webhooksOnDisk()).toEqual(mine);
  await page.getByRole('tab', { name: 'Webhooks' }).click();
  await expect(row).toContainText('rejected (401)');
});

// The step list showed each step's clock as a time of day alone: after `advance: 7d` every step
// still said 09:00:00, as if the advance had done nothing. A step on another day names its date.
test('a step on another day than the run began names its date, not only the time of day', async ({ page, eventbench }) => {
  await page.goto(eventbench.url);
  await page.getByRole('tab', { name: 'Scenarios' }).click();
  const text = ['name: a week later', 'steps:', '  - send: { message: { type: track, userId: dana, event: Signed Up } }', '  - advance: 7d', '  - send: { message: { type: track, userId: dana, event: Email Added } }', ''].join('\n');
  await page.getByLabel('Open a scenario file').setInputFiles({ name: 'week.scenario.yaml', mimeType: 'text/yaml', buffer: Buffer.from(text) });
  await page.getByLabel('Speed').selectOption('0');
  await page.getByRole('button', { name: '▶ Play' }).click();
  await expect(page.getByTestId('scenario-status')).toHaveText('Passed: 3 steps', { timeout: 20_000 });
  const clocks = page.locator('.scn-step .scn-clock');
  await expect(clocks).toHaveText(['09:00:00', '2026-01-08 09:00:00', '2026-01-08 09:00:00']);
  await expect(clocks.nth(1)).toHaveAttribute('title', 'Simulation clock after this step: 2026-01-08 09:00:00 UTC');
  await page.screenshot({ path: `${screenshotDir}/scenarios-days.png` });
});

// A file chosen with "Open a file…" has no folder, so its `users: { file }` cannot be read: the note
// before Play promised "the users of users.csv", and the step failed only when it ran.
test('a chosen file whose users step reads a file says before Play that it cannot, and how to open it instead', async ({ page, eventbench }) => {
  await page.goto(eventbench.url);
  await page.getByRole('tab', { name: 'Scenarios' }).click();
  const text = ['name: directory from csv', 'steps:', '  - users: { file: users.csv }', '  - advance: 1m', ''].join('\n');
  await page.getByLabel('Open a scenario file').setInputFiles({ name: 'dir.scenario.yaml', mimeType: 'text/yaml', buffer: Buffer.from(text) });
  const note = page.getByTestId('no-folder-note');
  await expect(note).toContainText('reads users from “users.csv”');
  await expect(note).toContainText('Type the file’s path in the field on the left and press Open');
  await page.screenshot({ path: `${screenshotDir}/scenarios-no-folder.png` });
  // Opened by its path, the folder is known: no such note.
  const dir = await mkdtemp(join(tmpdir(), 'eventbench-e2e-users-'));
  await writeFile(join(dir, 'dir.scenario.yaml'), text);
  await writeFile(join(dir, 'users.csv'), 'id,username,email\nC-1,ada,ada@example.com\n');
  await page.getByLabel('Scenario file path').fill(join(dir, 'dir.scenario.yaml'));
  await page.getByRole('button', { name: 'Open', exact: true }).click();
  await expect(page.getByTestId('scenario-status')).toHaveText('2 steps');
  await expect(note).toHaveCount(0);
  await page.getByLabel('Speed').selectOption('0');
  await page.getByRole('button', { name: '▶ Play' }).click();
  await expect(page.getByTestId('scenario-status')).toHaveText('Passed: 2 steps', { timeout: 20_000 });
  await rm(dir, { recursive: true, force: true });
});

// A file opened by its path, edited and saved in an editor: Play ran the text read at Open time
// (the edit did not run), and a file fixed in the editor still showed its old errors.
test('a file opened by its path is read again on Play, and an invalid one can be read again once fixed', async ({ page, eventbench }) => {
  const dir = await mkdtemp(join(tmpdir(), 'eventbench-e2e-edit-'));
  const file = join(dir, 'edit.scenario.yaml');
  const text = (count: number) => ['name: edited', 'steps:', '  - send: { message: { type: track, userId: ed, event: Saved } }', '  - expect:', `      messages: { filter: { userId: ed }, count: ${count} }`, ''].join('\n');
  await writeFile(file, text(1));
  await page.goto(eventbench.url);
  await page.getByRole('tab', { name: 'Scenarios' }).click();
  await page.getByLabel('Scenario file path').fill(file);
  await page.getByRole('button', { name: 'Open', exact: true }).click();
  await page.getByLabel('Speed').selectOption('0');
  await page.getByLabel('Clear the log first').check();
  await page.getByRole('button', { name: '▶ Play' }).click();
  await expect(page.getByTestId('scenario-status')).toHaveText('Passed: 2 steps', { timeout: 20_000 });
  // Edited on disk: the next Play runs the edit.
  await writeFile(file, text(2));
  await page.getByRole('button', { name: '▶ Play' }).click();
  await expect(page.getByTestId('scenario-status')).toHaveText('1 of 2 steps failed', { timeout: 20_000 });
  await expect(page.locator('.scn-expects .is-fail')).toContainText('expected 2 messages with userId=ed, got 1');

  // Broken on disk: Play reads it and shows its errors rather than running the old text.
  await writeFile(file, 'name: edited\nsteps:\n  - advnce: 1m\n');
  await page.getByRole('button', { name: '▶ Play' }).click();
  const invalid = page.getByRole('alert').filter({ hasText: 'not a valid scenario' });
  await expect(invalid).toContainText('unknown key "advnce"');
  await page.screenshot({ path: `${screenshotDir}/scenarios-read-again.png` });
  // Fixed in the editor: read again without retyping the path.
  await writeFile(file, text(1));
  await invalid.getByRole('button', { name: 'Read it again' }).click();
  await expect(invalid).toHaveCount(0);
  await page.getByRole('button', { name: '▶ Play' }).click();
  await expect(page.getByTestId('scenario-status')).toHaveText('Passed: 2 steps', { timeout: 20_000 });
  await rm(dir, { recursive: true, force: true });
});

// A scenario saved as Windows-1252 or Latin-1 ("café" as the byte 0xE9): the CLI and the path field
// refuse it naming the byte, but the file picker read it leniently, the byte became U+FFFD, and the
// run sent "caf\uFFFD". A users file picked in Matching's Import dialog was read the same way.
test('a file that is not UTF-8, picked in the Scenarios tab or the Import users dialog, is refused naming where', async ({ page, eventbench }) => {
  const latin1 = Buffer.from('name: café\nsteps:\n  - send: { message: { type: track, userId: u, event: Café ouvert } }\n', 'latin1');
  for (const [width, height] of [
    [1400, 900],
    [1000, 700],
  ]) {
    await page.setViewportSize({ width, height });
    await page.goto(eventbench.url);
    await page.getByRole('tab', { name: 'Scenarios' }).click();
    await page.getByLabel('Open a scenario file').setInputFiles({ name: 'cafe.scenario.yaml', mimeType: 'text/yaml', buffer: latin1 });
    await expect(page.getByRole('alert').filter({ hasText: 'cafe.scenario.yaml' })).toHaveText('Could not open cafe.scenario.yaml: line 1, column 10: the byte 0xE9 is not UTF-8 (a file saved as Windows-1252 or Latin-1?): save the file as UTF-8');
    await expect(page.getByRole('button', { name: '▶ Play' })).toHaveCount(0);
    await page.screenshot({ path: `${screenshotDir}/scenario-not-utf8-${width}.png` });

    await page.getByRole('tab', { name: /^Matching/ }).click();
    await page.getByRole('button', { name: 'Import users…' }).click();
    await page.getByLabel('Users file').setInputFiles({ name: 'people.csv', mimeType: 'text/csv', buffer: Buffer.from('id,email,name\nu-jose,jose@example.com,José\n', 'latin1') });
    await expect(page.getByRole('alert')).toHaveText('people.csv: line 2, column 28: the byte 0xE9 is not UTF-8 (a file saved as Windows-1252 or Latin-1?): save the file as UTF-8 and import it again. Nothing was imported');
    await expect(page.getByLabel('Users to import')).toHaveValue('');
    await page.screenshot({ path: `${screenshotDir}/users-import-not-utf8-${width}.png` });
  }
});

// `type: trak` passed the check without a word, and Segment dropped the message. A scenario may send
// a bad message on purpose, so it is a warning beside an enabled Play, naming the step by its id
// (shown before Play too) and the expectation that says it is meant.
test("a send's type that is no call type is a warning before Play; the run plays, and the drop it warned of shows", async ({ page, eventbench }) => {
  await page.goto(eventbench.url);
  await page.getByRole('tab', { name: 'Scenarios' }).click();
  const file = [
    'name: Checkout with a typo',
    'steps:',
    '  - id: added',
    '    send: { message: { type: trak, userId: qa-1, event: Product Added } }',
    '  - expect: { dropReasons: { step: added, none: true } }',
    '',
  ].join('\n');
  await page.getByLabel('Open a scenario file').setInputFiles({ name: 'typo.scenario.yaml', mimeType: 'text/yaml', buffer: Buffer.from(file) });
  const warning = page.getByTestId('check-warnings');
  await expect(warning).toContainText('A warning (the file still plays):');
  await expect(warning).toContainText('typo.scenario.yaml:4:30: step 1: send.message.type: "trak" is not a Segment call type; did you mean "track"?');
  await expect(warning).toContainText('Sent on purpose? Say so with an expectation after the send, and its warning goes: dropReasons: { step: <its id>, codes: [unknown-type] }.');
  await expect(page.locator('.scn-step').first()).toContainText('#added');
  await page.getByLabel('Speed').selectOption('0');
  await page.getByRole('button', { name: '▶ Play' }).click();
  await expect(page.getByTestId('scenario-status')).toHaveText('1 of 2 steps failed', { timeout: 20_000 });
  await expect(page.locator('.scn-expects .is-fail')).toContainText('it would drop them: unknown-type');
});

// A sender send of type pgae in a repeat: every round's row showed the check's warning, also the
// round a later expectation said was meant to fail.
test('a warning in a repeat marks only the rounds it holds in, and the status line counts them', async ({ page, eventbench }) => {
  await page.goto(eventbench.url);
  await page.getByRole('tab', { name: 'Scenarios' }).click();
  const file = [
    'name: Refused rounds',
    'steps:',
    '  - repeat:',
    '      times: 3',
    '      steps:',
    '        - id: "buy-{{i}}"',
    '          send: { via: sender, target: local, message: { type: pgae, userId: qa-1 } }',
    '        - advance: 1m',
    '  - expect: { delivery: { step: buy-2, state: failed } }',
    '',
  ].join('\n');
  await page.getByLabel('Open a scenario file').setInputFiles({ name: 'rounds.scenario.yaml', mimeType: 'text/yaml', buffer: Buffer.from(file) });
  const rows = page.locator('.scn-step');
  await expect(rows).toHaveCount(7);
  await page.getByLabel('Speed').selectOption('0');
  await page.getByRole('button', { name: '▶ Play' }).click();
  await expect(page.getByTestId('scenario-status')).toHaveText('Passed: 7 steps, 2 with a warning', { timeout: 20_000 });
  await expect(rows.locator('.scn-icon')).toHaveText(['⚠', '✓', '✓', '✓', '⚠', '✓', '✓']);
  for (const [i, warnings] of [1, 0, 0, 0, 1, 0, 0].entries()) await expect(rows.nth(i).locator('.scn-warn-at'), `step ${i + 1}'s warning marks`).toHaveCount(warnings);
  for (const [width, height] of [[1400, 900], [1000, 700]]) {
    await page.setViewportSize({ width, height });
    await page.screenshot({ path: `${screenshotDir}/scenarios-repeat-warning-${width}.png` });
  }
});

// The bundled Product Fruits example played over a log that already held its messages failed "1 of
// 9 steps" with only "matching of step "created" differs": the directory is made of every captured
// webhook message, so the first play's carol was matched by email, not created. The failure now
// names the earlier messages and the way out, which works.
test('the Product Fruits example played again without clearing the log: the failure names the earlier captures and Clear the log first, which passes', async ({ page, eventbench }) => {
  await page.setViewportSize({ width: 1400, height: 900 });
  await page.goto(eventbench.url);
  await page.getByRole('tab', { name: 'Scenarios' }).click();
  await page.getByRole('button', { name: /Product Fruits matching/ }).click();
  await page.getByLabel('Speed').selectOption('0');
  const status = page.getByTestId('scenario-status');
  await page.getByRole('button', { name: '▶ Play' }).click();
  await expect(status).toHaveText(/^Passed/, { timeout: 20_000 });
  await expect(page.getByLabel('Clear the log first')).not.toBeChecked();
  await page.getByRole('button', { name: '▶ Play' }).click();
  await expect(status).toHaveText('1 of 9 steps failed', { timeout: 20_000 });
  const failed = page.locator('.scn-expects .is-fail');
  await expect(failed).toHaveCount(1);
  await expect(failed).toContainText('matching of step "created" differs; 2 messages captured before this run (#1, #3) were matched too, and what they did to the directory counts: user u-ada (changed by #1, username now "someone-else") and user new-3 (created by #3, username "carol"); run it on a cleared log (the Scenarios tab\'s "Clear the log first"');
  await failed.scrollIntoViewIfNeeded();
  await page.screenshot({ path: `${screenshotDir}/scenarios-earlier-captures-1400.png` });
  await page.setViewportSize({ width: 1000, height: 700 });
  await failed.scrollIntoViewIfNeeded();
  await page.screenshot({ path: `${screenshotDir}/scenarios-earlier-captures-1000.png` });
  await page.getByLabel('Clear the log first').check();
  await page.getByRole('button', { name: '▶ Play' }).click();
  await expect(status).toHaveText(/^Passed/, { timeout: 20_000 });
});

// A scenario run started in one window (or before a reload) was invisible in another: the Scenarios
// tab said "Pick a scenario", with no way to see how far it got or to stop it.
test('a scenario playing in another window, or before a reload, is shown with Pause and Stop on the Scenarios tab', async ({ page, context, eventbench }) => {
  await playSlowly(page, eventbench.url);

  const other = await context.newPage();
  await other.setViewportSize({ width: 1000, height: 700 });
  await other.goto(eventbench.url);
  await other.getByRole('tab', { name: 'Scenarios' }).click();
  const run = other.getByRole('region', { name: 'Scenario running' });
  await expect(run.getByRole('status')).toContainText(/^Playing: Messages Segment would drop \(segment-drop\.scenario\.yaml\), \d of 8 steps done\./);
  await other.screenshot({ path: `${screenshotDir}/scenarios-run-elsewhere-narrow.png` });
  await run.getByRole('button', { name: 'Pause' }).click();
  await expect(run.getByRole('status')).toContainText(/^Paused: /);
  await expect(page.getByRole('button', { name: '▶ Resume' })).toBeVisible();

  await page.reload();
  await page.getByRole('tab', { name: 'Scenarios' }).click();
  const after = page.getByRole('region', { name: 'Scenario running' });
  await expect(after.getByRole('status')).toContainText(/^Paused: Messages Segment would drop/);
  await page.screenshot({ path: `${screenshotDir}/scenarios-run-elsewhere.png` });
  await after.getByRole('button', { name: 'Stop' }).focus();
  await page.keyboard.press('Enter');
  await expect(after).toHaveCount(0);
  // The Stop pressed is gone: the focus is on the first control of the tab, not lost to the page.
  await expect(page.getByRole('button', { name: /^Freshsuccess session times out/ })).toBeFocused();
  await expect(run).toHaveCount(0);
  await expect(other.getByText('Pick a scenario')).toBeVisible();
});

// With one scenario playing and another file opened, that file's header showed Pause, Step and Stop,
// which acted on the run of the first: Stop "on" the second stopped the first, unsaid.
test("another file opened while a scenario plays shows that run's controls apart, naming it, and its own Play disabled until it ends", async ({ page, eventbench }) => {
  await playSlowly(page, eventbench.url);

  await page.getByRole('button', { name: /^ProveSource funnel/ }).click();
  await expect(page.getByRole('heading', { name: /^ProveSource funnel/ })).toBeVisible();
  const run = page.getByRole('region', { name: 'Scenario running' });
  await expect(run.getByRole('status')).toContainText(/^Playing: Messages Segment would drop \(segment-drop\.scenario\.yaml\), \d of 8 steps done\. One scenario plays at a time/);
  // The only Pause and Stop are the banner's, for the run it names; this file's own Play waits.
  await expect(page.getByRole('button', { name: 'Stop' })).toHaveCount(1);
  await expect(page.getByRole('button', { name: 'Step', exact: true })).toHaveCount(0);
  const play = page.getByRole('button', { name: '▶ Play' });
  await expect(play).toBeDisabled();
  await expect(play).toHaveAttribute('title', 'Cannot play: another scenario is playing (Messages Segment would drop): stop it, or wait for it to end');
  await page.screenshot({ path: `${screenshotDir}/scenarios-other-file-playing-1400.png` });
  await page.setViewportSize({ width: 1000, height: 700 });
  await page.screenshot({ path: `${screenshotDir}/scenarios-other-file-playing-1000.png` });

  await run.getByRole('button', { name: 'Stop' }).click();
  await expect(run).toHaveCount(0);
  await expect(play).toBeEnabled();
  // The run stopped was the other file's, and it says so there.
  await page.getByRole('button', { name: /^Messages Segment would drop/ }).click();
  await expect(page.getByTestId('scenario-status')).toHaveText(/^Stopped after \d of 8 steps/);
});
