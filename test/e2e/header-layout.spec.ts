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

async function headerBoxes(page: Page) {
  const tabs = page.getByRole('tablist', { name: 'Views' });
  return {
    tabs: (await tabs.boundingBox())!,
    last: (await tabs.getByRole('tab', { name: 'Webhooks' }).boundingBox())!,
    clock: (await page.getByRole('group', { name: 'Simulation clock' }).boundingBox())!,
    conn: (await page.locator('.app-header .conn').boundingBox())!,
    scrolled: await tabs.evaluate((e: any) => e.scrollWidth > e.clientWidth + 0.5),
  };
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
    const b = await headerBoxes(page);
    expect(b.scrolled, `${width} px, live clock: the tabs are scrolled`).toBe(false);
    expect(right(b.last)).toBeLessThanOrEqual(right(b.tabs) + 0.5);
    expect(right(b.tabs)).toBeLessThanOrEqual(b.clock.x);
    expect(right(b.clock)).toBeLessThanOrEqual(b.conn.x);
    expect(right(b.conn)).toBeLessThanOrEqual(width);
  }

  // The simulated clock is wider: the tabs still all show, whole.
  await page.getByRole('tab', { name: 'Sessions' }).click();
  await page.getByRole('button', { name: 'Pause', exact: true }).click();
  await expect(page.getByRole('group', { name: 'Simulation clock' })).toContainText('Back to live');
  for (const width of [1000, 1100, 1180, 1181, 1250, 1300, 1340, 1400]) {
    await page.setViewportSize({ width, height: 700 });
    const b = await headerBoxes(page);
    expect(b.scrolled, `${width} px, simulated clock: the tabs are scrolled (Webhooks cut off)`).toBe(false);
    expect(right(b.last), `${width} px: Webhooks tab inside the strip`).toBeLessThanOrEqual(right(b.tabs) + 0.5);
    expect(right(b.tabs), `${width} px: tabs before the clock`).toBeLessThanOrEqual(b.clock.x);
    expect(right(b.clock), `${width} px: clock before the connection`).toBeLessThanOrEqual(b.conn.x);
    expect(right(b.conn), `${width} px: the connection on screen`).toBeLessThanOrEqual(width);
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
    const b = await headerBoxes(page);
    const text = (await word.boundingBox())!;
    expect(text.width, `${at}: "Connected" has its width`).toBeGreaterThan(40);
    expect(b.scrolled, `${at}: the tabs are scrolled (Webhooks cut off)`).toBe(false);
    expect(right(b.tabs), `${at}: tabs before the clock`).toBeLessThanOrEqual(b.clock.x);
    expect(right(b.clock), `${at}: clock before the connection`).toBeLessThanOrEqual(text.x);
    expect(right(text), `${at}: the word on screen`).toBeLessThanOrEqual(width);
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
      const b = await headerBoxes(page);
      const at = `${width} px, ${clock} clock, disconnected`;
      expect(b.scrolled, `${at}: the tabs are scrolled (Webhooks cut off)`).toBe(false);
      expect(right(b.last), `${at}: Webhooks tab inside the strip`).toBeLessThanOrEqual(right(b.tabs) + 0.5);
      expect(right(b.tabs), `${at}: tabs before the clock`).toBeLessThanOrEqual(b.clock.x);
      expect(right(b.clock), `${at}: clock before the connection`).toBeLessThanOrEqual(b.conn.x);
      expect(right(b.conn), `${at}: the connection on screen`).toBeLessThanOrEqual(width);
      // Where the connected header shows its word, the disconnected one shows its own, whole.
      if (clock === 'live' || width >= 1181) await expect(word, at).toBeInViewport({ ratio: 1 });
    }
  });
}
