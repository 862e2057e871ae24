// The Workspace tab: add the source the receiver has seen, connect it, and watch the inspector's
// findings and "Has problems" follow; the composer checks as the chosen source.
import { expect, screenshotDir, test } from './fixtures';

const MASKED = 'e2e…123'; // the fixture's write key, e2e_write_key_123, as the receiver shows it

test('workspace: add a seen source, connect it, and the inspector narrows its checks', async ({ page, eventbench }) => {
  // A clean ProveSource event (every documented property), without groupId or module.
  await eventbench.track({ userId: 'user-1', anonymousId: 'anon-1', event: 'Notification Viewed', timestamp: new Date().toISOString(), properties: { notificationId: 'n-1', notificationName: 'Spring promo' } });
  await page.setViewportSize({ width: 1400, height: 900 });
  await page.goto(eventbench.url);

  // Nothing configured: every partner is checked, so Freshsuccess' recommendations count as problems.
  const list = page.getByRole('listbox', { name: 'Captured messages' });
  await page.getByLabel('Has problems').check();
  await expect(list.getByRole('option')).toHaveCount(1);
  await list.getByRole('option').first().click();
  const detail = page.getByRole('complementary', { name: 'Message detail' });
  await expect(detail).toContainText('Checking against every partner: connect your sources to narrow this.');
  await expect(detail.getByRole('group').or(detail.locator('details')).filter({ hasText: 'Freshsuccess' }).first()).toBeVisible();

  await page.getByRole('tab', { name: 'Workspace' }).click();
  await expect(page.getByTestId('workspace-note')).toHaveText('Checking against every partner: connect your sources to narrow this.');
  const seen = page.getByRole('table', { name: 'Seen sources' });
  await expect(seen).toContainText(`write key ${MASKED}`);
  await seen.getByRole('button', { name: 'Add as source' }).click();
  const source = page.getByRole('group', { name: /Source/ }).first();
  await source.getByLabel('Source name').fill('Marketing site');
  await source.getByLabel('Source kind').selectOption('provesource');
  await page.screenshot({ path: `${screenshotDir}/workspace-draft.png`, fullPage: true });
  await page.getByRole('button', { name: 'Save workspace' }).click();
  await expect(page.getByTestId('workspace-note')).toContainText('1 source configured');
  await expect(seen.getByRole('row', { name: new RegExp(MASKED) })).toContainText('Marketing site');

  // Connected to nothing: the ProveSource message is clean, so "Has problems" shows nothing.
  await page.getByRole('tab', { name: /Inspector/ }).click();
  await expect(list.getByRole('option')).toHaveCount(0);
  await page.getByLabel('Has problems').uncheck();
  await list.getByRole('option').first().click();
  await expect(detail).toContainText('Source "Marketing site": checked against Segment\'s spec, ProveSource\'s catalog.');
  await expect(detail).not.toContainText('Freshsuccess');

  // Connected to Freshsuccess: its real recommendations come back, on the delivered form.
  await page.getByRole('tab', { name: 'Workspace' }).click();
  await page.getByRole('group', { name: /Marketing site/ }).getByLabel('Freshsuccess').check();
  await page.getByRole('button', { name: 'Save workspace' }).click();
  await expect(page.getByRole('status').filter({ hasText: 'Saved' })).toBeVisible();
  await page.screenshot({ path: `${screenshotDir}/workspace.png`, fullPage: true });
  await page.setViewportSize({ width: 1000, height: 700 });
  await page.screenshot({ path: `${screenshotDir}/workspace-1000.png`, fullPage: true });
  await page.setViewportSize({ width: 1400, height: 900 });

  await page.getByRole('tab', { name: /Inspector/ }).click();
  await list.getByRole('option').first().click();
  await expect(detail).toContainText('Freshsuccess (as Segment delivers it)');
  await expect(detail).toContainText('Account ID (groupId) is missing; Freshsuccess recommends it');
  await expect(detail).not.toContainText('(groupId) (groupId)');
  await expect(detail).not.toContainText('originalTimestamp) is missing');
  const delivered = detail.getByRole('region', { name: 'What Freshsuccess receives' });
  await delivered.locator('summary').click();
  await expect(delivered).toContainText("set from the client's timestamp");
  await page.screenshot({ path: `${screenshotDir}/workspace-inspector.png` });

  // The composer checks as the workspace's source.
  await page.getByRole('tab', { name: 'Composer' }).click();
  await expect(page.getByLabel('Source', { exact: true })).toHaveValue(/.+/);
  await expect(page.locator('.cfindings')).toContainText('Source "Marketing site"');
});

