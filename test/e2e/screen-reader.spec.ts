// What a screen reader gets, in Chromium's accessibility tree: words a narrow window hides from
// sight are still read (the header drops them to make room, not to silence them).
import { expect, test } from './fixtures';

test('a 1000 px window: the header still tells a screen reader it is connected and how the clock runs', async ({ page, eventbench }) => {
  await page.setViewportSize({ width: 1000, height: 700 });
  await page.goto(eventbench.url);
  await page.getByRole('tab', { name: 'Sessions' }).click();
  await page.getByRole('button', { name: 'Pause', exact: true }).click();
  const clock = page.getByRole('group', { name: 'Simulation clock' });
  await expect(clock).toContainText('Simulated');
  // Out of sight at this width (the dot and the offset stay)...
  await expect(page.locator('.conn-text')).not.toBeInViewport();
  await expect(clock.locator('.clock-word')).not.toBeInViewport();
  // ...but in the accessibility tree.
  expect(await page.locator('.conn').ariaSnapshot()).toMatch(/: Connected/); // the status's own text, not only its tooltip
  expect(await clock.ariaSnapshot()).toMatch(/Simulated:[\s\S]*\d\d:\d\d:\d\d[\s\S]*(ahead of|behind) real time · paused/);
  await page.getByRole('button', { name: 'Live', exact: true }).click();
});
