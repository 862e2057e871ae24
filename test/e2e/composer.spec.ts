// The composer in browser mode against the real CLI: ProveSource Goal Completed with two events[]
// rows, a finding when a required field is cleared, a local send that shows up in the inspector.
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import type { Page } from '@playwright/test';
import { join } from 'node:path';
import { expect, placeholderCut, screenshotDir, test } from './fixtures';

test('compose ProveSource Goal Completed, see findings, send locally, open it in the inspector', async ({ page, eventbench }) => {
  await page.goto(eventbench.url);
  await expect(page.getByText('Connected', { exact: true })).toBeVisible();
  await page.getByRole('tab', { name: 'Composer' }).click();
  const c = page.locator('.composer');

  await c.getByLabel('Profile', { exact: true }).selectOption('provesource');
  await c.getByLabel('Event', { exact: true }).selectOption('Goal Completed');
  const findings = c.getByLabel('Findings');
  // The skeleton lacks the required goal id: the findings say so.
  await expect(findings).toContainText('properties.goalId');

  await page.locator('[data-path="properties.goalId"]').fill('goal-signup');
  await page.locator('[data-path="properties.goalName"]').fill('Signed up');
  await expect(findings).not.toContainText('properties.goalId');

  // Two events[] rows.
  await page.getByRole('button', { name: '+ Add row' }).click();
  await page.getByRole('button', { name: '+ Add row' }).click();
  await page.locator('[data-path="properties.events[0].notificationId"]').fill('notif-1');
  await page.locator('[data-path="properties.events[0].view"]').check();
  await page.locator('[data-path="properties.events[0].click"]').check();
  await page.locator('[data-path="properties.events[1].notificationId"]').fill('notif-2');
  await page.locator('[data-path="properties.events[1].hover"]').check();

  const json = page.getByLabel('Message JSON');
  const composed = JSON.parse(await json.inputValue());
  expect(composed.properties.events).toEqual([
    { notificationId: 'notif-1', view: true, hover: false, click: true },
    { notificationId: 'notif-2', view: false, hover: true, click: false },
  ]);
  // No workspace: every partner is checked, as the inspector will; ProveSource's own rules pass.
  await expect(findings.locator('.cfinding-error, .cfinding-warning').filter({ hasText: 'provesource' })).toHaveCount(0);

  // Clearing a documented field brings its finding back (a warning: ProveSource's document lists
  // its properties without ranking them); clicking it focuses the field.
  await page.locator('[data-path="properties.events[1].notificationId"]').fill('');
  const finding = findings.getByRole('button', { name: /properties\.events\[1\]\.notificationId/ });
  await expect(finding).toBeVisible();
  await expect(finding).toContainText('warning');
  await finding.click();
  await expect(page.locator('[data-path="properties.events[1].notificationId"]')).toBeFocused();
  await page.locator('[data-path="properties.events[1].notificationId"]').fill('notif-2');
  await expect(finding).toHaveCount(0);

  // Invalid JSON shows where, and leaves the form alone.
  const goodText = await json.inputValue();
  await json.fill(goodText.replace('"goal-signup"', '"goal-signup",,'));
  await expect(page.getByRole('alert').filter({ hasText: /Line \d+, column \d+/ })).toBeVisible();
  await expect(page.locator('[data-path="properties.goalId"]')).toHaveValue('goal-signup');
  mkdirSync(screenshotDir, { recursive: true });
  await page.screenshot({ path: `${screenshotDir}/composer-json-error.png` });
  // And valid JSON edits flow back into the form.
  await json.fill(goodText.replace('"Signed up"', '"Started trial"'));
  await expect(page.locator('[data-path="properties.goalName"]')).toHaveValue('Started trial');

  // Send to the local receiver (the default target). How long it takes is `npm run bench -- ui`'s business.
  await page.getByRole('button', { name: 'Send', exact: true }).click();
  const delivery = page.locator('.delivery').first();
  await expect(delivery).toContainText('delivered');
  const showInInspector = delivery.getByRole('button', { name: 'Show in inspector →' });
  await expect(showInInspector).toBeVisible();
  await delivery.getByRole('button', { expanded: false }).click();
  await expect(delivery).toContainText('Attempt 1');
  await expect(delivery).toContainText('200');
  // The README's picture (.github/screenshots/composer.png is copied from it).
  await page.screenshot({ path: `${screenshotDir}/composer.png` });

  await showInInspector.click();
  await expect(page.getByRole('tab', { name: /Inspector/ })).toHaveAttribute('aria-selected', 'true');
  const row = page.getByRole('listbox', { name: 'Captured messages' }).getByRole('option').first();
  await expect(row).toContainText('Goal Completed');
  await expect(row).toHaveAttribute('aria-selected', 'true');
  const detail = page.getByRole('complementary', { name: 'Message detail' });
  await expect(detail.getByRole('group', { name: 'Payload JSON' })).toContainText('"notificationId": "notif-2"');
  await expect(detail.getByRole('group', { name: 'Payload JSON' })).toContainText('"goalName": "Started trial"');
});

