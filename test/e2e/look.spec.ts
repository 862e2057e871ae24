// What a new user saw looking at each tab with realistic data: layout defects measured in the page.
import { expect, test } from './fixtures';

// The Sessions banner for a window that shows none of the sessions read as scattered words: the
// banner spreads its children apart (space-between), and the sentence was several of them, so at
// 1400 px "…run from", the first date, "to", the second date and a lone "." sat far apart.
test('Sessions: the "No session in this window" sentence reads as one sentence, the Fit all button beside it', async ({ page, eventbench }) => {
  await eventbench.track({ anonymousId: 'anon-1', userId: 'ada', event: 'Invoice Opened', properties: { module: 'Billing' } });
  const later = new Date(Date.now() + 3 * 3600_000).toISOString();
  const res = await fetch(`${eventbench.url}/api/clock`, { method: 'POST', body: JSON.stringify({ action: 'set', to: later }) });
  expect(res.status).toBe(200);
  for (const [width, height] of [[1400, 900], [1000, 700], [1920, 1080]]) {
    await page.setViewportSize({ width, height });
    await page.goto(eventbench.url);
    await page.getByRole('tab', { name: 'Sessions' }).click();
    const banner = page.getByRole('status', { name: 'No session in this window' });
    await expect(banner).toBeVisible();
    const dates = banner.locator('.no-wrap');
    await expect(dates).toHaveCount(2);
    const from = (await dates.nth(0).boundingBox())!;
    const to = (await dates.nth(1).boundingBox())!;
    // " to " between the two dates is a few characters wide, not a column of the banner.
    if (Math.abs(from.y - to.y) < 2) expect(to.x - (from.x + from.width), `${width} px: gap between the dates`).toBeLessThan(40);
    // The full stop follows the second date.
    const stop = await banner.evaluate((e: any) => {
      const range = e.ownerDocument.createRange();
      const dateEl = e.querySelectorAll('.no-wrap')[1];
      const text = dateEl.nextSibling;
      range.setStart(text, 0);
      range.setEnd(text, 1);
      const r = range.getBoundingClientRect();
      return { x: r.x, text: text.textContent };
    });
    expect(stop.text.startsWith('.')).toBe(true);
    expect(stop.x - (to.x + to.width), `${width} px: gap before the full stop`).toBeLessThan(4);
  }
});
