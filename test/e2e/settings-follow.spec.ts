// Settings panels follow changes made elsewhere (the automation API, another window): an open
// panel showed the values it was opened with until a reload, though the engine had moved on.
import { expect, screenshotDir, test } from './fixtures';

const put = (url: string, body: object) =>
  fetch(`${url}/api/matching/settings`, { method: 'PUT', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) }).then((r) => expect(r.status).toBe(200));

test('the Matching settings panel follows a setting changed over the API without a reload, also after a setting was changed here and back', async ({ page, eventbench }) => {
  await page.setViewportSize({ width: 1400, height: 900 });
  await page.goto(eventbench.url);
  await page.getByRole('tab', { name: 'Matching' }).click();
  const side = page.getByRole('complementary', { name: 'Matching settings' });
  await expect(side).toBeVisible();
  const conflict = side.getByRole('group', { name: 'Email and userId name different users' });
  await expect(conflict.getByRole('radio', { name: /^email wins/ })).toBeChecked();

  await put(eventbench.url, { conflict: 'userId-wins' });
  await expect(conflict.getByRole('radio', { name: /^userId wins/ })).toBeChecked();
  await expect(side.getByRole('button', { name: 'Apply' })).toBeDisabled();

  // Changed here and changed back: nothing is left to keep, the panel still follows.
  const email = side.getByRole('group', { name: 'Email comparison' });
  await email.getByRole('radio', { name: /^exact/ }).check();
  await email.getByRole('radio', { name: /^ignore case/ }).check();
  await put(eventbench.url, { conflict: 'email-wins' });
  await expect(conflict.getByRole('radio', { name: /^email wins/ })).toBeChecked();
  await expect(side.getByRole('button', { name: 'Apply' })).toBeDisabled();
});

test('unsaved edits in the Matching settings panel are kept when the settings change elsewhere, which the panel says, with Load them', async ({ page, eventbench }) => {
  await page.setViewportSize({ width: 1400, height: 900 });
  await page.goto(eventbench.url);
  await page.getByRole('tab', { name: 'Matching' }).click();
  const side = page.getByRole('complementary', { name: 'Matching settings' });
  const email = side.getByRole('group', { name: 'Email comparison' });
  const conflict = side.getByRole('group', { name: 'Email and userId name different users' });
  await email.getByRole('radio', { name: /^exact/ }).check();

  await put(eventbench.url, { conflict: 'userId-wins' });
  const notice = side.getByRole('status').filter({ hasText: 'changed elsewhere' });
  await expect(notice).toContainText('Email and userId name different users: userId wins (flagged as a conflict), was email wins (flagged as a conflict).');
  // The edit is kept, not overwritten.
  await expect(email.getByRole('radio', { name: /^exact/ })).toBeChecked();
  await page.screenshot({ path: `${screenshotDir}/matching-settings-changed-elsewhere.png` });

  await notice.getByRole('button', { name: 'Load them' }).click();
  await expect(notice).toHaveCount(0);
  await expect(conflict.getByRole('radio', { name: /^userId wins/ })).toBeChecked();
  await expect(email.getByRole('radio', { name: /^ignore case/ })).toBeChecked();
  await expect(side.getByRole('button', { name: 'Apply' })).toBeDisabled();
});