test('drafts: a hand-damaged entry in drafts.json is reported, the other drafts still load, and the entry is kept', async ({ page, eventbench }) => {
  const good = { name: 'trial goal', profile: 'provesource', event: 'Goal Completed', message: { type: 'track', event: 'Goal Completed', userId: 'u-1' }, savedAt: '2026-01-01T00:00:00.000Z' };
  const damaged = { name: 'hand edit', profile: 'Segment', message: { type: 'track', event: 'X' }, savedAt: '2026-01-01T00:00:00.000Z' };
  const path = join(eventbench.dataDir, 'drafts.json');
  writeFileSync(path, JSON.stringify({ version: 1, drafts: [damaged, good] }));
  await page.setViewportSize({ width: 1400, height: 900 });
  await page.goto(eventbench.url);
  await page.getByRole('tab', { name: 'Composer' }).click();
  const notice = page.getByRole('status').filter({ hasText: 'not readable' });
  await expect(notice).toContainText('1 draft not readable (kept in the file): drafts.json drafts[0].profile: expected one of segment');
  await expect(page.getByLabel('Saved drafts')).toContainText('Load draft (1)…');
  await page.getByLabel('Saved drafts').selectOption('trial goal');
  await expect(page.locator('.composer').getByLabel('Event', { exact: true })).toHaveValue('Goal Completed');
  mkdirSync(screenshotDir, { recursive: true });
  await page.screenshot({ path: `${screenshotDir}/composer-draft-unreadable.png` });
  await page.setViewportSize({ width: 1000, height: 700 });
  await page.screenshot({ path: `${screenshotDir}/composer-draft-unreadable-narrow.png` });
  await page.setViewportSize({ width: 1400, height: 900 });
  // A save of another draft keeps the damaged entry in the file, now after the drafts.
  await page.getByLabel('Draft name').fill('second');
  await page.getByRole('button', { name: 'Save draft' }).click();
  await expect(page.getByRole('button', { name: 'Saved ✓' })).toBeVisible();
  await expect(notice).toContainText('drafts.json drafts[2].profile');
  expect(JSON.parse(readFileSync(path, 'utf8')).drafts.map((d: { name: string }) => d.name)).toEqual(['second', 'trial goal', 'hand edit']);
});

test('drafts: save, reload the page, load the draft back, delete it', async ({ page, eventbench }) => {
  await page.goto(eventbench.url);
  await page.getByRole('tab', { name: 'Composer' }).click();
  const c = page.locator('.composer');
  await c.getByLabel('Profile', { exact: true }).selectOption('freshsuccess');
  await c.getByLabel('Event', { exact: true }).selectOption('group');
  await page.getByRole('button', { name: 'Fill with example' }).click();
  await expect(c.getByLabel('Findings')).toContainText('no findings');
  await page.getByLabel('Draft name').fill('acme account');
  await page.getByRole('button', { name: 'Save draft' }).click();
  await expect(page.getByRole('button', { name: 'Saved ✓' })).toBeVisible();

  await page.reload();
  await page.getByRole('tab', { name: 'Composer' }).click();
  await expect(c.getByLabel('Profile', { exact: true })).toHaveValue('provesource');
  await page.getByLabel('Saved drafts').selectOption('acme account');
  await expect(c.getByLabel('Profile', { exact: true })).toHaveValue('freshsuccess');
  await expect(c.getByLabel('Event', { exact: true })).toHaveValue('group');
  await expect(page.locator('[data-path="traits.name"]')).not.toHaveValue('');
  await page.getByRole('button', { name: 'Delete' }).click();
  await expect(page.getByLabel('Saved drafts')).toContainText('No saved drafts');
});

