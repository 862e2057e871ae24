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
  // "Connected" is shown at this width too, and read as the status's own text, not only its tooltip.
  await expect(page.locator('.conn-text')).toBeInViewport({ ratio: 1 });
  expect(await page.locator('.conn').ariaSnapshot()).toMatch(/: Connected/);
  // Out of sight at this width (the offset stays)...
  await expect(page.locator('.brand-name')).not.toBeInViewport();
  await expect(clock.locator('.clock-word')).not.toBeInViewport();
  // ...but in the accessibility tree.
  expect(await page.locator('.app-header').ariaSnapshot()).toMatch(/Eventbench/);
  expect(await clock.ariaSnapshot()).toMatch(/Simulated:[\s\S]*\d+ (s|min) (ahead|behind)[\s\S]*real time · paused/);
  await page.getByRole('button', { name: 'Live', exact: true }).click();
});

test('every tab has one main heading (h1) naming the view, which a screen reader jumps to', async ({ page, eventbench }) => {
  await page.goto(eventbench.url);
  const views: [string, RegExp][] = [
    ['Inspector', /^Inspector/],
    ['Composer', /^Composer/],
    ['Matching', /^User matching/],
    ['Sessions', /^Sessions/],
    ['Scenarios', /^Scenarios/],
    ['Workspace', /^Workspace/],
    ['Connect', /^Connect/],
    ['Webhooks', /^Webhooks/],
  ];
  for (const [tab, name] of views) {
    await page.getByRole('tab', { name: new RegExp(`^${tab}`) }).click();
    const panel = page.getByRole('tabpanel', { name: new RegExp(`^${tab}`) });
    const h1 = panel.getByRole('heading', { level: 1 });
    await expect(h1, tab).toHaveCount(1);
    await expect(h1, tab).toHaveText(name);
    // The whole page has one h1 in the accessibility tree: the other views' are hidden with them.
    await expect(page.getByRole('heading', { level: 1 })).toHaveCount(1);
  }
});
