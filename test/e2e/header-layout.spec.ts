// The header in narrow windows: every tab whole, the clock and the connection beside them, nothing
// overlapping. From 1181 to 1340 px with the simulated clock, the Webhooks tab was scrolled out of
// the header (its strip hides its scroll bar), and at 1000 px the connection was a lone green dot
// after the clock (read as a second clock dot with the live one), with room to spare.
import type { Page } from '@playwright/test';
import { expect, screenshotDir, test } from './fixtures';

interface Box {
  x: number;
  y: number;
  width: number;
  height: number;
}
const right = (b: Box) => b.x + b.width;

/**
 * The header's boxes, all read in one go in the page: read in separate awaits they could be of two
 * layouts (a tab's message count or the clock's text changing between them).
 */
function headerBoxes(page: Page) {
  return page.evaluate(() => {
    const d = (globalThis as any).document;
    const box = (e: any): Box => {
      const r = e.getBoundingClientRect();
      return { x: r.x, y: r.y, width: r.width, height: r.height };
    };
    const tabs = d.querySelector('[role=tablist][aria-label="Views"]');
    const last = [...tabs.querySelectorAll('[role=tab]')].find((t: any) => /Webhooks/.test(t.textContent));
    const clock = d.querySelector('[role=group][aria-label="Simulation clock"]');
    const word = d.querySelector('.app-header .conn-text');
    return {
      tabs: box(tabs),
      last: box(last),
      clock: box(clock),
      conn: box(d.querySelector('.app-header .conn')),
      word: word ? box(word) : undefined,
      scrolled: tabs.scrollWidth > tabs.clientWidth + 0.5,
    };
  });
}

/**
 * What is wrong with the header at `width` (nothing: []): the Webhooks tab whole in the strip, the
 * strip not scrolled, then the clock, then the connection (or its word, `byWord`), on screen.
 */
async function headerFaults(page: Page, width: number, byWord = false): Promise<string[]> {
  const b = await headerBoxes(page);
  const conn = byWord ? b.word! : b.conn;
  return [
    ...(b.scrolled ? ['the tabs are scrolled (Webhooks cut off)'] : []),
    ...(right(b.last) > right(b.tabs) + 0.5 ? [`Webhooks tab ends at ${right(b.last)}, past the strip's ${right(b.tabs)}`] : []),
    ...(right(b.tabs) > b.clock.x ? [`tabs end at ${right(b.tabs)}, past the clock's start ${b.clock.x}`] : []),
    ...(right(b.clock) > conn.x ? [`clock ends at ${right(b.clock)}, past the connection's start ${conn.x}`] : []),
    ...(right(conn) > width ? [`the connection ends at ${right(conn)}, off screen`] : []),
    ...(byWord && conn.width <= 40 ? [`"Connected" is ${conn.width} px wide`] : []),
  ];
}

test('the header at narrow widths: every tab whole, then the clock, then the connection, side by side', async ({ page, eventbench }) => {
  await page.setViewportSize({ width: 1000, height: 700 });
  await page.goto(eventbench.url);
  const word = page.locator('.app-header .conn-text');
  // Live clock: the connection says it in a word beside its dot.
  await expect(page.getByRole('group', { name: 'Simulation clock' })).toHaveText(/Clock: Live/);
  await expect(word).toHaveText('Connected');
  for (const width of [1000, 1100, 1180, 1250, 1400]) {
    await page.setViewportSize({ width, height: 700 });
    await expect(word, `${width} px, live clock`).toBeInViewport({ ratio: 1 });
    await expect.poll(() => headerFaults(page, width), { message: `${width} px, live clock` }).toEqual([]);
  }

  // The simulated clock is wider: the tabs still all show, whole.
  await page.getByRole('tab', { name: 'Sessions' }).click();
  await page.getByRole('button', { name: 'Pause', exact: true }).click();
  await expect(page.getByRole('group', { name: 'Simulation clock' })).toContainText('Back to live');
  for (const width of [1000, 1100, 1180, 1181, 1250, 1300, 1340, 1400]) {
    await page.setViewportSize({ width, height: 700 });
    await expect.poll(() => headerFaults(page, width), { message: `${width} px, simulated clock` }).toEqual([]);
  }
  await page.getByRole('button', { name: 'Live', exact: true }).click();
});

