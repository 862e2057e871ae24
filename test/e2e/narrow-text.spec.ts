// Text that must stay inside its box in a 1000 x 700 window: a finding's rule id (one long word,
// `provesource.event.properties.notificationId.recommended`) ran past the detail pane's right
// edge, cut off; and the webhook form's help line under the secret was styled as a field label
// (upper case, bold): "STORED BY THE ENGINE AND NEVER SHOWN AGAIN." read as a heading.
import type { Locator } from '@playwright/test';
import { expect, screenshotDir, test } from './fixtures';

/**
 * A row's Problems badges beside its cell, read in one go in the page: measured in separate awaits
 * the cell could be of the list before the detail pane opened and a badge of the list after.
 * Each badge: whether it is inside the cell's line, wholly below it (hidden), cut inside its box.
 */
const badgesIn = (row: Locator) =>
  row.evaluate((r: any) => {
    const cell = r.querySelector('.c-badges').getBoundingClientRect();
    return [...r.querySelectorAll('.badge')].map((badge: any) => {
      const b = badge.getBoundingClientRect();
      return {
        text: badge.textContent as string,
        inside: b.top >= cell.top - 0.5 && b.bottom <= cell.bottom + 0.5 && b.right <= cell.right + 0.5,
        below: b.top >= cell.bottom - 0.5,
        cut: badge.scrollWidth > badge.clientWidth,
      };
    });
  });

test('a finding\'s long rule id wraps inside the detail pane at 1000 px', async ({ page, eventbench }) => {
  await page.setViewportSize({ width: 1000, height: 700 });
  await eventbench.track({ userId: 'u-1001', event: 'Notification Clicked', properties: { notificationID: 'n-77', notificationName: 'Recent signups' } });
  await page.goto(eventbench.url);
  await page.getByRole('option', { name: /Notification Clicked/ }).click();
  const rule = page.locator('.finding-rule', { hasText: 'provesource.event.properties.notificationId.recommended' });
  await expect(rule).toBeVisible();
  const pane = (await page.getByRole('complementary', { name: 'Message detail' }).boundingBox())!;
  const box = (await rule.boundingBox())!;
  expect(box.x + box.width).toBeLessThanOrEqual(pane.x + pane.width);
  expect(await rule.evaluate((el: { scrollWidth: number; clientWidth: number }) => el.scrollWidth <= el.clientWidth)).toBe(true);
});

test('the webhook form\'s help line reads as help, not as a label', async ({ page, eventbench }) => {
  await page.setViewportSize({ width: 1000, height: 700 });
  await page.goto(eventbench.url);
  await page.getByRole('tab', { name: 'Webhooks' }).click();
  await page.getByRole('button', { name: 'Add webhook' }).click();
  const hint = page.getByText('Stored by the engine and never shown again.');
  await expect(hint).toBeVisible();
  expect(await hint.evaluate((el) => (globalThis as any).getComputedStyle(el).textTransform)).toBe('none');
  expect(await hint.evaluate((el) => Number((globalThis as any).getComputedStyle(el).fontWeight))).toBeLessThan(600);
});

test('problem badges at 1000 px with the detail open: each one whole or not shown, never cut mid-word; the cell lists them all', async ({ page, eventbench }) => {
  await page.setViewportSize({ width: 1000, height: 700 });
  const users = await fetch(`${eventbench.url}/api/users/import`, { method: 'POST', headers: { 'content-type': 'text/csv' }, body: 'id,username,email\nu-a,ada,ada@example.com\nu-g,grace,grace@example.com' });
  expect(users.status).toBe(200);
  // The email names Ada, the userId Grace: matched by email, with a conflict; the webhook has no secret.
  const res = await eventbench.post('/webhook/productfruits', { type: 'identify', userId: 'grace', traits: { email: 'ada@example.com' } });
  expect(res.status).toBe(200);
  await page.goto(eventbench.url);
  const row = page.getByRole('listbox', { name: 'Captured messages' }).getByRole('option').first();
  await row.click();
  await expect(row.locator('.badge')).toHaveText(['by email', 'conflict', 'unsigned']);
  const cell = row.locator('.c-badges');
  // Shown whole, or wholly out of the cell's view: never a clipped piece; polled while the list
  // narrows beside the opening detail pane.
  await expect.poll(async () => {
    const badges = await badgesIn(row);
    return { clipped: badges.filter((b) => (b.inside ? b.cut : !b.below)).map((b) => `${b.text}: inside ${b.inside}, cut ${b.cut}`), someWhole: badges.some((b) => b.inside) };
  }).toEqual({ clipped: [], someWhole: true });
  await expect(cell).toHaveAttribute('title', /by email.*conflict.*unsigned/);
});

