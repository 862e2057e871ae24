// eventbench/testing from node:test, through the package's own export (the built
// out/main/testing.js): run by `npm run test:node` after `npm run build`.
import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { Analytics } from '@segment/analytics-node';
import { startEventbench } from 'eventbench/testing';

let bench;
before(async () => {
  bench = await startEventbench();
});
after(() => bench.close());

test('waits for a message analytics-node sent, by partial match', async () => {
  const analytics = new Analytics({ writeKey: 'node-test', host: bench.url, flushAt: 1 });
  analytics.track({ userId: 'u-1', event: 'Checkout Completed', properties: { orderId: 'o-9', total: 42 } });
  const m = await bench.expectMessage({ event: 'Checkout Completed', properties: { orderId: 'o-9' } });
  assert.equal(m.message.properties.total, 42);
  await analytics.closeAndFlush();
  await bench.expectNoMessage({ event: 'Checkout Failed' }, { settleMs: 100 });
  await assert.rejects(bench.expectMessage({ event: 'Checkout Completed', properties: { orderId: 'o-1' } }, { timeoutMs: 150 }), /properties\.orderId is "o-9", expected "o-1"/);
});
