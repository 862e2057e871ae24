// User matching in Chromium: import a CSV of users with the column-mapping step, send three
// webhook messages that hit each branch of the rule, read their traces, run a what-if and apply it.
import { BIG_LOG_MS, expect, placeholderCut, previewExactEmails, screenshotDir, scrollThenLeave, test } from './fixtures';
import type { Page } from '@playwright/test';

const CSV = ['id,login,E-mail,plan', 'u-ada,ada,ada@example.com,pro', 'u-bob,bob,bob@example.com,free', 'u-bad,,,free', ''].join('\n');

// A CSV export imported back gave 42 back as "42" without a word: the mapping step says which
// property columns a CSV imports as text, and that a JSON export keeps them.
test('matching: the import preview names the columns a CSV imports as text', async ({ page, eventbench }) => {
  const csv = ['id,username,email,seats,active,zip,plan', 'u-t1,tia,tia@example.com,42,true,00123,pro', 'u-t2,tom,tom@example.com,7,false,02139,free', ''].join('\n');
  for (const [width, height] of [[1400, 900], [1000, 700]]) {
    await page.setViewportSize({ width, height });
    await page.goto(eventbench.url);
    await page.getByRole('tab', { name: 'Matching' }).click();
    await page.getByRole('button', { name: 'Import users…' }).click();
    await page.getByLabel('Users to import').fill(csv);
    await page.getByRole('button', { name: 'Next: map columns' }).click();
    const note = page.getByRole('note', { name: 'Columns imported as text' });
    await expect(note).toHaveText('Imported as text, as every CSV cell is: seats (such as 42), active (such as true). To keep numbers and true/false as they are, import a JSON export instead.');
    await expect(note).toBeInViewport();
    await page.screenshot({ path: `${screenshotDir}/matching-import-as-text-${width}.png` });
  }
});

