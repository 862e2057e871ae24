// What a messages expectation asks the automation API for: only the messages after the run began.
// The API lists oldest first up to the limit; on an engine whose log held a million messages before
// the run (the app's), the run's own were past it and the expectation saw none of them.
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import { loadScenario } from '../../../src-main/replay/load';
import { runScenario } from '../../../src-main/replay/scenario-runner';
import type { EngineApi } from '../../../src-shared/api';

let server: Server | undefined;
afterEach(() => new Promise<void>((done) => (server ? server.close(() => done()) : done())));

/** An automation API that answers [] and keeps the queries it was asked. */
async function messagesApi(): Promise<{ url: string; queries: URLSearchParams[] }> {
  const queries: URLSearchParams[] = [];
  server = createServer((req, res) => {
    queries.push(new URL(req.url ?? '/', 'http://x').searchParams);
    res.setHeader('content-type', 'application/json');
    res.end('[]');
  });
  await new Promise<void>((done) => server!.listen(0, '127.0.0.1', () => done()));
  return { url: `http://127.0.0.1:${(server!.address() as AddressInfo).port}`, queries };
}

/** An engine whose log held `lastSeq` messages before the run. */
const engineWith = (lastSeq: number) =>
  ({
    call: async (name: string) => {
      if (name === 'messages.page') return { lastSeq };
      if (name === 'clock.act') return { nowMs: Date.UTC(2026, 0, 1, 9) };
      throw new Error(`unexpected command ${name}`);
    },
    subscribe: () => () => undefined,
  }) as unknown as EngineApi;

describe('a messages expectation reads only the messages of its run', () => {
  it('asks for the messages after the last seq before the run, or after the file\'s own afterSeq when that is later', async () => {
    const api = await messagesApi();
    const loaded = loadScenario('name: q\nsteps:\n  - expect: { messages: { filter: { event: E }, count: 0 } }\n  - expect: { messages: { filter: { afterSeq: 1500000 }, count: 0 } }\n  - expect: { messages: { filter: { afterSeq: 7 }, count: 0 } }\n', 'x.scenario.yaml');
    if (!loaded.ok) throw new Error('expected a valid scenario');
    const r = await runScenario({ api: engineWith(1_200_000), url: api.url }, loaded.scenario);
    expect(r.passed).toBe(true);
    expect(api.queries.map((q) => q.get('afterSeq'))).toEqual(['1200000', '1500000', '1200000']);
    expect(api.queries[0].get('event')).toBe('E');
  });
});
