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
    const loaded = loadScenario('name: q\nsteps:\n  - expect: { messages: { filter: { event: E }, count: 0 } }\n  - expect: { messages: { filter: { afterSeq: 1500000 }, count: 0 } }\n  - expect: { messages: { filter: { afterSeq: 7 }, count: 0 } }\n  - expect: { messages: { filter: { afterSeq: 12 }, count: 0 } }\n', 'x.scenario.yaml');
    if (!loaded.ok) throw new Error('expected a valid scenario');
    const r = await runScenario({ api: engineWith(1_200_000), url: api.url }, loaded.scenario);
    expect(r.passed).toBe(true);
    expect(api.queries.map((q) => q.get('afterSeq'))).toEqual(['1200000', '1500000', '1200000', '1200000']);
    expect(api.queries[0].get('event')).toBe('E');
  });
});

// Every expectation read all the run's messages again (and, when none matched, all of them once
// more for the nearest misses): 2,500 sends each followed by a failing expectation ran 5 minutes.
describe('a messages expectation asks only for the messages after those an identical one already had', () => {
  it('the same filter again asks after the last message it let through, and counts those with the new ones', async () => {
    const queries: URLSearchParams[] = [];
    const captured = [1, 2, 3].map((seq) => ({ seq, message: { type: 'track', event: seq === 2 ? 'F' : 'E', userId: `u${seq}` } }));
    server = createServer((req, res) => {
      const q = new URL(req.url ?? '/', 'http://x').searchParams;
      queries.push(q);
      const after = Number(q.get('afterSeq'));
      const event = q.get('event');
      res.setHeader('content-type', 'application/json');
      res.end(JSON.stringify(captured.filter((c) => c.seq > after && (event === null || c.message.event === event))));
      // Another message arrives after each answer, as a send between two expectations makes one.
      captured.push({ seq: captured.length + 1, message: { type: 'track', event: 'E', userId: `u${captured.length + 1}` } });
    });
    await new Promise<void>((done) => server!.listen(0, '127.0.0.1', () => done()));
    const url = `http://127.0.0.1:${(server!.address() as AddressInfo).port}`;
    const loaded = loadScenario(
      'name: q\nsteps:\n  - expect: { messages: { filter: { event: E }, count: 2 } }\n  - expect: { messages: { filter: { event: E }, count: 3 } }\n  - expect: { messages: { filter: { event: G }, count: 1 } }\n  - expect: { messages: { filter: { event: G }, count: 1 } }\n',
      'x.scenario.yaml',
    );
    if (!loaded.ok) throw new Error('expected a valid scenario');
    const r = await runScenario({ api: engineWith(0), url }, loaded.scenario);
    // The second asks after seq 3, the last E it had; it gets seq 4 and counts 3.
    expect(r.steps.map((s) => s.status)).toEqual(['passed', 'passed', 'failed', 'failed']);
    expect(queries.map((q) => [q.get('event'), q.get('afterSeq')])).toEqual([
      ['E', '0'],
      ['E', '3'],
      // G: none; then all the run's messages for the nearest misses.
      ['G', '0'],
      [null, '0'],
      // Again: G from the start (it had none), all of them after the last it had (seq 6).
      ['G', '0'],
      [null, '6'],
    ]);
    // The nearest misses are of every message of the run, the cached ones and the new.
    expect(r.steps[3].expectations![0].message).toMatch(/^expected 1 message with event=G, got 0; nearest: /);
    expect(r.steps[3].expectations![0].message).toContain('#8: event is "E", expected "G"');
  });
});
