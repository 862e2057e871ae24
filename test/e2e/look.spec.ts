// What a new user saw looking at each tab with realistic data: layout defects measured in the page.
import type { Locator } from '@playwright/test';
import { boxesOf, expect, previewExactEmails, screenshotDir, test } from './fixtures';

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

// A webhook row's Problems cell at 1400 px with the detail open holds about two short badges. The
// signature's neutral note came first ("not checked", "unsigned"), so the matching outcome, the
// point of a Product Fruits webhook, was the badge pushed onto the cell's hidden line: "not checked"
// hid "created", "unsigned" hid "by username". A signature that is a problem (bad, missing) still
// comes first; a neutral or good one now follows the outcome, and the cell's tooltip names all.
test('Inspector: a webhook row shows its matching outcome beside a neutral signature note, at 1400 and 1000 px with the detail open', async ({ page, eventbench }) => {
  const users = await fetch(`${eventbench.url}/api/users/import`, { method: 'POST', headers: { 'content-type': 'text/csv' }, body: 'id,username,email\nu-bob,bob,bob@example.com' });
  expect(users.status).toBe(200);
  const hook = (body: unknown, signature?: string) =>
    fetch(`${eventbench.url}/webhook/productfruits`, { method: 'POST', headers: { 'content-type': 'application/json', ...(signature ? { 'x-signature': signature } : {}) }, body: JSON.stringify(body) });
  // Signed, but the webhook has no secret: "not checked"; a new user: "created".
  expect((await hook({ type: 'identify', userId: 'yuki', traits: { email: 'yuki@example.com' } }, 'a'.repeat(40))).status).toBe(200);
  // No signature: "unsigned"; found by its userId: "by username".
  expect((await hook({ type: 'track', userId: 'bob', event: 'Order Completed' })).status).toBe(200);
  await page.setViewportSize({ width: 1400, height: 900 });
  await page.goto(eventbench.url);
  const list = page.getByRole('listbox', { name: 'Captured messages' });
  await expect(list.getByRole('option')).toHaveCount(2);
  await list.getByRole('option').first().click();
  await expect(page.getByRole('complementary', { name: 'Message detail' })).toBeVisible();
  for (const [width, height] of [[1400, 900], [1000, 700]]) {
    await page.setViewportSize({ width, height });
    for (const [who, outcome, note] of [['yuki', 'created', 'not checked'], ['bob', 'by username', 'unsigned']]) {
      const row = list.getByRole('option').filter({ hasText: who });
      const cell = row.locator('.c-badges');
      await expect(cell).toHaveAttribute('title', new RegExp(note));
      await expect(cell).toHaveAttribute('title', new RegExp(outcome));
      const at = `${width} px, ${who}'s "${outcome}"`;
      // The cell and its badge read in one go, polled until the list has laid itself out at the
      // new width (its columns follow a resize observer: read at once after the resize, the cell
      // could still have its old width).
      await expect
        .poll(
          () =>
            cell.evaluate((c: any, text: string) => {
              const box = c.getBoundingClientRect();
              const badge = [...c.querySelectorAll('.badge')].find((b: any) => b.textContent.includes(text));
              const b = badge.getBoundingClientRect();
              return { onTheCellsShownLine: b.top >= box.top - 0.5 && b.bottom <= box.bottom + 0.5, insideTheCell: b.right <= box.right + 0.5, whole: badge.scrollWidth <= badge.clientWidth };
            }, outcome),
          { message: at },
        )
        .toEqual({ onTheCellsShownLine: true, insideTheCell: true, whole: true });
    }
  }
});

// Next timeout followed the clock's last push, and the engine pushed the clock only when the clock
// was moved: a session that opened while the clock was paused left the button disabled ("No open
// session is waiting to time out"), and one that timed out while the clock ran left it enabled,
// where a click answered in red "no open session is waiting to time out (action)".
test('Sessions: Next timeout is enabled while a session is open and disabled once the last one timed out, without moving the clock by hand', async ({ page, eventbench }) => {
  await page.setViewportSize({ width: 1400, height: 900 });
  await page.goto(eventbench.url);
  await page.getByRole('tab', { name: 'Sessions' }).click();
  await page.getByRole('button', { name: 'Pause', exact: true }).click();
  const clock = page.getByRole('group', { name: 'Simulation clock' });
  await expect(clock).toContainText('Back to live');
  const next = page.getByRole('button', { name: 'Next timeout' });
  await expect(next).toBeDisabled();
  await eventbench.track({ anonymousId: 'anon-1', userId: 'ada', event: 'Invoice Opened', properties: { module: 'Billing' } });
  await expect(page.getByText('1 session · 1 open')).toBeVisible();
  await expect(next, 'a session opened while paused').toBeEnabled();
  // Ten simulated minutes a second: the session times out within about three seconds.
  await page.getByRole('button', { name: '600×' }).click();
  await expect(page.getByText('1 session · 0 open')).toBeVisible({ timeout: 10_000 });
  await expect(next, 'the only session timed out while the clock ran').toBeDisabled();
  await expect(page.getByRole('alert').filter({ hasText: '(action)' })).toHaveCount(0);
});

// The Webhooks tab asked for the names it had seen only after a 500 ms wait, so it first said
// "No webhooks configured yet" alone and then pushed that down with "Received, not configured".
// The empty state also said such requests are captured "unsigned", a word the inspector keeps for
// a request with no X-Signature (one that had one reads "not checked"). Both cards then said the
// signatures are not checked: it is said once, beside the names received (their Configure… sets a
// secret); the empty state says it only when no name has been received.
test('Webhooks: "Received, not configured" is there from the first frame with the empty state; that signatures are not checked is said once', async ({ page, eventbench }) => {
  await page.setViewportSize({ width: 1400, height: 900 });
  await page.goto(eventbench.url);
  await page.getByRole('tab', { name: 'Webhooks' }).click();
  const empty = page.getByText('No webhooks configured yet');
  await expect(empty).toBeVisible();
  const note = page.locator('.empty-state, .card').filter({ has: empty });
  await expect(note.first(), 'nothing received: the empty state says it').toContainText('their signatures not checked');
  await page.getByRole('tab', { name: /Inspector/ }).click();
  const res = await fetch(`${eventbench.url}/webhook/productfruits`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ type: 'identify', userId: 'ada' }) });
  expect(res.status).toBe(200);
  await page.goto(eventbench.url);
  await expect(page.getByRole('listbox', { name: 'Captured messages' }).getByRole('option')).toHaveCount(1);
  // Record every moment the empty state is on the page without the list of names seen.
  await page.evaluate(() => {
    const w = globalThis as any;
    w.__alone = 0;
    const check = () => {
      const text = w.document.body.textContent ?? '';
      if (text.includes('No webhooks configured yet') && !text.includes('Received, not configured')) w.__alone++;
    };
    new w.MutationObserver(check).observe(w.document.body, { childList: true, subtree: true, characterData: true });
  });
  await page.getByRole('tab', { name: 'Webhooks' }).click();
  const seen = page.getByRole('region', { name: 'Webhooks received but not configured' });
  await expect(seen).toContainText('productfruits');
  await expect(empty).toBeVisible();
  expect(await page.evaluate(() => (globalThis as any).__alone), 'the empty state showed alone first').toBe(0);
  await expect(note.first()).not.toContainText('unsigned');
  await expect(note.first()).not.toContainText('not checked');
  await expect(note.first()).toContainText('or configure a name received above');
  await expect(seen).toContainText('their signatures are not checked');
  await expect(page.getByRole('tabpanel').getByText(/not checked/)).toHaveCount(1);
  for (const [width, height] of [[1400, 900], [1000, 700]] as const) {
    await page.setViewportSize({ width, height });
    await page.screenshot({ path: `${screenshotDir}/webhooks-received-not-configured-${width}.png` });
  }
});

// The Import users dialog showed the browser's bare file control ("Choose File / No file chosen"),
// unlike the rest of the app (the Scenarios tab's "Open a file…" had been made a button in the
// app's style). It is now a button of the app's, and the chosen file's name is said beside it.
test('Matching: Import users picks a file with a button in the app\'s style, and names the file chosen', async ({ page, eventbench }) => {
  await page.setViewportSize({ width: 1000, height: 700 });
  await page.goto(eventbench.url);
  await page.getByRole('tab', { name: 'Matching' }).click();
  await page.getByRole('button', { name: 'Import users…' }).click();
  const dialog = page.getByRole('dialog', { name: 'Import users' });
  await expect(dialog.getByLabel('Users file')).not.toBeInViewport();
  const chooser = page.waitForEvent('filechooser');
  await dialog.getByRole('button', { name: 'Choose a file…' }).click();
  await (await chooser).setFiles({ name: 'crm-users.csv', mimeType: 'text/csv', buffer: Buffer.from('id,username,email\nu-ada,ada,ada@example.com\n') });
  await expect(dialog.getByLabel('Users to import')).toHaveValue(/u-ada,ada,ada@example.com/);
  await expect(dialog).toContainText('crm-users.csv');
  await expect(dialog.getByRole('button', { name: 'Choose a file…' })).toBeInViewport();
});