test('Keep my changes drops the notice and keeps the edit, now measured against the engine\'s settings', async ({ page, eventbench }) => {
  await page.setViewportSize({ width: 1400, height: 900 });
  await page.goto(eventbench.url);
  await page.getByRole('tab', { name: 'Matching' }).click();
  const side = page.getByRole('complementary', { name: 'Matching settings' });
  const email = side.getByRole('group', { name: 'Email comparison' });
  await email.getByRole('radio', { name: /^exact/ }).check();
  await put(eventbench.url, { scope: 'webhook-and-tracking' });
  const notice = side.getByRole('status').filter({ hasText: 'changed elsewhere' });
  await expect(notice).toContainText('Messages matched: webhook and Tracking API messages, was webhook messages.');
  await notice.getByRole('button', { name: 'Keep my changes' }).click();
  await expect(notice).toHaveCount(0);
  await expect(email.getByRole('radio', { name: /^exact/ })).toBeChecked();
  // Applying now changes only what was edited here; the other window's scope stays.
  await side.getByRole('button', { name: 'Apply' }).click();
  await expect(side).toContainText('Email comparison: exact (character for character), was ignore case and surrounding space.');
  const now = await (await fetch(`${eventbench.url}/api/matching/settings`)).json();
  expect(now).toMatchObject({ emailComparison: 'exact', scope: 'webhook-and-tracking' });
});

test('the Sessions tab shows a timeout changed over the API without a reload', async ({ page, eventbench }) => {
  await page.goto(eventbench.url);
  await page.getByRole('tab', { name: 'Sessions' }).click();
  await expect(page.getByText(/· timeout 30 min/)).toBeVisible();
  const res = await fetch(`${eventbench.url}/api/sessions/settings`, { method: 'PUT', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ timeoutMs: 600_000 }) });
  expect(res.status).toBe(200);
  await expect(page.getByText(/· timeout 10 min/)).toBeVisible();
});

test('the Webhooks list shows a webhook added in another window without a reload', async ({ page, context, eventbench }) => {
  await page.goto(eventbench.url);
  await page.getByRole('tab', { name: 'Webhooks' }).click();
  const other = await context.newPage();
  await other.goto(eventbench.url);
  await other.getByRole('tab', { name: 'Webhooks' }).click();
  await other.getByRole('button', { name: 'Add webhook' }).click();
  const form = other.getByRole('form', { name: 'New webhook' });
  await form.getByLabel('Name').fill('pf-elsewhere');
  await form.getByRole('button', { name: 'Add webhook' }).click();
  await expect(other.getByRole('table', { name: 'Webhooks' })).toContainText('pf-elsewhere');
  await expect(page.getByRole('table', { name: 'Webhooks' })).toContainText('pf-elsewhere');
});

// The webhook edit form copied the webhook's values when it opened: a change made in another window
// meanwhile was silently written over by Save, and a webhook deleted there was created again.
type Page = import('@playwright/test').Page;

async function webhooksTab(page: Page, url: string, width = 1400) {
  await page.setViewportSize({ width, height: 900 });
  await page.goto(url);
  await page.getByRole('tab', { name: 'Webhooks' }).click();
}

async function addWebhook(page: Page, name: string, secret?: string) {
  await page.getByRole('button', { name: 'Add webhook' }).click();
  const form = page.getByRole('form', { name: 'New webhook' });
  await form.getByLabel('Name').fill(name);
  if (secret) await form.locator('input[type=password]').fill(secret);
  await form.getByRole('button', { name: 'Add webhook' }).click();
  await expect(page.getByRole('table', { name: 'Webhooks' }).getByRole('row', { name: new RegExp(name) })).toBeVisible();
}

/** The row's Secret and Bad signatures cells, as the list shows them. */
const rowCells = (page: Page, name: string) => page.getByRole('table', { name: 'Webhooks' }).getByRole('row', { name: new RegExp(name) }).getByRole('cell');

async function expectRow(page: Page, name: string, secret: 'set' | 'not set', badSignatures: string) {
  await expect(rowCells(page, name).nth(2)).toHaveText(secret);
  await expect(rowCells(page, name).nth(3)).toHaveText(badSignatures);
}

