// eventbench/testing from Jest (ESM: run with --experimental-vm-modules), through the package's
// own export (the built out/main/testing.js): run by `npm run test:jest` after `npm run build`.
import { afterAll, beforeAll, expect, test } from '@jest/globals';
import { Analytics } from '@segment/analytics-node';
import { startEventbench } from 'eventbench/testing';

let bench;
beforeAll(async () => {
  bench = await startEventbench();
});
afterAll(() => bench.close());

test('waits for a message analytics-node sent, by partial match', async () => {
  const analytics = new Analytics({ writeKey: 'jest-test', host: bench.url, flushAt: 1 });
  analytics.track({ userId: 'u-1', event: 'Checkout Completed', properties: { orderId: 'o-9', total: 42 } });
  const m = await bench.expectMessage({ event: 'Checkout Completed', properties: { orderId: 'o-9' } });
  expect(m.message.properties.total).toBe(42);
  await analytics.closeAndFlush();
  await bench.expectNoMessage({ event: 'Checkout Failed' }, { settleMs: 100 });
  await expect(bench.expectMessage({ event: 'Checkout Completed', properties: { orderId: 'o-1' } }, { timeoutMs: 150 })).rejects.toThrow(/properties\.orderId is "o-9", expected "o-1"/);
});

test('reset empties the capture between tests', async () => {
  await bench.reset();
  expect(await bench.messages()).toEqual([]);
});