// The detail pane's Signature badge showed the check's status as the API spells it ("no-secret",
// "valid", "invalid", "missing") beside a row that says "not checked", "unsigned", "signed" or "bad
// signature": two names for one thing a click apart. The badge now says what the row says.
test('Inspector: the detail pane names a signature as its row does', async ({ page, eventbench }) => {
  const hook = (name: string, body: unknown, signature?: string) =>
    fetch(`${eventbench.url}/webhook/${name}`, { method: 'POST', headers: { 'content-type': 'application/json', ...(signature ? { 'x-signature': signature } : {}) }, body: JSON.stringify(body) });
  expect((await hook('productfruits', { type: 'track', userId: 'yuki', event: 'Signed, unchecked' }, 'b'.repeat(40))).status).toBe(200);
  expect((await hook('productfruits', { type: 'track', userId: 'bob', event: 'Unsigned' })).status).toBe(200);
  await page.setViewportSize({ width: 1400, height: 900 });
  await page.goto(eventbench.url);
  const list = page.getByRole('listbox', { name: 'Captured messages' });
  const detail = page.getByRole('complementary', { name: 'Message detail' });
  for (const [event, label] of [['Signed, unchecked', 'not checked'], ['Unsigned', 'unsigned']]) {
    const row = list.getByRole('option').filter({ hasText: event });
    await expect(row.locator('.badge[title*="X-Signature"]')).toHaveText(label);
    await row.click();
    const dd = detail.locator('dt', { hasText: /^Signature$/ }).locator('xpath=following-sibling::dd[1]');
    await expect(dd.locator('.badge')).toHaveText(label);
    await expect(dd).not.toContainText('no-secret');
    // The sentence after the badge does not say the badge's words again.
    expect((await dd.textContent())!.split(label).length - 1, `${event}: "${label}" said once`).toBe(1);
  }
});

// The detail pane's signature sentence broke "X-Signature" at its hyphen ("…had no X-" / "Signature
// header"), as the Webhooks tab's intro once did: the header name stays on one line.
test('Inspector: the signature sentence keeps X-Signature on one line at 1400 and 1000 px', async ({ page, eventbench }) => {
  // 102 window widths, each a resize and its two frames: 18 s here, past the 60 s default on a loaded machine.
  test.setTimeout(120_000);
  expect((await fetch(`${eventbench.url}/webhook/productfruits`, { method: 'POST', headers: { 'content-type': 'application/json', 'x-signature': 'c'.repeat(40) }, body: JSON.stringify({ type: 'track', userId: 'yuki', event: 'Came signed' }) })).status).toBe(200);
  expect((await fetch(`${eventbench.url}/webhook/productfruits`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ type: 'track', userId: 'bob', event: 'Unsigned' }) })).status).toBe(200);
  await page.goto(eventbench.url);
  const list = page.getByRole('listbox', { name: 'Captured messages' });
  const detail = page.getByRole('complementary', { name: 'Message detail' });
  for (const event of ['Came signed', 'Unsigned']) {
    await page.setViewportSize({ width: 1400, height: 800 });
    await list.getByRole('option').filter({ hasText: event }).click();
    const dd = detail.locator('dt', { hasText: /^Signature$/ }).locator('xpath=following-sibling::dd[1]');
    await expect(dd).toContainText('X-Signature');
    for (let width = 1000; width <= 1500; width += 10) {
      await page.setViewportSize({ width, height: 800 });
      // Every place the words "X-Signature" are laid out is one line box.
      const split = await dd.evaluate((e: any) => {
        const doc = e.ownerDocument;
        const walker = doc.createTreeWalker(e, 4);
        for (let n = walker.nextNode(); n; n = walker.nextNode()) {
          const text = n.textContent as string;
          for (let i = text.indexOf('X-Signature'); i >= 0; i = text.indexOf('X-Signature', i + 1)) {
            const range = doc.createRange();
            range.setStart(n, i);
            range.setEnd(n, i + 'X-Signature'.length);
            if (range.getClientRects().length > 1) return true;
          }
        }
        return false;
      });
      expect(split, `${event}, ${width} px: X-Signature split over two lines`).toBe(false);
    }
  }
});

// A new source's Write key field said "paste the key; only a masked form is kept", cut to "paste the
// key; only a masked forr" at 1000 px and shorter at 1400: the placeholder now fits its field.
test('Workspace: a new source\'s write key placeholder is whole at 1400 and 1000 px', async ({ page, eventbench }) => {
  for (const [width, height] of [[1400, 900], [1000, 700]]) {
    await page.setViewportSize({ width, height });
    await page.goto(eventbench.url);
    await page.getByRole('tab', { name: 'Workspace' }).click();
    await page.getByRole('button', { name: 'Add source' }).click();
    const key = page.getByLabel('Write key', { exact: true });
    await expect(key).toBeVisible();
    const fits = await key.evaluate((e: any) => {
      const g = globalThis as any;
      const style = g.getComputedStyle(e);
      const ctx = g.document.createElement('canvas').getContext('2d');
      ctx.font = `${style.fontSize} ${style.fontFamily}`;
      const room = e.clientWidth - parseFloat(style.paddingLeft) - parseFloat(style.paddingRight);
      return { text: e.placeholder, need: ctx.measureText(e.placeholder).width, room };
    });
    expect(fits.text, 'it still says the key is kept masked').toMatch(/mask/);
    expect(fits.need, `${width} px: "${fits.text}"`).toBeLessThanOrEqual(fits.room);
  }
});

// At 1000 px with the Settings panel open beside a decision's trace, the Decisions list had what
// was left of three panes (about 340 px): its rows read "To…" and "ada@e…". Below 1200 px the
// panel now lies over the trace's place instead of taking a column of its own, so the list keeps
// the width it has beside the trace alone, and every line of its rows is whole.
test('Matching: with Settings open and a trace open, the Decisions rows stay whole at 1000 and 1400 px', async ({ page, eventbench }) => {
  const users = await fetch(`${eventbench.url}/api/users/import`, { method: 'POST', headers: { 'content-type': 'text/csv' }, body: 'id,username,email\nu-ada,ada,ada@example.com\nu-bob,bob,bob@example.com\nu-zed,zed,zed@example.com' });
  expect(users.status).toBe(200);
  expect((await eventbench.post('/webhook/productfruits', [
    { type: 'identify', userId: 'ada', traits: { email: 'ada@example.com' } },
    { type: 'track', userId: 'zed', event: 'Tour Start', context: { traits: { email: 'zed@example.com' } } },
    { type: 'track', userId: 'bob', event: 'Order Completed' },
    // A conflict: its User cell has a second line, "over u-bob", which read "over u-…" at 1400 px.
    { type: 'identify', userId: 'bob', traits: { email: 'ada@example.com' } },
  ])).status).toBe(200);
  for (const [width, height] of [[1000, 700], [1100, 800], [1400, 900]]) {
    await page.setViewportSize({ width, height });
    await page.goto(eventbench.url);
    await page.getByRole('tab', { name: 'Matching' }).click();
    const list = page.getByRole('listbox', { name: 'Matching decisions' });
    await expect(list.getByRole('option')).toHaveCount(4);
    await list.getByRole('option').first().click();
    await expect(page.getByRole('complementary', { name: 'Decision trace' })).toBeVisible();
    const settings = page.getByRole('button', { name: 'Settings & what-if' });
    if ((await settings.getAttribute('aria-pressed')) !== 'true') await settings.click();
    const panel = page.getByRole('complementary', { name: 'Matching settings' });
    await expect(panel).toBeVisible();
    await page.screenshot({ path: `test-results/screenshots/matching-settings-trace-${width}.png` });
    // Read together, polled: the panel has just opened beside the list and the trace.
    await expect
      .poll(async () => {
        const [listBox, panelBox] = await boxesOf(page.locator('.decisions-split > .list-pane'), panel);
        return { panelRightOfList: panelBox.x >= listBox.x + listBox.width - 0.5, panelAtLeast300: panelBox.width >= 300 };
      }, { message: `${width} px: the panel starts right of the list and keeps room for its choices` })
      .toEqual({ panelRightOfList: true, panelAtLeast300: true });
    const cut = await list.locator('.d-what, .d-who, .d-user > span').evaluateAll((els: any[]) => els.filter((e) => e.scrollWidth > e.clientWidth).map((e) => e.textContent as string));
    expect(cut, `${width} px: lines of the decision rows cut`).toEqual([]);
  }
});

// Below 1200 px with Settings & what-if open, the trace goes under the decisions and takes the larger
// share of the height. With no decision picked that share held only "No decision selected": at
// 1000x700 about 300 px of hint under a list cut after three and a half of its four rows. Until a
// decision is picked there is no trace pane (as in the Inspector): a one-line hint, the list the rest.
test('Matching at 1000 px with Settings open and no decision picked: the list shows every row, the hint under it only its own height', async ({ page, eventbench }) => {
  expect((await eventbench.post('/webhook/productfruits', [
    { type: 'identify', userId: 'ada', traits: { email: 'ada@example.com' } },
    { type: 'track', userId: 'zed', event: 'Tour Start' },
    { type: 'track', userId: 'bob', event: 'Order Completed' },
    { type: 'identify', userId: 'bob', traits: { email: 'ada@example.com' } },
    { type: 'identify', userId: 'cy', traits: { email: 'cy@example.com' } },
  ])).status).toBe(200);
  await page.setViewportSize({ width: 1000, height: 700 });
  await page.goto(eventbench.url);
  await page.getByRole('tab', { name: 'Matching' }).click();
  const list = page.getByRole('listbox', { name: 'Matching decisions' });
  await expect(list.getByRole('option')).toHaveCount(5);
  const settings = page.getByRole('button', { name: 'Settings & what-if' });
  if ((await settings.getAttribute('aria-pressed')) !== 'true') await settings.click();
  await expect(page.getByRole('complementary', { name: 'Matching settings' })).toBeVisible();
  const trace = page.getByRole('complementary', { name: 'Decision trace' });
  await expect(trace).toHaveCount(0);
  const pickHint = page.locator('.decisions-pick-hint');
  await expect(pickHint).toHaveText("Pick a message to see, step by step, how Product Fruits' rule chose its user.");
  await page.screenshot({ path: `${screenshotDir}/matching-settings-no-pick-1000.png` });
  // Boxes read together and polled: the panes share the height anew as the settings panel opens.
  await expect.poll(async () => {
    const [listBox, last, hint] = await boxesOf(list, list.getByRole('option').last(), pickHint);
    return { lastInsideList: last.y + last.height <= listBox.y + listBox.height + 0.5, hintUnder60: hint.height < 60 };
  }, { message: 'the last decision inside the list, the hint under it less than 60 px high' }).toEqual({ lastInsideList: true, hintUnder60: true });
  // Once a decision is picked its trace has the larger share again.
  await list.getByRole('option').first().click();
  await expect(trace).toContainText('Looked for a user');
  await expect.poll(async () => {
    const [picked, listBox] = await boxesOf(trace, list);
    return picked.height > listBox.height;
  }, { message: 'the trace taller than the list once a decision is picked' }).toBe(true);
  await page.screenshot({ path: `${screenshotDir}/matching-settings-picked-1000.png` });
});

