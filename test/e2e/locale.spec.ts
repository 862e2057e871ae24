// The UI in a German browser. Its words are English, and so were most of its numbers ("1,000
// sessions", from plural()), but some counts took the browser's locale: the Sessions line read
// "1,000 sessions · 1.000 open · 1,000 anonymousIds", and the inspector "1.000 of 1.000" beside
// "1,000 messages", so one separator meant two things on one screen (1,000 reads as one in German).
import { expect, test } from './fixtures';

test.use({ locale: 'de-DE', timezoneId: 'Europe/Berlin' });

test('in a German browser every count on a screen groups its digits the same way', async ({ page, eventbench }) => {
  const batch = Array.from({ length: 1000 }, (_, i) => ({ type: 'track', anonymousId: `de-${i}`, event: 'Seen', properties: { module: 'Billing' } }));
  expect((await eventbench.post('/v1/batch', { batch })).status).toBe(200);
  await page.goto(eventbench.url);
  await expect(page.locator('.filter-count').first()).toHaveText('1,000 messages');
  await page.getByLabel('Filter by type').selectOption('track');
  await expect(page.locator('.filter-count').first()).toHaveText(/^1,000 of 1,000/);

  await page.getByRole('tab', { name: 'Sessions' }).click();
  await expect(page.getByTestId('sessions-count')).toContainText('1,000 sessions · 1,000 open · 1,000 anonymousIds');
});
