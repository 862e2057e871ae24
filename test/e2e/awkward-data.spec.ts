// Awkward real data on screen: what real integrations send (ids and names of 200+ characters
// without a space, right-to-left text), in a 1000x700 window. A long unbroken value wraps or is
// cut inside its own box; it never widens the page or pushes a column or a button off screen.
import { boxesOf, expect, screenshotDir, test } from './fixtures';
import type { Page } from '@playwright/test';

const LONG_USER = 'usr_' + 'a1b2c3d4e5'.repeat(22);
const LONG_MODULE = 'ModuleWithoutSpaces'.repeat(15);
const LONG_FEATURE = 'LongFeatureName'.repeat(20);

/** The page does not scroll sideways, and every button is inside the window. */
async function expectNoSidewaysOverflow(page: Page) {
  // Runs in the page (this tsconfig has no DOM types, hence the anys).
  const { scrollWidth, clientWidth, offRight } = await page.evaluate(() => {
    const doc = (globalThis as any).document;
    const width: number = (globalThis as any).innerWidth;
    return {
      scrollWidth: doc.documentElement.scrollWidth as number,
      clientWidth: doc.documentElement.clientWidth as number,
      offRight: [...doc.querySelectorAll('button')]
        .filter((b: any) => b.offsetParent !== null && b.getBoundingClientRect().right > width + 1)
        .map((b: any) => b.textContent as string),
    };
  });
  expect(scrollWidth).toBeLessThanOrEqual(clientWidth);
  expect(offRight).toEqual([]);
}

test.use({ viewport: { width: 1000, height: 700 } });

test('sessions: a 200-character user, module and feature stay inside the legend, the totals and the detail', async ({ page, eventbench }) => {
  await page.goto(eventbench.url);
  await eventbench.track({ anonymousId: 'visitor-long', userId: LONG_USER, event: LONG_FEATURE, properties: { module: LONG_MODULE } });
  await eventbench.track({ anonymousId: 'visitor-long', userId: LONG_USER, event: 'Second', properties: { module: 'Billing' } });
  await page.getByRole('tab', { name: 'Sessions' }).click();
  await page.locator('[data-session="visitor-long#1"]').getByRole('button').click();
  const detail = page.getByRole('complementary', { name: 'Session detail' });
  await expect(detail).toContainText(LONG_USER);
  await expectNoSidewaysOverflow(page);
  // The module's whole name is in the legend's title; the legend item is cut to its width.
  const legend = page.locator('.legend-item', { hasText: 'ModuleWithoutSpaces' });
  await expect(legend.locator('[title]')).toHaveAttribute('title', LONG_MODULE);
  expect((await legend.boundingBox())!.width).toBeLessThan(300);

  for (const tab of ['Per user', 'Per module']) {
    await page.getByRole('tab', { name: tab }).click();
    await expect(page.getByRole('button', { name: /^Time/ })).toBeInViewport();
    await expectNoSidewaysOverflow(page);
  }
  await page.screenshot({ path: `${screenshotDir}/sessions-long-values.png` });
});

test('inspector: right-to-left names and ids are shown in their own direction, the row cut at their end', async ({ page, eventbench }) => {
  await page.goto(eventbench.url);
  const arabic = 'مرحبا بالعالم 123 (تجربة) مرحبا بالعالم مرحبا بالعالم';
  await eventbench.track({ anonymousId: 'زائر', userId: 'مستخدم', event: arabic, properties: { module: 'שלום עולם! 42' } });
  const row = page.getByRole('option').filter({ hasText: 'مستخدم' });
  // dir=auto: the name starts at the right and its ellipsis cuts its end, not its beginning.
  await expect(row.locator('.c-name')).toHaveAttribute('dir', 'auto');
  await expect(row.locator('.c-id')).toHaveAttribute('dir', 'auto');
  await row.click();
  const detail = page.getByRole('complementary', { name: 'Message detail' });
  await expect(detail.getByRole('heading', { name: arabic })).toHaveAttribute('dir', 'auto');
  // "userId مستخدم · anonymousId زائر": each value isolated, so the dots and labels stay put.
  await expect(detail.locator('.summary-grid bdi', { hasText: 'مستخدم' })).toHaveCount(1);
  await expect(detail.locator('.summary-grid bdi', { hasText: 'زائر' })).toHaveCount(1);
  await expect(detail.locator('bdi.j-str', { hasText: 'שלום עולם! 42' }).first()).toBeAttached();
  await expectNoSidewaysOverflow(page);
  await page.screenshot({ path: `${screenshotDir}/inspector-rtl.png` });
});

