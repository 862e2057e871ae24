// A key written twice in one object: the inspector's detail pane shows the warning (path, both
// values, the one Segment reads) and the row counts it; the composer's raw JSON editor warns before
// anything is sent.
import { mkdirSync } from 'node:fs';
import type { Page } from '@playwright/test';
import { expect, screenshotDir, test } from './fixtures';

const rows = (page: Page) => page.getByRole('listbox', { name: 'Captured messages' }).getByRole('option');
const detail = (page: Page) => page.getByRole('complementary', { name: 'Message detail' });
const SENTENCE = 'event appears twice in one object ("Signed Up", then "Order Completed"); the last, "Order Completed", is what Segment reads, and what Eventbench shows. Send the key once.';

test('the inspector shows a key written twice in the detail pane, with both values and the one read', async ({ page, eventbench }) => {
  // As text: any object literal would keep one key.
  const res = await fetch(`${eventbench.url}/v1/batch`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', authorization: `Basic ${Buffer.from('e2e_write_key_123:').toString('base64')}` },
    body: '{"batch":[{"type":"page","userId":"u-1","name":"Home"},{"type":"page","userId":"u-1","name":"Pricing","event":"Signed Up","properties":{"plan":"free","plan":"pro"},"event":"Order Completed"}]}',
  });
  expect(res.status).toBe(200);
  await page.setViewportSize({ width: 1400, height: 900 });
  await page.goto(eventbench.url);
  await expect(rows(page)).toHaveCount(2);
  const row = rows(page).filter({ hasText: 'Pricing' });
  await expect(row).toContainText('2 warnings');
  await expect(rows(page).filter({ hasText: 'Home' })).not.toContainText('warning');
  await row.click();
  const d = detail(page);
  await expect(d).toContainText(SENTENCE);
  await expect(d).toContainText('properties.plan appears twice in one object ("free", then "pro"); the last, "pro"');
  await expect(d).toContainText('segment.json.duplicate-key');
  // The payload shows what was read: the last value.
  await expect(d.getByRole('group', { name: 'Payload JSON' })).toContainText('"event": "Order Completed"');
  await expect(d.getByRole('group', { name: 'Payload JSON' })).not.toContainText('Signed Up');
  // "Has problems" takes it in.
  await page.getByLabel(/has problems/i).first().check();
  await expect(rows(page)).toHaveCount(1);
  mkdirSync(screenshotDir, { recursive: true });
  await page.screenshot({ path: `${screenshotDir}/duplicate-key-detail.png` });
  await page.setViewportSize({ width: 1000, height: 700 });
  await page.screenshot({ path: `${screenshotDir}/duplicate-key-detail-narrow.png` });
});

test('the composer warns of a key typed twice in the raw JSON before sending', async ({ page, eventbench }) => {
  await page.setViewportSize({ width: 1400, height: 900 });
  await page.goto(eventbench.url);
  await page.getByRole('tab', { name: 'Composer' }).click();
  const c = page.locator('.composer');
  await c.getByLabel('Profile', { exact: true }).selectOption('segment');
  await c.getByLabel('Event', { exact: true }).selectOption('track');
  const json = page.getByLabel('Message JSON');
  await json.fill('{\n  "type": "track",\n  "event": "Signed Up",\n  "userId": "u-1",\n  "messageId": "e2e-dup-1",\n  "event": "Order Completed"\n}');
  const findings = page.getByLabel('Findings');
  const finding = findings.getByRole('button', { name: /^.*event appears twice/ });
  await expect(finding).toContainText(SENTENCE);
  await expect(finding).toContainText('warning');
  // The form shows what would be sent: the last value.
  await expect(page.locator('[data-path="event"]')).toHaveValue('Order Completed');
  mkdirSync(screenshotDir, { recursive: true });
  await page.screenshot({ path: `${screenshotDir}/duplicate-key-composer.png` });
  await page.setViewportSize({ width: 1000, height: 700 });
  await page.screenshot({ path: `${screenshotDir}/duplicate-key-composer-narrow.png` });
  await page.setViewportSize({ width: 1400, height: 900 });
  // Written once, the warning goes.
  await json.fill('{\n  "type": "track",\n  "userId": "u-1",\n  "messageId": "e2e-dup-1",\n  "event": "Order Completed"\n}');
  await expect(findings.getByRole('button', { name: /appears twice/ })).toHaveCount(0);
});

