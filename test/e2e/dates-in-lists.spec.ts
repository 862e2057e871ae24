// Lists of times that span days: the inspector's Received column and the Matching decisions show
// the date when the rows are not all today's (an import from March read as going back in time
// beside today's rows), with the full instant in the tooltip.
import type { Page } from '@playwright/test';
import { expect, test } from './fixtures';

const rows = (page: Page) => page.getByRole('listbox', { name: 'Captured messages' }).getByRole('option');
const origin = { kind: 'tracking', endpoint: '/v1/track' };

test('an import from March beside a message of today: both rows show their date, the tooltip the full time', async ({ page, eventbench }) => {
  const march = '2026-03-14T09:30:00.000Z';
  const body = [
    JSON.stringify({ request: { requestId: 'r-march', receivedAt: march, origin, headers: {} } }),
    JSON.stringify({ seq: 1, message: { type: 'track', userId: 'u-march', event: 'Old Event', timestamp: march } }),
  ].join('\n');
  const res = await fetch(`${eventbench.url}/api/import`, { method: 'POST', headers: { 'content-type': 'application/x-ndjson' }, body });
  expect(res.status).toBe(200);
  await eventbench.track({ userId: 'u-today', event: 'New Event' });
  await page.goto(eventbench.url);
  await expect(rows(page)).toHaveCount(2);
  const marchText = await page.evaluate((iso) => {
    const d = new Date(iso);
    return `Mar ${String(d.getDate()).padStart(2, '0')} `;
  }, march);
  const old = rows(page).filter({ hasText: 'Old Event' }).locator('.c-time').first();
  await expect(old).toContainText(marchText);
  await expect(old).toHaveAttribute('title', /^Received 2026-03-14T09:30:00.000Z \(local time 2026-03-1\d /);
  const todayText = await page.evaluate(() => `${new Date().toLocaleDateString('en-US', { month: 'short' })} ${String(new Date().getDate()).padStart(2, '0')} `);
  await expect(rows(page).filter({ hasText: 'New Event' }).locator('.c-time').first()).toContainText(todayText);
  // The column is wide enough for it: nothing cut off.
  const cut = await old.evaluate((e: any) => e.scrollWidth > e.clientWidth);
  expect(cut).toBe(false);
});

test('only today: the Received column shows the clock time alone', async ({ page, eventbench }) => {
  await eventbench.track({ userId: 'u-today', event: 'New Event' });
  await page.goto(eventbench.url);
  await expect(rows(page)).toHaveCount(1);
  await expect(rows(page).first().locator('.c-time').first()).toHaveText(/^\d\d:\d\d:\d\d\.\d{3}$/);
});

test('Matching decisions of another day show their date', async ({ page, eventbench }) => {
  const march = '2026-03-14T09:30:00.000Z';
  const hook = { kind: 'webhook', endpoint: '/webhook/pf', webhook: 'pf', signature: { status: 'no-secret' } };
  const body = [
    JSON.stringify({ request: { requestId: 'r-march', receivedAt: march, origin: hook, headers: {} } }),
    JSON.stringify({ seq: 1, message: { type: 'identify', userId: 'u-march', traits: { email: 'march@example.com' } } }),
  ].join('\n');
  const res = await fetch(`${eventbench.url}/api/import`, { method: 'POST', headers: { 'content-type': 'application/x-ndjson' }, body });
  expect(res.status).toBe(200);
  await page.setViewportSize({ width: 1400, height: 900 });
  await page.goto(eventbench.url);
  await page.getByRole('tab', { name: /Matching/ }).click();
  const row = page.getByRole('listbox', { name: 'Matching decisions' }).getByRole('option').first();
  await expect(row.locator('.c-time')).toContainText(/^Mar 1\d \d\d:\d\d:\d\d$/);
  await expect(row.locator('.c-time')).toHaveAttribute('title', /^Received 2026-03-14T09:30:00.000Z/);
});

test('1000 px: beside the trace the decisions list drops its time column, and the trace says when the message was received, with its date', async ({ page, eventbench }) => {
  const march = '2026-03-14T09:30:00.000Z';
  const hook = { kind: 'webhook', endpoint: '/webhook/pf', webhook: 'pf', signature: { status: 'no-secret' } };
  const body = [
    JSON.stringify({ request: { requestId: 'r-march', receivedAt: march, origin: hook, headers: {} } }),
    JSON.stringify({ seq: 1, message: { type: 'identify', userId: 'u-march', traits: { email: 'march@example.com' } } }),
  ].join('\n');
  expect((await fetch(`${eventbench.url}/api/import`, { method: 'POST', headers: { 'content-type': 'application/x-ndjson' }, body })).status).toBe(200);
  await page.setViewportSize({ width: 1000, height: 700 });
  await page.goto(eventbench.url);
  await page.getByRole('tab', { name: /Matching/ }).click();
  const row = page.getByRole('listbox', { name: 'Matching decisions' }).getByRole('option').first();
  // With no trace open the list has the window's width and keeps the column; beside the trace it goes.
  await expect(row.locator('.c-time')).toBeVisible();
  await row.click();
  const trace = page.getByRole('complementary', { name: 'Decision trace' });
  await expect(trace).toBeVisible();
  await expect(row.locator('.c-time')).toBeHidden();
  const local = await page.evaluate((iso) => {
    const d = new Date(iso);
    const p = (n: number) => String(n).padStart(2, '0');
    return `${d.getFullYear()}-${p(d.getMonth() + 1)}-${p(d.getDate())} ${p(d.getHours())}:${p(d.getMinutes())}:${p(d.getSeconds())}`;
  }, march);
  await expect(trace.getByText(local, { exact: true })).toBeVisible();
  await expect(trace.getByText(local, { exact: true })).toHaveAttribute('title', /^Received 2026-03-14T09:30:00.000Z/);
});