test('1400 px with the detail open: a ProveSource event name is whole in the list, and a webhook row\'s badges too', async ({ page, eventbench }) => {
  await page.setViewportSize({ width: 1400, height: 900 });
  await eventbench.track({ userId: 'user-1001', event: 'Notification Clicked', properties: { notificationId: 'n-1', notificationName: 'Recent signups' } });
  await eventbench.post('/webhook/productfruits', { type: 'identify', userId: 'pf-1', traits: { email: 'pf@example.com' } });
  await page.goto(eventbench.url);
  const list = page.getByRole('listbox', { name: 'Captured messages' });
  const row = list.getByRole('option').filter({ hasText: 'Notification Clicked' });
  await row.click();
  await expect(page.getByRole('complementary', { name: 'Message detail' }).getByRole('heading', { name: 'Notification Clicked' })).toBeVisible();
  // The name was cut to "Notification Cli…" while the problems column had room to spare.
  expect(await row.locator('.c-name').evaluate((e: any) => e.scrollWidth <= e.clientWidth)).toBe(true);
  const hook = list.getByRole('option').filter({ hasText: 'pf-1' });
  await expect(hook.locator('.badge')).toHaveText(['created', 'unsigned']);
  // Every badge on the cell's line (none pushed under it), read with the cell in one go.
  await expect.poll(async () => (await badgesIn(hook)).filter((b) => !b.inside).map((b) => b.text), { message: 'badges not whole in the cell' }).toEqual([]);
});

// A drop badge wider than the Problems column (1400 px with the detail open) was cut with an
// ellipsis mid-word: "would drop: no ide…", "would drop: duplic…". It now reads "would drop", whole,
// and the reason is in its tooltip; where there is room, the whole "would drop: no identity".
test('1400 px with the detail open: a drop badge too wide for its cell reads "would drop", never cut mid-word', async ({ page, eventbench }) => {
  await page.setViewportSize({ width: 1400, height: 900 });
  expect((await eventbench.post('/v1/track', { event: 'Checkout Started', properties: { total: 42 } })).status).toBe(200);
  await eventbench.track({ userId: 'u-9', event: 'Paid', messageId: 'dup-1' });
  await eventbench.track({ userId: 'u-9', event: 'Paid', messageId: 'dup-1' });
  await page.goto(eventbench.url);
  const list = page.getByRole('listbox', { name: 'Captured messages' });
  const rows = list.getByRole('option');
  await expect(rows).toHaveCount(3);
  /** The badge text the row shows whole ("would drop: duplicate"), or which badge is clipped. */
  const wholeOrHidden = async (row: typeof rows) => {
    const badges = await badgesIn(row);
    const clipped = badges.filter((b) => (b.inside ? b.cut : !b.below));
    return clipped.length ? `clipped: ${clipped.map((b) => `${b.text} (inside ${b.inside}, cut ${b.cut})`).join(', ')}` : badges.filter((b) => b.inside).map((b) => b.text).join('');
  };
  await rows.nth(1).click();
  await expect(page.getByRole('complementary', { name: 'Message detail' })).toBeVisible();
  for (const [i, reason] of [[0, 'no identity'], [2, 'duplicate']] as const) {
    // Polled: the list narrows beside the detail pane that has just opened.
    await expect.poll(() => wholeOrHidden(rows.nth(i)), { message: `row ${i}` }).toMatch(new RegExp(`^would drop(: ${reason})?$`));
    await expect(rows.nth(i).locator('.badge-split')).toHaveAttribute('title', /^Segment would drop this: /);
  }
  await expect.poll(() => wholeOrHidden(rows.nth(0)), { message: 'the Problems column is narrower than the whole badge here' }).toBe('would drop');
  // Where it fits, the two pieces read as one: "would drop: duplicate", the colon not hidden under the lead.
  await page.setViewportSize({ width: 1600, height: 900 });
  await expect.poll(() => wholeOrHidden(rows.nth(2))).toBe('would drop: duplicate');
  const [lead, rest] = await rows.nth(2).locator('.badge').all();
  const l = (await lead.boundingBox())!;
  const r = (await rest.boundingBox())!;
  const leadText = await lead.evaluate((e: any) => { const range = e.ownerDocument.createRange(); range.selectNodeContents(e); return range.getBoundingClientRect().right; });
  const restText = await rest.evaluate((e: any) => { const range = e.ownerDocument.createRange(); range.selectNodeContents(e); return range.getBoundingClientRect().left; });
  expect(Math.abs(r.y - l.y)).toBeLessThan(0.5);
  expect(restText, 'the detail starts where the lead\'s text ends').toBeGreaterThanOrEqual(leadText - 0.5);
  expect(restText - leadText).toBeLessThan(2);
});

