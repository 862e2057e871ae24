// The Scenarios tab in Chromium: play a bundled example and see its expectations pass; a broken
// file shows its line and column.
import { screenshotDir, test, expect } from './fixtures';

test('play a bundled scenario: steps run, expectations pass, the other tabs fill', async ({ page, eventbench }) => {
  await page.goto(eventbench.url);
  await page.getByRole('tab', { name: 'Scenarios' }).click();
  await page.getByRole('button', { name: /Freshsuccess session times out/ }).click();
  await expect(page.getByTestId('scenario-status')).toHaveText(/\d+ steps/);
  await page.getByLabel('Speed').selectOption('0');
  await page.getByRole('button', { name: '▶ Play' }).click();
  await expect(page.getByTestId('scenario-status')).toHaveText(/^Passed: \d+ steps$/, { timeout: 20_000 });
  const steps = page.locator('.scn-step');
  const n = await steps.count();
  expect(n).toBeGreaterThan(10);
  for (let i = 0; i < n; i++) await expect(steps.nth(i)).toHaveAttribute('data-status', 'passed');
  await expect(page.locator('.scn-expects .is-pass').first()).toBeVisible();
  await expect(page.locator('.scn-expects .is-fail')).toHaveCount(0);
  await page.screenshot({ path: `${screenshotDir}/scenarios.png` });

  // The run used this engine: its sessions are in the Sessions tab, its messages in the inspector.
  await page.getByRole('tab', { name: 'Sessions' }).click();
  await expect(page.locator('[data-session="visitor-ada#2"] .session-bar')).toBeVisible();
  await page.getByRole('tab', { name: /Inspector/ }).click();
  await expect(page.getByRole('listbox', { name: 'Captured messages' }).getByRole('option')).toHaveCount(6);
});

test('a failing expectation shows expected vs actual; an invalid file shows its line', async ({ page, eventbench }) => {
  await page.goto(eventbench.url);
  await page.getByRole('tab', { name: 'Scenarios' }).click();
  const failing = ['name: wrong duration', 'steps:', '  - send: { message: { type: track, anonymousId: v, event: A, properties: { module: Billing } } }', '  - advance: 12m', '  - send: { message: { type: track, anonymousId: v, event: B } }', '  - expect:', '      session: { anonymousId: v, duration: 10m }', ''].join('\n');
  await page.getByLabel('Open a scenario file').setInputFiles({ name: 'wrong.scenario.yaml', mimeType: 'text/yaml', buffer: Buffer.from(failing) });
  await page.getByRole('button', { name: '▶ Play' }).click();
  await expect(page.getByTestId('scenario-status')).toHaveText('Failed: 1 step of 4', { timeout: 20_000 });
  const diff = page.getByLabel('Expected vs actual');
  await expect(diff).toContainText('-   "duration": "10:00"');
  await expect(diff).toContainText('+   "duration": "12:00"');
  await page.screenshot({ path: `${screenshotDir}/scenarios-failed.png` });

  await page.getByLabel('Open a scenario file').setInputFiles({ name: 'broken.scenario.yaml', mimeType: 'text/yaml', buffer: Buffer.from('name: broken\nsteps:\n  - advance: 1m\n  - sned: {}\n') });
  await expect(page.getByRole('alert').filter({ hasText: 'not a valid scenario' })).toContainText('broken.scenario.yaml:4:5: step 2: unknown key "sned"');
  await expect(page.getByRole('button', { name: '▶ Play' })).toBeDisabled();
});
