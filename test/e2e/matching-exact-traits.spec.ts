// A trait past 2^53 in the Matching tab: a webhook identify posted as text with
// "account_id": 9007199254740993 (a Java Long) shows those digits in the trace's steps, its Fields
// changed table and the directory, where JavaScript's reading (…992) showed in all three.
import { expect, screenshotDir, test } from './fixtures';

const BIG = '9007199254740993';

test('matching: a trait past 2^53 shows the digits sent in the trace and the directory', async ({ page, eventbench }) => {
  const pageErrors: string[] = [];
  page.on('pageerror', (e) => pageErrors.push(e.message));
  // As text: JSON.stringify of a JavaScript object could not write these digits.
  const body = `{"type":"identify","userId":"ada","messageId":"big-1","traits":{"email":"ada@example.com","account_id":${BIG},"plan":"pro","company":{"id":${BIG}}}}`;
  const res = await fetch(`${eventbench.url}/webhook/pf`, { method: 'POST', headers: { 'content-type': 'application/json' }, body });
  expect(res.status).toBe(200);

  await page.goto(eventbench.url);
  await page.getByRole('tab', { name: 'Matching' }).click();
  const rows = page.getByRole('listbox', { name: 'Matching decisions' }).getByRole('option');
  await expect(rows).toHaveCount(1);
  await rows.nth(0).click();
  const trace = page.getByRole('complementary', { name: 'Decision trace' });
  const steps = trace.getByRole('list', { name: 'Trace steps' }).getByRole('listitem');
  await expect(steps.filter({ hasText: 'Changed:' })).toContainText(`properties.account_id set to ${BIG}`);
  await expect(steps.filter({ hasText: 'Changed:' })).toContainText(`properties.company set to {"id":${BIG}}`);
  const changes = trace.locator('.changes-table');
  await expect(changes.getByRole('row', { name: /properties\.account_id/ })).toContainText(BIG);
  await expect(changes.getByRole('row', { name: /properties\.company/ })).toContainText(`{"id":${BIG}}`);
  await expect(trace).not.toContainText('9007199254740992');
  // The settings cover the trace at 1,000 px: closed, as one reading a trace would.
  await page.getByRole('button', { name: 'Close settings' }).click();
  for (const [width, height] of [
    [1400, 900],
    [1000, 700],
  ]) {
    await page.setViewportSize({ width, height });
    await changes.getByRole('row').last().scrollIntoViewIfNeeded();
    await page.screenshot({ path: `${screenshotDir}/matching-exact-trait-${width}.png` });
  }

  await page.setViewportSize({ width: 1400, height: 900 });
  await page.getByRole('tab', { name: /Directory/ }).click();
  const directory = page.getByRole('table', { name: 'User directory' });
  const ada = directory.getByRole('row').filter({ hasText: 'ada@example.com' });
  await expect(ada).toContainText(`account_id=${BIG}`);
  await expect(ada).toContainText(`company={"id":${BIG}}`);
  // The cell cuts the list short; its tooltip has each value whole.
  await expect(ada.getByRole('cell').filter({ hasText: 'account_id=' })).toHaveAttribute('title', new RegExp(`^account_id=${BIG} — set by message #1 `));
  await expect(directory).not.toContainText('9007199254740992');
  await expect(directory).not.toContainText('exact-');
  for (const [width, height] of [
    [1400, 900],
    [1000, 700],
  ]) {
    await page.setViewportSize({ width, height });
    await page.screenshot({ path: `${screenshotDir}/matching-exact-trait-directory-${width}.png` });
  }
  expect(pageErrors).toEqual([]);
});