// With the clock 340 days behind, the pill ("340 days behind", "Back to live") squeezed the
// connection to a bare green dot at 1000 px. The word "Connected" now shows whole beside its dot at
// every width, with a thousand-message count on the Inspector tab, and every tab still whole.
test('the clock 340 days behind: "Connected" shows whole beside the clock at 1000 to 1400 px', async ({ page, eventbench }) => {
  await page.setViewportSize({ width: 1000, height: 700 });
  const batch = Array.from({ length: 500 }, (_, i) => ({ type: 'track', anonymousId: `a-${i}`, event: 'Seen' }));
  for (let i = 0; i < 3; i++) expect((await eventbench.post('/v1/batch', { batch })).status).toBe(200);
  const res = await fetch(`${eventbench.url}/api/clock`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ action: 'set', to: Date.now() - 340 * 86_400_000 }) });
  expect(res.status).toBe(200);
  await page.goto(eventbench.url);
  await expect(page.getByRole('tab', { name: /Inspector/ })).toContainText('1,500');
  const clock = page.getByRole('group', { name: 'Simulation clock' });
  await expect(clock).toContainText('340 days behind');
  await expect(clock.getByRole('button', { name: 'Back to live' })).toBeVisible();
  const word = page.locator('.app-header .conn-text');
  await expect(word).toHaveText('Connected');
  for (const width of [1000, 1100, 1180, 1181, 1250, 1340, 1400]) {
    await page.setViewportSize({ width, height: 700 });
    const at = `${width} px, clock 340 days behind`;
    await expect(word, at).toBeInViewport({ ratio: 1 });
    // Not cut inside its own box either (an ellipsis or a clip would leave the box on screen).
    const cut = await word.evaluate((e: any) => e.scrollWidth - e.clientWidth);
    expect(cut, `${at}: "Connected" cut by ${cut} px`).toBeLessThanOrEqual(0);
    await expect.poll(() => headerFaults(page, width, true), { message: at }).toEqual([]);
    if (width === 1000 || width === 1400) await page.screenshot({ path: `${screenshotDir}/header-clock-behind-${width}.png`, clip: { x: 0, y: 0, width, height: 120 } });
  }
});

// Disconnected, the connection said "Disconnected, reconnecting…": with the simulated clock, at
// 1400 px it pushed the Webhooks tab out of the header. It now says "Disconnected" (the tooltip and
// the banner under the header say it is reconnecting), and the header fits as when connected.
for (const clock of ['live', 'simulated'] as const) {
  test(`the header fits disconnected from the engine, ${clock} clock`, async ({ page, eventbench }) => {
    await page.setViewportSize({ width: 1400, height: 700 });
    await page.goto(eventbench.url);
    const group = page.getByRole('group', { name: 'Simulation clock' });
    if (clock === 'simulated') {
      await page.getByRole('tab', { name: 'Sessions' }).click();
      await page.getByRole('button', { name: 'Pause', exact: true }).click();
      await expect(group).toContainText('Back to live');
    } else {
      await expect(group).toHaveText(/Clock: Live/);
    }
    await eventbench.stop();
    const conn = page.locator('.app-header .conn');
    await expect(conn).toHaveClass(/conn-down/);
    await expect(conn).toHaveAttribute('title', /reconnecting/i);
    await expect(page.getByRole('alert').filter({ hasText: 'Lost the connection to the engine' })).toBeVisible();
    const word = page.locator('.app-header .conn-text');
    for (const width of [1000, 1100, 1180, 1181, 1250, 1300, 1340, 1400, 1500, 1600]) {
      await page.setViewportSize({ width, height: 700 });
      const at = `${width} px, ${clock} clock, disconnected`;
      await expect.poll(() => headerFaults(page, width), { message: at }).toEqual([]);
      // Where the connected header shows its word, the disconnected one shows its own, whole.
      if (clock === 'live' || width >= 1181) await expect(word, at).toBeInViewport({ ratio: 1 });
    }
  });
}