test('an open webhook edit form with no edits follows a change made in another window, and Save keeps it', async ({ page, context, eventbench }) => {
  await webhooksTab(page, eventbench.url);
  await addWebhook(page, 'pf');
  await page.getByRole('button', { name: 'Edit pf' }).click();
  const form = page.getByRole('form', { name: 'Edit pf' });
  await expect(form.getByLabel('Answer 401')).not.toBeChecked();

  const other = await context.newPage();
  await webhooksTab(other, eventbench.url);
  await other.getByRole('button', { name: 'Edit pf' }).click();
  const otherForm = other.getByRole('form', { name: 'Edit pf' });
  await otherForm.locator('input[type=password]').fill('set-elsewhere');
  await otherForm.getByLabel('Answer 401').check();
  await otherForm.getByRole('button', { name: 'Save' }).click();
  await expectRow(other, 'pf', 'set', 'rejected (401)');

  // The form shows the new values (no notice: there was nothing here to keep).
  await expect(form.getByLabel('Answer 401')).toBeChecked();
  await expect(form.getByRole('radio', { name: 'Keep current' })).toBeChecked();
  await expect(form.getByRole('status')).toHaveCount(0);
  await form.getByRole('button', { name: 'Save' }).click();
  await expect(form).toHaveCount(0);
  // Save wrote nothing back over the other window's change: it used to clear the secret and the 401s.
  await expectRow(page, 'pf', 'set', 'rejected (401)');
  const signed = await eventbench.post('/webhook/pf', { type: 'track', userId: 'w1', event: 'Unsigned' });
  expect(signed.status).toBe(401);
});

test('a webhook changed elsewhere under edits: the form says what changed, Keep my changes saves only the edit', async ({ page, context, eventbench }) => {
  await webhooksTab(page, eventbench.url);
  await addWebhook(page, 'pf');
  await page.getByRole('button', { name: 'Edit pf' }).click();
  const form = page.getByRole('form', { name: 'Edit pf' });
  await form.locator('input[type=password]').fill('typed-here');

  const other = await context.newPage();
  await webhooksTab(other, eventbench.url);
  await other.getByRole('button', { name: 'Edit pf' }).click();
  const otherForm = other.getByRole('form', { name: 'Edit pf' });
  await otherForm.getByLabel('Answer 401').check();
  await otherForm.getByRole('button', { name: 'Save' }).click();
  await expectRow(other, 'pf', 'not set', 'accepted: no secret to check');

  const notice = form.getByRole('status').filter({ hasText: 'This webhook changed elsewhere' });
  await expect(notice).toContainText('Answer 401 to requests with a missing or invalid signature: on, was off.');
  // The edit is kept; the field not edited here shows the other window's value.
  await expect(form.locator('input[type=password]')).toHaveValue('typed-here');
  await expect(form.getByLabel('Answer 401')).toBeChecked();
  for (const width of [1000, 1400]) {
    await page.setViewportSize({ width, height: 900 });
    await page.screenshot({ path: `${screenshotDir}/webhook-changed-elsewhere-${width}.png` });
  }

  await notice.getByRole('button', { name: 'Keep my changes' }).click();
  await expect(notice).toHaveCount(0);
  await form.getByRole('button', { name: 'Save' }).click();
  await expect(form).toHaveCount(0);
  // The secret typed here and the 401s turned on there: Save used to turn them off again.
  await expectRow(page, 'pf', 'set', 'rejected (401)');
  const unsigned = await eventbench.post('/webhook/pf', { type: 'track', userId: 'w1', event: 'Unsigned' });
  expect(unsigned.status).toBe(401);
});