test('numbers past 2^53 keep the digits typed in the JSON through the form, a draft and a new event, and are sent with them', async ({ page, eventbench }) => {
  const ID = '9007199254740993'; // JSON.parse gives 9007199254740992
  await page.goto(eventbench.url);
  await page.getByRole('tab', { name: 'Composer' }).click();
  const c = page.locator('.composer');
  await c.getByLabel('Profile', { exact: true }).selectOption('segment');
  await c.getByLabel('Event', { exact: true }).selectOption('track');
  const json = page.getByLabel('Message JSON');
  await json.fill(`{\n  "type": "track",\n  "event": "Order Completed",\n  "userId": ${ID},\n  "messageId": "e2e-big-1",\n  "properties": {\n    "orderId": ${ID},\n    "note": "x"\n  }\n}`);
  // The form shows the text's digits (it showed ...992, and an edit there wrote ...992 back).
  await expect(page.locator('[data-path="userId"]')).toHaveValue(ID);
  const props = page.locator('[data-path="properties"]');
  await expect(props).toHaveValue(`{\n  "orderId": ${ID},\n  "note": "x"\n}`);
  await props.fill(`{\n  "orderId": ${ID},\n  "note": "y"\n}`);
  await expect(json).toHaveValue(/"note": "y"/);
  expect(await json.inputValue()).toContain(`"orderId": ${ID}`);
  expect(await json.inputValue()).not.toContain('9007199254740992');

  // A draft keeps them across a reload.
  await page.getByLabel('Draft name').fill('big ids');
  await page.getByRole('button', { name: 'Save draft' }).click();
  await expect(page.getByRole('button', { name: 'Saved ✓' })).toBeVisible();
  await page.reload();
  await page.getByRole('tab', { name: 'Composer' }).click();
  await page.getByLabel('Saved drafts').selectOption('big ids');
  await expect(json).toHaveValue(new RegExp(`"orderId": ${ID}`));
  expect(await json.inputValue()).toContain(`"userId": ${ID}`);
  await expect(page.locator('[data-path="userId"]')).toHaveValue(ID);

  // Sent with them.
  await page.getByRole('button', { name: 'Send', exact: true }).click();
  await expect(page.locator('.delivery').first()).toContainText('delivered');
  const stored = await (await fetch(`${eventbench.url}/api/messages?event=Order%20Completed`)).text();
  expect(stored).toContain(`"userId":${ID}`);
  expect(stored).toContain(`"orderId":${ID}`);

  // A new event's skeleton carries the userId over with its digits.
  await c.getByLabel('Event', { exact: true }).selectOption('identify');
  await expect(json).toHaveValue(new RegExp(`"userId": ${ID}`));
});

test('segment target: the stored write key is masked and the plain-text file is disclosed', async ({ page, eventbench }) => {
  await page.goto(eventbench.url);
  await page.getByRole('tab', { name: 'Composer' }).click();
  await page.getByRole('radio', { name: 'Segment' }).click();
  await page.getByLabel('Write key', { exact: true }).fill('wk_e2e_0123456789abcdef');
  await page.getByRole('button', { name: 'Store' }).click();
  await expect(page.getByLabel('Stored write key')).toHaveText('wk…ef');
  await expect(page.getByText('stored as plain text in a 0600 file', { exact: false })).toBeVisible();
  await expect(page.locator('body')).not.toContainText('wk_e2e_0123456789abcdef');
  mkdirSync(screenshotDir, { recursive: true });
  await page.screenshot({ path: `${screenshotDir}/composer-segment.png` });
});

test('webhook target: pick a configured webhook, the delivery names the event and links the captured row; it survives a reload', async ({ page, eventbench }) => {
  await page.goto(eventbench.url);
  await page.getByRole('tab', { name: 'Webhooks' }).click();
  await page.getByRole('button', { name: 'Add webhook' }).click();
  const form = page.getByRole('form', { name: 'New webhook' });
  await form.getByLabel('Name').fill('pf');
  await form.getByRole('button', { name: 'Add webhook' }).click();
  await expect(page.getByRole('table', { name: 'Webhooks' })).toContainText('pf');

  await page.getByRole('tab', { name: 'Composer' }).click();
  await page.getByRole('radio', { name: 'Webhook' }).click();
  await page.getByLabel('Configured webhooks').getByRole('button', { name: 'pf' }).click();
  await expect(page.getByLabel('Webhook URL')).toHaveValue(`${eventbench.url}/webhook/pf`);
  await page.locator('.composer').getByRole('button', { name: 'Fill with example' }).click();
  await page.getByRole('button', { name: 'Send', exact: true }).click();
  const delivery = page.locator('.delivery').first();
  await expect(delivery).toContainText('delivered');
  await expect(delivery).toContainText(`track "Goal Completed" → ${eventbench.url}/webhook/pf`);
  await expect(delivery.getByRole('button', { name: 'Show in inspector →' })).toBeVisible();
  await page.reload();
  await page.getByRole('tab', { name: 'Composer' }).click();
  await expect(page.locator('.delivery').first()).toContainText('track "Goal Completed"');
});

/**
 * How far (px) the gutter's line numbers sit from the textarea's lines they name, over the numbers
 * in view, and which numbers those are. A number's box is found with a Range over the gutter's
 * text; the line's is where the textarea lays it (padding + (n - 1) × line-height - scrollTop).
 */
