// Pointer targets measured in Chromium against WCAG 2.2's 2.5.8 (Target Size, Minimum): each target
// is at least 24 x 24 CSS px, or a 24 px circle centred on it meets no other target and no other small
// target's circle. Targets may not overlap either (a click there would reach one of them only).
import type { Page } from '@playwright/test';
import { boxesOf, expect, screenshotDir, test } from './fixtures';

/** The targets matched by `selector` (visible, on screen) that fail 2.5.8 among themselves: "why (label, w x h)". */
const failingTargets = (page: Page, selector: string) =>
  page.evaluate((sel) => {
    // eslint-disable-next-line @typescript-eslint/no-explicit-any -- the page's DOM (no DOM types here)
    const w = globalThis as any;
    type Box = { x: number; y: number; w: number; h: number; name: string };
    const boxes: Box[] = [];
    for (const el of w.document.querySelectorAll(sel)) {
      if (!el.checkVisibility({ visibilityProperty: true })) continue;
      const r = el.getBoundingClientRect();
      if (r.width === 0 || r.bottom < 0 || r.top > w.innerHeight) continue;
      const name = (el.getAttribute('aria-label') ?? el.textContent ?? '').trim().slice(0, 30);
      boxes.push({ x: r.left, y: r.top, w: r.width, h: r.height, name: `${name}, ${r.width.toFixed(1)} x ${r.height.toFixed(1)}` });
    }
    const E = 0.5; // sub-pixel rounding
    const small = (b: Box) => b.w < 24 - E || b.h < 24 - E;
    const centre = (b: Box) => [b.x + b.w / 2, b.y + b.h / 2];
    const distToBox = ([cx, cy]: number[], b: Box) => Math.hypot(Math.max(b.x - cx, 0, cx - (b.x + b.w)), Math.max(b.y - cy, 0, cy - (b.y + b.h)));
    const failures: string[] = [];
    boxes.forEach((a, i) => {
      boxes.forEach((b, j) => {
        if (i === j) return;
        const overlapX = Math.min(a.x + a.w, b.x + b.w) - Math.max(a.x, b.x);
        const overlapY = Math.min(a.y + a.h, b.y + b.h) - Math.max(a.y, b.y);
        if (j > i && overlapX > E && overlapY > E) failures.push(`overlap (${a.name}) and (${b.name})`);
        if (!small(a)) return;
        const c = centre(a);
        if (distToBox(c, b) < 12 - E) failures.push(`small, its 24 px circle meets the target (${a.name}) -> (${b.name})`);
        else if (small(b) && j > i && Math.hypot(c[0] - centre(b)[0], c[1] - centre(b)[1]) < 24 - E) failures.push(`small, circles meet (${a.name}) and (${b.name})`);
      });
    });
    return { count: boxes.length, failures };
  }, selector);

test('Inspector: the JSON fold toggles and folded values are 24 x 24 targets with nested objects open on adjacent lines, at 1400 and 1000 px', async ({ page, eventbench }) => {
  const many = Object.fromEntries(Array.from({ length: 60 }, (_, i) => [`k${i}`, i]));
  await eventbench.track({
    userId: 'ada',
    event: 'Report Exported',
    // Objects opened on adjacent lines (properties → report → filters), an array of objects, and two
    // large objects folded on adjacent lines (more than 50 keys start folded).
    properties: { report: { filters: { range: { from: '2026-12-01', to: '2026-12-07' } }, columns: [{ id: 'a' }, { id: 'b' }] }, big: many, bigger: many },
    context: { library: { name: 'analytics-node', version: '3.1.0' }, page: { path: '/reports' } },
  });
  await page.goto(eventbench.url);
  await page.getByRole('listbox', { name: 'Captured messages' }).getByRole('option').first().click();
  const detail = page.getByRole('complementary', { name: 'Message detail' });
  await expect(detail.getByRole('button', { name: /60 keys/ }).first()).toBeVisible();
  for (const [width, height] of [[1400, 900], [1000, 700]]) {
    await page.setViewportSize({ width, height });
    await detail.getByRole('button', { name: /60 keys/ }).first().scrollIntoViewIfNeeded();
    const { count, failures } = await failingTargets(page, 'aside.detail .json-view button');
    expect(count, `${width} px: toggles measured`).toBeGreaterThan(8);
    expect(failures, `${width} px`).toEqual([]);
    await page.screenshot({ path: `${screenshotDir}/json-targets-${width}.png` });
  }
});