test('a secret removed elsewhere under edits is named, never shown, and Load them takes the webhook as it is now', async ({ page, context, eventbench }) => {
  await webhooksTab(page, eventbench.url);
  await addWebhook(page, 'pf', 'the-first-secret');
  await page.getByRole('button', { name: 'Edit pf' }).click();
  const form = page.getByRole('form', { name: 'Edit pf' });
  await form.getByLabel('Answer 401').check();

  const other = await context.newPage();
  await webhooksTab(other, eventbench.url);
  await other.getByRole('button', { name: 'Edit pf' }).click();
  const otherForm = other.getByRole('form', { name: 'Edit pf' });
  await otherForm.getByRole('radio', { name: 'Remove' }).check();
  await otherForm.getByRole('button', { name: 'Save' }).click();
  await expectRow(other, 'pf', 'not set', 'accepted, flagged');

  const notice = form.getByRole('status').filter({ hasText: 'This webhook changed elsewhere' });
  await expect(notice).toContainText('Shared secret: removed (none now), was set.');
  await expect(page.locator('body')).not.toContainText('the-first-secret');
  await expect(form.getByLabel('Answer 401')).toBeChecked();
  // No secret to keep any more: the choice between keeping and changing it is gone.
  await expect(form.getByRole('radio', { name: 'Keep current' })).toHaveCount(0);

  await notice.getByRole('button', { name: 'Load them' }).click();
  await expect(notice).toHaveCount(0);
  await expect(form.getByLabel('Answer 401')).not.toBeChecked();
  await form.getByRole('button', { name: 'Save' }).click();
  await expect(form).toHaveCount(0);
  await expectRow(page, 'pf', 'not set', 'accepted, flagged');
});

test('a webhook deleted elsewhere while its form is open is not created again by Save: Save as new or Close', async ({ page, context, eventbench }) => {
  await webhooksTab(page, eventbench.url);
  await addWebhook(page, 'pf', 'the-secret');
  const other = await context.newPage();
  await webhooksTab(other, eventbench.url);
  const deleteElsewhere = async () => {
    await other.getByRole('button', { name: 'Delete pf' }).click();
    await other.getByRole('dialog').getByRole('button', { name: 'Delete' }).click();
    await expect(other.getByRole('table', { name: 'Webhooks' })).toHaveCount(0);
  };

  await page.getByRole('button', { name: 'Edit pf' }).click();
  const form = page.getByRole('form', { name: 'Edit pf' });
  await form.getByLabel('Answer 401').check();
  await deleteElsewhere();
  const notice = form.getByRole('status').filter({ hasText: 'This webhook was deleted elsewhere' });
  await expect(notice).toContainText('without its old secret');
  await expect(form.getByRole('button', { name: 'Save', exact: true })).toHaveCount(0);
  for (const width of [1000, 1400]) {
    await page.setViewportSize({ width, height: 900 });
    await page.screenshot({ path: `${screenshotDir}/webhook-deleted-elsewhere-${width}.png` });
  }
  // Enter in the form does not save it either.
  await form.getByLabel('Answer 401').press('Enter');
  await expect(form.locator('input[type=password]')).toBeVisible();
  await form.locator('input[type=password]').press('Enter');
  await expect(notice).toBeVisible();
  await expect(page.getByRole('table', { name: 'Webhooks' })).toHaveCount(0);

  await notice.getByRole('button', { name: 'Close' }).click();
  await expect(form).toHaveCount(0);
  await expect(page.getByRole('table', { name: 'Webhooks' })).toHaveCount(0);

  // Created again elsewhere, deleted again while open: Save as new, asked for, creates it with the edits.
  await addWebhook(other, 'pf');
  await page.getByRole('button', { name: 'Edit pf' }).click();
  await form.getByLabel('Answer 401').check();
  // Focus on Save, which goes away: it lands on Save as new, not on the page's top.
  await form.getByRole('button', { name: 'Save', exact: true }).focus();
  await deleteElsewhere();
  await expect(notice).toBeVisible();
  await expect(notice.getByRole('button', { name: 'Save as new' })).toBeFocused();
  await form.locator('input[type=password]').fill('a-new-secret');
  await notice.getByRole('button', { name: 'Save as new' }).click();
  await expect(form).toHaveCount(0);
  await expectRow(page, 'pf', 'set', 'rejected (401)');
  await expectRow(other, 'pf', 'set', 'rejected (401)');
});

