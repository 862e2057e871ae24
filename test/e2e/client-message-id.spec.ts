// A messageId the client sent that is not a string: the detail pane says what it was, beside the
// id Eventbench assigned, and the finding names it (support sees what the customer's code sent).
import { mkdirSync } from 'node:fs';
import type { Page } from '@playwright/test';
import { expect, screenshotDir, test } from './fixtures';

const rows = (page: Page) => page.getByRole('listbox', { name: 'Captured messages' }).getByRole('option');
const detail = (page: Page) => page.getByRole('complementary', { name: 'Message detail' });
const UUID = '[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}';

test('the detail pane shows the messageId the client sent when Eventbench replaced it, and the finding names it', async ({ page, eventbench }) => {
  // As text, the way a customer's hand-rolled client sends it.
  const res = await fetch(`${eventbench.url}/v1/batch`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', authorization: `Basic ${Buffer.from('e2e_write_key_123:').toString('base64')}` },
    body: '{"batch":[{"type":"track","userId":"u-1","event":"Order Completed","messageId":12345},{"type":"track","userId":"u-1","event":"Cart Viewed","messageId":"client-id-1"}]}',
  });
  expect(res.status).toBe(200);
  await page.setViewportSize({ width: 1400, height: 900 });
  await page.goto(eventbench.url);
  await expect(rows(page)).toHaveCount(2);
  await rows(page).filter({ hasText: 'Order Completed' }).click();
  const d = detail(page);
  const said = d.getByTestId('client-message-id');
  await expect(said).toHaveText('client sent messageId 12345, a number; Eventbench assigned the id above');
  await expect(d.getByText(new RegExp(`^${UUID}$`))).toBeVisible();
  await expect(d).toContainText('assigned by Eventbench');
  const finding = d.getByRole('region', { name: 'Findings' }).locator('.finding').filter({ hasText: 'segment.messageId.replaced' });
  await expect(finding).toContainText('The client sent messageId 12345, a number; Eventbench assigned ');
  mkdirSync(screenshotDir, { recursive: true });
  await page.screenshot({ path: `${screenshotDir}/client-message-id-detail.png` });
  await page.setViewportSize({ width: 1000, height: 700 });
  await page.screenshot({ path: `${screenshotDir}/client-message-id-detail-narrow.png` });
  // The client's own string id: nothing said.
  await rows(page).filter({ hasText: 'Cart Viewed' }).click();
  await expect(d).toContainText('client-id-1');
  await expect(d.getByTestId('client-message-id')).toHaveCount(0);
});