test('Inspector: the split handle is a 24 px wide target that covers neither a row nor the detail\'s controls, and still moves with ← →, at 1400 and 1000 px', async ({ page, eventbench }) => {
  await eventbench.post('/v1/batch', { batch: Array.from({ length: 30 }, (_, i) => ({ type: 'track', userId: `u-${i}`, event: `Row ${i + 1}`, properties: { nested: { a: { b: i } } } })) });
  await page.goto(eventbench.url);
  await page.getByRole('listbox', { name: 'Captured messages' }).getByRole('option').first().click();
  const detail = page.getByRole('complementary', { name: 'Message detail' });
  await expect(detail).toContainText('Row');
  const handle = page.getByRole('separator', { name: 'Resize the detail pane' });
  for (const [width, height] of [[1400, 900], [1000, 700]]) {
    await page.setViewportSize({ width, height });
    const { count, failures } = await failingTargets(page, '[role=separator], [role=option], aside.detail button, aside.detail a');
    expect(count, `${width} px: targets measured`).toBeGreaterThan(10);
    expect(failures, `${width} px`).toEqual([]);
    // The line drawn stays 6 px; the rest of the target is invisible.
    const bar = (await handle.boundingBox())!;
    await page.screenshot({ path: `${screenshotDir}/split-handle-${width}.png`, clip: { x: bar.x - 60, y: 0, width: 160, height: 300 } });
  }
  const before = (await detail.boundingBox())!.width;
  await handle.focus();
  await page.keyboard.press('ArrowLeft');
  await expect.poll(async () => (await detail.boundingBox())!.width).toBeGreaterThan(before + 20);
  // A press 20 px right of the drawn line still grabs the handle.
  const keyed = (await detail.boundingBox())!.width;
  const box = (await handle.boundingBox())!;
  await page.mouse.move(box.x + 20, box.y + 200);
  await page.mouse.down();
  await page.mouse.move(box.x - 80, box.y + 200);
  await page.mouse.up();
  await expect.poll(async () => (await detail.boundingBox())!.width).toBeGreaterThan(keyed + 60);
});

