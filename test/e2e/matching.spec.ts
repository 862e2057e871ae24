// User matching in Chromium: import a CSV of users with the column-mapping step, send three
// webhook messages that hit each branch of the rule, read their traces, run a what-if and apply it.
import { expect, screenshotDir, test } from './fixtures';

const CSV = ['id,login,E-mail,plan', 'u-ada,ada,ada@example.com,pro', 'u-bob,bob,bob@example.com,free', 'u-bad,,,free', ''].join('\n');

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
  await expect(rows.nth(0)).toContainText('ADA@example.com'); // who the message says it is
  await expect(rows.nth(1)).toContainText('by username');
  await expect(rows.nth(2)).toContainText('created');

  const steps = page.getByRole('list', { name: 'Trace steps' }).getByRole('listitem');
  await rows.nth(0).click();
  await expect(steps.nth(0)).toHaveText('Read traits.email = ADA@example.com → normalized ada@example.com.');
  await expect(steps.filter({ hasText: 'Looked for a user whose email equals' })).toContainText('found user u-ada');
  await rows.nth(1).click();
  await expect(steps.filter({ hasText: 'Looked for a user whose username equals' })).toContainText('the userId bob: found user u-bob');
  await rows.nth(2).click();
  await expect(steps.filter({ hasText: 'Created user' })).toContainText('Created user new-');
  await expect(steps.last()).toHaveText('Outcome: a new user was created.');
  await rows.nth(0).click();
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