test('workspace: a source forwards to a Segment-compatible URL, and each message says so', async ({ page, eventbench }) => {
  await eventbench.track({ userId: 'user-2', event: 'Goal Completed', properties: { goalId: 'g-1', goalName: 'Signup' } });
  await page.setViewportSize({ width: 1400, height: 900 });
  await page.goto(eventbench.url);
  await page.getByRole('tab', { name: 'Workspace' }).click();
  await page.getByRole('table', { name: 'Seen sources' }).getByRole('button', { name: 'Add as source' }).click();
  const source = page.getByRole('group', { name: /Source/ }).first();
  await source.getByLabel('Source name').fill('App');
  // Forward to this very receiver (a Segment-compatible URL): what arrives has the forward key.
  await source.getByLabel('Forward to').selectOption('custom');
  await source.getByLabel('Forward URL').fill(eventbench.url);
  await page.getByRole('button', { name: 'Save workspace' }).click();
  await expect(source.getByText('no write key', { exact: true })).toBeVisible();
  // A state worth hearing is announced; the counts, which change at every batch, are not live.
  await expect(source.getByRole('status')).toHaveText('Forwarding of App: no write key');
  await source.getByLabel('Forward write key').fill('fwd_key_999');
  await source.getByRole('button', { name: 'Set key' }).click();
  await expect(source.getByRole('group', { name: 'Forwarding of App' })).toContainText('1 forwarded · 0 pending');
  await expect(source.getByRole('status')).toHaveText('');
  expect(await source.locator('[aria-live], [role="status"], [role="log"]').filter({ hasText: 'forwarded' }).count()).toBe(0);
  await expect(page.locator('body')).not.toContainText('fwd_key_999');
  await page.screenshot({ path: `${screenshotDir}/workspace-forwarding.png`, fullPage: true });

  await page.getByRole('tab', { name: /Inspector/ }).click();
  const list = page.getByRole('listbox', { name: 'Captured messages' });
  await expect(list.getByRole('option')).toHaveCount(2);
  await expect(list.getByRole('option').nth(1)).toContainText('fwd…999');
  await list.getByRole('option').first().click();
  await expect(page.getByRole('region', { name: 'Forwarding' })).toContainText(`forwarded to ${eventbench.url}`);
});

// Messages sent with no write key were a "no write key" row with a disabled "Add as source" that
// said nothing of why: a source is its write key. The row now says so, the reason in its tooltip.
test('workspace: messages seen with no write key say there is no key to add them by, in place of a disabled button', async ({ page, eventbench }) => {
  const keyless = await fetch(`${eventbench.url}/v1/track`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ userId: 'u-1', event: 'Keyless' }) });
  expect(keyless.status).toBe(200);
  await eventbench.track({ userId: 'u-1', event: 'Keyed' });
  for (const [width, height] of [[1400, 900], [1000, 700]] as const) {
    await page.setViewportSize({ width, height });
    await page.goto(eventbench.url);
    await page.getByRole('tab', { name: 'Workspace' }).click();
    const seen = page.getByRole('table', { name: 'Seen sources' });
    const none = seen.getByRole('row').filter({ hasText: 'no write key' });
    await expect(none).toContainText('no key to add it by');
    await expect(none.getByRole('button')).toHaveCount(0);
    await expect(none.getByText('no key to add it by')).toHaveAttribute('title', /known by its write key.*Basic auth/);
    await expect(seen.getByRole('row').filter({ hasText: `write key ${MASKED}` }).getByRole('button', { name: 'Add as source' })).toBeEnabled();
    await page.screenshot({ path: `${screenshotDir}/workspace-seen-no-key-${width}.png` });
  }
});