test('Sessions: session bars (18 px high, a 0 s one 6 px wide) pass 2.5.8 by spacing: no other target within a 24 px circle of any; Enter on a focused bar still opens it, at 1400 and 1000 px', async ({ page, eventbench }) => {
  const ago = (min: number) => new Date(Date.now() - min * 60_000).toISOString();
  // Lanes one above the other, a 0 s session (one message), a long one, and two in one lane.
  await eventbench.post('/v1/batch', {
    batch: [
      { type: 'track', anonymousId: 'one-message', userId: 'ada', event: 'Invoice Opened', properties: { module: 'Billing' }, originalTimestamp: ago(40) },
      { type: 'track', anonymousId: 'long-one', userId: 'bob', event: 'Report Viewed', properties: { module: 'Reports' }, originalTimestamp: ago(50) },
      { type: 'track', anonymousId: 'long-one', userId: 'bob', event: 'Report Viewed', properties: { module: 'Billing' }, originalTimestamp: ago(38) },
      { type: 'track', anonymousId: 'two-in-a-lane', event: 'A', properties: { module: 'Billing' }, originalTimestamp: ago(44) },
      { type: 'track', anonymousId: 'two-in-a-lane', event: 'B', properties: { module: 'Reports' }, originalTimestamp: ago(5) },
      { type: 'track', anonymousId: 'right-now', event: 'C', properties: { module: 'Reports' }, originalTimestamp: ago(1) },
    ],
  });
  await page.goto(eventbench.url);
  await page.getByRole('tab', { name: 'Sessions' }).click();
  await expect(page.locator('[data-session="two-in-a-lane#2"] button')).toBeVisible();
  for (const [width, height] of [[1400, 900], [1000, 700]]) {
    await page.setViewportSize({ width, height });
    const { count, failures } = await failingTargets(page, '.timeline-scroll button');
    expect(count, `${width} px: bars measured`).toBeGreaterThanOrEqual(5);
    expect(failures, `${width} px`).toEqual([]);
    // The drawn bar of the 0 s session is still the 6 px minimum, 18 px high.
    const drawn = (await page.locator('[data-session="one-message#1"] .session-bar').boundingBox())!;
    expect([Math.round(drawn.width), Math.round(drawn.height)], `${width} px: drawn bar`).toEqual([6, 18]);
    await page.screenshot({ path: `${screenshotDir}/session-targets-${width}.png` });
  }
  // From the keyboard: focus a bar and press Enter, its detail opens.
  await page.getByRole('button', { name: /^Session one-message#1:/ }).focus();
  await page.keyboard.press('Enter');
  await expect(page.getByRole('complementary', { name: 'Session detail' })).toContainText('one-message');
});

// A lane whose sessions overlap (a message that arrived after its session timed out opens one that
// begins inside it) drew two rows of 15 px bars 18 px apart in the 40 px lane: each bar's 24 px circle
// met the other's bar. The lane is taller now, a row of full 18 px bars per overlap, 6 px apart; the
// list of lanes sizes each lane by its rows, and still scrolls from one end to the other.
test('Sessions: a lane with a second row of bars is taller, its 18 px bars pass 2.5.8, and 300 lanes of one and two rows scroll end to end, at 1400 and 1000 px', async ({ page, eventbench }) => {
  const t0 = Date.parse('2026-05-01T10:00:00Z');
  const at = (min: number) => new Date(t0 + min * 60_000).toISOString();
  const setClock = (min: number) => fetch(`${eventbench.url}/api/clock`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ action: 'set', to: t0 + min * 60_000 }) });
  const users = Array.from({ length: 300 }, (_, i) => `user-${String(i).padStart(3, '0')}`);
  const twoRows = (i: number) => i % 3 === 0;
  const msg = (anonymousId: string, min: number, module: string) => ({ type: 'track', anonymousId, event: 'Seen', properties: { module }, originalTimestamp: at(min) });
  // Every user seen at 0 and 10 (timing out at 40); at 41, a message dated 5 for every third user
  // (a phone's queue flushed late) opens a session inside the first: a second row.
  await setClock(0);
  await eventbench.post('/v1/batch', { batch: users.map((u) => msg(u, 0, 'Billing')) });
  await setClock(10);
  await eventbench.post('/v1/batch', { batch: users.map((u) => msg(u, 10, 'Billing')) });
  await setClock(41);
  await eventbench.post('/v1/batch', { batch: users.filter((_, i) => twoRows(i)).map((u) => msg(u, 5, 'Reports')) });
  await setClock(42);
  await eventbench.post('/v1/batch', { batch: users.filter((_, i) => twoRows(i)).map((u) => msg(u, 8, 'Reports')) });
  await page.goto(eventbench.url);
  await page.getByRole('tab', { name: 'Sessions' }).click();
  await expect(page.getByTestId('sessions-count')).toContainText('400 sessions');
  const scroller = page.locator('.timeline-scroll');
  const laneOf = (user: string) => page.getByRole('listitem').filter({ has: page.locator(`[data-session="${user}#1"]`) });
  // The lanes drawn, in order: each begins where the one above it ends (none drawn over another).
  const drawnLanes = () =>
    scroller.evaluate((e: any) =>
      [...e.querySelectorAll('.lane')]
        .map((l: any) => ({ top: parseFloat(l.style.top), height: l.getBoundingClientRect().height, rows: new Set([...l.querySelectorAll('[data-row]')].map((s: any) => s.dataset.row)).size, name: l.querySelector('.lane-anon').textContent }))
        .sort((a: any, b: any) => a.top - b.top),
    );
  const stacked = (lanes: { top: number; height: number; name: string }[], where: string) => {
    for (let i = 1; i < lanes.length; i++) expect(lanes[i].top, `${where}: ${lanes[i].name} begins where ${lanes[i - 1].name} ends`).toBeCloseTo(lanes[i - 1].top + lanes[i - 1].height, 0);
  };
  for (const [width, height] of [[1400, 900], [1000, 700]]) {
    await page.setViewportSize({ width, height });
    await scroller.evaluate((e: any) => (e.scrollTop = 0));
    await expect(laneOf('user-000')).toBeVisible();
    const second = page.locator('[data-session="user-000#2"]');
    await expect(second).toHaveAttribute('data-row', '1');
    // The bars and lanes read in one go, polled: the lanes lay out a task after a resize.
    // A lane of two rows is taller than a lane of one by a row.
    await expect
      .poll(async () => {
        const [a, b, two, one] = await boxesOf(page.locator('[data-session="user-000#1"] .session-bar'), second.locator('.session-bar'), laneOf('user-000'), laneOf('user-001'));
        return { barHeights: [Math.round(a.height), Math.round(b.height)], secondRowBelow: b.y >= a.y + a.height, laneHeights: [Math.round(two.height), Math.round(one.height)] };
      }, { message: `${width} px: both rows' bars 18 px high, the second below the first, lanes of two rows and one` })
      .toEqual({ barHeights: [18, 18], secondRowBelow: true, laneHeights: [64, 40] });
    const { count, failures } = await failingTargets(page, '.timeline-scroll button');
    expect(count, `${width} px: bars measured`).toBeGreaterThanOrEqual(10);
    expect(failures, `${width} px`).toEqual([]);
    const top = await drawnLanes();
    expect(top[0].name, `${width} px: the first lane at the top`).toBe('user-000');
    expect(top.filter((l) => l.rows === 2).length, `${width} px: lanes of two rows drawn`).toBeGreaterThan(2);
    stacked(top, `${width} px, top`);
    await page.screenshot({ path: `${screenshotDir}/session-two-rows-${width}.png` });
    // The other end: the last lane drawn whole at the bottom, where the scroll stops.
    await scroller.evaluate((e: any) => (e.scrollTop = e.scrollHeight));
    await expect(laneOf('user-299')).toBeVisible();
    const end = await scroller.evaluate((e: any) => ({ scrollTop: e.scrollTop, clientHeight: e.clientHeight, scrollHeight: e.scrollHeight }));
    expect(end.scrollTop + end.clientHeight, `${width} px: scrolled to the end`).toBeCloseTo(end.scrollHeight, 0);
    const bottom = await drawnLanes();
    expect(bottom[bottom.length - 1].name, `${width} px: the last lane at the bottom`).toBe('user-299');
    expect(bottom[bottom.length - 1].top + bottom[bottom.length - 1].height, `${width} px: the last lane ends where the list does`).toBeCloseTo(end.scrollHeight, 0);
    stacked(bottom, `${width} px, bottom`);
    // 100 lanes of two rows and 200 of one.
    expect(end.scrollHeight, `${width} px: the list's height`).toBe(100 * 64 + 200 * 40);
    expect((await failingTargets(page, '.timeline-scroll button')).failures, `${width} px, bottom`).toEqual([]);
    await page.screenshot({ path: `${screenshotDir}/session-two-rows-end-${width}.png` });
  }
});