test('inspector toolbar: with a filter on, "Clear filters" does not run into Pause at 1000 px', async ({ page, eventbench }) => {
  await page.goto(eventbench.url);
  await eventbench.track({ userId: 'u1', event: 'Anything' });
  await page.getByLabel('Search payloads').fill('Anything');
  await page.getByLabel('Filter by type').selectOption('track');
  // Both read in one go, polled: "Clear filters" comes with the filters' state, and the toolbar
  // lays out again as the message arrives.
  await expect
    .poll(async () => {
      const [clear, pause] = await boxesOf(page.getByRole('button', { name: 'Clear filters' }), page.getByRole('button', { name: /Pause/ }));
      return clear.x + clear.width - pause.x;
    }, { message: 'px of "Clear filters" over Pause' })
    .toBeLessThanOrEqual(0);
  await expectNoSidewaysOverflow(page);
});

test('scenarios: a step named by a 200-character event keeps its line number and clock on screen', async ({ page, eventbench }) => {
  await page.goto(eventbench.url);
  const event = 'checkout_step_' + 'verylongsegment'.repeat(15);
  await eventbench.track({ userId: 'u1', event });
  await page.getByRole('option').filter({ hasText: 'checkout_step_' }).click();
  await page.getByRole('button', { name: 'Save as scenario…' }).click();
  await page.getByRole('dialog').getByRole('button', { name: 'Save', exact: true }).click();
  await page.getByRole('button', { name: /Play/ }).click();
  const step = page.locator('.scn-step').filter({ hasText: event });
  await expect(step).toHaveAttribute('data-status', 'passed');
  await expect(step.locator('.scn-line')).toBeInViewport({ ratio: 1 });
  await expectNoSidewaysOverflow(page);
  await page.screenshot({ path: `${screenshotDir}/scenario-long-step.png` });
});

test('inspector: a 2,000-character property key wraps inside the payload, its value in sight', async ({ page, eventbench }) => {
  await page.goto(eventbench.url);
  const longKey = 'key_' + 'y'.repeat(2000);
  await eventbench.track({ userId: 'long-key-user', event: 'Long key', properties: { [longKey]: 'value-after-the-key' } });
  await page.getByRole('option').filter({ hasText: 'long-key-user' }).click();
  const payload = page.getByRole('complementary', { name: 'Message detail' }).getByRole('group', { name: 'Payload JSON' });
  const value = payload.getByText('"value-after-the-key"');
  await value.scrollIntoViewIfNeeded();
  // The key ran on in one line, 14,000 px past the pane's edge, and its value with it.
  const { scrollWidth, clientWidth } = await payload.evaluate((e: any) => ({ scrollWidth: e.scrollWidth as number, clientWidth: e.clientWidth as number }));
  expect(scrollWidth).toBeLessThanOrEqual(clientWidth);
  await expect(value).toBeInViewport();
  await expectNoSidewaysOverflow(page);
  await page.screenshot({ path: `${screenshotDir}/inspector-long-key.png` });
});

test('inspector: a message whose type is "__proto__" or "toString" opens its detail; the page does not go blank', async ({ page, eventbench }) => {
  await page.goto(eventbench.url);
  // The unnamed-heading lookup read UNNAMED["__proto__"], Object.prototype, and React threw on it:
  // the whole page went blank. "toString" gave a function, so the heading was empty.
  for (const [type, userId] of [['__proto__', 'proto-user'], ['toString', 'tostring-user']]) {
    const res = await eventbench.post('/v1/batch', { batch: [{ type, userId }] });
    expect(res.status).toBe(200);
    await page.getByRole('option').filter({ hasText: userId }).click();
    const detail = page.getByRole('complementary', { name: 'Message detail' });
    await expect(detail.getByRole('heading', { name: '(unnamed)' })).toBeVisible();
    await expect(detail.getByText(userId).first()).toBeVisible();
  }
  await page.screenshot({ path: `${screenshotDir}/inspector-type-proto.png` });
});

