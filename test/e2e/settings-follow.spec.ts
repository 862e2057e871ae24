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