async function gutterAlignment(page: import('@playwright/test').Page): Promise<{ worst: number; numbers: number[]; marker: null | { line: number; off: number } }> {
  // Runs in the page (this tsconfig has no DOM types, hence the anys).
  return page.evaluate(() => {
    const doc = (globalThis as any).document;
    const area = doc.querySelector('textarea[aria-label="Message JSON"]');
    const gutter = doc.querySelector('[data-testid="json-gutter"]');
    if (!gutter) return { worst: Infinity, numbers: [], marker: null };
    const cs = (globalThis as any).getComputedStyle(area);
    const lh = parseFloat(cs.lineHeight);
    const a = area.getBoundingClientRect();
    const firstLineTop = a.top + parseFloat(cs.borderTopWidth) + parseFloat(cs.paddingTop) - area.scrollTop;
    const g = gutter.getBoundingClientRect();
    const centreOf = (n: number) => firstLineTop + (n - 1) * lh + lh / 2;
    let worst = 0;
    const numbers: number[] = [];
    const SHOW_TEXT = 4;
    const walker = doc.createTreeWalker(gutter, SHOW_TEXT);
    for (let node = walker.nextNode(); node; node = walker.nextNode()) {
      if (node.parentElement.closest('[data-testid="json-error-line"]')) continue;
      for (const m of String(node.textContent ?? '').matchAll(/\d+/g)) {
        const range = doc.createRange();
        range.setStart(node, m.index!);
        range.setEnd(node, m.index! + m[0].length);
        const r = range.getBoundingClientRect();
        if (r.bottom <= g.top || r.top >= Math.min(g.bottom, a.bottom)) continue; // scrolled out of view
        numbers.push(Number(m[0]));
        worst = Math.max(worst, Math.abs((r.top + r.bottom) / 2 - centreOf(Number(m[0]))));
      }
    }
    const mark = gutter.querySelector('[data-testid="json-error-line"]');
    if (!mark) return { worst, numbers, marker: null };
    const line = Number(String(mark.textContent).replace(/\D/g, ''));
    const mr = mark.getBoundingClientRect();
    return { worst, numbers, marker: { line, off: Math.abs((mr.top + mr.bottom) / 2 - centreOf(line)) } };
  });
}

// The raw JSON editor has a line-number gutter that names every line of the text, stays on its
// line while the text scrolls (wheel) and grows as you type, and marks the line of a parse error,
// which the error's "Line N, column C" takes the caret to. Before it there was no gutter at all.
test('JSON editor: line numbers stay aligned while scrolling and typing, and mark the error line', async ({ page, eventbench }) => {
  for (const [width, height] of [[1400, 900], [1000, 700]] as const) {
    await page.setViewportSize({ width, height });
    await page.goto(eventbench.url);
    await page.getByRole('tab', { name: 'Composer' }).click();
    await page.locator('.composer').getByRole('button', { name: 'Fill with example' }).click();
    const json = page.getByLabel('Message JSON');
    const message = JSON.parse(await json.inputValue());
    for (let i = 0; i < 60; i++) message.properties[`extra_${i}`] = `value ${i}`;
    const text = JSON.stringify(message, null, 2);
    const lines = text.split('\n').length;
    await json.fill(text);

    // Every line numbered, each number on its line: after the fill (the caret at the end, the
    // text scrolled to it), and back at the top.
    await expect(page.getByTestId('json-gutter')).toContainText(String(lines));
    // The text scrolls to the caret a frame after it changes: wait for the last line in view.
    await expect.poll(async () => (await gutterAlignment(page)).numbers).toContain(lines);
    let at = await gutterAlignment(page);
    expect(at.worst).toBeLessThanOrEqual(1);
    await json.evaluate((el: any) => (el.scrollTop = 0));
    await expect.poll(async () => (await gutterAlignment(page)).numbers[0]).toBe(1);
    at = await gutterAlignment(page);
    expect(at.numbers.length).toBeGreaterThan(10);
    expect(at.worst).toBeLessThanOrEqual(1);

    // Scrolled with the wheel: the numbers follow the text.
    await json.hover();
    await page.mouse.wheel(0, 500);
    await expect.poll(() => json.evaluate((el: any) => el.scrollTop as number)).toBeGreaterThan(100);
    await expect.poll(async () => (await gutterAlignment(page)).numbers[0]).toBeGreaterThan(5);
    at = await gutterAlignment(page);
    expect(at.worst).toBeLessThanOrEqual(1);

    // Typing new lines at the end: the gutter grows and stays aligned with the scrolled text.
    await json.click();
    await page.keyboard.press('Control+End');
    for (let i = 0; i < 4; i++) await page.keyboard.press('Enter');
    await expect(page.getByTestId('json-gutter')).toContainText(String(lines + 4));
    await expect.poll(async () => (await gutterAlignment(page)).numbers).toContain(lines + 4);
    at = await gutterAlignment(page);
    expect(at.worst).toBeLessThanOrEqual(1);
    await page.screenshot({ path: `${screenshotDir}/composer-json-gutter-${width}.png` });

    // A parse error on line 30: the status names it, the gutter marks it, and the status takes
    // the caret there with the line in view.
    const broken = text.split('\n');
    broken[29] = broken[29].replace(/,$/, ''); // a missing comma: the error is at the next line's key
    await json.fill(broken.join('\n'));
    const where = page.getByRole('button', { name: /^Line \d+, column \d+$/ });
    // Waited for at line 31: a status of an earlier parse would name another line.
    const line = 31;
    await expect(where).toHaveText(new RegExp(`^Line ${line}, column \\d+$`));
    await expect(page.getByTestId('json-error-line')).toHaveText(String(line));
    await where.click();
    await expect(json).toBeFocused();
    const caretLine = await json.evaluate((el: any) => String(el.value).slice(0, el.selectionStart).split('\n').length);
    expect(caretLine).toBe(line);
    at = await gutterAlignment(page);
    expect(at.numbers).toContain(line);
    expect(at.marker).not.toBeNull();
    expect(at.marker!.line).toBe(line);
    expect(at.marker!.off).toBeLessThanOrEqual(1);
    await page.screenshot({ path: `${screenshotDir}/composer-json-error-line-${width}.png` });
  }
});