// Two decisions at 1400x900 and no decision picked: the rows at the top, "Pick a message to see…"
// 600 px below them, at the pane's foot over the footer. The hint now sits under the last row; the
// footer (its counts and Copy list) stays at the foot.
test('Matching with a short list and no decision picked: the hint is right under the last row, the footer at the foot, at 1400 and 1000 px', async ({ page, eventbench }) => {
  expect((await eventbench.post('/webhook/productfruits', [
    { type: 'identify', userId: 'ada', traits: { email: 'ada@example.com' } },
    { type: 'track', userId: 'bob', event: 'Tour Finished' },
  ])).status).toBe(200);
  for (const [width, height] of [[1400, 900], [1000, 700]] as const) {
    await page.setViewportSize({ width, height });
    await page.goto(eventbench.url);
    await page.getByRole('tab', { name: 'Matching' }).click();
    const list = page.getByRole('listbox', { name: 'Matching decisions' });
    await expect(list.getByRole('option')).toHaveCount(2);
    const last = (await list.getByRole('option').last().boundingBox())!;
    const hint = (await page.locator('.decisions-pick-hint').boundingBox())!;
    expect(hint.y - (last.y + last.height), `${width} px: the hint under the last row`).toBeLessThan(4);
    expect(hint.y - (last.y + last.height)).toBeGreaterThanOrEqual(-0.5);
    const footer = (await page.locator('.list-pane > .list-footer').boundingBox())!;
    expect(footer.y + footer.height, `${width} px: the footer at the window's foot`).toBeGreaterThanOrEqual(height - 2);
    await page.screenshot({ path: `${screenshotDir}/matching-short-list-${width}.png` });
  }
});

// The what-if's directory difference listed an added user as "+ new-1 someone-else · Ada@Example.com":
// which was the username was left to guess, and the email's surrounding space hid. Each field is now
// named, and wraps whole: in the 1000 px panel `email: " Ada@Example.com "` broke at its first space,
// the opening quote alone at a line's end.
test('Matching what-if: an added user\'s username and email are named, each field on one line, at 1000 and 1400 px', async ({ page, eventbench }) => {
  expect((await fetch(`${eventbench.url}/api/users/import`, { method: 'POST', body: 'id,username,email\nu-ada,ada-l,ada@example.com\n' })).status).toBe(200);
  expect((await eventbench.post('/webhook/productfruits', { type: 'identify', userId: 'someone-else', traits: { email: ' Ada@Example.com ' } })).status).toBe(200);
  for (const [width, height] of [[1000, 700], [1400, 900]]) {
    await page.setViewportSize({ width, height });
    const side = await previewExactEmails(page, eventbench.url);
    const added = side.getByRole('listitem').filter({ hasText: '+ new-' });
    await expect(added).toContainText('username: someone-else · email: " Ada@Example.com "');
    await added.scrollIntoViewIfNeeded();
    await page.screenshot({ path: `${screenshotDir}/matching-what-if-added-${width}.png` });
    for (const field of await added.locator('.diff-field').all()) {
      const lines = await field.evaluate((e: any) => e.getClientRects().length === 1 && e.getBoundingClientRect().height < parseFloat(e.ownerDocument.defaultView.getComputedStyle(e).lineHeight) * 1.5);
      expect(lines, `${width} px: "${await field.textContent()}" on one line`).toBe(true);
    }
    await side.getByLabel('ignore case and surrounding space').check();
  }
});

// Import users opened with a paragraph, whose own 1em margin put its text about 45 px under the
// title where Clear… (plain text) had 24: the dialogs' spacing is the dialog's gap alone.
test('Dialogs: the body starts as far under the title in Import users as in Clear…, at 1400 and 1000 px', async ({ page, eventbench }) => {
  await eventbench.track({ userId: 'u-1', event: 'Order Completed' });
  const titleToText = () =>
    page.getByRole('dialog').evaluate((d: any) => {
      const title = d.querySelector('.dialog-title').getBoundingClientRect();
      const range = d.ownerDocument.createRange();
      range.selectNodeContents(d.querySelector('.dialog-body'));
      return range.getClientRects()[0].top - title.bottom;
    });
  for (const [width, height] of [[1400, 900], [1000, 700]]) {
    await page.setViewportSize({ width, height });
    await page.goto(eventbench.url);
    await page.getByRole('button', { name: 'Clear…' }).click();
    await expect(page.getByRole('dialog', { name: 'Clear all captured messages?' })).toBeVisible();
    const clear = await titleToText();
    await page.getByRole('button', { name: 'Cancel' }).click();
    await page.getByRole('tab', { name: 'Matching' }).click();
    await page.getByRole('button', { name: 'Import users…' }).first().click();
    await expect(page.getByRole('dialog', { name: 'Import users' })).toBeVisible();
    const users = await titleToText();
    await page.screenshot({ path: `${screenshotDir}/dialog-import-users-${width}.png` });
    expect(Math.abs(users - clear), `${width} px: title to text, Import users ${users} px, Clear… ${clear} px`).toBeLessThanOrEqual(2);
  }
});

// The Directory's two export buttons were joined into one control ("Export JSON" and "CSV"
// sharing a border), which read as two buttons touching. They are now apart, after an "Export"
// label, and the toolbar stays one row beside the Settings panel.
test('Matching directory: the export buttons stand apart, the toolbar one row, at 1400 and 1000 px with Settings open', async ({ page, eventbench }) => {
  expect((await fetch(`${eventbench.url}/api/users/import`, { method: 'POST', body: 'id,username,email\nu-ada,ada,ada@example.com\n' })).status).toBe(200);
  for (const [width, height] of [[1400, 900], [1000, 700]]) {
    await page.setViewportSize({ width, height });
    await page.goto(eventbench.url);
    await page.getByRole('tab', { name: 'Matching' }).click();
    await page.getByRole('tab', { name: /Directory/ }).click();
    const settings = page.getByRole('button', { name: 'Settings & what-if' });
    if ((await settings.getAttribute('aria-pressed')) !== 'true') await settings.click();
    await expect(page.getByRole('complementary', { name: 'Matching settings' })).toBeVisible();
    await expect(page.locator('.directory .filter-count')).toHaveText('1 user');
    const group = page.getByRole('group', { name: 'Export the directory' });
    await expect(group).toContainText('Export');
    // Read together, polled: the settings panel has just opened beside the directory.
    await expect
      .poll(async () => {
        const [json, csv] = await boxesOf(group.getByRole('button', { name: 'Export JSON' }), group.getByRole('button', { name: 'Export CSV' }));
        return csv.x - (json.x + json.width);
      }, { message: `${width} px: space between the export buttons` })
      .toBeGreaterThanOrEqual(4);
    const bar = page.locator('.directory .filter-bar');
    const tops = await bar.locator('> *').evaluateAll((els: any[]) => els.filter((e) => e.offsetParent !== null).map((e) => { const r = e.getBoundingClientRect(); return Math.round(r.top + r.height / 2); }));
    expect(Math.max(...tops) - Math.min(...tops), `${width} px: the toolbar is one row`).toBeLessThanOrEqual(4);
    await expect
      .poll(async () => {
        const [barBox, reset] = await boxesOf(bar, page.getByRole('button', { name: 'Reset' }));
        return reset.x + reset.width - (barBox.x + barBox.width);
      }, { message: `${width} px: px of Reset past the bar's end` })
      .toBeLessThanOrEqual(0.5);
    await page.screenshot({ path: `test-results/screenshots/directory-export-${width}.png` });
  }
});

// A session of one message (or of messages a few ms apart) is drawn 6 px wide, the bar's minimum,
// but its label after it was placed at the session's end time: it touched the bar ("▌timed out · 0 s").
test('Sessions: the label after a zero-length session stands clear of its bar at 1400 and 1000 px', async ({ page, eventbench }) => {
  // Forty minutes ago: timed out, in the default one-hour window, its label after it.
  await eventbench.track({ anonymousId: 'one-message', userId: 'ada', event: 'Invoice Opened', properties: { module: 'Billing' }, originalTimestamp: new Date(Date.now() - 40 * 60_000).toISOString() });
  await page.goto(eventbench.url);
  await page.getByRole('tab', { name: 'Sessions' }).click();
  const session = page.locator('[data-session="one-message#1"]');
  for (const [width, height] of [[1400, 900], [1000, 700]]) {
    await page.setViewportSize({ width, height });
    const label = session.locator('.session-label');
    await expect(label).toHaveText('timed out · 0 s');
    // Polled, the bar and its label read together: the lane lays out a task after a resize.
    await expect.poll(async () => {
      const [bar, text] = await boxesOf(session.locator('.session-bar'), label);
      return { barWidthAtLeast6: bar.width >= 6, gapAtLeast4: text.x - (bar.x + bar.width) >= 4 };
    }, { message: `${width} px: the bar's minimum width, the gap between the bar and its label` }).toEqual({ barWidthAtLeast6: true, gapAtLeast4: true });
    await page.screenshot({ path: `test-results/screenshots/session-label-gap-${width}.png` });
  }
});