// Two more ways a split badge showed a cut word. At 1000 px, "would drop: no identity" read
// "would dro▌: no identity": the detail's pill began 3 px before the end of the lead's text and
// was painted over it. And a partner badge whose lead names two partners ("ProveSource,
// Freshsuccess: 1 error · 3 warnings", a source connected to Freshsuccess) read "ProveSource,
// Freshsucc…" at 1000 px and "ProveSource, Fresh…" at 1400: the lead itself was wider than the
// cell. It kept its first whole names ("ProveSource,"), but in red: ProveSource has only warnings
// here, the error is Freshsuccess'. A source's own partner checks now lead with the counts, which the
// colour is about ("1 error · 3 warnings: ProveSource, Freshsuccess"), cut to "1 error" at the least;
// the names follow, all of them, where there is room (cut after one, it read "…: ProveSource,"), and
// are in the tooltip.
test('split badges: the detail never covers the lead\'s text, and a lead of several partners keeps whole names', async ({ page, eventbench }) => {
  const ws = await fetch(`${eventbench.url}/api/workspace`, {
    method: 'PUT',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ sources: [{ id: 'app', name: 'App', kind: 'provesource', writeKey: 'wk-app-123456', destinations: ['Freshsuccess'] }] }),
  });
  expect(ws.status).toBe(200);
  const post = (m: Record<string, unknown>) =>
    fetch(`${eventbench.url}/v1/track`, { method: 'POST', headers: { 'content-type': 'application/json', authorization: `Basic ${Buffer.from('wk-app-123456:').toString('base64')}` }, body: JSON.stringify(m) });
  expect((await post({ type: 'track', userId: 'ada', event: 'Goal Completed', properties: { goalId: 'g-1', goalName: 'Signup' } })).status).toBe(200);
  expect((await post({ type: 'track', event: 'Checkout Started' })).status).toBe(200);
  await page.goto(eventbench.url);
  const rows = page.getByRole('listbox', { name: 'Captured messages' }).getByRole('option');
  await expect(rows).toHaveCount(2);
  // Every piece on the cell's line is whole, inside the cell, and no later piece is painted over
  // the end of an earlier one's text (the text's box, measured with a Range, not the padding).
  const shown = async (row: typeof rows) =>
    row.locator('.c-badges').evaluate((cell: any) => {
      const c = cell.getBoundingClientRect();
      const textBox = (e: any) => { const r = e.ownerDocument.createRange(); r.selectNodeContents(e); return r.getBoundingClientRect(); };
      const pieces = [...cell.querySelectorAll('.badge')].filter((e: any) => e.getBoundingClientRect().top < c.bottom - 0.5);
      const problems: string[] = [];
      pieces.forEach((e: any, i: number) => {
        const b = e.getBoundingClientRect();
        if (e.scrollWidth > e.clientWidth) problems.push(`"${e.textContent}" is cut`);
        if (b.right > c.right + 0.5) problems.push(`"${e.textContent}" runs out of the cell`);
        // What is painted at the text's first and last pixels is the piece itself, not a piece
        // laid over it.
        const t = textBox(e);
        for (const [x, where] of [[t.left + 1, 'start'], [t.right - 1, 'end']] as const) {
          const top = cell.ownerDocument.elementFromPoint(x, t.top + t.height / 2);
          if (top !== e && !e.contains(top)) problems.push(`"${top?.textContent}" covers the ${where} of "${e.textContent}"`);
        }
      });
      return { text: pieces.map((e: any) => e.textContent).join(''), problems };
    });
  for (const [width, height] of [[1000, 700], [1400, 900]]) {
    await page.setViewportSize({ width, height });
    const partner = await shown(rows.nth(0));
    expect(partner.problems, `${width} px: ${partner.text}`).toEqual([]);
    expect(['1 error', '1 error · 3 warnings', '1 error · 3 warnings: ProveSource, Freshsuccess'], `${width} px`).toContain(partner.text);
    await expect(rows.nth(0).locator('.badge-split')).toHaveAttribute('title', 'ProveSource: 1 warning\nFreshsuccess: 1 error · 2 warnings');
    const drop = await shown(rows.nth(1));
    expect(drop.problems, `${width} px: ${drop.text}`).toEqual([]);
    expect(drop.text.startsWith('would drop'), `${width} px: ${drop.text}`).toBe(true);
  }
  // With the detail pane open (the list has the whole width while no message is selected), the
  // Problems cell at 1000 px is narrower than the lead of two partners.
  await page.setViewportSize({ width: 1000, height: 700 });
  await rows.nth(1).click();
  await expect(page.getByRole('complementary', { name: 'Message detail' })).toBeVisible();
  expect((await shown(rows.nth(0))).text, 'at 1000 px the badge says what its red is for').toMatch(/^1 error( · 3 warnings)?$/);
  await page.screenshot({ path: 'test-results/screenshots/split-badges-1000.png' });
  await page.setViewportSize({ width: 1400, height: 900 });
  await page.screenshot({ path: 'test-results/screenshots/split-badges-1400.png' });
});

