// A match too long for a request's URL (a test comparing a long text field): the engine reads at most
// 16 KB of a request's headers, and the test read "answered 431: the request headers are larger than
// the 16 KB this server reads", about headers it never wrote. Refused before any request, in its words.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startEventbench, type Eventbench } from 'eventbench/testing';
import { postJson } from './helpers/engine';

let bench: Eventbench;
beforeAll(async () => {
  bench = await startEventbench({ port: 0 });
});
afterAll(() => bench.close());

describe('a match too long to send', () => {
  const long = 'x'.repeat(20_000);
  it('is refused by each call that sends one, saying how to shorten it', async () => {
    await postJson(`${bench.url}/v1/track`, { userId: 'u', event: 'Long', properties: { text: long } });
    const said = /^eventbench: (expectMessage|expectMessages|expectNoMessage|messages): the match and filter are \d+ characters as a URL, past the 15000 a request's URL may hold here \(the engine reads 16 KB of its headers\): match fewer fields, or part of a long value as a \/regex\/ \(such as "\/\^Dear customer,\/"\)$/;
    for (const [call, run] of [
      ['expectMessage', () => bench.expectMessage({ properties: { text: long } })],
      ['expectMessages', () => bench.expectMessages({ properties: { text: long } }, { count: 1 })],
      ['expectNoMessage', () => bench.expectNoMessage({ properties: { text: long } })],
      ['messages', () => bench.messages({ match: { properties: { text: long } } })],
    ] as const) {
      const err = await (run as () => Promise<unknown>)().then(() => undefined, (e: Error) => e);
      expect(err?.message, call).toMatch(said);
      expect(err?.message, call).toContain(`eventbench: ${call}:`);
    }
    // A /regex/ of part of it finds the message.
    expect((await bench.expectMessage({ properties: { text: `/^${long.slice(0, 100)}/` } })).message.event).toBe('Long');
  });
});