// A delivery's row said what and where on one line, cut at the column's edge at 1400 px as at
// 1000: 'track "Export Report" → lo…'. What is sent and where now take a line each, the target whole.
test('Composer: a delivery row names the message and its whole target at 1400 and 1000 px', async ({ page, eventbench }) => {
  const receiverUrl = eventbench.url;
  await page.setViewportSize({ width: 1400, height: 900 });
  await page.goto(eventbench.url);
  await page.getByRole('tab', { name: 'Composer' }).click();
  await page.getByRole('button', { name: 'Send', exact: true }).click();
  await page.getByRole('radio', { name: 'Webhook' }).click();
  await page.getByRole('button', { name: 'Send', exact: true }).click();
  const rows = page.locator('.delivery');
  await expect(rows).toHaveCount(2);
  await expect(rows.nth(0)).toContainText('delivered');
  await expect(rows.nth(1)).toContainText('delivered');
  await expect(rows.locator('.delivery-target')).toHaveText([`track "Goal Completed" → ${receiverUrl}/webhook/product-fruits`, 'track "Goal Completed" → local receiver']);
  for (const [width, height] of [[1400, 900], [1000, 700]]) {
    await page.setViewportSize({ width, height });
    // Each target whole and under its state badge (not squeezed beside it), the target and its
    // badge read in one go, polled after the resize.
    const targetFaults = () =>
      page.locator('.delivery-target').evaluateAll((els: any[], w: number) =>
        els.flatMap((e: any) => [
          ...(e.scrollWidth <= e.clientWidth && e.scrollHeight <= e.clientHeight + 1 ? [] : [`${w} px: ${e.textContent} not whole`]),
          ...(e.getBoundingClientRect().y >= e.parentElement.querySelector('.badge').getBoundingClientRect().bottom - 1 ? [] : [`${w} px: ${e.textContent} not below the badge`]),
        ]),
      width);
    await expect.poll(targetFaults).toEqual([]);
    await page.screenshot({ path: `test-results/screenshots/deliveries-${width}.png` });
  }
});

// In the detail pane at 1400 px, a finding's path stood beside its message and took half the row:
// the message wrapped every few words into a tall column. The message now has the row's width beside
// its badge; the path and the rule id go under it.
test('Inspector: a finding\'s message has the row beside its badge, the path under it, at 1400 and 1000 px', async ({ page, eventbench }) => {
  await eventbench.track({ userId: 'visitor-8', event: 'Notification Clicked', properties: { notificationID: 'n-43' } });
  await page.goto(eventbench.url);
  await page.getByRole('listbox', { name: 'Captured messages' }).getByRole('option', { name: /Notification Clicked/ }).click();
  const detail = page.getByRole('complementary', { name: 'Message detail' });
  const findings = detail.locator('.finding');
  for (const [width, height] of [[1400, 900], [1000, 700]]) {
    await page.setViewportSize({ width, height });
    await expect(findings.nth(1), 'more than one finding').toBeVisible();
    // Every finding's row, badge, message and path read in one go, polled: the pane lays out anew
    // after the resize, and boxes taken in separate awaits could be of two layouts.
    const findingFaults = () =>
      findings.evaluateAll((els: any[], w: number) =>
        els.flatMap((f: any, i: number) => {
          const box = (s: string) => f.querySelector(s)?.getBoundingClientRect();
          const row = f.getBoundingClientRect();
          const [badge, msg, path] = [box('.badge'), box('.finding-msg'), box('code.path')];
          return [
            ...(msg.right > row.right - 4 ? [] : [`${w} px, finding ${i}: the message does not reach the row's end`]),
            ...(msg.left - badge.right < 12 ? [] : [`${w} px, finding ${i}: the message not right after its badge`]),
            ...(!path || path.top >= msg.bottom - 1 ? [] : [`${w} px, finding ${i}: the path not under the message`]),
          ];
        }),
      width);
    await expect.poll(findingFaults).toEqual([]);
    await page.screenshot({ path: `test-results/screenshots/finding-rows-${width}.png` });
  }
});

// The send panel's hints are paragraphs: their default margins on top of the panel's 10 px gap
// left a blank line above "Through analytics-node…" and under the shared secret.
test('Composer: the send panel\'s hints sit at the panel\'s gap from the control above them, at 1400 and 1000 px', async ({ page, eventbench }) => {
  await page.goto(eventbench.url);
  await page.getByRole('tab', { name: 'Composer' }).click();
  const panel = page.locator('.send-panel');
  for (const [width, height] of [[1400, 900], [1000, 700]]) {
    await page.setViewportSize({ width, height });
    await page.getByRole('radio', { name: 'Local' }).click();
    // The panel of the target just picked (not the Webhook one of the round before), then each pair
    // of boxes read in one go, polled.
    await expect(panel.locator('#hook-secret-hint')).toHaveCount(0);
    const gapUnder = async (above: Locator, below: Locator) => {
      const [a, b] = await boxesOf(above, below);
      return b.y - (a.y + a.height);
    };
    await expect.poll(() => gapUnder(page.getByRole('radiogroup', { name: 'Send to' }), panel.locator('p.hint').first()), { message: `${width} px: above the Local hint` }).toBeLessThanOrEqual(12);
    await page.getByRole('radio', { name: 'Webhook' }).click();
    await expect.poll(() => gapUnder(page.getByLabel('Shared secret'), panel.locator('#hook-secret-hint')), { message: `${width} px: under the shared secret` }).toBeLessThanOrEqual(12);
    await page.screenshot({ path: `test-results/screenshots/send-panel-hints-${width}.png` });
  }
});

// The Sessions filters at 1400 px with six modules: the legend wrapped alone onto a second row of
// the filter bar, right-aligned under nothing. The count and the legend now go together: beside the
// filters when both fit, else on their own row, count left, legend right (with the User filter and
// Copy sessions, two modules at 1400 px no longer fit beside the filters: their own row).
test('Sessions: the module legend is never alone on a filter row, at 1400 and 1000 px', async ({ page, eventbench }) => {
  // The filter bar's pieces read in one go, polled: the count's text (and so what fits on a row)
  // changes as the sessions load.
  const barLayout = () =>
    page.evaluate(() => {
      const box = (selector: string) => (globalThis as any).document.querySelector(selector).getBoundingClientRect();
      const centreY = (b: { y: number; height: number }) => b.y + b.height / 2;
      const [window, count, legend, bar] = ['.sessions-filters label:has(select)', '[data-testid="sessions-count"]', '.legend', '.sessions-filters'].map(box);
      return {
        legendOnCountsRow: Math.abs(centreY(legend) - centreY(count)) < 4,
        legendAtRight: bar.x + bar.width - (legend.x + legend.width) < 20,
        // When on a row of its own, the count starts at the bar's left.
        countBesideFiltersOrAtLeft: Math.abs(centreY(count) - centreY(window)) < 4 || count.x - bar.x < 20,
      };
    });
  const modules = ['Billing', 'Reports', 'Settings', 'Onboarding', 'Dashboard', 'User management'];
  for (const [i, module] of modules.entries()) {
    // Two modules first, then all six.
    await eventbench.track({ anonymousId: `visitor-${i % 3}`, userId: `user-${i % 3}`, event: `Opened ${module}`, properties: { module } });
    if (i !== 1 && i !== modules.length - 1) continue;
    for (const [width, height] of [[1400, 900], [1000, 700]]) {
      await page.setViewportSize({ width, height });
      await page.goto(eventbench.url);
      await page.getByRole('tab', { name: 'Sessions' }).click();
      await expect(page.getByLabel('Modules').locator('.legend-item')).toHaveCount(i + 1);
      const what = `${width} px, ${i + 1} modules`;
      await expect.poll(barLayout, { message: what }).toEqual({ legendOnCountsRow: true, legendAtRight: true, countBesideFiltersOrAtLeft: true });
    }
  }
});

// With no row selected the detail pane kept its full width (38% of the window) to say "No message
// selected", and the list beside it was cramped: its origin and problems cut. The list now takes
// the room and the selection bar says how to open a message; the pane comes back on a click, at
// its width, and goes again on Esc.
test('Inspector: with no message selected the list has the whole width, the pane comes with a selection', async ({ page, eventbench }) => {
  await eventbench.track({ userId: 'user-1001', event: 'Notification Viewed', properties: { notificationId: 'n-77' } });
  await eventbench.post('/v1/page', { type: 'page', anonymousId: 'anon-5f2c', name: 'Pricing' });
  for (const [width, height] of [[1400, 900], [1000, 700]]) {
    await page.setViewportSize({ width, height });
    await page.goto(eventbench.url);
    const list = page.getByRole('listbox', { name: 'Captured messages' });
    await expect(list.getByRole('option')).toHaveCount(2);
    const detail = page.getByRole('complementary', { name: 'Message detail' });
    await expect(detail).toHaveCount(0);
    expect((await list.boundingBox())!.width, `${width} px: the list's width`).toBeGreaterThan(width - 20);
    const bar = page.getByRole('toolbar', { name: 'Selected messages' });
    await expect(bar).toContainText('No message selected · click a row or use ↑ ↓ to open its detail');
    await expect(bar.locator('.hint'), `${width} px: the hint shown`).toBeVisible();
    await page.screenshot({ path: `${screenshotDir}/inspector-nothing-selected-${width}.png` });

    await list.getByRole('option').first().click();
    await expect(detail).toBeVisible();
    // The pane and the list read together, polled: the list narrows as the pane opens.
    await expect.poll(async () => {
      const [pane, listBox] = await boxesOf(detail, list);
      return { paneAtLeast320: pane.width >= 320, listBesidePane: listBox.width < width - pane.width };
    }, { message: `${width} px: the pane's width, the list beside it` }).toEqual({ paneAtLeast320: true, listBesidePane: true });
    await page.keyboard.press('Escape');
    await expect(detail).toHaveCount(0);
  }
});