/** A row's quiet partner text (undefined: none): whether its Problems cell hides it under its line, and its width. */
const quietIn = (row: Locator) =>
  row.evaluate((r: any) => {
    const quiet = r.querySelector('.finding-quiet');
    if (!quiet) return undefined;
    const cell = r.querySelector('.c-badges').getBoundingClientRect();
    const q = quiet.getBoundingClientRect();
    return { hidden: q.top >= cell.bottom - 0.5, width: q.width as number, text: quiet.textContent as string };
  });

// The quiet partner findings after a row's badges took whatever room the badges left, however
// little: a webhook row read "unsigned  by email  F", a drop row "would drop: no identity  F.", a
// lone letter that says nothing (README's inspector screenshot had one). The quiet text now shows
// with room for at least a partner's name, or goes to the cell's hidden line (the tooltip names it).
test('quiet partner findings after the badges: legible or not shown, never a letter or two', async ({ page, eventbench }) => {
  const users = await fetch(`${eventbench.url}/api/users/import`, { method: 'POST', headers: { 'content-type': 'text/csv' }, body: 'id,username,email\npf-3,pfuser,pf@example.org' });
  expect(users.status).toBe(200);
  await eventbench.post('/v1/batch', {
    batch: [
      { type: 'track', event: 'Signed Up', properties: { plan: 'free' } },
      { type: 'track', userId: 'user-1002', anonymousId: 'anon-ccc-333', properties: { x: 1 } },
    ],
  });
  await eventbench.post('/webhook/productfruits', { type: 'identify', userId: 'pf-user-9', traits: { email: 'pf@example.org', username: 'pfuser' } });
  await eventbench.post('/webhook/freshsuccess', [{ type: 'track', userId: 'fs-1', anonymousId: 'sess-1', event: 'Feature Used', properties: { module: 'billing' } }]);
  await page.goto(eventbench.url);
  const rows = page.getByRole('listbox', { name: 'Captured messages' }).getByRole('option');
  await expect(rows).toHaveCount(4);
  // The matching badges come with the derived decisions, after the rows: measured before they
  // arrive (a loaded CI machine), the badges left room that they no longer leave once in.
  await expect(rows.nth(2).locator('.c-badges')).toContainText('by email');
  await expect(rows.nth(3).locator('.c-badges')).toContainText('created');
  await rows.nth(0).click();
  await expect(page.getByRole('complementary', { name: 'Message detail' })).toBeVisible();
  let seen = 0;
  for (const [width, height] of [[1000, 700], [1100, 800], [1200, 800], [1400, 900], [1700, 900]]) {
    await page.setViewportSize({ width, height });
    for (let i = 0; i < 4; i++) {
      // The cell and its quiet text read in one go, so both are of one layout.
      const q = await quietIn(rows.nth(i));
      if (!q) continue;
      if (!q.hidden) seen++;
      // Shown, it has room for a partner's name ("Freshsuccess", about 70 px at this size).
      expect(q.hidden || q.width >= 60, `${width} px, row ${i}: quiet text ${Math.round(q.width)} px wide, "${q.text}"`).toBe(true);
    }
  }
  expect(seen, 'with the detail open, the badges leave no room for a name here').toBe(0);
  // A wider window gives the Problems column room: the quiet text shows after the badges.
  for (const [width, height] of [[2000, 900]]) {
    await page.setViewportSize({ width, height });
    await expect.poll(async () => { const q = await quietIn(rows.nth(3)); return q && { onTheCellsLine: !q.hidden, roomForAName: q.width >= 60 }; }, { message: `${width} px` }).toEqual({ onTheCellsLine: true, roomForAName: true });
  }
});

