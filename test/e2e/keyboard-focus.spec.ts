// Keyboard only, in Chromium: after an action the focus stays on something the user can go on
// from, never dropped to <body> (Chromium blurs a focused button the moment it is disabled or
// removed, and the next Tab then starts again from the top of the page).
import type { Page } from '@playwright/test';
import { expect, test } from './fixtures';

/** What has the focus, as a user would name it ('BODY' when nothing has). */
const focused = (page: Page) =>
  page.evaluate(() => {
    // eslint-disable-next-line @typescript-eslint/no-explicit-any -- the page's document (no DOM types here)
    const { activeElement: el, body } = (globalThis as any).document;
    if (!el || el === body) return 'BODY';
    return `${el.tagName.toLowerCase()} ${el.getAttribute('aria-label') ?? el.textContent?.trim() ?? ''}`;
  });

/**
 * Waits for the focus to be on `name` (as `focused` names it). Unlike toBeFocused, a failure says
 * where the focus is instead, and whether the page had lost the window's focus altogether.
 */
const expectFocusOn = (page: Page, name: string) =>
  expect
    .poll(async () => {
      const at = await focused(page);
      // eslint-disable-next-line @typescript-eslint/no-explicit-any -- the page's document (no DOM types here)
      const pageFocused = await page.evaluate(() => (globalThis as any).document.hasFocus() as boolean);
      return at === name || pageFocused ? at : `${at} (the page itself not focused)`;
    })
    .toBe(name);

test('composer: Send pressed with Enter keeps the focus on the Send button', async ({ page, eventbench }) => {
  await page.goto(eventbench.url);
  await page.getByRole('tab', { name: 'Composer' }).click();
  const send = page.getByRole('button', { name: 'Send', exact: true });
  await send.focus();
  await page.keyboard.press('Enter');
  await expect(page.getByRole('tab', { name: /Inspector/ })).toContainText('1');
  await expect(send).toBeEnabled();
  expect(await focused(page)).toBe('button Send');
  // And a second Enter sends again.
  await page.keyboard.press('Enter');
  await expect(page.getByRole('tab', { name: /Inspector/ })).toContainText('2');
});

test('composer: deleting a draft with the keyboard leaves the focus on the drafts list', async ({ page, eventbench }) => {
  await page.goto(eventbench.url);
  await page.getByRole('tab', { name: 'Composer' }).click();
  await page.getByLabel('Draft name').fill('kept for a moment');
  await page.getByLabel('Draft name').press('Enter');
  const drafts = page.getByLabel('Saved drafts');
  await expect(drafts).toHaveValue('kept for a moment');
  await page.getByRole('button', { name: 'Delete', exact: true }).focus();
  await page.keyboard.press('Enter');
  await expect(drafts).toHaveValue('');
  await expect(drafts).toBeFocused();
});

test('workspace: removing a source with the keyboard moves the focus to the next one, or to Add source', async ({ page, eventbench }) => {
  await page.goto(eventbench.url);
  await page.getByRole('tab', { name: 'Workspace' }).click();
  const add = page.getByRole('button', { name: 'Add source' });
  await add.click();
  await add.click();
  const names = page.getByLabel('Source name');
  await names.nth(0).fill('First');
  await names.nth(1).fill('Second');
  await page.getByRole('button', { name: 'Remove First' }).focus();
  await page.keyboard.press('Enter');
  await expect(names).toHaveCount(1);
  await expect(names.first()).toBeFocused();
  await page.getByRole('button', { name: 'Remove Second' }).focus();
  await page.keyboard.press('Enter');
  await expect(names).toHaveCount(0);
  await expectFocusOn(page, 'button Add source');
});

test('webhooks: adding one, or deleting one, with the keyboard leaves the focus on Add webhook', async ({ page, eventbench }) => {
  await page.goto(eventbench.url);
  await page.getByRole('tab', { name: 'Webhooks' }).click();
  const add = page.getByRole('button', { name: 'Add webhook' });
  await add.focus();
  await page.keyboard.press('Enter');
  await page.keyboard.type('kb-hook');
  await page.keyboard.press('Enter');
  await expect(page.getByRole('button', { name: 'Delete kb-hook' })).toBeVisible();
  await expect(add).toBeFocused();
  await page.getByRole('button', { name: 'Delete kb-hook' }).focus();
  await page.keyboard.press('Enter');
  await expect(page.getByRole('dialog')).toBeVisible();
  await page.getByRole('dialog').getByRole('button', { name: 'Delete' }).focus();
  await page.keyboard.press('Enter');
  await expect(page.getByRole('button', { name: 'Delete kb-hook' })).toHaveCount(0);
  await expect(page.getByRole('button', { name: 'Add webhook' })).toBeFocused();
});

