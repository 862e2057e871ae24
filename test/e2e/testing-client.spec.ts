// eventbench/testing as a Playwright fixture (the README's example): a page's analytics call,
// made cross-origin from the browser, is waited for instead of slept on.
import { test as base, expect } from '@playwright/test';
import { startEventbench, type Eventbench } from 'eventbench/testing';

const test = base.extend<{ bench: Eventbench }>({
  bench: async ({}, use) => {
    const bench = await startEventbench();
    await use(bench);
    await bench.close();
  },
});

test('a page posts a track call; the test waits for it by partial match', async ({ page, bench }) => {
  await page.setContent('<button>Buy</button>');
  await page.evaluate(`document.querySelector('button').addEventListener('click', () => fetch(${JSON.stringify(bench.url)} + '/v1/track', {
    method: 'POST',
    headers: { 'content-type': 'application/json', authorization: 'Basic ' + btoa('page-key:') },
    body: JSON.stringify({ userId: 'shopper', event: 'Buy Clicked', properties: { sku: 'sku-1', price: 9 } }),
  }))`);
  await page.getByRole('button', { name: 'Buy' }).click();
  const m = await bench.expectMessage({ event: 'Buy Clicked', properties: { sku: 'sku-1' } });
  expect(m.message.userId).toBe('shopper');
  await bench.expectNoMessage({ event: 'Buy Failed' }, { settleMs: 100 });
});