// A field's path beside its label was cut to fit one line ("traits.fir…", "g." for groupId,
// "anonymo…"): the path is what the finding and the JSON name, so it must read whole.
test('every field path in the form reads whole at 1400 and 1000 px', async ({ page, eventbench }) => {
  for (const [width, height] of [[1400, 900], [1000, 700]] as const) {
    await page.setViewportSize({ width, height });
    await page.goto(eventbench.url);
    await page.getByRole('tab', { name: 'Composer' }).click();
    const c = page.locator('.composer');
    for (const [profile, event] of [['freshsuccess', 'identify'], ['produktly', 'tour_step']] as const) {
      await c.getByLabel('Profile', { exact: true }).selectOption(profile);
      await c.getByLabel('Event', { exact: true }).selectOption(event);
      const paths = c.locator('.cfield-path');
      await expect(paths.first()).toBeVisible();
      const cut = await paths.evaluateAll((els) =>
        els
          .map((e: any) => {
            const box = e.getBoundingClientRect();
            const label = e.closest('.cfield').getBoundingClientRect();
            return { path: e.textContent as string, cut: e.scrollWidth > e.clientWidth + 0.5 || box.right > label.right + 0.5 };
          })
          .filter((p) => p.cut)
          .map((p) => p.path),
      );
      expect(cut, `${profile} ${event} at ${width}px`).toEqual([]);
      if (profile === 'freshsuccess') await expect(paths.filter({ hasText: /^traits\.mailing_country$/ })).toBeVisible();
      await page.screenshot({ path: `${screenshotDir}/composer-paths-${profile}-${width}.png` });
    }
  }
});

// ProveSource's events[] table ran about 200 px past its box at 1400 px (its "recommended" headings
// kept on one line) and under the JSON column; the rule meant to scroll it named a class
// (.cfield-array) no element has. At 1400 px it now fits its box, and in the narrow form (1000 px)
// too, each row on two lines, where it used to scroll sideways.
test('the events[] table stays inside its box at 1400 and 1000 px', async ({ page, eventbench }) => {
  await page.goto(eventbench.url);
  await page.getByRole('tab', { name: 'Composer' }).click();
  const c = page.locator('.composer');
  await c.getByLabel('Profile', { exact: true }).selectOption('provesource');
  await c.getByLabel('Event', { exact: true }).selectOption('Goal Completed');
  await page.getByRole('button', { name: '+ Add row' }).click();
  await page.getByRole('button', { name: '+ Add row' }).click();
  const field = page.locator('.array-field');
  await expect(field.locator('tbody tr')).toHaveCount(2);
  for (const [width, height] of [[1400, 900], [1000, 700]] as const) {
    await page.setViewportSize({ width, height });
    await field.scrollIntoViewIfNeeded();
    const m = await field.evaluate((e: any) => {
      const box = e.getBoundingClientRect();
      const col = e.closest('.form-col').getBoundingClientRect();
      const table = e.querySelector('.array-table').getBoundingClientRect();
      // The table's own scroller (kept for a catalog with more columns than fit).
      const scroller = e.querySelector('.array-table').parentElement;
      const view = scroller.getBoundingClientRect();
      return {
        fieldRight: box.right,
        colRight: col.right,
        tableRight: table.right,
        // The box's inner right edge (inside its border).
        innerRight: box.left + e.clientLeft + e.clientWidth,
        viewRight: view.right,
        scrolls: e.scrollWidth > e.clientWidth + 0.5 || scroller.scrollWidth > scroller.clientWidth + 0.5,
      };
    });
    const at = `${width} px`;
    expect(m.fieldRight, `${at}: the field inside the form column`).toBeLessThanOrEqual(m.colRight + 0.5);
    // At both widths the table fits its box, with nothing to scroll sideways (at 1000 px the
    // Hovered and Clicked columns used to need a scroll: the checks now go under the ID).
    expect(m.tableRight, `${at}: the table fits its box`).toBeLessThanOrEqual(m.innerRight + 0.5);
    expect(m.viewRight, `${at}: the table's scroller inside the field`).toBeLessThanOrEqual(m.innerRight + 0.5);
    expect(m.scrolls, `${at}: nothing to scroll sideways`).toBe(false);
    // The field's heading: at most two lines (it took four beside "+ Add row" at 1000 px).
    const head = field.locator('.array-head .cfield-label');
    const lines = await head.evaluate((e: any) => Math.round(e.getBoundingClientRect().height / parseFloat(e.ownerDocument.defaultView.getComputedStyle(e).lineHeight)));
    expect(lines, `${at}: the heading's lines`).toBeLessThanOrEqual(2);
    await page.screenshot({ path: `${screenshotDir}/composer-events-table-${width}.png` });
    // Every column's checkbox can be reached (scrolled to if need be) and is not covered.
    for (const name of ['view', 'hover', 'click']) {
      const box = page.locator(`[data-path="properties.events[1].${name}"]`);
      await box.scrollIntoViewIfNeeded();
      await box.check();
      await expect(box).toBeChecked();
      await box.uncheck();
    }
  }
});