test('a new webhook\'s name taken in another window while the form is open is said at once, and Add does not overwrite it', async ({ page, context, eventbench }) => {
  await webhooksTab(page, eventbench.url);
  await page.getByRole('button', { name: 'Add webhook' }).click();
  const form = page.getByRole('form', { name: 'New webhook' });
  await form.getByLabel('Name').fill('pf-new');

  const other = await context.newPage();
  await webhooksTab(other, eventbench.url);
  await addWebhook(other, 'pf-new', 'secret-there');

  await expect(form.getByRole('alert')).toHaveText('A webhook named "pf-new" already exists.');
  await form.getByRole('button', { name: 'Add webhook' }).click();
  await expect(form.getByRole('alert')).toHaveText('A webhook named "pf-new" already exists.');
  await expectRow(other, 'pf-new', 'set', 'accepted, flagged');
  await form.getByLabel('Name').fill('pf-other');
  await expect(form.getByRole('alert')).toHaveCount(0);
});

// The composer read the drafts once, when first opened: a draft saved in another window was not
// listed until a reload, and one deleted there stayed listed (and selected).
test('a draft saved in another window is listed in the composer without a reload, and one deleted there goes', async ({ page, context, eventbench }) => {
  await page.goto(eventbench.url);
  await page.getByRole('tab', { name: 'Composer' }).click();
  await expect(page.getByLabel('Saved drafts')).toContainText('No saved drafts');
  const other = await context.newPage();
  await other.goto(eventbench.url);
  await other.getByRole('tab', { name: 'Composer' }).click();
  await other.getByLabel('Draft name').fill('from the other window');
  await other.getByRole('button', { name: 'Save draft' }).click();
  await expect(other.getByRole('button', { name: 'Saved ✓' })).toBeVisible();

  await expect(page.getByLabel('Saved drafts')).toContainText('Load draft (1)…');
  await page.getByLabel('Saved drafts').selectOption('from the other window');
  await expect(page.getByRole('button', { name: 'Delete', exact: true })).toBeEnabled();

  await other.getByLabel('Saved drafts').selectOption('from the other window');
  await other.getByRole('button', { name: 'Delete', exact: true }).click();
  await expect(other.getByLabel('Saved drafts')).toContainText('No saved drafts');
  await expect(page.getByLabel('Saved drafts')).toContainText('No saved drafts');
  await expect(page.getByLabel('Saved drafts')).toHaveValue('');
  await expect(page.getByRole('button', { name: 'Delete', exact: true })).toBeDisabled();
});

// The Send panel read whether a write key is stored once: a key stored in another window was not
// shown (the panel still asked to paste one), and one removed there was still shown as stored.
test('the Segment write key stored, then removed, in another window shows in the composer without a reload', async ({ page, context, eventbench }) => {
  await page.goto(eventbench.url);
  await page.getByRole('tab', { name: 'Composer' }).click();
  await page.getByRole('radio', { name: 'Segment' }).click();
  await expect(page.getByLabel('Write key', { exact: true })).toHaveAttribute('placeholder', 'Paste the source write key');
  const other = await context.newPage();
  await other.goto(eventbench.url);
  await other.getByRole('tab', { name: 'Composer' }).click();
  await other.getByRole('radio', { name: 'Segment' }).click();
  await other.getByLabel('Write key', { exact: true }).fill('wk_elsewhere_0123456789');
  await other.getByRole('button', { name: 'Store' }).click();
  await expect(other.getByLabel('Stored write key')).toHaveText('wk…89');

  await expect(page.getByLabel('Stored write key')).toHaveText('wk…89');
  await expect(page.getByLabel('Write key', { exact: true })).toHaveAttribute('placeholder', 'Use another key for this send');
  await other.getByRole('button', { name: 'Remove' }).click();
  await expect(page.getByLabel('Stored write key')).toHaveCount(0);
  await expect(page.getByLabel('Write key', { exact: true })).toHaveAttribute('placeholder', 'Paste the source write key');
});
