// A support engineer's reproduction in Chromium: the customer's users imported and settings set in
// the Matching tab, their messages sent with the real analytics-node, the wrong-user decision
// found (Decisions, Duplicates), the messages selected in the inspector and saved as a scenario;
// the downloaded file then passes `eventbench run` on its own data dir, with the decisions expected.
import { spawnSync } from 'node:child_process';
import { mkdirSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { Analytics } from '@segment/analytics-node';
import { startEventbench } from 'eventbench/testing';
import { expect, test } from './fixtures';

const root = join(import.meta.dirname, '../..');
const shots = process.env.EVENTBENCH_SHOTS;
const shot = async (page: import('@playwright/test').Page, name: string) => {
  if (!shots) return;
  mkdirSync(shots, { recursive: true });
  for (const [w, h] of [[1400, 900], [1000, 700]]) {
    await page.setViewportSize({ width: w, height: h });
    await page.screenshot({ path: join(shots, `${name}-${w}.png`) });
  }
  await page.setViewportSize({ width: 1400, height: 900 });
};

const CUSTOMER_USERS = ['id,username,email,plan', 'u-ada,ada-l,ada@example.com,pro', 'u-bob,bob,bob@example.com,free', ''].join('\n');

test('support: reproduce a wrong-user match and save it as a scenario that runs headless', async ({ page, eventbench }) => {
  const pageErrors: string[] = [];
  page.on('pageerror', (e) => pageErrors.push(e.message));
  await page.setViewportSize({ width: 1400, height: 900 });
  await page.goto(eventbench.url);
  await page.getByRole('tab', { name: 'Matching' }).click();

  // The customer's directory.
  await page.getByRole('button', { name: 'Import users…' }).click();
  await page.getByLabel('Users to import').fill(CUSTOMER_USERS);
  await page.getByRole('button', { name: 'Next: map columns' }).click();
  await page.getByRole('button', { name: /^Import 2 rows$/ }).click();
  await expect(page.getByText('2 users imported')).toBeVisible();
  await page.getByRole('button', { name: 'Done' }).click();

  // The customer's settings: their server sends through the Tracking API, matched too.
  const side = page.getByRole('complementary', { name: 'Matching settings' });
  await side.getByLabel('webhook and Tracking API messages').check();
  await side.getByRole('button', { name: 'Apply' }).click();

  // The customer's messages, from analytics-node.
  const analytics = new Analytics({ writeKey: 'customer-key', host: eventbench.url, flushAt: 1, maxRetries: 0 });
  analytics.identify({ userId: 'bob', traits: { email: 'ada@example.com' } });
  await analytics.closeAndFlush({ timeout: 10_000 });
  const a2 = new Analytics({ writeKey: 'customer-key', host: eventbench.url, flushAt: 1, maxRetries: 0 });
  a2.track({ userId: 'bob', event: 'Invoice Paid' });
  await a2.closeAndFlush({ timeout: 10_000 });

  // The wrong user: bob's identify landed on Ada, flagged as a conflict.
  const rows = page.getByRole('listbox', { name: 'Matching decisions' }).getByRole('option');
  await expect(rows).toHaveCount(2);
  await page.getByRole('checkbox', { name: 'Conflicts only' }).check();
  await expect(rows).toHaveCount(1);
  await rows.first().click();
  const trace = page.getByRole('complementary', { name: 'Decision trace' });
  await expect(trace).toContainText('u-ada');
  // Where it came from, named as such (it was shown as the identify's "Event").
  await expect(trace.locator('dt')).toHaveText(['Message', 'Received', 'Came from', 'User', 'Lost the conflict']);
  await shot(page, 'support-1-trace');

  await page.getByRole('tab', { name: 'Duplicates' }).click();
  const group = page.getByRole('region', { name: 'Duplicate group 1' });
  await expect(group).toContainText("Split by a conflict: a message's email found one user and its userId another");
  await expect(group).toContainText('email ada@example.com, userId bob');
  await shot(page, 'support-2-duplicates');

  // To the inspector: both messages selected, saved as a scenario.
  await page.getByRole('tab', { name: /^Decisions/ }).click();
  await rows.first().click();
  await trace.getByRole('button', { name: 'Show in inspector' }).click();
  const list = page.getByRole('listbox', { name: 'Captured messages' }).getByRole('option');
  await expect(list).toHaveCount(2);
  await list.nth(0).click();
  await list.nth(1).click({ modifiers: ['Shift'] });
  const bar = page.getByRole('toolbar', { name: 'Selected messages' });
  await expect(bar).toContainText('2 selected');
  await shot(page, 'support-3-inspector');
  const downloading = page.waitForEvent('download');
  await bar.getByRole('button', { name: 'Save as scenario…' }).click();
  await page.getByRole('dialog').getByLabel('Scenario name').fill('Bob lands on Ada');
  await shot(page, 'support-3b-name');
  await page.getByRole('dialog').getByRole('button', { name: 'Save', exact: true }).click();
  const download = await downloading;
  const file = join(eventbench.dataDir, download.suggestedFilename());
  await download.saveAs(file);
  await expect(page.getByRole('tab', { name: 'Scenarios' })).toHaveAttribute('aria-selected', 'true');
  await expect(page.getByTestId('scenario-status')).toHaveText(/^\d+ steps$/);
  await shot(page, 'support-4-scenario');
  // Played in the app, on the engine that captured them. Before Play it says what the run changes:
  // it merged its users into the engineer's directory and replaced the settings without a word.
  await expect(page.getByTestId('before-play-note')).toContainText('matching starts from an empty directory plus 2 inline users, with its settings (emailComparison: ignore-case-and-space, noIdentity: unmatched, conflict: email-wins, scope: webhook-and-tracking)');
  await expect(page.getByTestId('before-play-note')).toContainText('Your own users directory and matching settings are set aside first');
  await shot(page, 'support-4b-before-play');
  await page.getByRole('button', { name: /Play/ }).click();
  await expect(page.getByTestId('scenario-status')).toHaveText(/^Passed: 7 steps/);
  await expect(page.locator('.scn-step').filter({ hasText: 'expect matching' }).first()).toContainText('matched-by-email, user u-ada (username ada-l, email ada@example.com), flagged as a conflict');
  const banner = page.getByTestId('set-aside-banner');
  await expect(banner.getByTestId('set-aside-line')).toHaveText('Set aside: your users directory and matching settings. Details');
  await banner.getByRole('button', { name: 'Details' }).click();
  await expect(banner.getByTestId('set-aside-details')).toContainText('Your own users directory (2 users) and matching settings (emailComparison: ignore-case-and-space, noIdentity: unmatched, conflict: email-wins, scope: webhook-and-tracking) are set aside since “Bob lands on Ada” played');
  await shot(page, 'support-5-played');
  // The engineer's own directory comes back as it was.
  await banner.getByRole('button', { name: 'Restore mine' }).click();
  await expect(banner).toHaveCount(0);
  expect(((await (await fetch(`${eventbench.url}/api/users`)).json()) as { id: string }[]).map((u: { id: string }) => u.id).sort()).toEqual(expect.arrayContaining(['u-ada', 'u-bob']));
  expect(await (await fetch(`${eventbench.url}/api/matching/settings`)).json()).toMatchObject({ scope: 'webhook-and-tracking' });

  const text = await readFile(file, 'utf8');
  expect(text).toContain('scope: webhook-and-tracking');
  expect(text).toContain('id: u-ada');
  const run = spawnSync(process.execPath, [join(root, 'src-main/cli/eventbench.js'), 'run', file], { encoding: 'utf8', env: { ...process.env, NO_COLOR: '1' } });
  expect(run.stdout).toContain('1 of 1 scenario passed');
  expect(run.status).toBe(0);
  expect(pageErrors).toEqual([]);
});

// The customer sends support their capture log and their users. The Directory's exports are the
// users as matching left them: imported on support's engine as the starting directory, with the
// same captures, the message that created carol matched the carol it had created, and Jane's
// email, changed by a later message, no longer drew the first message to her: the wrong-user
// match support was asked about did not happen there. Export starting users gives the users
// before any message, and the same decisions on a fresh engine.
test('support: Export starting users, imported with the capture log into a fresh engine, gives the customer\'s decisions', async ({ page, eventbench }) => {
  const users = [{ id: 'PF-1', username: 'jane', email: 'jane@acme.com', properties: {} }, { id: 'PF-2', username: 'john.doe', properties: { plan: 'pro' } }];
  expect((await fetch(`${eventbench.url}/api/users/import`, { method: 'POST', body: JSON.stringify(users) })).status).toBe(200);
  const messages = [
    // john.doe's identify carries Jane's email: email wins, the wrong-user match (a conflict).
    { type: 'identify', userId: 'john.doe', traits: { email: 'jane@acme.com' }, messageId: 'm1' },
    { type: 'identify', userId: 'carol', traits: { email: 'carol@acme.com' }, messageId: 'm2' },
    { type: 'identify', userId: 'jane', traits: { email: 'jane.new@acme.com' }, messageId: 'm3' },
  ];
  for (const m of messages) expect((await eventbench.post('/webhook/pf', m)).status).toBe(200);
  const decisionsOf = async (url: string) => {
    const list = (await (await fetch(`${url}/api/matching`)).json()) as { messageId: string; outcome: string; userId: string; conflict: boolean }[];
    return list.map((d) => `${d.messageId} ${d.outcome} ${d.userId}${d.conflict ? ' conflict' : ''}`);
  };
  const customer = await decisionsOf(eventbench.url);
  expect(customer).toEqual(['m1 matched-by-email PF-1 conflict', 'm2 created new-2', 'm3 matched-by-username PF-1']);

  await page.setViewportSize({ width: 1400, height: 900 });
  await page.goto(eventbench.url);
  await page.getByRole('tab', { name: 'Matching' }).click();
  await page.getByRole('tab', { name: /^Directory/ }).click();
  await expect(page.getByRole('button', { name: 'Export starting users' })).toBeEnabled();
  await shot(page, 'support-export-starting');
  const downloading = page.waitForEvent('download');
  await page.getByRole('button', { name: 'Export starting users' }).click();
  const download = await downloading;
  expect(download.suggestedFilename()).toBe('eventbench-starting-users.json');
  const startingText = await readFile((await download.path())!, 'utf8');
  // Jane with the email she had before m3, and no carol: m2 creates her again on the fresh engine.
  expect((JSON.parse(startingText) as { id: string; email?: string }[]).map((u) => `${u.id} ${u.email ?? '-'}`)).toEqual(['PF-1 jane@acme.com', 'PF-2 -']);

  const fresh = await startEventbench();
  try {
    expect((await fetch(`${fresh.url}/api/users/import`, { method: 'POST', body: startingText })).status).toBe(200);
    const log = await (await fetch(`${eventbench.url}/api/export`)).text();
    expect((await fetch(`${fresh.url}/api/import`, { method: 'POST', body: log })).status).toBe(200);
    expect(await decisionsOf(fresh.url)).toEqual(customer);
  } finally {
    await fresh.close();
  }
});

test('support: Export starting users is disabled, saying why, while the starting directory is empty', async ({ page, eventbench }) => {
  await page.goto(eventbench.url);
  await page.getByRole('tab', { name: 'Matching' }).click();
  const button = page.getByRole('button', { name: 'Export starting users' });
  await expect(button).toBeDisabled();
  await expect(button).toHaveAttribute('title', 'The starting directory is empty: nothing to export');
});