// The events[] rows' Notification ID input showed 112 px of the 193 an ID takes: a "recommended"
// under each heading made every check column as wide as that badge. Said once above the table, the
// check columns are as narrow as their headings, and the ID's input fills its column and shows an ID
// whole. At 1000 px the checks go on a second line of the row, named beside them, and the input's
// "e.g. …" placeholder (cut by 5 characters when the table scrolled) shows whole.
test('the events[] Notification ID input fills its column and shows a whole ID, at 1400 and 1000 px', async ({ page, eventbench }) => {
  await page.goto(eventbench.url);
  await page.getByRole('tab', { name: 'Composer' }).click();
  const c = page.locator('.composer');
  await c.getByLabel('Profile', { exact: true }).selectOption('provesource');
  await c.getByLabel('Event', { exact: true }).selectOption('Goal Completed');
  await page.getByRole('button', { name: '+ Add row' }).click();
  const field = page.locator('.array-field');
  const input = page.locator('[data-path="properties.events[0].notificationId"]');
  for (const [width, height] of [[1400, 900], [1000, 700]] as const) {
    await page.setViewportSize({ width, height });
    expect(await placeholderCut(input), `${width} px: the empty input's "e.g." placeholder shows whole`).toBeLessThanOrEqual(0);
  }
  await page.setViewportSize({ width: 1400, height: 900 });
  await input.fill('5f3a9c2e8b1d4a0012c7e451');
  // The shared requirement is said once, and no heading repeats it.
  await expect(field.locator('.array-columns-req')).toHaveText('each column recommended');
  await expect(field.locator('th .req')).toHaveCount(0);
  for (const [width, height] of [[1400, 900], [1000, 700]] as const) {
    await page.setViewportSize({ width, height });
    await field.scrollIntoViewIfNeeded();
    const m = await input.evaluate((e: any) => {
      const cell = e.closest('td');
      const style = e.ownerDocument.defaultView.getComputedStyle(cell);
      const inner = cell.getBoundingClientRect().width - parseFloat(style.paddingLeft) - parseFloat(style.paddingRight);
      const checks = [...e.closest('tr').querySelectorAll('td.cell-boolean')].map((td: any) => td.getBoundingClientRect().width);
      return { input: e.getBoundingClientRect().width, inner, clientWidth: e.clientWidth, scrollWidth: e.scrollWidth, widestCheck: Math.max(...checks) };
    });
    const at = `${width} px`;
    expect(m.input, `${at}: the input fills its column`).toBeGreaterThanOrEqual(m.inner - 1);
    expect(m.scrollWidth, `${at}: the whole ID shows (${m.clientWidth} px of ${m.scrollWidth})`).toBeLessThanOrEqual(m.clientWidth);
    expect(await placeholderCut(input), `${at}: the "e.g." placeholder shows whole`).toBeLessThanOrEqual(0);
    if (width === 1400) {
      expect(m.widestCheck, `${at}: a check column no wider than its heading needs`).toBeLessThan(70);
      await expect(field.locator('.cell-check-name').first()).toBeHidden();
    } else {
      // Under the ID, each check with its name beside it (the headings above are hidden).
      for (const name of ['Viewed', 'Hovered', 'Clicked']) await expect(field.locator('tbody tr').first().getByText(name, { exact: true })).toBeVisible();
      await expect(field.getByRole('columnheader', { name: 'Hovered' })).toBeHidden();
    }
    await page.screenshot({ path: `${screenshotDir}/composer-events-id-${width}.png` });
  }
});

test('after Freshsuccess → Produktly, the kept groupId the form has no field for is named under the form and can be removed there', async ({ page, eventbench }) => {
  await page.setViewportSize({ width: 1000, height: 760 });
  await page.goto(eventbench.url);
  await expect(page.getByText('Connected', { exact: true })).toBeVisible();
  await page.getByRole('tab', { name: 'Composer' }).click();
  const c = page.locator('.composer');
  await c.getByLabel('Profile', { exact: true }).selectOption('freshsuccess');
  await c.getByLabel('Event', { exact: true }).selectOption('group');
  await page.locator('[data-path="groupId"]').fill('acct-9');
  await c.getByLabel('Profile', { exact: true }).selectOption('produktly');
  const extra = c.getByRole('group', { name: 'Also in the JSON' });
  await expect(extra).toContainText('groupId');
  await extra.scrollIntoViewIfNeeded();
  mkdirSync(screenshotDir, { recursive: true });
  await page.screenshot({ path: `${screenshotDir}/composer-also-in-json-1000.png` });
  await extra.getByRole('button', { name: 'Remove groupId from the JSON' }).click();
  await expect(extra).toHaveCount(0);
  expect(JSON.parse(await page.getByLabel('Message JSON').inputValue())).not.toHaveProperty('groupId');
});