test('inspector: Clear confirmed with the keyboard leaves the focus in the inspector', async ({ page, eventbench }) => {
  await eventbench.track({ userId: 'u1', event: 'To be cleared' });
  await page.goto(eventbench.url);
  const list = page.getByRole('listbox', { name: 'Captured messages' });
  await expect(list.getByRole('option')).toHaveCount(1);
  await page.getByRole('button', { name: 'Clear…' }).focus();
  await page.keyboard.press('Enter');
  await page.getByRole('dialog').getByRole('button', { name: /^Clear/ }).focus();
  await page.keyboard.press('Enter');
  await expect(page.getByRole('button', { name: 'Clear…' })).toBeDisabled();
  await expect(page.getByRole('button', { name: 'Import…' })).toBeFocused();
});

test('matching directory: Reset confirmed with the keyboard leaves the focus on Add user', async ({ page, eventbench }) => {
  const res = await fetch(`${eventbench.url}/api/users/import`, { method: 'POST', headers: { 'content-type': 'text/csv' }, body: 'id,username,email\nu1,ada,ada@example.com\n' });
  expect(res.status).toBe(200);
  await page.goto(eventbench.url);
  await page.getByRole('tab', { name: 'Matching' }).click();
  await page.getByRole('tab', { name: /^Directory/ }).click();
  const reset = page.getByRole('button', { name: 'Reset', exact: true });
  await reset.focus();
  await page.keyboard.press('Enter');
  await page.getByRole('dialog').getByRole('button', { name: 'Reset' }).focus();
  await page.keyboard.press('Enter');
  await expect(reset).toBeDisabled();
  await expect(page.getByRole('button', { name: 'Add user' })).toBeFocused();
});

test('scenarios: Stop pressed with the keyboard leaves the focus on Play', async ({ page, eventbench }) => {
  await page.goto(eventbench.url);
  await page.getByRole('tab', { name: 'Scenarios' }).click();
  await page.getByRole('button', { name: /^Messages Segment would drop/ }).click();
  await page.getByLabel('Speed').selectOption({ label: '1 step/s' });
  // Play is disabled until the engine has checked the picked file (scenarios.check): focus() on a
  // disabled button does nothing, and the Enter after it started no run (the wait for Stop timed out
  // when the check answered late, in a combined run).
  const play = page.getByRole('button', { name: '▶ Play' });
  await expect(play).toBeEnabled();
  await play.focus();
  await expect(play).toBeFocused();
  await page.keyboard.press('Enter');
  const stop = page.getByRole('button', { name: 'Stop' });
  await stop.focus();
  await page.keyboard.press('Enter');
  await expect(stop).toHaveCount(0);
  await expect(page.getByRole('button', { name: '▶ Play' })).toBeFocused();
});

// ↑/↓ moved the list's selection wherever the focus was, so a detail pane longer than the window
// could not be read with the keyboard: clicked into (or reached with Tab), its arrows scroll it.
test('inspector: with the focus in the detail pane, ↑/↓ scroll it and leave the selection; in the list they move it', async ({ page, eventbench }) => {
  await page.setViewportSize({ width: 1000, height: 700 });
  // Two messages with many findings each (no identity, no names): the detail is longer than the window.
  await eventbench.post('/v1/batch', { batch: [{ type: 'track', event: 'Report Viewed' }, { type: 'track', event: 'Report Exported' }] });
  await page.goto(eventbench.url);
  const rows = page.getByRole('listbox', { name: 'Captured messages' }).getByRole('option');
  await expect(rows).toHaveCount(2);
  await rows.first().click();
  await expect(rows.first()).toHaveAttribute('aria-selected', 'true');
  await page.keyboard.press('ArrowDown');
  await expect(rows.nth(1)).toHaveAttribute('aria-selected', 'true');

  const body = page.getByRole('complementary', { name: 'Message detail' }).locator('.detail-body');
  await expect.poll(() => body.evaluate((e: any) => e.scrollHeight - e.clientHeight)).toBeGreaterThan(40);
  await body.click({ position: { x: 60, y: 20 } });
  await expect(body).toBeFocused();
  for (let i = 0; i < 3; i++) await page.keyboard.press('ArrowDown');
  await expect.poll(() => body.evaluate((e: any) => e.scrollTop)).toBeGreaterThan(0);
  await expect(rows.nth(1)).toHaveAttribute('aria-selected', 'true');
  await expect(rows.first()).toHaveAttribute('aria-selected', 'false');
});