// The quiet partner note ("Freshsuccess: 1 error; ProveSource: 1 warning", every row of a
// ProveSource source before a workspace is set) was cut with an ellipsis where its cell ended:
// "ProveSource, Freshsuccess: 1 er…" at 1000 px, "ProveSource, Freshsucc…" at 1366 px with the
// detail open. It shows the whole pieces that fit (a name, then its counts); its tooltip has them all.
test('Inspector: the quiet partner note shows whole names and counts, never one cut mid-word, at 1000, 1366 and 1920 px', async ({ page, eventbench }) => {
  const batch = Array.from({ length: 4 }, (_, i) => ({ type: 'track', anonymousId: `ps-visitor-${i}`, event: i % 2 ? 'Goal Completed' : 'Notification Viewed', properties: { notificationId: `n-${i}` } }));
  expect((await eventbench.post('/v1/batch', { batch })).status).toBe(200);
  await page.goto(eventbench.url);
  const list = page.getByRole('listbox', { name: 'Captured messages' });
  await expect(list.getByRole('option')).toHaveCount(4);
  const detail = page.getByRole('complementary', { name: 'Message detail' });
  let shown = 0;
  for (const [width, height] of [[1000, 700], [1366, 768], [1920, 1080]]) {
    await page.setViewportSize({ width, height });
    for (const open of [false, true]) {
      if (open) await list.getByRole('option').first().click();
      else if (await detail.isVisible()) await page.keyboard.press('Escape');
      await expect(detail).toBeVisible({ visible: open });
      for (let i = 0; i < 4; i++) {
        const row = list.getByRole('option').nth(i);
        const quiet = row.locator('.finding-quiet');
        await expect(quiet).toHaveAttribute('title', /ProveSource/);
        // The cell's box and the note's read in one go (the list's columns follow a resize observer
        // and the detail pane has just opened or closed), polled until the note is whole.
        const read = () =>
          quiet.evaluate((e: any) => {
            const bottom = e.closest('[role=option]').querySelector('.c-badges').getBoundingClientRect().bottom;
            const r = e.getBoundingClientRect();
            if (r.top >= bottom - 0.5) return { shown: false, text: '', cut: false };
            // What is on the cell's line, and whether any of it is cut.
            const parts = e.children.length > 0 ? [...e.children] : [e];
            const onLine = parts.filter((p: any) => p.getBoundingClientRect().top < r.top + 1);
            return { shown: true, text: onLine.map((p: any) => p.textContent).join(''), cut: onLine.some((p: any) => p.scrollWidth > p.clientWidth + 0.5) };
          });
        let seen = await read();
        // Each partner with its own counts, one with errors first: "Freshsuccess: 1 error; ProveSource: 1 warning".
        await expect
          .poll(async () => {
            seen = await read();
            return { cut: seen.cut, text: seen.shown ? seen.text : '(not shown)' };
          }, { message: `${width} px${open ? ', detail open' : ''}, row ${i}` })
          .toEqual({ cut: false, text: expect.stringMatching(/^\(not shown\)$|^(ProveSource|Freshsuccess)(: \d+ (errors?|warnings?)( · \d+ warnings?)?(; (ProveSource|Freshsuccess)(: \d+ (errors?|warnings?)( · \d+ warnings?)?)?)?)?$/) });
        if (seen.shown) shown++;
      }
    }
  }
  expect(shown, 'the note is shown where the cell has room').toBeGreaterThan(8);
});

// Narrow layouts cut ids: the three-pane Matching view (decisions, trace, settings) showed a
// conflict's "over PF-1002" as "over PF-10…", and a trace sentence broke "User PF-1002" after its
// hyphen, "PF-" at a line's end and "1002" on the next. An id is whole in the User column at 1000,
// 1366 and 1920 px, and a trace sentence never breaks inside one, whatever the pane's width.
test('Matching: ids are whole, in the User column beside the trace and the settings, and in the trace sentences at any width', async ({ page, eventbench }) => {
  const csv = ['Id,Username,Email', 'PF-1001,jane.doe,jane@acme.com', 'PF-1002,jdoe,john@acme.com', ''].join('\n');
  expect((await fetch(`${eventbench.url}/api/users/import`, { method: 'POST', body: csv })).status).toBe(200);
  await fetch(`${eventbench.url}/api/matching/settings`, { method: 'PUT', body: JSON.stringify({ scope: 'webhook-and-tracking' }) });
  for (const m of [
    { type: 'identify', anonymousId: 'laptop', userId: 'jdoe', traits: { email: 'Jane@Acme.com ' } }, // #1 PF-1001, a conflict over PF-1002
    { type: 'track', anonymousId: 'laptop', userId: 'jdoe', event: 'Report Viewed' }, // #2 PF-1002
    { type: 'identify', anonymousId: 'john', userId: 'john.doe', traits: { email: 'john@acme.com' } }, // #3 renames PF-1002
    { type: 'track', anonymousId: 'laptop', userId: 'jdoe', event: 'Dashboard Viewed' }, // #4: "User PF-1002 (…) had it until message #3…"
  ]) await eventbench.track(m);
  for (const [width, height] of [[1000, 700], [1366, 768], [1920, 1080]]) {
    await page.setViewportSize({ width, height });
    await page.goto(eventbench.url);
    await page.getByRole('tab', { name: 'Matching' }).click();
    const list = page.getByRole('listbox', { name: 'Matching decisions' });
    await expect(list.getByRole('option')).toHaveCount(4);
    await list.getByRole('option').filter({ hasText: 'Dashboard Viewed' }).click();
    const trace = page.getByRole('complementary', { name: 'Decision trace' });
    await expect(trace.getByRole('list', { name: 'Trace steps' })).toContainText('User PF-1002');
    const settings = page.getByRole('button', { name: 'Settings & what-if' });
    if ((await settings.getAttribute('aria-pressed')) !== 'true') await settings.click();
    await expect(page.getByRole('complementary', { name: 'Matching settings' })).toBeVisible();
    await expect(list.locator('.d-over')).toHaveText('over PF-1002');
    const cut = await list.locator('.d-user > span').evaluateAll((els: any[]) => els.filter((e) => e.scrollWidth > e.clientWidth).map((e) => e.textContent as string));
    expect(cut, `${width} px: User cells cut`).toEqual([]);
    await page.screenshot({ path: `test-results/screenshots/matching-ids-whole-${width}.png` });
  }
  // The trace pane from 260 to 520 px wide, 3 px at a time: every id of its sentences on one line.
  const brokenIds = () => page.getByRole('list', { name: 'Trace steps' }).evaluate((ol: any) => {
    const pane = ol.closest('.trace-pane');
    const found: string[] = [];
    for (let w = 260; w <= 520; w += 3) {
      pane.style.width = `${w}px`;
      pane.style.maxWidth = `${w}px`;
      const walker = ol.ownerDocument.createTreeWalker(ol, 4 /* NodeFilter.SHOW_TEXT */);
      for (let node = walker.nextNode(); node; node = walker.nextNode()) {
        for (const m of (node.textContent as string).matchAll(/(PF-100\d|new-\d+)/g)) {
          const range = ol.ownerDocument.createRange();
          range.setStart(node, m.index);
          range.setEnd(node, m.index + m[0].length);
          const tops = new Set([...range.getClientRects()].map((r: any) => Math.round(r.top)));
          if (tops.size > 1) found.push(`${m[0]} at ${w} px`);
        }
      }
    }
    // The pane's own width again (the sweep left it at its last width: the trace drawn cut off at 1000 px).
    pane.style.width = '';
    pane.style.maxWidth = '';
    return found;
  });
  expect(await brokenIds(), 'ids broken across lines in the trace').toEqual([]);
  // #3, the rename itself, says what `jdoe` no longer leads to (#4 is where it bit); its ids whole too.
  await page.setViewportSize({ width: 1400, height: 900 });
  await page.getByRole('listbox', { name: 'Matching decisions' }).locator('[data-seq="3"]').click();
  const steps = page.getByRole('list', { name: 'Trace steps' });
  await expect(steps).toContainText('From here on, userId jdoe no longer leads to user PF-1002 (its username is john.doe now)');
  await page.screenshot({ path: 'test-results/screenshots/matching-rename-trace-1400.png' });
  expect(await brokenIds(), 'ids broken across lines in the rename trace').toEqual([]);
  // At 1000 px the settings panel lies over the trace: closed, the trace is read.
  await page.setViewportSize({ width: 1000, height: 700 });
  await page.getByRole('button', { name: 'Settings & what-if' }).click();
  await expect(page.getByRole('complementary', { name: 'Matching settings' })).toBeHidden();
  await expect(steps).toBeVisible();
  await expect(steps).toContainText('no longer leads to user PF-1002');
  await page.screenshot({ path: 'test-results/screenshots/matching-rename-trace-1000.png' });
});

