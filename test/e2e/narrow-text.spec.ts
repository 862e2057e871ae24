// Text that must stay inside its box in a 1000 x 700 window: a finding's rule id (one long word,
// `provesource.event.properties.notificationId.recommended`) ran past the detail pane's right
// edge, cut off; and the webhook form's help line under the secret was styled as a field label
// (upper case, bold): "STORED BY THE ENGINE AND NEVER SHOWN AGAIN." read as a heading.
import { expect, test } from './fixtures';

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
  await expect(row.locator('.badge')).toHaveText(['unsigned', 'by email', 'conflict']);
  const cell = row.locator('.c-badges');
  const box = (await cell.boundingBox())!;
  let whole = 0;
  for (const badge of await row.locator('.badge').all()) {
    const b = (await badge.boundingBox())!;
    const cut = await badge.evaluate((e: any) => e.scrollWidth > e.clientWidth);
    const inside = b.y >= box.y - 0.5 && b.y + b.height <= box.y + box.height + 0.5 && b.x + b.width <= box.x + box.width + 0.5;
    const outside = b.y >= box.y + box.height - 0.5;
    // Shown whole, or wholly out of the cell's view: never a clipped piece.
    expect(inside ? !cut : outside, `${await badge.textContent()}: inside ${inside}, cut ${cut}`).toBe(true);
    if (inside) whole++;
  }
  expect(whole).toBeGreaterThan(0);
  await expect(cell).toHaveAttribute('title', /unsigned.*by email.*conflict/);
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
  await expect(hook.locator('.badge')).toHaveText(['unsigned', 'created']);
  const cell = (await hook.locator('.c-badges').boundingBox())!;
  for (const badge of await hook.locator('.badge').all()) {
    const b = (await badge.boundingBox())!;
    expect(b.y + b.height).toBeLessThanOrEqual(cell.y + cell.height + 0.5);
  }
});