// At 1000 px the drafts controls (name, Save, the list, Delete) wrapped onto a second row of the
// composer's bar, under Profile and Event. They now share the row, a loaded draft's long name too.
/** Where the middle of each shown control of the composer's bar is (px from the top), and its left edge, in bar order. */
const barControls = (page: Page, which: string) =>
  page.locator('.composer-bar').locator(which).evaluateAll((els: any[]) => els.filter((e) => e.getBoundingClientRect().width > 0).map((e) => { const r = e.getBoundingClientRect(); return { middle: Math.round(r.top + r.height / 2), left: Math.round(r.left) }; }));
const spread = (ys: number[]) => Math.max(...ys) - Math.min(...ys);

/** The composer's bar is one row (each control's middle on one line) and its drafts controls end inside the window. */
async function barIsOneRow(page: Page, at: string): Promise<void> {
  const bar = page.locator('.composer-bar');
  const middles = (await barControls(page, '> :not(.bar-spacer), .drafts-bar > *')).map((c) => c.middle);
  expect(spread(middles), `${at}: the bar is one row`).toBeLessThanOrEqual(4);
  const right = await bar.locator('.drafts-bar > *').evaluateAll((els: any[]) => Math.max(...els.map((e) => e.getBoundingClientRect().right)));
  expect(right, `${at}: the drafts controls end inside the window`).toBeLessThanOrEqual((await bar.boundingBox())!.width);
}

test('composer at 1000 px: the drafts controls share the bar\'s one row with Profile and Event, before and after a draft is loaded', async ({ page, eventbench }) => {
  const oneRow = (at: string) => barIsOneRow(page, at);
  for (const [width, height] of [[1000, 700], [1400, 900]] as const) {
    await page.setViewportSize({ width, height });
    await page.goto(eventbench.url);
    await page.getByRole('tab', { name: 'Composer' }).click();
    await expect(page.getByLabel('Saved drafts')).toContainText(/No saved drafts|Load draft/);
    await oneRow(`${width} px`);
    expect(await placeholderCut(page.getByLabel('Draft name')), `${width} px: the Draft name placeholder whole`).toBeLessThanOrEqual(0);
    await page.screenshot({ path: `${screenshotDir}/composer-drafts-bar-${width}.png` });
  }
  // A draft with a long name, saved and chosen: the list is no wider, its tooltip names it whole.
  await page.setViewportSize({ width: 1000, height: 700 });
  await page.getByLabel('Draft name').fill('acme account onboarding goal with two notifications');
  await page.getByRole('button', { name: 'Save draft' }).click();
  await expect(page.getByRole('button', { name: 'Saved ✓' })).toBeVisible();
  const list = page.getByLabel('Saved drafts');
  await expect(list).toHaveValue('acme account onboarding goal with two notifications');
  await expect(list).toHaveAttribute('title', 'acme account onboarding goal with two notifications · Goal Completed');
  await oneRow('1000 px, a long draft chosen');
  await page.screenshot({ path: `${screenshotDir}/composer-drafts-bar-loaded-1000.png` });
});