// The inspector list showed an identify's `Jane@Acme.com ` as "Jane@Acme.com": its trailing space,
// often why an email finds no user, was invisible. The row quotes the value and marks the space;
// the quotes are drawn by CSS, so selecting the cell copies the value, character for character.
test('Inspector: a value with a trailing space shows it, quoted and marked, and copies as it is, at 1000, 1366 and 1920 px', async ({ page, eventbench }) => {
  await eventbench.track({ type: 'identify', userId: 'jdoe', traits: { email: 'Jane@Acme.com ' } });
  await eventbench.track({ type: 'identify', userId: ' jdoe', traits: { email: 'john@acme.com' } });
  for (const [width, height] of [[1000, 700], [1366, 768], [1920, 1080]]) {
    await page.setViewportSize({ width, height });
    await page.goto(eventbench.url);
    const list = page.getByRole('listbox', { name: 'Captured messages' });
    await expect(list.getByRole('option')).toHaveCount(2);
    const jane = list.getByRole('option').filter({ hasText: 'Jane@Acme.com' });
    const name = jane.locator('.c-name');
    await expect(name).toHaveAttribute('title', '"Jane@Acme.com " (1 space after it)');
    const space = name.locator('.edge-ws');
    await expect(space).toHaveText(' ', { useInnerText: true });
    const box = (await space.boundingBox())!;
    expect(box.width, `${width} px: the trailing space takes room`).toBeGreaterThan(2);
    const quotes = await name.locator('.edge-spaced').evaluate((e: any) => [e.ownerDocument.defaultView.getComputedStyle(e, '::before').content, e.ownerDocument.defaultView.getComputedStyle(e, '::after').content]);
    expect(quotes).toEqual(['"\\""', '"\\""']);
    // The whole value shows (the closing quote included), not cut by the column.
    expect(await name.evaluate((e: any) => e.scrollWidth <= e.clientWidth), `${width} px: whole`).toBe(true);
    // Selected and copied: the value itself, no quotes.
    const selected = await name.evaluate((e: any) => {
      const range = e.ownerDocument.createRange();
      range.selectNodeContents(e);
      const sel = e.ownerDocument.getSelection();
      sel.removeAllRanges();
      sel.addRange(range);
      return sel.toString();
    });
    expect(selected).toBe('Jane@Acme.com ');
    // A userId with a space before it, in the identity column.
    const john = list.getByRole('option').filter({ hasText: 'john@acme.com' });
    await expect(john.locator('.c-id')).toHaveAttribute('title', '" jdoe" (1 space before it)');
    await expect(john.locator('.c-id .edge-ws')).toHaveCount(1);
    await expect(john.locator('.c-name .edge-ws')).toHaveCount(0);
    await page.evaluate(() => (globalThis as any).getSelection().removeAllRanges());
    await page.screenshot({ path: `test-results/screenshots/inspector-edge-space-${width}.png` });
  }
  // The detail's "Who" line marks it too.
  await page.getByRole('listbox', { name: 'Captured messages' }).getByRole('option').filter({ hasText: 'Jane@Acme.com' }).click();
  const who = page.getByRole('complementary', { name: 'Message detail' }).locator('.summary-grid .edge-spaced');
  await expect(who).toHaveCount(1);
  await expect(who).toHaveText('Jane@Acme.com ', { useInnerText: true });
});

// Most bars in a real log are sessions that timed out, and they were drawn at 55% opacity: the
// module colours, each 3:1 or more on the lanes' white, faded to 1.9–2.8:1 (Billing's green, Reports'
// rose): the colours the legend names were hard to see and harder to tell apart. An open session
// is told by its dashed tail up to its timeout and its "times out in …" label, as before.
test('Sessions: a timed-out session keeps its module colours at 3:1 on the lane', async ({ page, eventbench }) => {
  const t0 = Date.parse('2026-05-01T10:00:00Z');
  const at = (min: number) => new Date(t0 + min * 60_000).toISOString();
  await fetch(`${eventbench.url}/api/clock`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ action: 'set', to: t0 + 50 * 60_000 }) });
  const modules = ['Billing', 'Reports', 'Dashboard', 'Settings', 'Admin'];
  await eventbench.post('/v1/batch', {
    batch: [...modules.map((module, i) => ({ type: 'track', anonymousId: 'visitor-1', event: 'Seen', properties: { module }, originalTimestamp: at(i * 3) })), { type: 'track', anonymousId: 'visitor-2', event: 'Seen', properties: { module: 'Billing' }, originalTimestamp: at(45) }],
  });
  for (const [width, height] of [[1400, 900], [1000, 700]]) {
    await page.setViewportSize({ width, height });
    await page.goto(eventbench.url);
    await page.getByRole('tab', { name: 'Sessions' }).click();
    const old = page.locator('[data-session="visitor-1#1"]');
    await expect(old).toHaveAttribute('data-state', 'timedOut');
    await expect(page.locator('[data-session="visitor-2#1"]')).toHaveAttribute('data-state', 'open');
    const ratios = await old.locator('.session-seg').evaluateAll((segs) =>
      segs.map((seg: any) => {
        const w = seg.ownerDocument.defaultView;
        let alpha = 1;
        for (let e = seg; e && !e.classList.contains('lane'); e = e.parentElement) alpha *= Number(w.getComputedStyle(e).opacity);
        const rgb = (c: string) => c.match(/[\d.]+/g)!.slice(0, 3).map(Number);
        const lane = rgb(w.getComputedStyle(seg.closest('.timeline')).backgroundColor);
        const fg = rgb(w.getComputedStyle(seg).backgroundColor).map((v, i) => v * alpha + lane[i] * (1 - alpha));
        const lum = (c: number[]) => c.map((v) => ((v /= 255) <= 0.03928 ? v / 12.92 : ((v + 0.055) / 1.055) ** 2.4)).reduce((s, v, i) => s + v * [0.2126, 0.7152, 0.0722][i], 0);
        const [hi, lo] = [lum(fg), lum(lane)].sort((a, b) => b - a);
        return `${seg.title.split(':')[0]} ${((hi + 0.05) / (lo + 0.05)).toFixed(2)}`;
      }),
    );
    expect(ratios.length, `${width} px`).toBe(4); // the last message's module has no time
    for (const r of ratios) expect(Number(r.split(' ').pop()), `${width} px: ${r}`).toBeGreaterThanOrEqual(3);
    await page.screenshot({ path: `${screenshotDir}/sessions-timed-out-${width}.png` });
  }
});

// The detail pane's forwarding line put the state's detail after a "·" on the same line; at 1000 px
// it wrapped, and the next line began with the dot (" · no write key to forward with"). The detail
// now has a line of its own under the state, at every width, without the dot.
test('Inspector: a forwarded message\'s state detail is on its own line, never a line that starts with "·"', async ({ page, eventbench }) => {
  const put = await fetch(`${eventbench.url}/api/workspace`, {
    method: 'PUT',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ sources: [{ id: 'app', name: 'App', kind: 'custom', writeKey: 'app_key_1', destinations: [], forward: { to: 'eu' } }] }),
  });
  expect(put.status, await put.text()).toBe(200);
  await eventbench.post('/v1/track', { userId: 'u-1', event: 'Signed Up' }, { authorization: `Basic ${Buffer.from('app_key_1:').toString('base64')}` });
  await page.goto(eventbench.url);
  await page.getByRole('listbox', { name: 'Captured messages' }).getByRole('option').first().click();
  const forwarding = page.getByRole('region', { name: 'Forwarding' });
  await expect(forwarding).toContainText('no write key to forward with');
  for (const [width, height] of [[1000, 700], [1400, 900]]) {
    await page.setViewportSize({ width, height });
    const detail = forwarding.getByText('no write key to forward with');
    await expect(detail).toHaveText(/^no write key to forward with$/);
    // Both boxes are taken in one poll: right after the resize the pane reflows, and a box taken
    // before it beside one taken after compared two layouts (CI saw the state at 1000 px's place).
    const state = forwarding.getByText('pending', { exact: true });
    await expect
      .poll(async () => {
        const [s, d] = [(await state.boundingBox())!, (await detail.boundingBox())!];
        return d.y - (s.y + s.height - 1);
      }, { message: `${width} px: under the state` })
      .toBeGreaterThanOrEqual(0);
    await page.screenshot({ path: `${screenshotDir}/forwarding-detail-${width}.png` });
  }
});

// At 1000 px the filters' row was 13 px short: Window (the time window's select) went alone onto a
// second row under Freshsuccess-shaped only, Endpoint, User and Write key. They are one row now.
test('Sessions: at 1000 px the filters are one row, Window beside Write key', async ({ page, eventbench }) => {
  await eventbench.track({ anonymousId: 'visitor-1', event: 'Seen', properties: { module: 'Billing' } });
  await page.setViewportSize({ width: 1000, height: 700 });
  await page.goto(eventbench.url);
  await page.getByRole('tab', { name: 'Sessions' }).click();
  await expect(page.locator('[data-session="visitor-1#1"] .session-bar')).toBeVisible();
  const centres = await page.locator('.sessions-filters > label').evaluateAll((els) => els.map((e: any) => { const r = e.getBoundingClientRect(); return Math.round(r.y + r.height / 2); }));
  expect(centres).toHaveLength(5);
  for (const c of centres) expect(Math.abs(c - centres[0]), JSON.stringify(centres)).toBeLessThan(4);
  await expect(page.getByPlaceholder('any userId')).toBeVisible();
  await page.screenshot({ path: `${screenshotDir}/sessions-filters-1000.png` });
});

test('Inspector: the Type column holds the widest type pill (identify) whole at 1000 px with the detail open, and at 1400', async ({ page, eventbench }) => {
  await eventbench.post('/v1/batch', { batch: [{ type: 'identify', userId: 'ada', traits: { email: 'ada@example.com' } }, { type: 'track', userId: 'ada', event: 'Invoice Opened' }] });
  await page.goto(eventbench.url);
  const list = page.getByRole('listbox', { name: 'Captured messages' });
  await list.getByRole('option').first().click();
  for (const [width, height] of [[1400, 900], [1000, 700]]) {
    await page.setViewportSize({ width, height });
    await expect(page.getByRole('complementary', { name: 'Message detail' })).toBeVisible();
    // The pill's box against its cell's (the cell clips what runs past it: 'identify' lost its right edge).
    const cut = await list.locator('.msg-row .c-type').evaluateAll((cells: any[]) => cells.map((c) => [c.textContent, c.getBoundingClientRect().right, c.firstElementChild.getBoundingClientRect().right]).filter(([, cell, pill]) => pill > cell + 0.5).map(([t, cell, pill]) => `${t}: ${(pill - cell).toFixed(1)} px past its column`));
    expect(cut, `${width} px: type pills cut by their column`).toEqual([]);
  }
});

