// A match or a filter a test in JavaScript builds may have a getter that throws, be a Proxy whose
// keys cannot be listed, or nest thousands of levels deep. expectMessage threw the getter's own
// error ("boom", from deep inside the client) or "Maximum call stack size exceeded"; now each is
// refused before any request, naming where and what, and the wait API refuses a match deeper
// than any message (a 400 naming it) where it walked it until the stack ran out.
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { EventbenchAssertionError, startEventbench, type Eventbench, type JsonObject } from 'eventbench/testing';
import { MAX_NESTING_DEPTH } from '../../src-shared/tracking-api/limits';
import { postJson } from './helpers/engine';

let bench: Eventbench;
beforeAll(async () => {
  bench = await startEventbench({ port: 0 });
});
afterAll(() => bench.close());
beforeEach(() => bench.reset());

const throwing = (): JsonObject =>
  ({
    plan: 'pro',
    get x(): unknown {
      throw new Error('boom');
    },
  }) as unknown as JsonObject;
const keyless = (): JsonObject =>
  new Proxy({}, {
    ownKeys() {
      throw new Error('no keys');
    },
  }) as JsonObject;
function nested(levels: number): JsonObject {
  let v: JsonObject = { leaf: 1 };
  for (let i = 0; i < levels; i++) v = { d: v };
  return v;
}
const TOO_DEEP = new RegExp(`^eventbench: expectMessage: match nests objects and arrays more than ${MAX_NESTING_DEPTH} levels deep \\(past match\\.properties\\.d\\.d.*…\\); a message nests at most ${MAX_NESTING_DEPTH}, so none would match$`);

async function refusal(run: () => Promise<unknown>): Promise<Error> {
  const err = await run().catch((e: unknown) => e);
  expect(err).toBeInstanceOf(Error);
  expect(err).not.toBeInstanceOf(EventbenchAssertionError);
  expect(err).not.toBeInstanceOf(RangeError);
  return err as Error;
}

describe('eventbench/testing with a value that throws where it is read, or nests too deep', () => {
  it('refuses a match with a getter that throws, naming the field and what it threw', async () => {
    await postJson(`${bench.url}/v1/track`, { userId: 'ada', event: 'Signed Up', properties: { plan: 'pro' } });
    expect((await refusal(() => bench.expectMessage({ event: 'Signed Up', properties: throwing() }, { timeoutMs: 200 }))).message).toBe('eventbench: expectMessage: match.properties.x could not be read: reading it threw Error: boom');
    expect((await refusal(() => bench.expectNoMessage({ properties: keyless() }, { settleMs: 50 }))).message).toBe('eventbench: expectNoMessage: match.properties could not be read: listing its keys threw Error: no keys');
    expect((await refusal(() => bench.messages({ match: { properties: throwing() } }))).message).toBe('eventbench: messages: filter.match.properties.x could not be read: reading it threw Error: boom');
    const filter = {
      get userId(): string {
        throw new Error('no user');
      },
    };
    expect((await refusal(() => bench.expectMessage({ event: 'Signed Up' }, { filter }))).message).toBe('eventbench: expectMessage: filter.userId could not be read: reading it threw Error: no user');
  });

  it('refuses a match nested 5,000 levels deep, which no message can be, without overflowing the stack', async () => {
    expect((await refusal(() => bench.expectMessage({ event: 'Signed Up', properties: nested(5000) }, { timeoutMs: 200 }))).message).toMatch(TOO_DEEP);
    // As deep as a message may be still goes, and fails with the usual diff.
    await postJson(`${bench.url}/v1/track`, { userId: 'ada', event: 'Signed Up', properties: { d: 1 } });
    const err = await bench.expectMessage({ event: 'Signed Up', properties: nested(40) }, { timeoutMs: 100 }).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(EventbenchAssertionError);
    expect((err as Error).message).toContain('nearest: #1: properties.d is 1, expected {"d":{"d":');
  });

  it('the wait API and /api/messages answer a match deeper than any message with a 400 naming it', async () => {
    // 3,000 levels of arrays: a 6 KB query, under the request line's limit.
    const match = `{"properties":{"tags":${'['.repeat(3000)}${']'.repeat(3000)}}}`;
    for (const path of ['/api/messages/wait?timeoutMs=100&match=', '/api/messages?match=']) {
      // Brackets go in a URL as they are (fetch leaves them unescaped).
      const res = await fetch(`${bench.url}${path}${match}`);
      const body = (await res.json()) as { error: string };
      expect({ status: res.status, error: body.error }).toEqual({ status: 400, error: `match nests objects and arrays 3,002 levels deep; Eventbench accepts at most ${MAX_NESTING_DEPTH} (deeper JSON cannot be shown or sent on again)` });
    }
  });
});