test('the detail pane says a key written twice that the receiver replaced, never a write key, once: as a finding', async ({ page, eventbench }) => {
  const res = await fetch(`${eventbench.url}/v1/batch`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: '{"writeKey":"e2e_key_first","batch":[{"type":"track","userId":"u-1","event":"Plan Chosen","receivedAt":"2020-01-01T00:00:00.000Z","receivedAt":"2021-01-01T00:00:00.000Z"}],"writeKey":"e2e_key_second"}',
  });
  expect(res.status).toBe(200);
  await page.setViewportSize({ width: 1400, height: 900 });
  await page.goto(eventbench.url);
  await rows(page).filter({ hasText: 'Plan Chosen' }).click();
  const said = detail(page).getByRole('region', { name: 'Findings' }).locator('.finding').filter({ hasText: 'segment.json.duplicate-key.replaced' });
  await expect(said).toHaveCount(2);
  await expect(said.first()).toContainText('writeKey appears twice in one object (values not shown: a write key never is); the last is what Segment reads. Send the key once.');
  await expect(said.nth(1)).toContainText(
    'batch[0].receivedAt appears twice in one object ("2020-01-01T00:00:00.000Z", then "2021-01-01T00:00:00.000Z"); the receiver sets it to the time it received the message, as Segment does, so neither is kept. Send it once, or leave it out.',
  );
  // Said once: the request's own row that repeated the findings is gone.
  await expect(detail(page).getByText('appears twice in one object')).toHaveCount(2);
  await expect(detail(page)).not.toContainText('e2e_key_first');
  await expect(detail(page).getByRole('group', { name: 'Payload JSON' })).not.toContainText('2021-01-01');
  mkdirSync(screenshotDir, { recursive: true });
  await page.screenshot({ path: `${screenshotDir}/duplicate-key-replaced.png` });
  await page.setViewportSize({ width: 1000, height: 700 });
  await page.screenshot({ path: `${screenshotDir}/duplicate-key-replaced-narrow.png` });
});

test('a key the receiver replaced, written twice, is a warning "Has problems" finds', async ({ page, eventbench }) => {
  const post = async (body: string) => {
    const res = await fetch(`${eventbench.url}/v1/page`, { method: 'POST', headers: { 'content-type': 'application/json' }, body });
    expect(res.status).toBe(200);
  };
  await post('{"writeKey":"e2e_key_one","userId":"u-1","anonymousId":"a-1","name":"Home"}');
  await post('{"writeKey":"e2e_key_one","userId":"u-1","anonymousId":"a-1","name":"Pricing","writeKey":"e2e_key_two"}');
  await page.setViewportSize({ width: 1400, height: 900 });
  await page.goto(eventbench.url);
  await expect(rows(page)).toHaveCount(2);
  const row = rows(page).filter({ hasText: 'Pricing' });
  await expect(row).toContainText('1 warning');
  await expect(rows(page).filter({ hasText: 'Home' })).not.toContainText('warning');
  await page.getByLabel(/has problems/i).first().check();
  await expect(rows(page)).toHaveCount(1);
  await expect(rows(page).first()).toContainText('Pricing');
  await rows(page).first().click();
  const findings = detail(page).getByRole('region', { name: 'Findings' });
  await expect(findings).toContainText('writeKey appears twice in one object (values not shown: a write key never is); the last is what Segment reads. Send the key once.');
  await expect(findings).toContainText('segment.json.duplicate-key.replaced');
  await expect(detail(page)).not.toContainText('e2e_key_one');
  mkdirSync(screenshotDir, { recursive: true });
  await page.screenshot({ path: `${screenshotDir}/replaced-key-finding.png` });
  await page.setViewportSize({ width: 1000, height: 700 });
  await page.screenshot({ path: `${screenshotDir}/replaced-key-finding-narrow.png` });
});

test('past the 5 named, the items the count lists are warned, and the clean items after them are not', async ({ page, eventbench }) => {
  // Items 0–6 write receivedAt twice (0–4 named, 5 and 6 counted); 7–9 are clean.
  const item = (i: number) => `{"type":"page","userId":"u-1","anonymousId":"a-1","name":"Item ${i}"${i < 7 ? ',"receivedAt":1,"receivedAt":2' : ''}}`;
  const res = await fetch(`${eventbench.url}/v1/batch`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: `{"batch":[${Array.from({ length: 10 }, (_, i) => item(i)).join(',')}]}` });
  expect(res.status).toBe(200);
  await page.setViewportSize({ width: 1400, height: 900 });
  await page.goto(eventbench.url);
  await expect(rows(page)).toHaveCount(10);
  for (const i of [7, 8, 9]) await expect(rows(page).filter({ hasText: `Item ${i}` })).not.toContainText('warning');
  await page.getByLabel(/has problems/i).first().check();
  await expect(rows(page)).toHaveCount(7);
  await rows(page).filter({ hasText: 'Item 6' }).click();
  const said = detail(page).getByRole('region', { name: 'Findings' }).locator('.finding').filter({ hasText: 'segment.json.duplicate-key.replaced' });
  await expect(said).toHaveCount(1);
  await expect(said).toContainText(
    "2 more keys the receiver takes out or replaces (writeKeys or receivedAts) are written twice in this batch's messages, not named one by one: in batch[5] and batch[6], this message among them. Send each key once.",
  );
  await expect(said).not.toContainText('may be one of them');
  mkdirSync(screenshotDir, { recursive: true });
  await page.screenshot({ path: `${screenshotDir}/replaced-key-counted.png` });
  await page.setViewportSize({ width: 1000, height: 700 });
  await page.screenshot({ path: `${screenshotDir}/replaced-key-counted-narrow.png` });
});