// With a workspace source configured the bar has a "Sent as" list too, and at 1000 px it pushed
// the drafts controls onto a second row wherever the first ran out, unnamed under Profile. Too much
// for one row, they now take a row of their own on purpose, named "Drafts" like the fields above;
// at 1400 px all shares one row.
test('composer with a workspace source: at 1000 px the drafts controls take a named row of their own under Profile, Sent as and Event; at 1400 px one row', async ({ page, eventbench }) => {
  const put = await fetch(`${eventbench.url}/api/workspace`, {
    method: 'PUT',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ sources: [{ id: 'site', name: 'Marketing site', kind: 'provesource', writeKey: 'site_key_2', destinations: ['freshsuccess'] }] }),
  });
  expect(put.status, await put.text()).toBe(200);
  for (const [width, height] of [[1000, 700], [1400, 900]] as const) {
    await page.setViewportSize({ width, height });
    await page.goto(eventbench.url);
    await page.getByRole('tab', { name: 'Composer' }).click();
    const sentAs = page.locator('.composer').getByLabel('Source', { exact: true });
    await expect(sentAs).toHaveValue('site');
    await expect(page.getByLabel('Saved drafts')).toContainText(/No saved drafts|Load draft/);
    const caption = page.locator('.drafts-caption');
    if (width === 1400) {
      await barIsOneRow(page, `${width} px with a source`);
      await expect(caption).toBeHidden();
    } else {
      const fields = await barControls(page, '> .bar-field, > .btn');
      const drafts = await barControls(page, '.drafts-bar > *');
      expect(spread(fields.map((c) => c.middle)), 'Profile, Sent as, Event and Fill with example: one row').toBeLessThanOrEqual(4);
      expect(spread(drafts.map((c) => c.middle)), 'the drafts controls: one row').toBeLessThanOrEqual(4);
      expect(drafts[0].middle - fields[0].middle, 'the drafts row under the fields').toBeGreaterThan(20);
      await expect(caption).toBeVisible();
      await expect(caption).toHaveText('Drafts');
      expect(Math.abs(drafts[0].left - fields[0].left), 'the drafts row starts where Profile does').toBeLessThanOrEqual(1);
      const right = Math.max(...(await page.locator('.drafts-bar > *').evaluateAll((els: any[]) => els.map((e) => e.getBoundingClientRect().right))));
      expect(right, 'the drafts controls end inside the window').toBeLessThanOrEqual(width);
    }
    // The chosen source's name reads whole in its list, and each other control's text too.
    expect(await sentAs.evaluate((e: any) => e.scrollWidth <= e.clientWidth + 1), `${width} px: "Marketing site" whole`).toBe(true);
    // The list is as wide as its longest option: the one for a source outside the workspace is
    // short ("another source"), so the list is no wider than "Marketing site" needs (or the
    // bar's minimum for a list).
    const fit = await sentAs.evaluate((e: any) => {
      const style = e.ownerDocument.defaultView.getComputedStyle(e);
      const context = e.ownerDocument.createElement('canvas').getContext('2d');
      context.font = style.font;
      return { list: e.getBoundingClientRect().width, name: context.measureText('Marketing site').width, least: parseFloat(style.minWidth) || 0 };
    });
    expect(fit.list, `${width} px: "Sent as" sized for the source names`).toBeLessThanOrEqual(Math.max(fit.least, fit.name + 48));
    expect(await placeholderCut(page.getByLabel('Draft name')), `${width} px: the Draft name placeholder whole`).toBeLessThanOrEqual(0);
    await page.screenshot({ path: `${screenshotDir}/composer-bar-with-source-${width}.png` });
  }
});

// The raw JSON editor does not wrap (its line numbers are the text's lines), and at 1000 px a long
// value ran past its right edge with nothing to show it: an overlay scrollbar appears only while
// scrolling, and the cut line read as the whole value. The edge with text past it now fades, the
// status line says how to scroll, and the line's end is reachable.
test('composer at 1000 px: a JSON line wider than the editor is marked at its cut edge and scrolls sideways to its end', async ({ page, eventbench }) => {
  await page.setViewportSize({ width: 1000, height: 700 });
  await page.goto(eventbench.url);
  await page.getByRole('tab', { name: 'Composer' }).click();
  const json = page.getByLabel('Message JSON');
  const frame = page.locator('.json-frame');
  const status = page.locator('.json-status');
  const fade = (side: 'before' | 'after') => page.locator('.json-text').evaluate((e: any, s) => e.ownerDocument.defaultView.getComputedStyle(e, `::${s}`).opacity, side);
  // At 1400 px the default message fits: no fade, no word about scrolling.
  await page.setViewportSize({ width: 1400, height: 900 });
  await expect(status).toHaveText('Valid JSON · edits here update the form');
  await expect(frame).not.toHaveClass(/more-right/);
  expect(await fade('after')).toBe('0');
  await page.screenshot({ path: `${screenshotDir}/composer-json-fits-1400.png` });
  // At 1000 px its messageId and timestamp lines are cut already: said at once, on the resize.
  await page.setViewportSize({ width: 1000, height: 700 });
  await expect(status).toContainText('long lines scroll sideways');

  const id = `customer-${'0123456789'.repeat(6)}-end`;
  await page.locator('[data-path="userId"]').fill(id);
  await expect(json).toHaveValue(new RegExp(id));
  await expect(status).toContainText('long lines scroll sideways');
  await expect(frame).toHaveClass(/more-right/);
  expect(await fade('after'), 'the right edge fades over the cut text').toBe('1');
  expect(await fade('before')).toBe('0');
  await page.screenshot({ path: `${screenshotDir}/composer-json-long-line-1000.png` });
  // The keyboard reaches the line's end: the box scrolls, the left edge fades, the right one no longer.
  const line = (await json.inputValue()).split('\n').findIndex((l) => l.includes(id));
  await json.evaluate((e: any, n) => {
    const lines = e.value.split('\n');
    const at = lines.slice(0, n + 1).join('\n').length;
    e.focus();
    e.setSelectionRange(at, at);
  }, line);
  await json.press('End');
  await expect(frame).toHaveClass(/more-left/);
  await expect(frame).not.toHaveClass(/more-right/);
  const end = await json.evaluate((e: any) => e.scrollLeft + e.clientWidth >= e.scrollWidth - 1);
  expect(end, 'scrolled to the end of the longest line').toBe(true);
  await page.screenshot({ path: `${screenshotDir}/composer-json-long-line-end-1000.png` });
  await page.setViewportSize({ width: 1400, height: 900 });
  await page.screenshot({ path: `${screenshotDir}/composer-json-long-line-1400.png` });
});