test('matching and inspector: a zero-width space or a right-to-left override in an id or an email is shown as its code', async ({ page, eventbench }) => {
  await page.goto(eventbench.url);
  // Pasted from a chat: `bob` + U+200B read as the user `bob`, and U+202E showed the email as
  // `moc.elpmaxe@ada`, in the inspector, the decisions, the directory and the fields changed alike.
  const res = await eventbench.post('/webhook/pf', { type: 'identify', userId: 'bob\u200b', traits: { email: '\u202eada@example.com' } });
  expect(res.status).toBe(200);
  const row = page.getByRole('option').filter({ hasText: 'bob' });
  await expect(row.locator('.c-id .invisible-char')).toHaveAttribute('data-code', 'U+200B');
  await expect(row.locator('.c-name .invisible-char')).toHaveAttribute('data-code', 'U+202E');
  // The text is still the value, character for character (the code is CSS): a copy is what was sent.
  await expect(row.locator('.c-id')).toHaveText('bob\u200b');

  await page.getByRole('tab', { name: 'Matching' }).click();
  const decision = page.getByRole('listbox', { name: 'Matching decisions' }).getByRole('option').first();
  await expect(decision.locator('.d-who .invisible-char')).toHaveCount(2);
  await decision.click();
  const steps = page.getByRole('list', { name: 'Trace steps' }).getByRole('listitem');
  await expect(steps.first()).toContainText('[U+202E]ada@example.com');
  await expect(steps.first()).toContainText('It holds an invisible character, U+202E (a right-to-left override), at its start');
  // The override is isolated in its mark: the email after it reads left to right, mark first.
  const email = page.getByRole('complementary', { name: 'Decision trace' }).getByRole('cell').filter({ hasText: 'ada@example.com' });
  const mark = email.locator('.invisible-char');
  await expect(mark).toHaveAttribute('data-code', 'U+202E');
  expect((await mark.boundingBox())!.x - (await email.boundingBox())!.x).toBeLessThan(20);
  await page.screenshot({ path: `${screenshotDir}/matching-invisible-chars.png` });

  await page.getByRole('tab', { name: /Directory/ }).click();
  const user = page.getByRole('table', { name: 'User directory' }).getByRole('row').filter({ hasText: 'ada@example.com' });
  await expect(user.locator('.invisible-char')).toHaveCount(2);
  await expectNoSidewaysOverflow(page);
  await page.screenshot({ path: `${screenshotDir}/directory-invisible-chars.png` });
});

test('sessions: an invisible character in an anonymousId, a userId or a module is shown as its code in the lanes, legend, totals and detail', async ({ page, eventbench }) => {
  await page.goto(eventbench.url);
  // Two lanes both read "visitor-1" (one had a zero-width space), and a module with a right-to-left
  // override read "Billgni".
  await eventbench.track({ anonymousId: 'visitor-1', userId: 'ada', event: 'Opened', properties: { module: 'Billing' } });
  await eventbench.track({ anonymousId: 'visitor-1\u200b', userId: 'ada', event: 'Opened', properties: { module: 'Bill\u202eing' } });
  await page.getByRole('tab', { name: 'Sessions' }).click();
  const lane = page.locator('.lane').filter({ has: page.locator('[data-session="visitor-1\u200b#1"]') });
  await expect(lane.locator('.lane-anon .invisible-char')).toHaveAttribute('data-code', 'U+200B');
  await expect(page.locator('.lane').filter({ has: page.locator('[data-session="visitor-1#1"]') }).locator('.invisible-char')).toHaveCount(0);
  await expect(page.getByLabel('Modules').locator('.invisible-char')).toHaveAttribute('data-code', 'U+202E');
  await page.getByRole('tab', { name: 'Per module' }).click();
  await expect(page.getByRole('cell').locator('.invisible-char')).toHaveAttribute('data-code', 'U+202E');
  await page.locator('[data-session="visitor-1\u200b#1"]').getByRole('button').click();
  const detail = page.getByRole('complementary', { name: 'Session detail' });
  await expect(detail.getByTestId('session-id').locator('.invisible-char')).toHaveAttribute('data-code', 'U+200B');
  await expect(detail.locator('.sd-module .invisible-char')).toHaveAttribute('data-code', 'U+202E');
  await expectNoSidewaysOverflow(page);
  await page.screenshot({ path: `${screenshotDir}/sessions-invisible-chars.png` });
});
