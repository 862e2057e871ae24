// Keyboard only, in Chromium: after an action the focus stays on something the user can go on
// from, never dropped to <body> (Chromium blurs a focused button the moment it is disabled or
// removed, and the next Tab then starts again from the top of the page).
import type { Page } from '@playwright/test';
import { expect, test } from './fixtures';

/** What has the focus, as a user would name it ('BODY' when nothing has). */
const focused = (page: Page) =>
  page.evaluate(() => {
    const el = document.activeElement;
    if (!el || el === document.body) return 'BODY';
    return `${el.tagName.toLowerCase()} ${el.getAttribute('aria-label') ?? el.textContent?.trim() ?? ''}`;
  });

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
