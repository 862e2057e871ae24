// eventbench/testing from Jest in its default CommonJS mode (`npm run test:jest`, after
// `npm run build`): require() through the package's own export, as a user's Jest config without
// ESM loads it. An ES module there fails with "Must use import to load ES Module".
const { afterAll, beforeAll, expect, test } = require('@jest/globals');
const { Analytics } = require('@segment/analytics-node');
const { startEventbench, EventbenchAssertionError } = require('eventbench/testing');

let bench;
beforeAll(async () => {
  bench = await startEventbench();
});
afterAll(() => bench.close());

test("require('eventbench/testing') gets the CommonJS build", () => {
  expect(require.resolve('eventbench/testing')).toMatch(/out[\\/]main[\\/]testing\.cjs$/);
});

test('the in-process engine receives what analytics-node sent, and a miss throws the diff', async () => {
  const analytics = new Analytics({ writeKey: 'jest-cjs', host: bench.url, flushAt: 1 });
  analytics.track({ userId: 'u-1', event: 'Checkout Completed', properties: { orderId: 'o-9', total: 42 } });
  const m = await bench.expectMessage({ event: 'Checkout Completed', properties: { orderId: 'o-9' } });
  expect(m.message.properties.total).toBe(42);
  await analytics.closeAndFlush();
  const miss = await bench.expectMessage({ properties: { orderId: 'o-1' } }, { timeoutMs: 150 }).catch((e) => e);
  expect(miss).toBeInstanceOf(EventbenchAssertionError);
  expect(miss.message).toMatch(/properties\.orderId is "o-9", expected "o-1"/);
});

test('runScenarios runs a scenario folder through the CommonJS build (its engine required, not imported)', async () => {
  const { runScenarios } = require('eventbench/testing');
  const run = await runScenarios(require('node:path').resolve(__dirname, '../../scenarios'));
  expect(run.passed).toBe(true);
  expect(run.results.length).toBeGreaterThan(0);
}, 60_000);
