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

// The Sessions clock wrote its date in the browser's language ("1. Nov., 01:30:00") beside the
// timeline's "Nov 1" and the inspector's "Nov 01 01:30:00"; the words around it are English.
test('in a German browser the simulation clock writes its date as the timeline and the inspector do', async ({ page, eventbench }) => {
  const clock = (body: object) => fetch(`${eventbench.url}/api/clock`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) });
  await clock({ action: 'pause' });
  await clock({ action: 'set', to: '2031-11-01T00:30:00Z' }); // 01:30 in Berlin, another year's
  await page.setViewportSize({ width: 1400, height: 900 });
  await page.goto(eventbench.url);
  await page.getByRole('tab', { name: 'Sessions' }).click();
  await expect(page.locator('.clock-now-full')).toHaveText('Nov 1, 2031, 01:30:00');
  await expect(page.locator('.clock-now')).toHaveAttribute('title', /^Simulated now: Nov 1, 2031, 01:30:00 local time \(2031-11-01T00:30:00\.000Z\)/);
  await page.setViewportSize({ width: 1000, height: 700 });
  await expect(page.locator('.clock-now-day')).toHaveText('Nov 1, 2031');
  await expect(page.locator('.clock-now-tod')).toHaveText('01:30:00');
});

// The Sessions axis counted its ticks from UTC's hours: in a zone with a part-hour offset every
// hour tick read "10:45", "11:45" (Chatham, UTC+13:45) or "10:30" (St. John's, India).
for (const zone of ['Pacific/Chatham', 'America/St_Johns', 'Asia/Kolkata']) {
  test.describe(`in ${zone}`, () => {
    test.use({ timezoneId: zone });
    test('the Sessions axis ticks fall on round local times', async ({ page, eventbench }) => {
      await eventbench.track({ anonymousId: 'axis-1', event: 'Seen', properties: { module: 'Billing' } });
      await page.setViewportSize({ width: 1400, height: 900 });
      await page.goto(eventbench.url);
      await page.getByRole('tab', { name: 'Sessions' }).click();
      await expect(page.locator('[data-session="axis-1#1"] .session-bar')).toBeVisible();
      for (const [window, minutes] of [['6h', /^\d\d:00$/], ['1h', /^\d\d:[0-5]0$/], ['24h', /^(\d\d:00|[A-Z][a-z]{2} \d+)$/]] as const) {
        await page.getByLabel('Time window').selectOption(window);
        const labels = (await page.locator('.timeline-tick').allTextContents()).filter((t) => t !== '');
        expect(labels.length, window).toBeGreaterThan(2);
        for (const label of labels) expect(label, `${window}: ${labels.join(' ')}`).toMatch(minutes);
      }
    });
  });
}