test("matching: the what-if shows a changed user's trait past 2^53 with its digits", async ({ page, eventbench }) => {
  const imported = await fetch(`${eventbench.url}/api/users/import`, { method: 'POST', headers: { 'content-type': 'text/csv' }, body: 'id,username,email\nu-bea,bea,bea@example.com\n' });
  expect(imported.status).toBe(200);
  // Ignoring case, BEA@example.com finds u-bea and sets its seats; exactly, it finds nobody.
  const body = `{"type":"identify","anonymousId":"anon-bea","messageId":"big-2","traits":{"email":"BEA@example.com","seats":${BIG}}}`;
  const res = await fetch(`${eventbench.url}/webhook/pf`, { method: 'POST', headers: { 'content-type': 'application/json' }, body });
  expect(res.status).toBe(200);
  await page.goto(eventbench.url);
  await page.getByRole('tab', { name: 'Matching' }).click();
  await expect(page.getByRole('listbox', { name: 'Matching decisions' }).getByRole('option')).toHaveCount(1);
  const side = page.getByRole('complementary', { name: 'Matching settings' });
  await side.getByLabel('exact (character for character)').check();
  await side.getByRole('button', { name: 'Preview changes' }).click();
  const whatIf = side.getByRole('region', { name: 'What-if results' });
  await expect(whatIf).toContainText(`properties.seats: ${BIG} → (none)`);
  await expect(whatIf).not.toContainText('exact-');
  await page.screenshot({ path: `${screenshotDir}/matching-exact-trait-what-if.png` });
});

test("matching: editing a user whose trait was sent past 2^53 shows and saves the digits sent", async ({ page, eventbench }) => {
  const pageErrors: string[] = [];
  page.on('pageerror', (e) => pageErrors.push(e.message));
  const imported = await fetch(`${eventbench.url}/api/users/import`, { method: 'POST', headers: { 'content-type': 'text/csv' }, body: 'id,username,email\nu-cy,cy,cy@example.com\n' });
  expect(imported.status).toBe(200);
  // As text: JSON.stringify of a JavaScript object could not write these digits.
  const body = `{"type":"identify","userId":"cy","messageId":"big-3","traits":{"plan":"team","seats":${BIG}}}`;
  const res = await fetch(`${eventbench.url}/webhook/pf`, { method: 'POST', headers: { 'content-type': 'application/json' }, body });
  expect(res.status).toBe(200);

  await page.goto(eventbench.url);
  await page.getByRole('tab', { name: 'Matching' }).click();
  await page.getByRole('tab', { name: /Directory/ }).click();
  const directory = page.getByRole('table', { name: 'User directory' });
  const cy = directory.getByRole('row').filter({ hasText: 'cy@example.com' });
  await expect(cy).toContainText(`seats=${BIG}`);
  await cy.getByRole('button', { name: 'Edit u-cy' }).click();
  const dialog = page.getByRole('dialog', { name: 'Edit u-cy (starting directory)' });
  const properties = dialog.getByLabel('Properties (JSON)');
  await expect(properties).toHaveValue(`{\n  "plan": "team",\n  "seats": ${BIG}\n}`);
  for (const [width, height] of [
    [1400, 900],
    [1000, 700],
  ]) {
    await page.setViewportSize({ width, height });
    await page.screenshot({ path: `${screenshotDir}/matching-exact-trait-edit-${width}.png` });
  }
  await dialog.getByLabel('Email').fill('cyrus@example.com');
  await dialog.getByRole('button', { name: 'Save' }).click();
  await expect(dialog).toBeHidden();
  const cyrus = directory.getByRole('row').filter({ hasText: 'cyrus@example.com' });
  await expect(cyrus).toContainText(`seats=${BIG}`);
  // The message set the seats again over the starting user: with the log cleared, the directory
  // is the starting one alone, and it holds the digits saved (it held …992).
  expect((await fetch(`${eventbench.url}/api/messages`, { method: 'DELETE' })).status).toBe(200);
  await expect(cyrus.getByRole('cell').filter({ hasText: 'seats=' })).not.toHaveAttribute('title', /set by message/);
  await expect(cyrus).toContainText(`seats=${BIG}`);
  await expect(directory).not.toContainText('9007199254740992');
  expect(await (await fetch(`${eventbench.url}/api/users`)).text()).toContain(`"properties":{"plan":"team","seats":${BIG}}`);
  expect(pageErrors).toEqual([]);
});