test('matching: import users, trace each branch, what-if and apply', async ({ page, eventbench }) => {
  const pageErrors: string[] = [];
  page.on('pageerror', (e) => pageErrors.push(e.message));
  await page.goto(eventbench.url);
  await page.getByRole('tab', { name: 'Matching' }).click();

  // Import with the mapping step: columns guessed, one changed by hand, bad row reported by line.
  await page.getByRole('button', { name: 'Import users…' }).click();
  await page.getByLabel('Users to import').fill(CSV);
  await page.getByRole('button', { name: 'Next: map columns' }).click();
  const mapping = page.getByRole('table', { name: 'Column mapping' });
  await expect(mapping.getByLabel('Column login is')).toHaveValue('username');
  await expect(mapping.getByLabel('Column E-mail is')).toHaveValue('email');
  await expect(mapping.getByRole('row').nth(1)).toContainText('ada@example.com');
  await mapping.getByLabel('Column plan is').selectOption('ignore');
  await page.screenshot({ path: `${screenshotDir}/matching-import.png` });
  await page.getByRole('button', { name: /^Import 3 rows$/ }).click();
  await expect(page.getByText('2 users imported; 1 row skipped:')).toBeVisible();
  await expect(page.getByRole('list', { name: 'Rows not imported' })).toContainText('line 4: neither a username');
  await page.getByRole('button', { name: 'Done' }).click();

  // Three webhook messages: by email (other case), by username, and a new user.
  const hook = (body: object) => eventbench.post('/webhook/pf', body).then((r) => expect(r.status).toBe(200));
  await hook({ type: 'identify', userId: 'ada-2', traits: { email: 'ADA@example.com', company: 'Acme' } });
  await hook({ type: 'track', event: 'Tour Start', userId: 'bob' });
  await hook({ type: 'identify', userId: 'cy', traits: { email: 'cy@example.com' } });

  const rows = page.getByRole('listbox', { name: 'Matching decisions' }).getByRole('option');
  await expect(rows).toHaveCount(3);
  await expect(rows.nth(0)).toContainText('by email');
  // The Message column names each message (its call type and event) and shows both the email and
  // the userId it carried (the Identity column showed only the first of them).
  const message = (n: number) => rows.nth(n).locator('.d-message');
  await expect(message(0).locator('.d-what')).toHaveText('identify');
  await expect(message(0).locator('.d-who')).toHaveText('email ADA@example.com userId ada-2');
  await expect(message(1).locator('.d-what')).toHaveText('track · Tour Start');
  await expect(message(1).locator('.d-who')).toHaveText('userId bob');
  await expect(page.locator('.decision-head > span')).toHaveText(['#', 'Time', 'Outcome', 'Message', 'User']);
  // Both lines inside the row (44 px), none cut off at its bottom.
  for (const n of [0, 1, 2]) {
    const box = (await rows.nth(n).boundingBox())!;
    expect(box.height).toBe(44);
    const who = (await message(n).locator('.d-who').boundingBox())!;
    expect(who.y + who.height, `row ${n}'s second line inside the row`).toBeLessThanOrEqual(box.y + box.height);
  }
  await expect(rows.nth(1)).toContainText('by username');
  await expect(rows.nth(2)).toContainText('created');

  const steps = page.getByRole('list', { name: 'Trace steps' }).getByRole('listitem');
  await rows.nth(0).click();
  await expect(steps.nth(0)).toHaveText('Read traits.email = ADA@example.com → normalized ada@example.com (lower-cased).');
  await expect(steps.filter({ hasText: 'Looked for a user whose email equals' })).toContainText('found user u-ada');
  await rows.nth(1).click();
  await expect(steps.filter({ hasText: 'Looked for a user whose username equals' })).toContainText('the userId bob: found user u-bob');
  await rows.nth(2).click();
  await expect(steps.filter({ hasText: 'Created user' })).toContainText('Created user new-');
  await expect(steps.last()).toHaveText('Outcome: a new user was created.');
  // The README's picture (.github/screenshots/matching.png is copied from it): taken once the trace
  // is on screen, where it caught "Loading the trace of #1…" when the answer came late.
  await rows.nth(0).click();
  await expect(steps.nth(0)).toHaveText('Read traits.email = ADA@example.com → normalized ada@example.com (lower-cased).');
  await expect(page.getByRole('complementary', { name: 'Decision trace' }).getByRole('heading', { name: 'Why this user?' })).toBeVisible();
  await page.screenshot({ path: `${screenshotDir}/matching.png` });

  // What-if: exact email comparison would make the first message create a user instead.
  const side = page.getByRole('complementary', { name: 'Matching settings' });
  await side.getByLabel('exact (character for character)').check();
  await side.getByRole('button', { name: 'Preview changes' }).click();
  const whatIf = side.getByRole('region', { name: 'What-if results' });
  await expect(whatIf).toContainText('1 decision would change; users: 1 added, 0 removed, 1 changed.');
  const changed = whatIf.getByRole('table', { name: 'Decisions that would change' }).getByRole('row');
  await expect(changed.nth(1)).toContainText('by email');
  await expect(changed.nth(1)).toContainText('created');
  await page.screenshot({ path: `${screenshotDir}/matching-what-if.png` });
  await side.getByRole('button', { name: 'Apply' }).click();
  await expect(rows.nth(0)).toContainText('created');
  await expect(steps.filter({ hasText: 'Looked for a user whose email equals' })).toContainText('(exactly): no user has it');

  // The directory and the duplicates report: the created ADA@example.com looks like u-ada.
  await page.getByRole('tab', { name: /Directory/ }).click();
  await expect(page.getByRole('table', { name: 'User directory' }).getByRole('row')).toHaveCount(4);
  // Per field, which message set it (or the starting directory).
  const directory = page.getByRole('table', { name: 'User directory' });
  await expect(directory.getByRole('cell', { name: 'ada-2', exact: true })).toHaveAttribute('title', /set by message #1 \(received /);
  await expect(directory.getByRole('cell', { name: 'ada', exact: true })).toHaveAttribute('title', /from the starting directory/);
  await page.screenshot({ path: `${screenshotDir}/matching-directory.png` });
  await page.getByRole('tab', { name: 'Duplicates' }).click();
  await expect(page.getByRole('region', { name: 'Duplicate group 1' })).toContainText('The same email but for case or spacing');
  await page.screenshot({ path: `${screenshotDir}/matching-duplicates.png` });
  await page.getByRole('tab', { name: /Decisions/ }).click();

  // The inspector shows the outcome; "Why this user?" opens the trace.
  await page.getByRole('tab', { name: /Inspector/ }).click();
  const captured = page.getByRole('listbox', { name: 'Captured messages' }).getByRole('option');
  await expect(captured.nth(1)).toContainText('by username');
  await captured.nth(1).click();
  await page.getByRole('button', { name: 'Why this user?' }).click();
  await expect(page.getByRole('tab', { name: 'Matching' })).toHaveAttribute('aria-selected', 'true');
  await expect(page.getByRole('complementary', { name: 'Decision trace' })).toContainText('found user u-bob');

  // After a reload the panel shows the applied settings, untouched.
  await page.reload();
  await page.getByRole('tab', { name: 'Matching' }).click();
  await expect(side.getByLabel('exact (character for character)')).toBeChecked();
  await expect(side.getByRole('button', { name: 'Preview changes' })).toBeDisabled();

  // The log cleared while a trace is open: its decision is gone, and the pane says so (it used
  // to say "Loading the trace…" for ever).
  await rows.nth(1).click();
  await expect(page.getByRole('complementary', { name: 'Decision trace' })).toContainText('found user u-bob');
  expect((await fetch(`${eventbench.url}/api/messages`, { method: 'DELETE' })).status).toBe(200);
  await expect(page.getByRole('complementary', { name: 'Decision trace' })).toContainText('not among the messages matched');
  await page.screenshot({ path: `${screenshotDir}/matching-trace-gone.png` });
  expect(pageErrors).toEqual([]);
});

// The directory's "created / changed by" links beside the open settings panel: each link shown is
// whole inside its cell (none cut at the column's edge), the rest are behind "+N more", and a link
// opens its message's trace. At 1,000 px wide the links used to run under the next column, cut off.
test('matching directory: the created/changed-by links fit beside the settings panel and open their traces', async ({ page, eventbench }) => {
  const pageErrors: string[] = [];
  page.on('pageerror', (e) => pageErrors.push(e.message));
  // Three-digit seqs, as in a real log: 100 Tracking API messages first (not matched).
  const filler = Array.from({ length: 100 }, (_, i) => ({ type: 'track', event: 'Filler', userId: `f${i}` }));
  expect((await eventbench.post('/v1/batch', { batch: filler })).status).toBe(200);
  // One user changed by nine messages, one by three, one by a single message, and one of the
  // starting directory changed by five (its cell also says where it came from).
  expect((await fetch(`${eventbench.url}/api/users/import`, { method: 'POST', body: 'id,username,email\nu-dee,dee,dee@example.com\n' })).status).toBe(200);
  const changes = Array.from({ length: 9 }, (_, i) => ({ type: 'identify', userId: 'ada-lovelace', traits: { email: `ada${i}@example-company.com`, plan: `p${i}` } }));
  const others = [{ type: 'identify', userId: 'bob', traits: { email: 'bob@example.com' } }, ...Array.from({ length: 3 }, (_, i) => ({ type: 'identify', userId: 'cy', traits: { email: `cy${i}@example.com` } }))];
  const dee = Array.from({ length: 5 }, (_, i) => ({ type: 'identify', userId: 'dee', traits: { email: 'dee@example.com', plan: `d${i}` } }));
  expect((await eventbench.post('/webhook/pf', [...changes, ...others, ...dee])).status).toBe(200);

  for (const [width, height] of [[1400, 900], [1000, 700]] as const) {
    await page.setViewportSize({ width, height });
    await page.goto(eventbench.url);
    await page.getByRole('tab', { name: 'Matching' }).click();
    await page.getByRole('tab', { name: /Directory/ }).click();
    const settings = page.getByRole('button', { name: 'Settings & what-if' });
    if ((await settings.getAttribute('aria-pressed')) !== 'true') await settings.click();
    await expect(page.getByRole('complementary', { name: 'Matching settings' })).toBeVisible();
    const directory = page.getByRole('table', { name: 'User directory' });
    await expect(directory.getByRole('row')).toHaveCount(4);
    await page.screenshot({ path: `${screenshotDir}/matching-directory-links-${width}.png` });

    // The cells fit their links a render after they take their width (SeqLinks' ResizeObserver): a
    // cell and its links read in separate awaits could be of two layouts. So each row's cell and
    // links are read in one go, polled until they are of the final one.
    const linksLaidOut = () =>
      directory.evaluate((table: any) =>
        [...table.querySelectorAll(':scope [role=row]')].map((row: any) => {
          const cell = row.querySelectorAll(':scope > [role=cell]')[4];
          const c = cell.getBoundingClientRect();
          const links = [...cell.querySelectorAll('button')].map((b: any) => ({ label: b.textContent as string, left: b.getBoundingClientRect().left as number, right: b.getBoundingClientRect().right as number }));
          return { user: row.querySelectorAll(':scope > [role=cell]')[1].textContent as string, left: c.left as number, right: c.right as number, links };
        }),
      );
    const misfits = (rows: Awaited<ReturnType<typeof linksLaidOut>>) =>
      rows.flatMap((r) => [
        ...(r.right > width - 300 ? [`${r.user}: the links' column ends at ${r.right}, not left of the settings panel`] : []),
        ...(r.links.length === 0 ? [`${r.user}: no links`] : []),
        ...r.links.filter((l) => l.left < r.left - 0.5 || l.right > r.right + 0.5).map((l) => `${r.user}: ${l.label} (${l.left}-${l.right}) outside its cell (${r.left}-${r.right})`),
      ]);
    // Every message shown, or counted in "+N more": nine for ada, so its cell ends in "+N more".
    const adaCount = (rows: Awaited<ReturnType<typeof linksLaidOut>>) => {
      const labels = rows.find((r) => r.user.includes('ada-lovelace'))!.links.map((l) => l.label);
      const shown = labels.filter((l) => /^#\d+$/.test(l)).length;
      return { shown: shown > 0, more: labels.at(-1) === `+${9 - shown} more` };
    };
    await expect.poll(async () => { const rows = await linksLaidOut(); return { misfits: misfits(rows), ada: adaCount(rows) }; }, { message: `${width} px: every link inside its cell, ada's nine counted` }).toEqual({ misfits: [], ada: { shown: true, more: true } });
    const ada = directory.getByRole('row').filter({ hasText: 'ada-lovelace' }).getByRole('cell').nth(4);
    const adaLinks = ada.getByRole('button', { name: /^#\d+$/ });
    const deeCell = directory.getByRole('row').filter({ hasText: 'u-dee' }).getByRole('cell').nth(4);
    await expect(deeCell.getByTitle(/^From the starting directory/)).toBeVisible();
    await expect(deeCell.getByRole('button', { name: /^#\d+$/ }).first()).toBeVisible();
    // The last link shown opens that message's trace (in the Decisions section); clicked by its name,
    // which a later fit keeps.
    const last = (await adaLinks.last().textContent())!;
    await ada.getByRole('button', { name: last, exact: true }).click();
    const trace = page.getByRole('complementary', { name: 'Decision trace' });
    await expect(trace).toBeVisible();
    await expect(trace).toContainText(`${last}`);
  }
  expect(pageErrors).toEqual([]);
});

// The directory's email column beside the open settings panel at 1,000 px was 119 px wide while
// "Created / changed by" and the properties' "—" had room to spare: "newbie@example.com" lost its
// last characters. An everyday email is whole at 1,000 and 1,400 px; a long one is cut with an
// ellipsis, whole in the cell's tooltip.
test('matching directory: emails beside the settings panel are whole, a long one ellipsized with its tooltip', async ({ page, eventbench }) => {
  const everyday = ['newbie@example.com', 'ada.lovelace@example.com', 'grace.hopper@example.org'];
  const long = 'a.very.long.email.address.for.testing@subdomain.example-company.co.uk';
  const csv = ['id,username,email', ...[...everyday, long].map((e, i) => `u-${i},user${i},${e}`), ''].join('\n');
  expect((await fetch(`${eventbench.url}/api/users/import`, { method: 'POST', headers: { 'content-type': 'text/csv' }, body: csv })).status).toBe(200);
  for (const [width, height] of [[1400, 900], [1000, 700]] as const) {
    await page.setViewportSize({ width, height });
    await page.goto(eventbench.url);
    await page.getByRole('tab', { name: 'Matching' }).click();
    await page.getByRole('tab', { name: /Directory/ }).click();
    const settings = page.getByRole('button', { name: 'Settings & what-if' });
    if ((await settings.getAttribute('aria-pressed')) !== 'true') await settings.click();
    await expect(page.getByRole('complementary', { name: 'Matching settings' })).toBeVisible();
    const directory = page.getByRole('table', { name: 'User directory' });
    await expect(directory.getByRole('row')).toHaveCount(4);
    for (const email of [...everyday, long]) {
      const cell = directory.getByRole('row').filter({ hasText: `user${[...everyday, long].indexOf(email)}` }).getByRole('cell').nth(2);
      await expect(cell).toHaveText(email);
      await expect(cell).toHaveAttribute('title', new RegExp(`^${email.replace(/[.]/g, '\\.')}\n`));
      const fit = await cell.evaluate((e: any) => ({ cut: e.scrollWidth - e.clientWidth, ellipsis: e.ownerDocument.defaultView.getComputedStyle(e).textOverflow as string }));
      if (email === long) expect(fit.ellipsis, `${email} at ${width} px: cut with an ellipsis`).toBe('ellipsis');
      else expect(fit.cut, `${email} at ${width} px: px cut`).toBeLessThanOrEqual(0);
    }
    // The headings stay whole too (a cut heading has no tooltip): the email's room is not theirs.
    const headings = await page.locator('.msg-head.user-grid > span').evaluateAll((els) => els.filter((e: any) => e.textContent).map((e: any) => `${e.textContent} ${e.scrollWidth - e.clientWidth}`));
    expect(headings, `${width} px`).toEqual(['Id 0', 'Username 0', 'Email 0', 'Properties 0', 'Created / changed by 0']);
    await page.screenshot({ path: `${screenshotDir}/matching-directory-emails-${width}.png` });
  }
});

// The Matching header's "messages seen" follows every stored message, not only the ones matching
// decides about: Tracking API messages (outside the default scope, webhook messages only) used to
// leave it, and the empty list's "none came through a webhook", at 0 until a webhook message came.
test('matching header: "messages seen" counts Tracking API messages as soon as they are stored', async ({ page, eventbench }) => {
  await page.goto(eventbench.url);
  await page.getByRole('tab', { name: 'Matching' }).click();
  const header = page.locator('.matching-status');
  await expect(header).toHaveText(/^0 messages seen/);

  for (let i = 0; i < 3; i++) await eventbench.track({ event: 'Signed Up', userId: `u${i}` });
  await expect(page.getByRole('tab', { name: /Inspector/ })).toContainText('3');
  await expect(header).toHaveText(/^3 messages seen/);
  await expect(page.getByText('None of the 3 captured messages came through a webhook')).toBeVisible();

  // A webhook message (decided) and more Tracking API ones after it: the count stays in step.
  expect((await eventbench.post('/webhook/pf', { type: 'identify', userId: 'ada', traits: { email: 'ada@example.com' } })).status).toBe(200);
  await expect(header).toHaveText(/^4 messages seen/);
  await eventbench.track({ event: 'Signed Up', userId: 'u4' });
  await expect(header).toHaveText(/^5 messages seen/);
  // Below the one decision, why the other four are not listed (the header's "5 messages seen" over a
  // list of 1 said nothing of it); matching Tracking API messages too, nothing is left out to say.
  const footer = page.locator('.list-footer');
  await expect(footer).toContainText('4 not from a webhook: not matched');
  await expect(footer.getByText('4 not from a webhook: not matched')).toHaveAttribute('title', /Messages matched in Settings & what-if/);
  // The "·" between the two counts sits midway: it ended the first count's text, so the footer's gap
  // came after it alone ("not matched ·  1 decision listed").
  const gaps = await footer.evaluate((f: any) => {
    const items = [...f.children].map((c: any) => c.getBoundingClientRect());
    const dot = [...f.children].findIndex((c: any) => c.textContent.trim() === '·');
    return dot < 1 ? null : [items[dot].left - items[dot - 1].right, items[dot + 1].left - items[dot].right];
  });
  expect(gaps, 'the separator is an item of its own').not.toBeNull();
  expect(Math.abs(gaps![0] - gaps![1]), `gaps either side of the dot: ${gaps}`).toBeLessThan(1);
  await page.screenshot({ path: `${screenshotDir}/matching-messages-seen.png` });
  await page.setViewportSize({ width: 1000, height: 700 });
  await page.screenshot({ path: `${screenshotDir}/matching-messages-seen-1000.png` });
  await fetch(`${eventbench.url}/api/matching/settings`, { method: 'PUT', body: JSON.stringify({ scope: 'webhook-and-tracking' }) });
  await expect(footer).toContainText('5 decisions listed');
  await expect(footer).not.toContainText('not matched');
});

// A support engineer with a customer's Tracking API capture saw "None of the 3 captured messages
// came through a webhook" and had to find the setting in a side panel; the empty list now offers
// matching them in one click (nothing is decided yet, so there is no what-if to preview).
test('matching: "none came through a webhook" matches the Tracking API messages in one click', async ({ page, eventbench }) => {
  await page.setViewportSize({ width: 1000, height: 700 });
  await page.goto(eventbench.url);
  for (let i = 0; i < 3; i++) await eventbench.track({ event: 'Signed Up', userId: `u${i}` });
  await page.getByRole('tab', { name: 'Matching' }).click();
  await expect(page.getByText('None of the 3 captured messages came through a webhook')).toBeVisible();
  await page.screenshot({ path: `${screenshotDir}/matching-none-from-webhook-1000.png` });
  await page.getByRole('button', { name: 'Match Tracking API messages too' }).click();
  const list = page.getByRole('listbox', { name: 'Matching decisions' });
  await expect(list.getByRole('option')).toHaveCount(3);
  await expect(page.locator('.list-footer')).toContainText('3 decisions listed');
  // The engine's setting changed (not only the page's view), and the panel shows it.
  expect(await (await fetch(`${eventbench.url}/api/matching/settings`)).json()).toMatchObject({ scope: 'webhook-and-tracking' });
  await page.getByRole('button', { name: 'Settings & what-if' }).click();
  await expect(page.getByRole('complementary', { name: 'Matching settings' }).getByLabel('webhook and Tracking API messages')).toBeChecked();
});

// Opening a trace from elsewhere shows it, whatever Matching section was on screen: the duplicates
// report's message links and the inspector's "Why this user?" used to set the trace while the
// Directory or Duplicates section stayed on screen, so nothing visible happened.
test('matching: a duplicates link and "Why this user?" open the right trace in Decisions, after the Directory', async ({ page, eventbench }) => {
  const pageErrors: string[] = [];
  page.on('pageerror', (e) => pageErrors.push(e.message));
  const csv = 'id,username,email\nu-ada,ada,ada@example.com\nu-bob,bob,bob@example.com\nu-cy,cy,cy@example.com\n';
  expect((await fetch(`${eventbench.url}/api/users/import`, { method: 'POST', body: csv })).status).toBe(200);
  const hook = (body: object) => eventbench.post('/webhook/pf', body).then((r) => expect(r.status).toBe(200));
  await hook({ type: 'identify', messageId: 'm-ada', userId: 'ada-2', traits: { email: 'ADA@example.com' } }); // #1, by email
  await hook({ type: 'track', event: 'Tour Start', messageId: 'm-bob', userId: 'bob' }); // #2, by username
  // #3: a userId that is u-cy's email creates a user whose username is another user's email.
  await hook({ type: 'track', event: 'Tour Start', messageId: 'm-cy', userId: 'cy@example.com' });
  await hook({ type: 'track', event: 'Tour Done', messageId: 'm-ada-2', userId: 'ada-2' }); // #4, u-ada by its new username

  await page.goto(eventbench.url);
  await page.getByRole('tab', { name: 'Matching' }).click();
  const sections = page.getByRole('tablist', { name: 'Matching sections' });
  const trace = page.getByRole('complementary', { name: 'Decision trace' });
  const selected = page.getByRole('listbox', { name: 'Matching decisions' }).getByRole('option', { selected: true });

  // On the Directory first, then the duplicates report: its link to the message that made the
  // duplicate opens that message's trace in Decisions.
  await sections.getByRole('tab', { name: /Directory/ }).click();
  await expect(page.getByRole('table', { name: 'User directory' }).getByRole('row')).toHaveCount(4);
  await sections.getByRole('tab', { name: 'Duplicates' }).click();
  const group = page.getByRole('region', { name: 'Duplicate group 1' });
  await expect(group).toContainText("A username equal to another user's email");
  await group.getByRole('button', { name: '#3' }).click();
  await expect(sections.getByRole('tab', { name: /Decisions/ })).toHaveAttribute('aria-selected', 'true');
  await expect(trace.getByRole('heading', { name: 'Why this user?' })).toBeVisible();
  await expect(trace).toContainText('#3');
  await expect(trace).toContainText('m-cy');
  await expect(selected).toHaveAttribute('data-seq', '3');

  // On the Directory again, then the inspector's "Why this user?" for #2: Matching opens on its
  // trace in Decisions.
  await sections.getByRole('tab', { name: /Directory/ }).click();
  await expect(page.getByRole('table', { name: 'User directory' })).toBeVisible();
  await page.getByRole('tab', { name: /Inspector/ }).click();
  const captured = page.getByRole('listbox', { name: 'Captured messages' }).getByRole('option');
  await expect(captured.and(page.locator('[data-seq="2"]'))).toContainText('by username');
  await captured.and(page.locator('[data-seq="2"]')).click();
  await page.getByRole('button', { name: 'Why this user?' }).click();
  await expect(page.getByRole('tab', { name: 'Matching' })).toHaveAttribute('aria-selected', 'true');
  await expect(sections.getByRole('tab', { name: /Decisions/ })).toHaveAttribute('aria-selected', 'true');
  await expect(trace).toContainText('#2');
  await expect(trace).toContainText('m-bob');
  await expect(trace).toContainText('found user u-bob');
  await expect(selected).toHaveAttribute('data-seq', '2');
  expect(pageErrors).toEqual([]);
});

// The Matching filter bars beside the open settings panel read on one line where there is room,
// and the Directory's headings are whole. The Decisions count ("1 of 3") used to wrap alone onto
// a second line at 1,400 px, and at 1,000 px it was hidden (the inspector's narrow rule); the
// Directory's toolbar took two rows at 1,000 px and its "Properties" heading was cut to "PROPE…".
test('matching toolbars: one row, the count beside its search, the directory headings whole, at 1400 and 1000 px', async ({ page, eventbench }) => {
  expect((await fetch(`${eventbench.url}/api/users/import`, { method: 'POST', body: 'id,username,email,plan\nu-ada,ada,ada@example.com,pro\nu-bob,bob,bob@example.com,free\n' })).status).toBe(200);
  expect((await eventbench.post('/webhook/pf', [{ type: 'identify', userId: 'ada', traits: { email: 'ada@example.com' } }, { type: 'track', event: 'Tour Start', userId: 'bob' }, { type: 'track', event: 'Tour Start', userId: 'cy' }])).status).toBe(200);
  /** The vertical middle of each element's box: elements on one line share it (within 4 px). */
  const middles = (locator: import('@playwright/test').Locator) =>
    locator.evaluateAll((els: any[]) => els.filter((e) => e.offsetParent !== null).map((e) => e.getBoundingClientRect()).map((r) => Math.round(r.top + r.height / 2)) as number[]);
  const oneRow = (m: number[]) => Math.max(...m) - Math.min(...m) <= 4;
  for (const [width, height] of [[1400, 900], [1000, 700]] as const) {
    await page.setViewportSize({ width, height });
    await page.goto(eventbench.url);
    await page.getByRole('tab', { name: 'Matching' }).click();
    const settings = page.getByRole('button', { name: 'Settings & what-if' });
    if ((await settings.getAttribute('aria-pressed')) !== 'true') await settings.click();
    await expect(page.getByRole('complementary', { name: 'Matching settings' })).toBeVisible();

    // Decisions: the count is shown, on the search's line (never alone); one row at 1,400 px.
    const decisionsBar = page.locator('.decisions-split .filter-bar');
    const userSearch = page.getByRole('searchbox', { name: 'User id' });
    await userSearch.fill('u-bob');
    const count = decisionsBar.locator('.filter-count');
    await expect(count).toHaveText('1 of 3');
    await expect(count).toBeVisible();
    const [searchBox, countBox] = [(await userSearch.boundingBox())!, (await count.boundingBox())!];
    expect(Math.abs(searchBox.y + searchBox.height / 2 - (countBox.y + countBox.height / 2)), `the count is on the search's line at ${width}px`).toBeLessThanOrEqual(4);
    if (width === 1400) expect(oneRow(await middles(decisionsBar.locator('> *'))), 'the Decisions filters are one row at 1400px').toBe(true);
    await userSearch.fill('');
    expect(await placeholderCut(userSearch), `the User id placeholder is whole at ${width}px`).toBeLessThanOrEqual(0);
    await page.screenshot({ path: `${screenshotDir}/matching-decisions-filters-${width}.png` });

    // Directory: its toolbar is one row, and each heading is whole (not cut with an ellipsis).
    await page.getByRole('tab', { name: /Directory/ }).click();
    await expect(page.getByRole('table', { name: 'User directory' }).getByRole('row')).toHaveCount(3);
    expect(oneRow(await middles(page.locator('.directory .filter-bar > *'))), `the Directory toolbar is one row at ${width}px`).toBe(true);
    const cut = await page.locator('.directory .msg-head > span').evaluateAll((els: any[]) => els.filter((e) => e.scrollWidth > e.clientWidth).map((e) => e.textContent as string));
    expect(cut, `Directory headings cut at ${width}px`).toEqual([]);
    await expect(page.locator('.directory .filter-count')).toHaveText('3 users');
    await page.screenshot({ path: `${screenshotDir}/matching-directory-toolbar-${width}.png` });
  }
});

// With 20,000 decisions and more the Decisions count is long ("20,000 of 20,002 (newest 20,000
// loaded)"), and it squeezed the User id search to its 90-px minimum, its placeholder cut to "User id
// (e." (1,400 px with the settings panel open, 1,000 px with it closed). The search and its count now
// go to a line of their own when the search would be cut; nothing in the bar runs past the list.
test('matching: the Decisions toolbar shows the User id placeholder whole beside a long count, panel open and closed, at 1400 and 1000 px', async ({ page, eventbench }) => {
  test.setTimeout(90_000);
  const filler = Array.from({ length: 20_002 }, (_, i) => ({ type: 'track', event: 'Filler', userId: `v${i % 50}`, messageId: `f${i}` }));
  for (let i = 0; i < filler.length; i += 5000) expect((await eventbench.post('/webhook/pf', filler.slice(i, i + 5000))).status).toBe(200);
  const bar = page.locator('.decisions-split .filter-bar');
  const userSearch = page.getByRole('searchbox', { name: 'User id' });
  const count = bar.locator('.filter-count');
  const settings = page.getByRole('button', { name: 'Settings & what-if' });
  for (const [width, height] of [[1400, 900], [1000, 700]] as const) {
    await page.setViewportSize({ width, height });
    await page.goto(eventbench.url);
    await page.getByRole('tab', { name: 'Matching' }).click();
    for (const open of [true, false]) {
      const panel = open ? 'open' : 'closed';
      if (((await settings.getAttribute('aria-pressed')) === 'true') !== open) await settings.click();
      await expect(page.getByRole('complementary', { name: 'Matching settings' })).toHaveCount(open ? 1 : 0);
      await expect(count).toHaveText('20,000 of 20,002 (newest 20,000 loaded)', { timeout: BIG_LOG_MS });
      expect(await placeholderCut(userSearch), `the User id placeholder is whole at ${width}px, panel ${panel}`).toBeLessThanOrEqual(0);
      // The count stays on the search's line, and the bar and everything in it end inside the list.
      const [searchBox, countBox] = [(await userSearch.boundingBox())!, (await count.boundingBox())!];
      expect(countBox.y, `the count is on the search's line at ${width}px, panel ${panel}`).toBeLessThan(searchBox.y + searchBox.height);
      expect(countBox.y + countBox.height).toBeGreaterThan(searchBox.y);
      const pane = (await page.locator('.decisions-split > .list-pane').boundingBox())!;
      const overflow = await bar.evaluate((b: any) => [b, ...b.querySelectorAll('*')].filter((e) => e.scrollWidth > e.clientWidth + 1 && e.ownerDocument.defaultView.getComputedStyle(e).overflow !== 'visible').length + (b.scrollWidth > b.clientWidth ? 1 : 0));
      expect(overflow, `nothing in the bar overflows at ${width}px, panel ${panel}`).toBe(0);
      const right = await bar.locator('*').evaluateAll((els: any[]) => Math.max(...els.filter((e) => e.getClientRects().length > 0).map((e) => e.getBoundingClientRect().right)));
      expect(right, `the bar ends inside the list at ${width}px, panel ${panel}`).toBeLessThanOrEqual(pane.x + pane.width + 0.5);
      await page.screenshot({ path: `${screenshotDir}/matching-decisions-toolbar-${width}-${panel}.png` });
    }
  }
});

// Opening a trace while the Decisions filters hide its row: the row used to be missing from the
// list beside its trace. Now the filters that hide it are cleared (only those), a notice says
// which, and Undo brings them back; a filter changed by hand that hides the selected row says so
// above the list, with a button that shows it again.
test('matching: a trace opened past the Decisions filters shows its row, says which filters were cleared', async ({ page, eventbench }) => {
  const pageErrors: string[] = [];
  page.on('pageerror', (e) => pageErrors.push(e.message));
  expect((await fetch(`${eventbench.url}/api/users/import`, { method: 'POST', body: 'id,username,email\nu-ada,ada,ada@example.com\nu-bob,bob,bob@example.com\n' })).status).toBe(200);
  const hook = (body: object) => eventbench.post('/webhook/pf', body).then((r) => expect(r.status).toBe(200));
  await hook({ type: 'identify', messageId: 'm-ada', userId: 'ada-2', traits: { email: 'ada@example.com' } }); // #1 u-ada, by email
  await hook({ type: 'identify', messageId: 'm-bob', userId: 'bob', traits: { plan: 'pro' } }); // #2 u-bob, by username (its plan set)
  await hook({ type: 'track', event: 'Tour Start', messageId: 'm-cy', userId: 'cy' }); // #3 created

  await page.goto(eventbench.url);
  await page.getByRole('tab', { name: 'Matching' }).click();
  const list = page.getByRole('listbox', { name: 'Matching decisions' });
  const selected = list.getByRole('option', { selected: true });
  const trace = page.getByRole('complementary', { name: 'Decision trace' });
  const userSearch = page.getByRole('searchbox', { name: 'User id' });
  const notice = page.getByRole('status', { name: 'Decisions filters' });
  await userSearch.fill('u-bob');
  await expect(list.getByRole('option')).toHaveCount(1);

  // "Why this user?" in the inspector for #1 (u-ada): its row is in the list, selected, and the
  // notice says the user filter was cleared; Undo puts it back (the row then hidden, and said so).
  await page.getByRole('tab', { name: /Inspector/ }).click();
  const captured = page.getByRole('listbox', { name: 'Captured messages' }).getByRole('option');
  await captured.and(page.locator('[data-seq="1"]')).click();
  await page.getByRole('button', { name: 'Why this user?' }).click();
  await expect(trace).toContainText('m-ada');
  await expect(selected).toHaveAttribute('data-seq', '1');
  await expect(selected).toBeVisible();
  await expect(userSearch).toHaveValue('');
  await expect(notice).toContainText('#1');
  await expect(notice).toContainText('u-bob');
  await notice.getByRole('button', { name: 'Undo' }).click();
  await expect(userSearch).toHaveValue('u-bob');
  await expect(selected).toHaveCount(0);
  await expect(notice).toContainText('#1 is hidden by the filters');
  await notice.getByRole('button', { name: 'Show #1' }).click();
  await expect(userSearch).toHaveValue('');
  await expect(selected).toHaveAttribute('data-seq', '1');

  // An outcome filter hiding the decision a directory link opens: only the outcome is cleared.
  await page.getByRole('combobox', { name: 'Outcome' }).selectOption('created');
  await expect(list.getByRole('option')).toHaveCount(1);
  await page.getByRole('tab', { name: /Directory/ }).click();
  await page.getByRole('table', { name: 'User directory' }).getByRole('row').filter({ hasText: 'u-bob' }).getByRole('button', { name: '#2' }).click();
  await expect(trace).toContainText('m-bob');
  await expect(selected).toHaveAttribute('data-seq', '2');
  await expect(selected).toBeVisible();
  await expect(page.getByRole('combobox', { name: 'Outcome' })).toHaveValue('');
  await expect(notice).toContainText('created');

  // A filter changed by hand that hides the selected row: said above the list, one click shows it.
  await userSearch.fill('u-ada');
  await expect(selected).toHaveCount(0);
  await expect(notice).toContainText('#2 is hidden by the filters');
  await notice.getByRole('button', { name: 'Show #2' }).click();
  await expect(selected).toHaveAttribute('data-seq', '2');
  await expect(userSearch).toHaveValue('');
  expect(pageErrors).toEqual([]);
});

// The Decisions filters and the Directory's search and sort live in the store: switching section
// (the panels unmount) or going to the Inspector and back keeps them. They used to reset.
test('matching: the Decisions filters and the Directory search and sort survive section and tab switches', async ({ page, eventbench }) => {
  expect((await fetch(`${eventbench.url}/api/users/import`, { method: 'POST', body: 'id,username,email\nu-ada,ada,ada@example.com\nu-bob,bob,bob@example.com\nu-bo2,bo2,zed@example.com\n' })).status).toBe(200);
  expect((await eventbench.post('/webhook/pf', [{ type: 'identify', userId: 'ada', traits: { email: 'ada@example.com' } }, { type: 'track', event: 'Tour Start', userId: 'bob' }, { type: 'track', event: 'Tour Start', userId: 'cy' }])).status).toBe(200);
  await page.goto(eventbench.url);
  await page.getByRole('tab', { name: 'Matching' }).click();
  const sections = page.getByRole('tablist', { name: 'Matching sections' });
  const outcome = page.getByRole('combobox', { name: 'Outcome' });
  const conflicts = page.getByLabel('Conflicts only');
  const userSearch = page.getByRole('searchbox', { name: 'User id' });
  const decisions = page.getByRole('listbox', { name: 'Matching decisions' }).getByRole('option');
  await expect(decisions).toHaveCount(3);
  await outcome.selectOption('matched-by-username');
  await userSearch.fill('u-bob');
  await expect(decisions).toHaveCount(1);

  await sections.getByRole('tab', { name: /Directory/ }).click();
  const search = page.getByRole('searchbox', { name: 'Search users' });
  const sort = page.getByRole('combobox', { name: 'Sort users by' });
  const order = page.getByRole('button', { name: 'Reverse order' });
  const users = page.getByRole('table', { name: 'User directory' }).getByRole('row');
  await expect(users).toHaveCount(4);
  await search.fill('bo');
  await sort.selectOption('email');
  await order.click();
  await expect(users).toHaveCount(2);
  await expect(users.first()).toContainText('u-bo2'); // zed@… first, descending by email

  const expectDirectory = async () => {
    await expect(search).toHaveValue('bo');
    await expect(sort).toHaveValue('email');
    await expect(order).toHaveAttribute('aria-pressed', 'true');
    await expect(users).toHaveCount(2);
    await expect(users.first()).toContainText('u-bo2');
  };
  const expectDecisions = async () => {
    await expect(outcome).toHaveValue('matched-by-username');
    await expect(userSearch).toHaveValue('u-bob');
    await expect(decisions).toHaveCount(1);
  };
  await sections.getByRole('tab', { name: 'Duplicates' }).click();
  await sections.getByRole('tab', { name: /Decisions/ }).click();
  await expectDecisions();
  await conflicts.check();
  await expect(decisions).toHaveCount(0);
  await sections.getByRole('tab', { name: /Directory/ }).click();
  await expectDirectory();

  // To the Inspector and back, and section by section again.
  await page.getByRole('tab', { name: /Inspector/ }).click();
  await page.getByRole('tab', { name: 'Matching' }).click();
  await expectDirectory();
  await sections.getByRole('tab', { name: /Decisions/ }).click();
  await expect(conflicts).toBeChecked();
  await conflicts.uncheck();
  await expectDecisions();
});

// The Decisions list holds the newest 20,000 decisions. A link to an older one (a directory link,
// the inspector's "Why this user?" after a search) used to open its trace beside a list with no row
// for it and nothing saying why; the list now says the decision is older than the rows it holds.
// A user filter that finds only older decisions says so too.
test('matching: a trace of a decision older than the newest 20,000 loaded is shown, and the list says why it has no row', async ({ page, eventbench }) => {
  test.setTimeout(90_000);
  const pageErrors: string[] = [];
  page.on('pageerror', (e) => pageErrors.push(e.message));
  expect((await fetch(`${eventbench.url}/api/users/import`, { method: 'POST', body: 'id,username,email\nu-ada,ada,ada@example.com\nu-bob,bob,bob@example.com\n' })).status).toBe(200);
  const hook = (body: object) => eventbench.post('/webhook/pf', body).then((r) => expect(r.status).toBe(200));
  await hook({ type: 'identify', messageId: 'm-old-ada', userId: 'ada-2', traits: { email: 'ada@example.com' } }); // #1 u-ada, by email
  await hook({ type: 'track', event: 'Tour Start', messageId: 'm-old-bob', userId: 'bob' }); // #2 u-bob, by username
  // 20,000 newer decisions (50 users), in arrays of 5,000 (the most a webhook request takes).
  const filler = Array.from({ length: 20_000 }, (_, i) => ({ type: 'track', event: 'Filler', userId: `v${i % 50}`, messageId: `f${i}` }));
  for (let i = 0; i < filler.length; i += 5000) await hook(filler.slice(i, i + 5000));

  const sections = page.getByRole('tablist', { name: 'Matching sections' });
  const list = page.getByRole('listbox', { name: 'Matching decisions' });
  const trace = page.getByRole('complementary', { name: 'Decision trace' });
  const notice = page.getByRole('status', { name: 'Decisions filters' });
  const count = page.locator('.decisions-split .filter-count');
  for (const [width, height] of [[1400, 900], [1000, 700]] as const) {
    await page.setViewportSize({ width, height });
    await page.goto(eventbench.url);
    await page.getByRole('tab', { name: 'Matching' }).click();
    await expect(count).toHaveText('20,000 of 20,002 (newest 20,000 loaded)', { timeout: BIG_LOG_MS });
    await expect(list.locator('[data-seq="3"]')).toBeVisible(); // the oldest row loaded

    // The directory's link to #1 (u-ada): its trace, and the notice instead of a row.
    await sections.getByRole('tab', { name: /Directory/ }).click();
    await page.getByRole('searchbox', { name: 'Search users' }).fill('u-ada');
    await page.getByRole('table', { name: 'User directory' }).getByRole('row').filter({ hasText: 'u-ada' }).getByRole('button', { name: '#1', exact: true }).click();
    await expect(sections.getByRole('tab', { name: /Decisions/ })).toHaveAttribute('aria-selected', 'true');
    await expect(trace).toContainText('m-old-ada');
    await expect(trace.getByRole('list', { name: 'Trace steps' })).toContainText('found user u-ada');
    await expect(notice).toHaveText('#1 is older than the newest 20,000 decisions this list holds, so it has no row here. Its trace is beside the list.');
    await expect(notice).toBeVisible();
    await expect(list.getByRole('option', { selected: true })).toHaveCount(0);
    // The notice and the count are whole, inside the list's pane (not under the trace).
    const pane = (await page.locator('.decisions-split > .list-pane').boundingBox())!;
    for (const el of [notice, count]) {
      const b = (await el.boundingBox())!;
      expect(b.x + b.width, `ends inside the list at ${width}px`).toBeLessThanOrEqual(pane.x + pane.width + 0.5);
    }
    await page.screenshot({ path: `${screenshotDir}/matching-older-than-loaded-${width}.png` });

    // The inspector, a search for #2's messageId, "Why this user?": the same.
    await page.getByRole('tab', { name: /Inspector/ }).click();
    await page.getByLabel('Search payloads').fill('m-old-bob');
    const captured = page.getByRole('listbox', { name: 'Captured messages' }).getByRole('option');
    await expect(captured).toHaveCount(1);
    await captured.first().click();
    await page.getByRole('button', { name: 'Why this user?' }).click();
    await expect(trace).toContainText('m-old-bob');
    await expect(trace.getByRole('list', { name: 'Trace steps' })).toContainText('found user u-bob');
    await expect(notice).toContainText('#2 is older than the newest 20,000 decisions');
    await expect(list.getByRole('option', { selected: true })).toHaveCount(0);

    // "All decisions for this user" (u-bob, all of whose decisions are older): the empty list says
    // the older ones are not in it (it used to say only that none passes the filters).
    await trace.getByRole('button', { name: 'All decisions for this user' }).click();
    await expect(page.getByRole('searchbox', { name: 'User id' })).toHaveValue('u-bob');
    await expect(page.getByText('None of the newest 20,000 decisions passes these filters')).toBeVisible();
    await expect(page.locator('.empty-body')).toContainText('This list holds the newest 20,000 of 20,002 decisions; older ones are not in it');
    await expect(page.locator('.empty-body')).toContainText('GET /api/matching?involving=u-bob');
    await page.screenshot({ path: `${screenshotDir}/matching-older-user-empty-${width}.png` });
    await page.getByRole('button', { name: 'clear the filters' }).click();

    // A loaded decision picked in the list: its row is selected, the notice gone.
    await list.locator('[data-seq="3"]').click();
    await expect(list.getByRole('option', { selected: true })).toHaveAttribute('data-seq', '3');
    await expect(notice).toHaveText('');
  }
  expect(pageErrors).toEqual([]);
});

// The Directory's scroll position lives in the store like its search and order: switching to
// another section (the panel unmounts) or tab and back shows the same users. It used to go back to
// the top on a section switch.
test('matching: the Directory keeps its scroll position across section and tab switches', async ({ page, eventbench }) => {
  const pageErrors: string[] = [];
  page.on('pageerror', (e) => pageErrors.push(e.message));
  const csv = ['id,username,email', ...Array.from({ length: 300 }, (_, i) => `u-${String(i).padStart(3, '0')},user${i},user${i}@example.com`)].join('\n') + '\n';
  expect((await fetch(`${eventbench.url}/api/users/import`, { method: 'POST', body: csv })).status).toBe(200);
  expect((await eventbench.post('/webhook/pf', { type: 'identify', userId: 'user7', traits: { plan: 'pro' } })).status).toBe(200);
  const sections = page.getByRole('tablist', { name: 'Matching sections' });
  const directory = page.getByRole('table', { name: 'User directory' });
  const scrollTop = () => directory.evaluate((e: any) => e.scrollTop as number);
  const row = (id: string) => directory.getByRole('row').filter({ has: page.getByRole('cell', { name: id, exact: true }) });
  for (const [width, height] of [[1400, 900], [1000, 700]] as const) {
    await page.setViewportSize({ width, height });
    await page.goto(eventbench.url);
    await page.getByRole('tab', { name: 'Matching' }).click();
    await sections.getByRole('tab', { name: /Directory/ }).click();
    await expect(row('u-000')).toBeInViewport();
    // Scrolled down by the wheel, as a user does: 4,000 px is row 125 (32 px a row) at the top.
    await directory.hover();
    await page.mouse.wheel(0, 4000);
    await expect.poll(() => scrollTop()).toBe(4000);
    await expect(row('u-125')).toBeInViewport();
    await page.screenshot({ path: `${screenshotDir}/matching-directory-scrolled-${width}.png` });
    const expectKept = async (how: string) => {
      await expect(row('u-125'), `the same users after ${how} at ${width}px`).toBeInViewport();
      expect(await scrollTop(), `the same offset after ${how} at ${width}px`).toBe(4000);
      await expect(row('u-000')).toHaveCount(0);
    };

    await sections.getByRole('tab', { name: /Decisions/ }).click();
    await expect(page.getByRole('listbox', { name: 'Matching decisions' })).toBeVisible();
    await sections.getByRole('tab', { name: /Directory/ }).click();
    await expectKept('Decisions and back');
    await page.screenshot({ path: `${screenshotDir}/matching-directory-scroll-kept-${width}.png` });

    await sections.getByRole('tab', { name: 'Duplicates' }).click();
    await page.getByRole('tab', { name: /Inspector/ }).click();
    await page.getByRole('tab', { name: 'Matching' }).click();
    await sections.getByRole('tab', { name: /Directory/ }).click();
    await expectKept('Duplicates, the Inspector and back');

    // Scrolled, then straight to another tab: a hidden list reads as scrolled to 0 px, and the
    // list's scroll-end check (150 ms after the last scroll) took that for its offset, so it came
    // back blank (its top rows drawn 3,040 px above what is on screen).
    await scrollThenLeave(directory, 3040, 'composer');
    await expect(page.getByRole('tab', { name: 'Composer' })).toHaveAttribute('aria-selected', 'true');
    await page.waitForTimeout(300); // the virtualizer's check runs, the list hidden
    await page.getByRole('tab', { name: 'Matching' }).click();
    await expect(row('u-095'), `the same users after the Composer and back at ${width}px`).toBeInViewport();
    expect(await scrollTop()).toBe(3040);
    // And from there to another section and back: that offset, not the one before.
    await sections.getByRole('tab', { name: /Decisions/ }).click();
    await sections.getByRole('tab', { name: /Directory/ }).click();
    await expect(row('u-095')).toBeInViewport();
    expect(await scrollTop()).toBe(3040);
  }
  expect(pageErrors).toEqual([]);
});

// The Decisions list, scrolled and then left for another tab at once: a hidden list reads as
// scrolled to 0 px, and the list's scroll-end check (150 ms after the last scroll) took that for its
// offset, so it came back with its first rows drawn above the view and the rows on screen missing.
test('matching: the Decisions list scrolled and left for another tab at once comes back as it was', async ({ page, eventbench }) => {
  const hook = (body: object) => eventbench.post('/webhook/pf', body).then((r) => expect(r.status).toBe(200));
  await hook(Array.from({ length: 300 }, (_, i) => ({ type: 'track', event: 'Tour Start', userId: `v${i % 5}`, messageId: `m${i}` })));
  const list = page.getByRole('listbox', { name: 'Matching decisions' });
  const scrollTop = () => list.evaluate((e: any) => e.scrollTop as number);
  for (const [width, height] of [[1400, 900], [1000, 700]] as const) {
    await page.setViewportSize({ width, height });
    await page.goto(eventbench.url);
    await page.getByRole('tab', { name: 'Matching' }).click();
    await expect(list.locator('[data-seq="1"]')).toBeInViewport();
    // 44 px a row: 1,496 px down, #35 is the first row on screen.
    await scrollThenLeave(list, 1496, 'inspector');
    await expect(page.getByRole('tab', { name: /Inspector/ })).toHaveAttribute('aria-selected', 'true');
    await page.waitForTimeout(300); // the virtualizer's check runs, the list hidden
    await page.getByRole('tab', { name: 'Matching' }).click();
    await expect(list.locator('[data-seq="35"]'), `the same rows after the Inspector and back at ${width}px`).toBeInViewport();
    await expect(list.locator('[data-seq="42"]')).toBeInViewport();
    expect(await scrollTop()).toBe(1496);
    await page.screenshot({ path: `${screenshotDir}/matching-decisions-scroll-kept-${width}.png` });
  }
});

// At 1000 px the mapping's selects were squeezed to their column's width: "id" showed only its
// arrow, "property" read "prope". Each is now as wide as its longest choice, and a wide file
// scrolls sideways instead.
test('users import at 1000 px: every column-mapping select shows its whole choice and stays usable', async ({ page, eventbench }) => {
  await page.setViewportSize({ width: 1000, height: 700 });
  await page.goto(eventbench.url);
  await page.getByRole('tab', { name: /^Matching/ }).click();
  await page.getByRole('button', { name: 'Import users…' }).click();
  const csv = 'id,username,email,first_name,last_name,plan,company_name,signup_date,country\nu-1,ada,ada@example.com,Ada,Lovelace,pro,Analytical Engines Ltd,2024-01-02,GB';
  await page.getByLabel('Users to import').fill(csv);
  await page.getByRole('button', { name: 'Next: map columns' }).click();
  const mapping = page.getByRole('table', { name: 'Column mapping' });
  const selects = mapping.locator('select');
  await expect(selects).toHaveCount(9);
  // Each select against the width it takes when left to size itself (its widest option).
  const widths = await selects.evaluateAll((els) =>
    els.map((e: any) => {
      const shown = e.getBoundingClientRect().width as number;
      const { width, minWidth } = e.style;
      e.style.width = 'auto';
      e.style.minWidth = '0';
      const natural = e.getBoundingClientRect().width as number;
      e.style.width = width;
      e.style.minWidth = minWidth;
      return { name: e.getAttribute('aria-label') as string, shown, natural };
    }),
  );
  for (const w of widths) expect(w.shown, w.name).toBeGreaterThanOrEqual(w.natural - 0.5);
  await page.screenshot({ path: `${screenshotDir}/users-import-mapping-1000.png` });
  // The last column, off to the right, is reached by scrolling and can be set.
  const last = mapping.getByLabel('Column country is');
  await last.scrollIntoViewIfNeeded();
  await last.selectOption('ignore');
  await expect(last).toHaveValue('ignore');
  await expect(last).toBeInViewport();
});

// "by username" with its "conflict" badge is about 155 px; the Outcome column was 150 px (128 or
// 112 in a narrow list): the conflict badge ran into the next column (Identity, now Message) at 1400 px and was cut
// to "conf" at 1000 px, the one row the column is there to flag.
test('matching decisions: "by username" + "conflict" fit whole in the Outcome column, with the trace open, at 1400 and 1000 px', async ({ page, eventbench }) => {
  const users = await fetch(`${eventbench.url}/api/users/import`, { method: 'POST', headers: { 'content-type': 'text/csv' }, body: 'id,username,email\nu-ada,ada,ada@example.com\nu-bob,bob,bob@example.com' });
  expect(users.status).toBe(200);
  const settings = await fetch(`${eventbench.url}/api/matching/settings`, { method: 'PUT', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ conflict: 'userId-wins' }) });
  expect(settings.status).toBe(200);
  // userId names bob, the email ada: with userId-wins, matched by username, with a conflict.
  expect((await eventbench.post('/webhook/pf', { type: 'identify', userId: 'bob', traits: { email: 'ada@example.com' } })).status).toBe(200);
  for (const [width, height] of [
    [1400, 900],
    [1000, 700],
  ] as const) {
    await page.setViewportSize({ width, height });
    await page.goto(eventbench.url);
    await page.getByRole('tab', { name: 'Matching' }).click();
    const row = page.getByRole('listbox', { name: 'Matching decisions' }).getByRole('option').first();
    await expect(row.locator('.badge')).toHaveText(['by username', 'conflict']);
    await row.click();
    await expect(page.getByRole('list', { name: 'Trace steps' })).toBeVisible();
    // The trace pane has just opened beside the list: the cell, its badges and the message column are
    // read in one go, polled until they are of the narrower list's layout.
    const faults = () =>
      row.evaluate((r: any, w: number) => {
        const cell = r.querySelector('.d-outcome');
        const c = cell.getBoundingClientRect();
        const next = r.querySelector('.d-message').getBoundingClientRect();
        return [
          ...(cell.scrollWidth > cell.clientWidth ? [`${w} px: the outcome cell overflows`] : []),
          ...[...r.querySelectorAll('.badge')].flatMap((badge: any) => {
            const b = badge.getBoundingClientRect();
            return [...(b.right > c.right + 0.5 ? [`${w} px: ${badge.textContent} ends past its cell`] : []), ...(b.right > next.left ? [`${w} px: ${badge.textContent} runs into the message`] : [])];
          }),
        ];
      }, width);
    await expect.poll(faults).toEqual([]);
    await page.screenshot({ path: `${screenshotDir}/matching-conflict-row-${width}.png` });
  }
});

// A conflict records one winner: bob's identify carrying Ada's email lands on u-ada. Support starts
// from bob, and the user filter listed only the decisions a user won, so u-bob's list missed the
// message that named bob. It now lists the conflicts a user lost too, marked "lost to u-ada", and
// the trace of a conflict opens the losing user's decisions as it does the winner's.
// The trace's title wrapped between the outcome and its conflict flag: at 1400 px with the settings
// panel open, "by email" ended the first line and "conflict" stood alone under the call type.
test('matching trace: the outcome and its conflict flag stay side by side in the title, at 1400 and 1000 px', async ({ page, eventbench }) => {
  const users = await fetch(`${eventbench.url}/api/users/import`, { method: 'POST', headers: { 'content-type': 'text/csv' }, body: 'id,username,email\nPF-1002,ada,ada@acme.com\nPF-1003,bob,bob@acme.com' });
  expect(users.status).toBe(200);
  expect((await eventbench.post('/webhook/product-fruits', { type: 'identify', userId: 'bob', traits: { email: 'Ada@Acme.com ' } })).status).toBe(200);
  for (const [width, height] of [
    [1400, 900],
    [1000, 700],
  ] as const) {
    await page.setViewportSize({ width, height });
    await page.goto(eventbench.url);
    await page.getByRole('tab', { name: 'Matching' }).click();
    // The settings panel open beside the trace, as it starts at 1400 px (at 1000 it starts closed).
    const side = page.getByRole('complementary', { name: 'Matching settings' });
    if (width >= 1200) await expect(side).toBeVisible();
    await page.getByRole('listbox', { name: 'Matching decisions' }).getByRole('option').first().click();
    const trace = page.getByRole('complementary', { name: 'Decision trace' });
    await expect(trace.getByRole('list', { name: 'Trace steps' })).toBeVisible();
    const title = trace.locator('.detail-title');
    await expect(title.locator('.badge')).toHaveText(['by email', 'conflict']);
    const [outcome, conflict] = await Promise.all(['by email', 'conflict'].map(async (t) => (await title.locator('.badge', { hasText: t }).boundingBox())!));
    await page.screenshot({ path: `${screenshotDir}/matching-trace-title-${width}.png` });
    expect(Math.abs(conflict.y - outcome.y), `${width} px: "conflict" on the line of "by email"`).toBeLessThanOrEqual(1);
    expect(conflict.x, `${width} px: "conflict" right after "by email"`).toBeGreaterThan(outcome.x + outcome.width);
  }
});

test('matching: the user filter lists the conflicts a user lost, "lost to" the winner, and the trace opens the loser\'s decisions', async ({ page, eventbench }) => {
  const pageErrors: string[] = [];
  page.on('pageerror', (e) => pageErrors.push(e.message));
  expect((await fetch(`${eventbench.url}/api/users/import`, { method: 'POST', body: 'id,username,email\nu-ada,ada,ada@example.com\nu-bob,bob,bob@example.com\n' })).status).toBe(200);
  const hook = (body: object) => eventbench.post('/webhook/pf', body).then((r) => expect(r.status).toBe(200));
  await hook({ type: 'identify', messageId: 'm-conflict', userId: 'bob', traits: { email: 'ada@example.com' } }); // #1: u-ada wins, u-bob loses
  await hook({ type: 'track', event: 'Invoice Paid', messageId: 'm-bob', userId: 'bob' }); // #2: u-bob
  await hook({ type: 'track', event: 'Tour Start', messageId: 'm-ada', userId: 'ada' }); // #3: u-ada

  const list = page.getByRole('listbox', { name: 'Matching decisions' });
  const rows = list.getByRole('option');
  const userBox = page.getByRole('searchbox', { name: 'User id' });
  const trace = page.getByRole('complementary', { name: 'Decision trace' });
  const row = (seq: number) => list.locator(`[data-seq="${seq}"]`);
  for (const [width, height] of [[1400, 900], [1000, 700]] as const) {
    await page.setViewportSize({ width, height });
    await page.goto(eventbench.url);
    await page.getByRole('tab', { name: 'Matching' }).click();
    await expect(rows).toHaveCount(3);
    // Unfiltered, the conflict row names its winner and, under it, the user that lost.
    await expect(row(1).locator('.d-user')).toHaveText('u-ada over u-bob');

    // Filtered by the loser: its lost conflict is listed, marked as lost to the winner.
    await userBox.fill('u-bob');
    await expect(rows).toHaveCount(2);
    await expect(row(1).locator('.d-user')).toHaveText('lost to u-ada');
    await expect(row(2).locator('.d-user')).toHaveText('u-bob');
    await expect(page.locator('.decisions-split .filter-count')).toHaveText('2 of 3');
    // Filtered by the winner: the same conflict, won.
    await userBox.fill('u-ada');
    await expect(rows).toHaveCount(2);
    await expect(row(1).locator('.d-user')).toHaveText('u-ada over u-bob');
    await expect(row(3).locator('.d-user')).toHaveText('u-ada');

    // The trace of the conflict: its loser, with a link to all its decisions, as the winner has.
    await row(1).click();
    await expect(trace.getByRole('list', { name: 'Trace steps' }).getByRole('listitem').first()).toBeVisible();
    await expect(trace.locator('dt')).toHaveText(['Message', 'Received', 'Came from', 'User', 'Lost the conflict']);
    await expect(trace.locator('dd').nth(4)).toContainText('u-bob');
    await page.screenshot({ path: `${screenshotDir}/matching-conflict-won-${width}.png` });
    await trace.getByRole('button', { name: 'All decisions for u-bob' }).click();
    await expect(userBox).toHaveValue('u-bob');
    await expect(rows).toHaveCount(2);
    await expect(list.getByRole('option', { selected: true })).toHaveAttribute('data-seq', '1');
    await expect(row(1).locator('.d-user')).toHaveText('lost to u-ada');
    await page.screenshot({ path: `${screenshotDir}/matching-conflict-lost-${width}.png` });
    // And back to the winner's.
    await trace.getByRole('button', { name: 'All decisions for this user' }).click();
    await expect(userBox).toHaveValue('u-ada');
    await expect(rows).toHaveCount(2);
    await userBox.fill('');
  }
  expect(pageErrors).toEqual([]);
});

// Replace with a file that gives no user (here JSON that does not parse): the dialog said
// "0 users imported; 1 row skipped" after the whole directory had been emptied; the engine now
// refuses, and the dialog shows why, with the directory as it was.
test('users import: Replace with a file that gives no user keeps the directory and says why', async ({ page, eventbench }) => {
  const imported = await fetch(`${eventbench.url}/api/users/import`, { method: 'POST', body: 'id,email\nu-ada,ada@example.com\nu-bob,bob@example.com\n' });
  expect(await imported.json()).toEqual({ imported: 2, errors: [] });
  for (const [width, height] of [
    [1400, 900],
    [1000, 700],
  ]) {
    await page.setViewportSize({ width, height });
    await page.goto(eventbench.url);
    await page.getByRole('tab', { name: /^Matching/ }).click();
    await page.getByRole('button', { name: 'Import users…' }).click();
    await page.getByLabel('Users to import').fill('[{"id": }]');
    await page.getByRole('button', { name: 'Next: map columns' }).click();
    await page.getByLabel(/Replace the starting directory/).check();
    await page.getByRole('button', { name: /^Import 1 row$/ }).click();
    const alert = page.getByRole('alert');
    await expect(alert).toContainText('nothing was imported, so the starting directory was not replaced (it keeps its 2 users): line 1: not valid JSON');
    await page.screenshot({ path: `${screenshotDir}/users-import-replace-refused-${width}.png` });
    const users = (await (await fetch(`${eventbench.url}/api/users`)).json()) as { id: string }[];
    expect(users.map((u) => u.id).sort()).toEqual(['u-ada', 'u-bob']);
  }
});

// A support case: "events from jane@acme.com land on the wrong user". Jane's app sends userId jdoe,
// John's username in Product Fruits; John's own identify renamed him, so Jane's later events made a
// new user. Typed in the user box, "jdoe" named only the user that has the username now (new-4),
// and nothing listed Jane's messages wherever they landed: now one click does.
test('the user box offers the decisions about every message that carried a userId or email, whichever user each landed on; Copy list copies them', async ({ page, eventbench, context }) => {
  await context.grantPermissions(['clipboard-read', 'clipboard-write']);
  const csv = ['Id,Username,Email', 'PF-1001,jane.doe,jane@acme.com', 'PF-1002,jdoe,john@acme.com', ''].join('\n');
  expect((await fetch(`${eventbench.url}/api/users/import`, { method: 'POST', body: csv })).status).toBe(200);
  await fetch(`${eventbench.url}/api/matching/settings`, { method: 'PUT', body: JSON.stringify({ scope: 'webhook-and-tracking' }) });
  for (const m of [
    { type: 'identify', anonymousId: 'laptop', userId: 'jdoe', traits: { email: 'Jane@Acme.com ' } }, // #1 PF-1001, a conflict
    { type: 'track', anonymousId: 'laptop', userId: 'jdoe', event: 'Report Viewed' }, // #2 PF-1002, by username
    { type: 'identify', anonymousId: 'john', userId: 'john.doe', traits: { email: 'john@acme.com' } }, // #3 renames PF-1002
    { type: 'track', anonymousId: 'laptop', userId: 'jdoe', event: 'Dashboard Viewed' }, // #4 creates new-4
    { type: 'track', anonymousId: 'phone', userId: 'other', event: 'Seen', properties: { email: 'JANE@acme.com' } }, // #5 PF-1001 by email
  ]) await eventbench.track(m);
  await page.goto(eventbench.url);
  await page.getByRole('tab', { name: 'Matching' }).click();
  const rows = page.getByRole('listbox', { name: 'Matching decisions' }).getByRole('option');
  await expect(rows).toHaveCount(5);
  const box = page.getByRole('searchbox', { name: 'User id' });
  await box.fill('jdoe');
  await expect(page.getByText('The username jdoe is user new-4.')).toBeVisible();
  await page.getByRole('button', { name: 'Show the 3 messages that carried jdoe' }).click();
  await expect(box).toHaveValue('');
  await expect(page.getByTestId('message-filter')).toContainText('Decisions about messages that carried jdoe as their userId or email (ignoring case and space): the User column is where each landed.');
  await expect(rows).toHaveCount(3);
  await expect(rows.locator('.d-user')).toHaveText([/^PF-1001/, /^PF-1002$/, /^new-4$/]);
  await page.screenshot({ path: `test-results/matching-message-filter.png` });
  // What support sends back: the list as it is filtered, with the settings it was decided under.
  const copy = page.getByTestId('decisions-copy');
  await copy.click();
  await expect(copy).toHaveText('Copied ✓');
  expect((await page.evaluate(() => (globalThis as any).navigator.clipboard.readText() as Promise<string>)).split('\n')).toEqual([
    '3 Product Fruits matching decisions (emailComparison ignore-case-and-space, noIdentity unmatched, conflict email-wins, scope webhook-and-tracking; times in UTC)',
    '#\tReceived\tOutcome\tConflict\tMessage\tEmail\tuserId\tanonymousId\tUser\tChanged',
    expect.stringMatching(/^1\t\d{4}-\d\d-\d\d \d\d:\d\d:\d\d\tmatched by email\tyes, over PF-1002\tidentify\t"Jane@Acme.com "\tjdoe\tlaptop\tPF-1001\t$/),
    expect.stringMatching(/^2\t.+\tmatched by username\t\ttrack · Report Viewed\t\tjdoe\tlaptop\tPF-1002\t$/),
    expect.stringMatching(/^4\t.+\ta new user was created\t\ttrack · Dashboard Viewed\t\tjdoe\tlaptop\tnew-4\tusername$/),
  ]);
  // An email, ignoring case and space: the identify's `Jane@Acme.com ` and the track's `JANE@acme.com`.
  await page.getByRole('button', { name: 'Stop showing only messages that carried jdoe' }).click();
  await expect(rows).toHaveCount(5);
  await box.fill('jane@acme.com');
  await page.getByRole('button', { name: 'Show the 2 messages that carried jane@acme.com' }).click();
  await expect(rows.locator('.d-seq')).toHaveText(['1', '5']);
  // Cleared with the filters.
  await page.getByRole('combobox', { name: 'Outcome' }).selectOption('created');
  await expect(page.getByRole('button', { name: 'clear the filters' })).toBeVisible();
  await page.getByRole('button', { name: 'clear the filters' }).click();
  await expect(rows).toHaveCount(5);
  await expect(page.getByTestId('message-filter')).toHaveCount(0);
});

// "Show the N messages that carried X" counted and listed only the newest 20,000 decisions the list
// holds: a customer's messages older than those were not offered at all. The engine is asked now
// (GET /api/matching?carried=), over every decision.
test('the messages that carried a userId are found among all decisions, not only the newest 20,000 loaded', async ({ page, eventbench }) => {
  await fetch(`${eventbench.url}/api/matching/settings`, { method: 'PUT', body: JSON.stringify({ scope: 'webhook-and-tracking' }) });
  // The oldest message is the customer's; 20,000 others follow it.
  expect((await eventbench.post('/v1/batch', { batch: [{ type: 'track', anonymousId: 'laptop', userId: 'old-jdoe', event: 'Report Viewed' }] })).status).toBe(200);
  for (let b = 0; b < 8; b++) {
    const batch = Array.from({ length: 2500 }, (_, i) => ({ type: 'track', anonymousId: 'a', userId: `filler-${b}-${i}`, event: 'E' }));
    expect((await eventbench.post('/v1/batch', { batch })).status).toBe(200);
  }
  await expect.poll(async () => ((await (await fetch(`${eventbench.url}/api/matching?limit=1`)).json()) as { seq: number }[])[0]?.seq, { timeout: 30_000 }).toBe(20_001);
  await page.goto(eventbench.url);
  await page.getByRole('tab', { name: 'Matching' }).click();
  await expect(page.getByText('(newest 20,000 loaded)')).toBeVisible({ timeout: BIG_LOG_MS });
  const box = page.getByRole('searchbox', { name: 'User id' });
  await box.fill('old-jdoe');
  await expect(page.getByText('The username old-jdoe is user new-1.')).toBeVisible();
  await page.getByRole('button', { name: 'Show the 1 message that carried old-jdoe' }).click();
  const rows = page.getByRole('listbox', { name: 'Matching decisions' }).getByRole('option');
  await expect(rows).toHaveCount(1);
  await expect(rows.locator('.d-user')).toHaveText(['new-1']);
  await expect(page.getByTestId('message-filter')).not.toContainText('are listed');
  await page.screenshot({ path: test.info().outputPath('matching-carried-older.png') });
  // Its trace opens beside it, with no word of it being older than the rows the list holds.
  await rows.first().click();
  await expect(page.getByRole('status', { name: 'Decisions filters' })).not.toContainText('older than');
});

// matching-settings.json edited by hand while the app ran was overwritten by the next save without a
// word: the edited file is kept aside and the warnings banner says so, while the page is open.
test('a hand edit of matching-settings.json overwritten by a save is kept aside, and the page says so', async ({ page, eventbench }) => {
  expect((await fetch(`${eventbench.url}/api/matching/settings`, { method: 'PUT', body: '{"conflict":"userId-wins"}' })).status).toBe(200);
  await page.setViewportSize({ width: 1400, height: 900 });
  await page.goto(eventbench.url);
  await page.getByRole('tab', { name: 'Matching' }).click();
  const { writeFileSync, readdirSync } = await import('node:fs');
  const { join: joinPath } = await import('node:path');
  writeFileSync(joinPath(eventbench.dataDir, 'matching-settings.json'), '{ "conflict": "email-wins", "emailComparison": "exact" }\n');
  expect((await fetch(`${eventbench.url}/api/matching/settings`, { method: 'PUT', body: '{"scope":"webhook-and-tracking"}' })).status).toBe(200);
  const kept = readdirSync(eventbench.dataDir).filter((f) => f.startsWith('matching-settings.json.edited-'));
  expect(kept).toHaveLength(1);
  const banner = page.getByRole('alert').filter({ hasText: `so the edited file is kept as ${kept[0]}` });
  await expect(banner).toBeVisible();
  await expect(banner.locator('strong')).toHaveText('Data dir:');
  await page.screenshot({ path: test.info().outputPath('hand-edit-kept.png') });
});

// A lone surrogate in a user's field: saved as UTF-8, the CSV held U+FFFD there and its import
// changed the user silently. Export CSV still downloads, and names the user and field.
test('Export CSV names the users a lone surrogate keeps it from writing exactly, and offers JSON', async ({ page, eventbench }) => {
  const body = '[{"id":"u-half","username":"jdoe\\ud83d","email":"j@acme.com"}]';
  expect((await fetch(`${eventbench.url}/api/users/import`, { method: 'POST', body })).status).toBe(200);
  await page.setViewportSize({ width: 1400, height: 900 });
  await page.goto(eventbench.url);
  await page.getByRole('tab', { name: 'Matching' }).click();
  await page.getByRole('tab', { name: /^Directory/ }).click();
  const download = page.waitForEvent('download');
  await page.getByRole('button', { name: 'Export CSV' }).click();
  expect((await download).suggestedFilename()).toBe('eventbench-users.csv');
  const warning = page.getByTestId('export-csv-warning');
  await expect(warning).toContainText('cannot hold 1 value exactly: user u-half (username) holds a lone UTF-16 surrogate');
  await page.screenshot({ path: test.info().outputPath('export-csv-warning.png') });
  for (const [width, height] of [[1000, 700]] as const) {
    await page.setViewportSize({ width, height });
    await page.screenshot({ path: test.info().outputPath(`export-csv-warning-${width}.png`) });
  }
});

// Two users holding one email (a customer's duplicate accounts) send a message to the first in
// directory order, whoever sent it: the decisions list marks such a row, so support finds it
// without opening each trace, and its tooltip says what the rule did.
test('matching: a decision on an email two users hold is marked "shared by 2" in the list, whole at 1000 px', async ({ page, eventbench }) => {
  const pageErrors: string[] = [];
  page.on('pageerror', (e) => pageErrors.push(e.message));
  const csv = 'id,username,email\nu-jane,jane,jane@acme.com\nu-jane2,jdoe,Jane@Acme.com\nu-bob,bob,bob@acme.com\n';
  expect((await fetch(`${eventbench.url}/api/users/import`, { method: 'POST', body: csv })).status).toBe(200);
  const hook = (body: object) => eventbench.post('/webhook/pf', body).then((r) => expect(r.status).toBe(200));
  await hook({ type: 'identify', messageId: 'm-shared', traits: { email: 'jane@acme.com' } });
  await hook({ type: 'identify', messageId: 'm-bob', traits: { email: 'bob@acme.com' } });

  await page.setViewportSize({ width: 1400, height: 900 });
  await page.goto(eventbench.url);
  await page.getByRole('tab', { name: 'Matching' }).click();
  const rows = page.getByRole('listbox', { name: 'Matching decisions' }).getByRole('option');
  await expect(rows).toHaveCount(2);
  const shared = rows.and(page.locator('[data-seq="1"]'));
  const mark = shared.locator('.d-shared');
  await expect(mark).toHaveText('shared by 2');
  await expect(mark).toHaveAttribute('title', /^2 directory users had this email when the message came; the rule took the first in directory order \(the message landed on u-jane\)/);
  await expect(rows.and(page.locator('[data-seq="2"]')).locator('.d-shared')).toHaveCount(0);
  await page.screenshot({ path: `${screenshotDir}/matching-shared-email-1400.png` });
  // At 1000 px the mark is whole (it sits before the address, which is the part cut).
  await page.setViewportSize({ width: 1000, height: 700 });
  await expect(mark).toBeVisible();
  expect(await mark.evaluate((e: any) => e.getBoundingClientRect().right <= e.closest('.d-who')!.getBoundingClientRect().right + 0.5)).toBe(true);
  await page.screenshot({ path: `${screenshotDir}/matching-shared-email-1000.png` });
  await shared.click();
  await expect(page.getByRole('complementary', { name: 'Decision trace' })).toContainText('u-jane2');
  expect(pageErrors).toEqual([]);
});

// Two users with one username (a directory imported with a duplicate) take a userId's messages in
// directory order: the row marks the userId as it marks a shared email, and the trace names the other.
test('matching: a decision on a userId two users have as username is marked "shared by 2" beside the userId', async ({ page, eventbench }) => {
  const pageErrors: string[] = [];
  page.on('pageerror', (e) => pageErrors.push(e.message));
  const csv = 'id,username,email\nu-sam-old,sam,sam@old.com\nu-sam-new,sam,sam@new.com\n';
  expect((await fetch(`${eventbench.url}/api/users/import`, { method: 'POST', body: csv })).status).toBe(200);
  await eventbench.post('/webhook/pf', { type: 'track', messageId: 'm-sam', event: 'Report Viewed', userId: 'sam' }).then((r) => expect(r.status).toBe(200));

  await page.setViewportSize({ width: 1400, height: 900 });
  await page.goto(eventbench.url);
  await page.getByRole('tab', { name: 'Matching' }).click();
  const row = page.getByRole('listbox', { name: 'Matching decisions' }).getByRole('option');
  await expect(row).toHaveCount(1);
  const mark = row.locator('.d-sent').filter({ hasText: 'userId' }).locator('.d-shared');
  await expect(mark).toHaveText('shared by 2');
  await expect(mark).toHaveAttribute('title', /^2 directory users had this userId as their username when the message came; the rule took the user the email found if it has it, else the first in directory order \(the message landed on u-sam-old\)/);
  await row.click();
  await expect(page.getByRole('complementary', { name: 'Decision trace' })).toContainText('User u-sam-new (username sam, email sam@new.com) has it too; the first in directory order is taken.');
  await page.screenshot({ path: `${screenshotDir}/matching-shared-username-1400.png` });
  await page.setViewportSize({ width: 1000, height: 700 });
  await expect(mark).toBeVisible();
  await page.screenshot({ path: `${screenshotDir}/matching-shared-username-1000.png` });
  expect(pageErrors).toEqual([]);
});

// `bob` + U+200B finds no user `bob` (the rule compares exactly) and a new user is made: the trace
// says which user it read the same as, and the duplicates report lists the two.
test('matching: a userId missing a username only by an invisible character is named in the trace and in Duplicates', async ({ page, eventbench }) => {
  const pageErrors: string[] = [];
  page.on('pageerror', (e) => pageErrors.push(e.message));
  const csv = 'id,username,email\nu-bob,bob,bob@example.com\n';
  expect((await fetch(`${eventbench.url}/api/users/import`, { method: 'POST', body: csv })).status).toBe(200);
  await eventbench.post('/webhook/pf', { type: 'track', messageId: 'm-bob-zw', event: 'Tour Start', userId: 'bob\u200b' }).then((r) => expect(r.status).toBe(200));

  await page.setViewportSize({ width: 1400, height: 900 });
  await page.goto(eventbench.url);
  await page.getByRole('tab', { name: 'Matching' }).click();
  const row = page.getByRole('listbox', { name: 'Matching decisions' }).getByRole('option');
  await expect(row).toHaveCount(1);
  await expect(row).toContainText('created');
  await row.click();
  const trace = page.getByRole('complementary', { name: 'Decision trace' });
  await expect(trace.getByRole('list', { name: 'Trace steps' }).getByRole('listitem').filter({ hasText: 'Looked for a user whose username equals' })).toHaveText(
    /no user has it\. User u-bob \(email bob@example\.com\) has the username bob, which differs only by U\+200B \(a zero-width space\) in the userId: the userId lookup compares exactly\./,
  );
  await page.screenshot({ path: `${screenshotDir}/matching-username-near-miss-1400.png` });
  // At 1000 px, the settings panel closed: the trace has the width for the sentence.
  await page.setViewportSize({ width: 1000, height: 700 });
  await page.getByRole('button', { name: 'Close settings' }).click();
  await expect(trace).toContainText('differs only by U+200B');
  await page.screenshot({ path: `${screenshotDir}/matching-username-near-miss-1000.png` });

  await page.getByRole('tablist', { name: 'Matching sections' }).getByRole('tab', { name: 'Duplicates' }).click();
  const group = page.getByRole('region', { name: 'Duplicate group 1' });
  await expect(group).toContainText('The same username but for space or invisible characters');
  await expect(group).toContainText('u-bob');
  await page.screenshot({ path: `${screenshotDir}/matching-username-near-miss-duplicates-1000.png` });
  await page.setViewportSize({ width: 1400, height: 900 });
  await page.screenshot({ path: `${screenshotDir}/matching-username-near-miss-duplicates-1400.png` });
  expect(pageErrors).toEqual([]);
});

// Below 1,200 px the open "Settings & what-if" panel lay over the trace's column: trying a setting
// hid the trace it was meant to change. The trace now goes under the list, beside the panel.
test('matching at 1000 px: with "Settings & what-if" open the trace stays in view beside the panel, its first step uncovered', async ({ page, eventbench }) => {
  expect((await fetch(`${eventbench.url}/api/users/import`, { method: 'POST', body: 'id,username,email\nu-ada,ada,ada@example.com\nu-bob,bob,bob@example.com\n' })).status).toBe(200);
  expect((await eventbench.post('/webhook/pf', [{ type: 'identify', userId: 'ada-2', traits: { email: 'ADA@example.com' } }, { type: 'track', event: 'Tour Start', userId: 'bob' }])).status).toBe(200);
  for (const [width, height] of [[1000, 700], [1400, 900]] as const) {
    await page.setViewportSize({ width, height });
    await page.goto(eventbench.url);
    await page.getByRole('tab', { name: 'Matching' }).click();
    const list = page.getByRole('listbox', { name: 'Matching decisions' });
    await list.getByRole('option').first().click();
    const settings = page.getByRole('button', { name: 'Settings & what-if' });
    if ((await settings.getAttribute('aria-pressed')) !== 'true') await settings.click();
    const panel = page.getByRole('complementary', { name: 'Matching settings' });
    await expect(panel).toBeVisible();
    const trace = page.getByRole('complementary', { name: 'Decision trace' });
    const first = trace.getByRole('list', { name: 'Trace steps' }).getByRole('listitem').first();
    await expect(first).toHaveText('Read traits.email = ADA@example.com → normalized ada@example.com (lower-cased).');
    await expect(first).toBeInViewport({ ratio: 1 });
    const box = (await first.boundingBox())!;
    const onTop = await page.evaluate(([x, y]) => {
      const hit = (globalThis as any).document.elementFromPoint(x, y);
      return hit?.closest('[aria-label="Decision trace"]') ? 'the trace' : `${hit?.tagName}.${hit?.className}`;
    }, [box.x + box.width / 2, box.y + box.height / 2]);
    expect(onTop, `${width} px: what is at the first step's centre`).toBe('the trace');
    // The panel stays whole beside it, and the list keeps its rows' text.
    const panelBox = (await panel.boundingBox())!;
    expect(panelBox.x, `${width} px: the panel is right of the trace`).toBeGreaterThanOrEqual(box.x + box.width);
    expect(panelBox.x + panelBox.width, `${width} px: the panel inside the window`).toBeLessThanOrEqual(width + 0.5);
    await expect(list.getByRole('option').first()).toBeInViewport({ ratio: 1 });
    await page.screenshot({ path: `${screenshotDir}/matching-settings-beside-trace-${width}.png` });
  }
});

/** Matching > Duplicates at a viewport size, with Settings & what-if open (it opens by itself below some widths). */
async function openDuplicatesWithSettings(page: Page, url: string, width: number, height: number) {
  await page.setViewportSize({ width, height });
  await page.goto(url);
  await page.getByRole('tab', { name: 'Matching' }).click();
  await page.getByRole('tablist', { name: 'Matching sections' }).getByRole('tab', { name: 'Duplicates' }).click();
  const settings = page.getByRole('button', { name: 'Settings & what-if' });
  if ((await settings.getAttribute('aria-pressed')) !== 'true') await settings.click();
}

// A duplicate group's key is a chip: under a long kind heading it wrapped inside itself at 1000 px
// ("…@example-" on one line, "company-domain.com" on the next). The heading now wraps between its
// pieces; a key longer than the card ends in an ellipsis, whole in its tooltip.
test('matching duplicates: each key chip is one line, wrapped whole under its heading or cut with a tooltip, at 1000 and 1400 px', async ({ page, eventbench }) => {
  const long = 'first.middle.lastname-with-a-long-suffix@subsidiary.example-company-domain.com';
  const huge = `${'x'.repeat(140)}@example.com`;
  const csv = ['id,username,email', `u-a,a,${long}`, `u-b,b,${long.toUpperCase()}`, 'u-c,c,ada@example.com', 'u-d,ada@example.com,d@example.com', `u-e,e,${huge}`, `u-f,f,${huge.toUpperCase()}`, ''].join('\n');
  expect((await fetch(`${eventbench.url}/api/users/import`, { method: 'POST', body: csv })).status).toBe(200);
  for (const [width, height] of [[1000, 700], [1400, 900]] as const) {
    await openDuplicatesWithSettings(page, eventbench.url, width, height);
    await expect(page.getByRole('complementary', { name: 'Matching settings' })).toBeVisible();
    const chips = page.locator('.dup-head code');
    await expect(chips).toHaveCount(3);
    for (const chip of await chips.all()) {
      const key = (await chip.textContent())!;
      const lines = await chip.evaluate((e: any) => ({ rects: e.getClientRects().length, height: e.getBoundingClientRect().height, line: parseFloat(e.ownerDocument.defaultView.getComputedStyle(e).lineHeight) || 20 }));
      expect(lines.rects, `${width} px: ${key} in one box`).toBe(1);
      expect(lines.height, `${width} px: ${key} one line high`).toBeLessThanOrEqual(lines.line + 1);
      const [c, card] = [(await chip.boundingBox())!, (await chip.locator('xpath=ancestor::section[1]').boundingBox())!];
      expect(c.x + c.width, `${width} px: ${key} inside its card`).toBeLessThanOrEqual(card.x + card.width);
      await expect(chip).toHaveAttribute('title', key);
    }
    await page.screenshot({ path: `${screenshotDir}/matching-duplicates-keys-${width}.png` });
  }
});

// A duplicate group's table ran past its card at 1000 px with the settings open: an unbroken email
// held its column wide, the "Created / changed by" column was cut off at the card's edge, and the
// id links broke ("u-" over "a").
test('matching duplicates: each users table fits its card, ids whole, at 1000 and 1400 px', async ({ page, eventbench }) => {
  const huge = `${'x'.repeat(140)}@example.com`;
  const csv = ['id,username,email', `u-e,e,${huge}`, `u-f,f,${huge.toUpperCase()}`, ''].join('\n');
  expect((await fetch(`${eventbench.url}/api/users/import`, { method: 'POST', body: csv })).status).toBe(200);
  for (const [width, height] of [[1000, 700], [1400, 900]] as const) {
    await openDuplicatesWithSettings(page, eventbench.url, width, height);
    const group = page.getByRole('region', { name: 'Duplicate group 1' });
    await expect(group.getByRole('row')).toHaveCount(3);
    const card = (await group.boundingBox())!;
    for (const cell of await group.getByRole('cell').all()) {
      const box = (await cell.boundingBox())!;
      expect(box.x + box.width, `${width} px: "${(await cell.textContent())!.slice(0, 30)}" inside the card`).toBeLessThanOrEqual(card.x + card.width);
    }
    for (const id of ['u-e', 'u-f']) {
      const link = group.getByRole('button', { name: id, exact: true });
      expect(await link.evaluate((e: any) => e.getClientRects().length), `${width} px: ${id} on one line`).toBe(1);
    }
    await expect(group.getByRole('cell', { name: 'starting directory' }).first()).toBeVisible();
    await page.screenshot({ path: `${screenshotDir}/matching-duplicates-table-${width}.png` });
  }
});

// Below 1,200 px opening the settings puts the trace under the decisions, and the list gets
// shorter: a row selected low in the list was left below its new bottom edge (rows 1-4 listed
// beside the trace of #9). The selected row stays in the list's view.
test('matching at 1000 px: opening "Settings & what-if" keeps the selected decision\'s row in the shorter list\'s view', async ({ page, eventbench }) => {
  const filler = Array.from({ length: 40 }, (_, i) => ({ type: 'track', event: `Event ${i}`, userId: `v${i}`, messageId: `f${i}` }));
  expect((await eventbench.post('/webhook/pf', filler)).status).toBe(200);
  await page.setViewportSize({ width: 1000, height: 700 });
  await page.goto(eventbench.url);
  await page.getByRole('tab', { name: 'Matching' }).click();
  const list = page.getByRole('listbox', { name: 'Matching decisions' });
  const row = list.locator('[data-seq="9"]');
  await row.click();
  await expect(page.getByRole('complementary', { name: 'Decision trace' })).toContainText('Event 8');
  await page.getByRole('button', { name: 'Settings & what-if' }).click();
  await expect(page.getByRole('complementary', { name: 'Matching settings' })).toBeVisible();
  const inView = async () => {
    const [r, l] = [(await row.boundingBox())!, (await list.boundingBox())!];
    return r.y >= l.y - 0.5 && r.y + r.height <= l.y + l.height + 0.5;
  };
  await expect.poll(inView, { message: '#9 inside the list\'s visible part' }).toBe(true);
  await expect(row).toHaveAttribute('aria-selected', 'true');
  await page.screenshot({ path: `${screenshotDir}/matching-settings-selected-row-1000.png` });
});

// With the trace column narrow (1000 px, "Settings & what-if" open), "Show in inspector" and "All
// decisions for this user" dropped under their value, each a stray line of the summary. They stay
// on their value's line.
test('matching trace summary: "Show in inspector" and "All decisions for this user" beside their value, with the settings panel open, at 1000 and 1400 px', async ({ page, eventbench }) => {
  expect((await fetch(`${eventbench.url}/api/users/import`, { method: 'POST', body: 'id,username,email\nu-ada,ada,ada@example.com\n' })).status).toBe(200);
  expect((await eventbench.post('/webhook/pf', [{ type: 'identify', messageId: '9c1b2f0e-3d4a-4f5b-8e6c-7a8b9c0d1e2f', userId: 'ada-2', traits: { email: 'ADA@example.com' } }])).status).toBe(200);
  for (const [width, height] of [[1000, 700], [1400, 900]] as const) {
    await page.setViewportSize({ width, height });
    await page.goto(eventbench.url);
    await page.getByRole('tab', { name: 'Matching' }).click();
    await page.getByRole('listbox', { name: 'Matching decisions' }).getByRole('option').first().click();
    const settings = page.getByRole('button', { name: 'Settings & what-if' });
    if ((await settings.getAttribute('aria-pressed')) !== 'true') await settings.click();
    await expect(page.getByRole('complementary', { name: 'Matching settings' })).toBeVisible();
    const trace = page.getByRole('complementary', { name: 'Decision trace' });
    for (const [value, button] of [['9c1b2f0e-3d4a-4f5b-8e6c-7a8b9c0d1e2f', 'Show in inspector'], ['u-ada', 'All decisions for this user']] as const) {
      const v = (await trace.locator('dd .mono', { hasText: value }).first().boundingBox())!;
      const b = (await trace.getByRole('button', { name: button }).boundingBox())!;
      expect(Math.abs(b.y + b.height / 2 - (v.y + v.height / 2)), `${width} px: "${button}" on the line of ${value}`).toBeLessThanOrEqual(4);
      expect(b.x, `${width} px: "${button}" right of ${value}`).toBeGreaterThanOrEqual(v.x + v.width - 1);
    }
    // A messageId too long for the line is cut, whole in its tooltip.
    const id = trace.locator('dd .mono', { hasText: '9c1b2f0e' });
    await expect(id).toHaveAttribute('title', '9c1b2f0e-3d4a-4f5b-8e6c-7a8b9c0d1e2f');
    await page.screenshot({ path: `${screenshotDir}/matching-trace-summary-actions-${width}.png` });
  }
});

// In the 340 px Settings & what-if panel the what-if table broke a long user id at its hyphens
// ("u-carol-with-a-" over "long-id-0001"), read as two ids. An id is one line now: whole when it
// fits, else cut with an ellipsis and whole in its tooltip.
test('matching what-if: a long user id in the table is one line, cut with its tooltip when it does not fit, at 1000 and 1400 px', async ({ page, eventbench }) => {
  const id = 'u-carol-with-a-long-id-0001';
  expect((await fetch(`${eventbench.url}/api/users/import`, { method: 'POST', body: `id,username,email\n${id},carol,carol@example.com\n` })).status).toBe(200);
  expect((await eventbench.post('/webhook/pf', [{ type: 'identify', userId: 'carol-2', traits: { email: 'Carol@Example.com' } }])).status).toBe(200);
  for (const [width, height] of [[1000, 700], [1400, 900]] as const) {
    await page.setViewportSize({ width, height });
    const side = await previewExactEmails(page, eventbench.url);
    const table = side.getByRole('region', { name: 'What-if results' }).getByRole('table', { name: 'Decisions that would change' });
    const now = table.getByRole('row').nth(1).getByRole('cell').nth(1);
    await expect(now).toContainText('by email');
    const shown = now.locator('.mono');
    await expect(shown).toHaveAttribute('title', id);
    const lines = await shown.evaluate((e: any) => ({ rects: e.getClientRects().length, height: e.getBoundingClientRect().height, line: parseFloat(e.ownerDocument.defaultView.getComputedStyle(e).lineHeight) }));
    expect(lines.rects, `${width} px: ${id} is one box`).toBe(1);
    expect(lines.height, `${width} px: ${id} is one line`).toBeLessThanOrEqual(lines.line + 1);
    // Inside its cell, and its cell inside the panel.
    const cell = (await now.boundingBox())!;
    const box = (await shown.boundingBox())!;
    expect(box.x + box.width, `${width} px: the id ends inside its cell`).toBeLessThanOrEqual(cell.x + cell.width + 0.5);
    expect(cell.x + cell.width, `${width} px: the cell ends inside the panel`).toBeLessThanOrEqual((await side.boundingBox())!.x + (await side.boundingBox())!.width + 0.5);
    // # is sized by its seq (one digit here), not a fixed 64 px: the seq whole inside, little room to spare.
    const seqCell = table.getByRole('row').nth(1).getByRole('cell').first();
    const seqBox = (await seqCell.getByRole('button', { name: /^Show the trace of #/ }).boundingBox())!;
    const seqCellBox = (await seqCell.boundingBox())!;
    expect(seqBox.x + seqBox.width, `${width} px: the seq ends inside its cell`).toBeLessThanOrEqual(seqCellBox.x + seqCellBox.width + 0.5);
    expect(seqCellBox.width, `${width} px: # is no wider than its seq needs`).toBeLessThanOrEqual(seqBox.width + 2 * 8 + 12);
    await table.scrollIntoViewIfNeeded();
    await page.screenshot({ path: `${screenshotDir}/matching-what-if-long-id-${width}.png` });
  }
});