test('Sessions: a session\'s time per module and per feature keep each duration on one line beside a long feature name, at 1000 and 1400 px', async ({ page, eventbench }) => {
  const ago = (min: number) => new Date(Date.now() - min * 60_000).toISOString();
  await eventbench.post('/v1/batch', {
    batch: [
      { type: 'track', anonymousId: 'laptop-1', userId: 'ada', event: 'A very long event name that somebody thought was a good idea to send', properties: { module: 'Settings' }, originalTimestamp: ago(20) },
      { type: 'track', anonymousId: 'laptop-1', userId: 'ada', event: 'Goal Completed', properties: { module: 'Reports' }, originalTimestamp: ago(12.8) },
      { type: 'track', anonymousId: 'laptop-1', userId: 'ada', event: 'Invoice Opened', properties: { module: 'Billing' }, originalTimestamp: ago(9) },
    ],
  });
  await page.goto(eventbench.url);
  await page.getByRole('tab', { name: 'Sessions' }).click();
  await page.getByRole('button', { name: /^Session laptop-1#1:/ }).click();
  const detail = page.getByRole('complementary', { name: 'Session detail' });
  await expect(detail).toContainText('A very long event name');
  for (const [width, height] of [[1400, 900], [1000, 700]]) {
    await page.setViewportSize({ width, height });
    // Each number cell is one line high: '7 min 12 s' broke into '7 min' over '12 s'.
    const wrapped = await detail.locator('.sd-table td.num').evaluateAll((cells: any[]) =>
      cells
        .filter((c) => {
          const range = c.ownerDocument.createRange();
          range.selectNodeContents(c);
          return new Set([...range.getClientRects()].map((r: any) => Math.round(r.top))).size > 1;
        })
        .map((c) => c.textContent),
    );
    expect(wrapped, `${width} px`).toEqual([]);
    await page.screenshot({ path: `${screenshotDir}/session-detail-times-${width}.png` });
  }
});

// An empty directory had no action of its own (Import users… only in the Matching header), and its
// JSON and CSV exports downloaded "[]" or a header line. It says what fills it, with the import at
// hand, and the exports wait for a user, their tooltip saying why.
test('Matching > Directory: empty, it says what fills it with Import users… beside, and the exports are disabled until a user is in', async ({ page, eventbench }) => {
  await page.setViewportSize({ width: 1400, height: 900 });
  await page.goto(eventbench.url);
  await page.getByRole('tab', { name: 'Matching' }).click();
  await page.getByRole('tab', { name: /^Directory/ }).click();
  const panel = page.getByRole('tabpanel', { name: /^Directory/ });
  await expect(panel.getByText('The directory is empty')).toBeVisible();
  await expect(panel.getByText('Each matched message that names a user (by userId or email) adds it here')).toBeVisible();
  for (const name of ['Export JSON', 'Export CSV']) {
    await expect(panel.getByRole('button', { name })).toBeDisabled();
    await expect(panel.getByRole('button', { name })).toHaveAttribute('title', 'The directory is empty: nothing to export yet');
  }
  for (const [width, height] of [[1400, 900], [1000, 700]]) {
    await page.setViewportSize({ width, height });
    await page.screenshot({ path: `${screenshotDir}/directory-empty-${width}.png` });
  }
  await panel.getByRole('button', { name: 'Import users…' }).click();
  const dialog = page.getByRole('dialog', { name: 'Import users' });
  await expect(dialog).toBeVisible();
  await dialog.getByRole('button', { name: 'Cancel' }).click();

  const users = await fetch(`${eventbench.url}/api/users/import`, { method: 'POST', headers: { 'content-type': 'text/csv' }, body: 'id,username,email\nu-ada,ada,ada@example.com' });
  expect(users.status).toBe(200);
  await expect(panel.getByRole('row')).toHaveCount(1);
  await expect(panel.getByRole('button', { name: 'Export JSON' })).toBeEnabled();
  await expect(panel.getByRole('button', { name: 'Export CSV' })).toHaveAttribute('title', 'Download the directory as matching left it, as CSV (to get the same decisions in another Eventbench, use Export starting users)');
});

// At 1920×1080 the form's grid laid out three 256 px columns for sections of two fields, the third
// empty: a third of the ~820 px pane blank while a goal name of 45 characters was cut in its box.
// The fields of a section share the row; a very wide pane stops the grid at a readable width.
test('Composer at 1920×1080: a section\'s fields share the form\'s width, and a long property value reads whole', async ({ page, eventbench }) => {
  const longName = 'Signed up for the annual Enterprise plan trial';
  for (const [width, height] of [[1920, 1080], [1400, 900], [1000, 700]]) {
    await page.setViewportSize({ width, height });
    await page.goto(eventbench.url);
    await page.getByRole('tab', { name: 'Composer' }).click();
    const c = page.getByRole('tabpanel', { name: 'Composer' });
    await c.getByLabel('Profile', { exact: true }).selectOption('provesource');
    await c.getByLabel('Event', { exact: true }).selectOption('Goal Completed');
    const goalName = page.locator('[data-path="properties.goalName"]');
    await goalName.fill(longName);
    const grid = page.locator('.form-grid').filter({ has: goalName });
    const gridBox = (await grid.boundingBox())!;
    const fieldBox = (await goalName.boundingBox())!;
    // The row's last field ends at the grid's right edge: no empty column after it.
    expect(gridBox.x + gridBox.width - (fieldBox.x + fieldBox.width), `${width} px: blank right of the fields`).toBeLessThan(2);
    if (width === 1920) {
      const pane = (await page.locator('.form-col').boundingBox())!;
      expect(gridBox.width / pane.width, '1920 px: the grid\'s share of the form pane').toBeGreaterThan(0.9);
      expect(await goalName.evaluate((e: any) => e.scrollWidth <= e.clientWidth), '1920 px: the goal name whole in its box').toBe(true);
    }
    await page.screenshot({ path: `${screenshotDir}/composer-form-width-${width}.png` });
  }
});

// Empty states say the next step in one sentence, the action beside it. Sessions' was three
// sentences (timeouts, clock speeds) before the step; Duplicates over a directory with no user
// listed the five checks that had found nothing, as if the directory had been checked clean.
test('Empty Sessions and Duplicates: one sentence saying what to do, the action beside it, at 1400 and 1000 px', async ({ page, eventbench }) => {
  const sentences = (text: string) => text.trim().split(/(?<=[.!?])\s+(?=[A-Z])/).length;
  for (const [width, height] of [[1400, 900], [1000, 700]]) {
    await page.setViewportSize({ width, height });
    await page.goto(eventbench.url);
    await page.getByRole('tab', { name: 'Sessions' }).click();
    const sessions = page.locator('.empty-state').filter({ hasText: 'No sessions yet' });
    await expect(sessions.getByRole('button', { name: 'Try the Freshsuccess example' })).toBeVisible();
    await expect.poll(async () => sentences(await sessions.locator('.empty-body').innerText()), { message: `${width} px: sentences in the Sessions empty state` }).toBe(1);
    await page.screenshot({ path: `${screenshotDir}/empty-sessions-${width}.png` });

    await page.getByRole('tab', { name: 'Matching' }).click();
    await page.getByRole('tab', { name: 'Duplicates' }).click();
    const duplicates = page.locator('.empty-state').filter({ hasText: 'No users to compare yet' });
    await expect(duplicates.getByRole('button', { name: 'Import users…' })).toBeVisible();
    await expect.poll(async () => sentences(await duplicates.locator('.empty-body').innerText()), { message: `${width} px: sentences in the Duplicates empty state` }).toBe(1);
    await page.screenshot({ path: `${screenshotDir}/empty-duplicates-${width}.png` });
  }
  await page.locator('.empty-state').getByRole('button', { name: 'Import users…' }).click();
  await expect(page.getByRole('dialog', { name: 'Import users' })).toBeVisible();
  await page.getByRole('dialog').getByRole('button', { name: 'Cancel' }).click();
  // With a user in, nothing is found: the report says what it checked.
  const users = await fetch(`${eventbench.url}/api/users/import`, { method: 'POST', headers: { 'content-type': 'text/csv' }, body: 'id,username,email\nu-ada,ada,ada@example.com' });
  expect(users.status).toBe(200);
  await expect(page.getByText('No likely duplicates')).toBeVisible();
});

// Webhooks' empty state took two sentences before naming no action; each tab's empty state now says
// its next step in one, and the button it names is on screen.
test('Empty Webhooks, Workspace, Inspector and Scenarios: one sentence saying what to do, its action on screen, at 1400 and 1000 px', async ({ page, eventbench }) => {
  const sentences = (text: string) => text.trim().split(/(?<=[.!?])\s+(?=[A-Z])/).length;
  for (const [width, height] of [[1400, 900], [1000, 700]]) {
    await page.setViewportSize({ width, height });
    await page.goto(eventbench.url);
    await expect(page.getByRole('button', { name: 'How to connect' })).toBeVisible();
    await page.screenshot({ path: `${screenshotDir}/empty-inspector-${width}.png` });
    for (const [tab, title, action] of [
      ['Webhooks', 'No webhooks configured yet', 'Add webhook'],
      ['Workspace', 'No sources yet', 'Add source'],
    ]) {
      await page.getByRole('tab', { name: tab }).click();
      const empty = page.locator('.empty-state').filter({ hasText: title });
      await expect(empty).toBeVisible();
      await expect.poll(async () => sentences(await empty.locator('.empty-body').innerText()), { message: `${width} px: sentences in ${tab}'s empty state` }).toBe(1);
      await expect(page.getByRole('button', { name: action })).toBeInViewport();
      await page.screenshot({ path: `${screenshotDir}/empty-${tab.toLowerCase()}-${width}.png` });
    }
    await page.getByRole('tab', { name: 'Scenarios' }).click();
    const pick = page.locator('.empty-state').filter({ hasText: 'Pick a scenario' });
    await expect(pick).toContainText('Choose a bundled example on the left');
    await expect(page.getByRole('button', { name: 'Open a file…' })).toBeInViewport();
    await page.screenshot({ path: `${screenshotDir}/empty-scenarios-${width}.png` });
  }
});

// The secret field hides what is typed: a space pasted with the secret made every signed request
// "invalid" with nothing on screen to say why. The form says it, beside the field.
test('Webhooks: a new secret with a space at its end is said under the field, at 1400 and 1000 px', async ({ page, eventbench }) => {
  for (const [width, height] of [[1400, 900], [1000, 700]]) {
    await page.setViewportSize({ width, height });
    await page.goto(eventbench.url);
    await page.getByRole('tab', { name: 'Webhooks' }).click();
    await page.getByRole('button', { name: 'Add webhook' }).first().click();
    const form = page.getByRole('form', { name: 'New webhook' });
    await form.getByPlaceholder('product-fruits').fill('pf');
    await form.getByLabel('Secret').fill('s3cret ');
    await expect(form.getByRole('note')).toHaveText('The secret ends in a space. Segment signs with the secret exactly as set there: remove it unless it is part of the secret.');
    await page.screenshot({ path: `${screenshotDir}/webhook-secret-space-${width}.png` });
    await form.getByLabel('Secret').fill('s3cret');
    await expect(form.getByRole('note')).toHaveCount(0);
  }
});

// With no sources (no webhooks), the Add button was only in the page header, above an empty card that
// said what to add: the card now holds the button beside its sentence, and the header has none while
// empty (so one button goes by that name). Once there is one, the header's button is back.
test('Empty Workspace and Webhooks: the empty card holds the Add button, the header none, at 1400 and 1000 px', async ({ page, eventbench }) => {
  for (const [width, height] of [[1400, 900], [1000, 700]]) {
    await page.setViewportSize({ width, height });
    await page.goto(eventbench.url);
    for (const [tab, title, action] of [
      ['Workspace', 'No sources yet', 'Add source'],
      ['Webhooks', 'No webhooks configured yet', 'Add webhook'],
    ]) {
      await page.getByRole('tab', { name: tab }).click();
      const empty = page.locator('.empty-state').filter({ hasText: title });
      await expect(empty.getByRole('button', { name: action })).toBeInViewport();
      await expect(page.getByRole('button', { name: action })).toHaveCount(1);
      await expect(page.locator('.page-intro').getByRole('button', { name: action })).toHaveCount(0);
      await page.screenshot({ path: `${screenshotDir}/empty-card-action-${tab.toLowerCase()}-${width}.png` });
    }
  }
  await page.getByRole('tab', { name: 'Webhooks' }).click();
  await page.getByRole('button', { name: 'Add webhook' }).click();
  const form = page.getByRole('form', { name: 'New webhook' });
  await form.getByPlaceholder('product-fruits').fill('pf');
  await form.getByRole('button', { name: 'Add webhook' }).click();
  await expect(page.getByRole('table', { name: 'Webhooks' })).toContainText('pf');
  await expect(page.locator('.page-intro').getByRole('button', { name: 'Add webhook' })).toBeVisible();
  await page.getByRole('tab', { name: 'Workspace' }).click();
  await page.getByRole('button', { name: 'Add source' }).click();
  await expect(page.getByLabel('Source name')).toHaveCount(1);
  await expect(page.locator('.page-intro').getByRole('button', { name: 'Add source' })).toBeVisible();
});

// Matching > Directory, empty, showed its column names (Id, Username, Email…) over the empty state.
test('Matching Directory: no column header row over the empty state; it is there once there is a user', async ({ page, eventbench }) => {
  for (const [width, height] of [[1400, 900], [1000, 700]]) {
    await page.setViewportSize({ width, height });
    await page.goto(eventbench.url);
    await page.getByRole('tab', { name: 'Matching' }).click();
    await page.getByRole('tab', { name: /^Directory/ }).click();
    await expect(page.getByText('The directory is empty')).toBeVisible();
    await expect(page.locator('.msg-head.user-grid')).toHaveCount(0);
    await page.screenshot({ path: `${screenshotDir}/directory-empty-${width}.png` });
  }
  const res = await fetch(`${eventbench.url}/api/users/import`, { method: 'POST', headers: { 'content-type': 'text/csv' }, body: 'id,username,email\nu1,ada,ada@example.com\n' });
  expect(res.status).toBe(200);
  await expect(page.getByRole('table', { name: 'User directory' }).getByRole('row')).toHaveCount(1);
  await expect(page.locator('.msg-head.user-grid')).toContainText('Username');
});

// The Origin column cut "/v1/batch · e2e…123" with one ellipsis: at 1000 px it read "/v1/batch ·
// e2e…1…", the mask's ellipsis then the cut's, a key that looked like another. The masked key now
// shows whole or not at all (the tooltip has both).
test('Inspector: the Origin column shows a masked write key whole or not at all, at 1000, 1400 and 1920 px, and never pushes the badges out of the row', async ({ page, eventbench }) => {
  // The last carries a Segment warning (a messageId that is a number): its row has a badge.
  await eventbench.post('/v1/batch', { batch: [{ type: 'track', userId: 'u1', event: 'Report Viewed' }, { type: 'page', anonymousId: 'anon-1', name: 'Home' }] });
  await eventbench.post('/v1/identify', { type: 'identify', userId: 'u1', traits: { email: 'u1@example.com' } });
  await eventbench.post('/v1/track', { type: 'track', userId: 'u1', event: 'Order Completed', messageId: 12345 });
  await page.goto(eventbench.url);
  const rows = page.getByRole('listbox', { name: 'Captured messages' }).getByRole('option');
  await expect(rows).toHaveCount(4);
  await expect(rows.filter({ hasText: 'Order Completed' }).locator('.c-badges')).toContainText('spec');
  let withKey = 0;
  let hidden = 0;
  for (const [width, height] of [[1000, 700], [1400, 900], [1920, 1080]]) {
    await page.setViewportSize({ width, height });
    for (const open of [false, true]) {
      if (open) await rows.first().click();
      for (let i = 0; i < 4; i++) {
        const origin = rows.nth(i).locator('.c-origin');
        await expect(origin).toHaveAttribute('title', /^\/v1\/\w+ · e2e…123$/);
        const at = `${width} px${open ? ', detail open' : ''}, row ${i}`;
        // One read of the row's layout, polled: the list narrows a frame after the detail opens.
        const read = () =>
          rows.nth(i).evaluate((row: any) => {
            const e = row.querySelector('.c-origin');
            const box = row.getBoundingClientRect();
            // Every cell on the row's one line (a cell wrapped onto a second grid line lay over the next row).
            const outside = [...row.children].filter((c: any) => (globalThis as any).getComputedStyle(c).display !== 'none' && c.getBoundingClientRect().bottom > box.bottom + 0.5).map((c: any) => c.className);
            if ((globalThis as any).getComputedStyle(e).display === 'none') return { text: null, cut: false, outside };
            const top = e.getBoundingClientRect().top;
            const onLine = [...e.children].filter((p: any) => p.getBoundingClientRect().top < top + 1);
            return { text: onLine.map((p: any) => p.textContent).join(''), cut: onLine.slice(1).some((p: any) => p.scrollWidth > p.clientWidth + 0.5), outside };
          });
        await expect.poll(async () => (await read()).outside, at).toEqual([]);
        const seen = await read();
        if (seen.text === null) hidden++;
        else expect(seen.text, `${at}: "${seen.text}"`).toMatch(/^\/v1\/\w+( · e2e…123)?$/);
        expect(seen.cut, at).toBe(false);
        if (seen.text?.endsWith('e2e…123')) withKey++;
      }
      await page.screenshot({ path: `${screenshotDir}/inspector-origin-${width}${open ? '-detail' : ''}.png` });
      if (open) await page.keyboard.press('Escape');
    }
  }
  expect(withKey, 'the key is shown where the column has room').toBeGreaterThan(3);
  expect(hidden, 'a list narrowed by the detail pane at 1000 px has no Origin column').toBe(4);
});

// The list's column names: "Problems" stood 1 to 2 px above the others (its cell had the badges'
// 18 px box, its text at the top). Every name now sits on one line with the others.
test('Inspector: the column names line up, Problems with the rest, at 1000, 1400 and 1920 px', async ({ page, eventbench }) => {
  await eventbench.track({ userId: 'u1', event: 'Report Viewed' });
  await page.goto(eventbench.url);
  await expect(page.getByRole('listbox', { name: 'Captured messages' }).getByRole('option')).toHaveCount(1);
  for (const [width, height] of [[1000, 700], [1400, 900], [1920, 1080]]) {
    await page.setViewportSize({ width, height });
    const tops = await page.locator('.msg-list .msg-head').evaluate((head: any) =>
      [...head.children]
        .filter((c: any) => c.getClientRects().length > 0)
        .map((c: any) => {
          const range = c.ownerDocument.createRange();
          range.selectNodeContents(c);
          return { name: c.textContent, top: Math.round(range.getBoundingClientRect().top * 10) / 10 };
        }),
    );
    expect(tops.map((t: any) => t.name), `${width} px`).toContain('Problems');
    expect(new Set(tops.map((t: any) => t.top)).size, `${width} px: ${JSON.stringify(tops)}`).toBe(1);
  }
});