test('request headers at 1000 px: a name breaks at its hyphen, never mid-word ("accept-encodin / g")', async ({ page, eventbench }) => {
  await page.setViewportSize({ width: 1000, height: 700 });
  await eventbench.post('/v1/track', { userId: 'u-headers', event: 'Headers' }, { 'Accept-Encoding': 'gzip, deflate', 'Accept-Language': '*' });
  await page.goto(eventbench.url);
  await page.getByRole('option', { name: /Headers/ }).click();
  const detail = page.getByRole('complementary', { name: 'Message detail' });
  for (const name of ['accept-encoding', 'accept-language']) {
    const cell = detail.locator('.headers-table th', { hasText: name });
    await cell.scrollIntoViewIfNeeded();
    // Where each line of the cell's text starts: a character whose top is below the one before it.
    const lineStarts = await cell.evaluate((th: any) => {
      const text = th.firstChild;
      const doc = th.ownerDocument;
      const starts: number[] = [];
      let lastTop: number | undefined;
      for (let i = 0; i < text.length; i++) {
        const range = doc.createRange();
        range.setStart(text, i);
        range.setEnd(text, i + 1);
        const top = range.getBoundingClientRect().top;
        if (lastTop !== undefined && top > lastTop + 2) starts.push(i);
        lastTop = top;
      }
      return starts;
    });
    for (const at of lineStarts) expect(name[at - 1], `${name} broken before "${name.slice(at)}"`).toBe('-');
  }
  await page.screenshot({ path: `${screenshotDir}/inspector-headers-1000.png` });
});
