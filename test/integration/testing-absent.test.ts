// "This key must be absent" from a test suite: eventbench/testing's `absent`, sent over HTTP as
// {"$absent": true}, which the wait API (and /api/messages) reads as the scenario comparison's
// absent key. `undefined` stays refused (JSON leaves it out: any value passed), and says what to write.
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { absent, EventbenchAssertionError, startEventbench, type Eventbench, type JsonObject } from 'eventbench/testing';
import { postJson } from './helpers/engine';

let bench: Eventbench;
beforeAll(async () => {
  bench = await startEventbench({ port: 0 });
});
afterAll(() => bench.close());
beforeEach(() => bench.reset());

const track = (properties: JsonObject) => postJson(`${bench.url}/v1/track`, { userId: 'ada', event: 'Signed Up', properties });

describe('absent: a field that must not be there', () => {
  it('expectMessage waits for the message without the field, passing over one that has it', async () => {
    await track({ plan: 'pro', source: 'ads' });
    await track({ source: 'organic' });
    const m = await bench.expectMessage({ event: 'Signed Up', properties: { plan: absent } }, { timeoutMs: 2000 });
    expect(m.message.properties).toEqual({ source: 'organic' });
    expect(m.seq).toBe(2);
  });

  it('fails naming the field that is there, with the diff showing it expected missing', async () => {
    await track({ plan: 'pro' });
    const err = await bench.expectMessage({ event: 'Signed Up', properties: { plan: absent } }, { timeoutMs: 200 }).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(EventbenchAssertionError);
    const message = (err as Error).message;
    expect(message).toContain('nearest: #1: properties.plan is "pro", expected it absent');
    expect(message).toContain('-     "plan": "(missing)"\n+     "plan": "pro"');
    expect(message).not.toContain('$absent": true\n');
  });

  it('expectNoMessage and messages() take it too', async () => {
    await track({ plan: 'pro' });
    await bench.expectNoMessage({ properties: { plan: absent } }, { settleMs: 100 });
    await track({ source: 'organic' });
    await expect(bench.expectNoMessage({ properties: { plan: absent } }, { settleMs: 100 })).rejects.toThrow(/expected no message containing \{"properties":\{"plan":\{"\$absent":true\}\}\}.*#2 /s);
    expect((await bench.messages({ match: { properties: { plan: absent } } })).map((c) => c.seq)).toEqual([2]);
  });

  it('undefined is still refused, and the refusal says to write absent', async () => {
    const user: { plan?: string } = {};
    const err = await bench.expectMessage({ properties: { plan: user.plan } } as JsonObject).catch((e: Error) => e);
    expect((err as Error).message).toBe('eventbench: expectMessage: match.properties.plan is undefined, which JSON leaves out, so any plan would match: give the value expected, leave the field out to accept any, or write `absent` (from eventbench/testing) to require it missing');
  });
});

describe('the wire form over plain HTTP', () => {
  const get = async (path: string) => {
    const res = await fetch(`${bench.url}${path}`);
    return { status: res.status, body: (await res.json()) as unknown };
  };
  const q = (match: unknown, extra = '') => `match=${encodeURIComponent(JSON.stringify(match))}${extra}`;

  it('{"$absent": true} as a field\'s value means the key must be absent, in a wait and in /api/messages', async () => {
    await track({ plan: 'pro' });
    await track({ plan: null });
    await track({});
    const waited = await get(`/api/messages/wait?${q({ properties: { plan: { $absent: true } } }, '&timeoutMs=1000')}`);
    expect(waited.status).toBe(200);
    expect((waited.body as { seq: number }[]).map((c) => c.seq)).toEqual([3]);
    const listed = await get(`/api/messages?${q({ properties: { plan: { $absent: true } } })}`);
    expect((listed.body as { seq: number }[]).map((c) => c.seq)).toEqual([3]);
  });

  it('a timed-out wait writes the absent key in its sentence as it was sent', async () => {
    await track({ plan: 'pro' });
    const r = await get(`/api/messages/wait?${q({ properties: { plan: { $absent: true } } }, '&timeoutMs=100')}`);
    expect(r.status).toBe(408);
    expect((r.body as { error: string }).error).toBe('1 message (any) arrived, 0 have {"properties":{"plan":{"$absent":true}}}; expected at least 1; nearest: #1: properties.plan is "pro", expected it absent (undefined)');
  });

  it('refuses a $absent that is not exactly {"$absent": true}, or where no key is, naming where', async () => {
    const cases: [unknown, string][] = [
      [{ properties: { plan: { $absent: false } } }, 'match.properties.plan: {"$absent":false} is not the absent marker: write {"$absent":true} for "this key must be absent", or leave the key out to accept any value'],
      [{ properties: { plan: { $absent: true, why: 1 } } }, 'match.properties.plan: {"$absent":true,"why":1} is not the absent marker: write {"$absent":true} for "this key must be absent", or leave the key out to accept any value'],
      [{ tags: [{ $absent: true }] }, 'match.tags[0]: {"$absent":true} says a key must be absent, and an array\'s element has no key: leave it out of the list'],
      [{ $absent: true }, 'match: {"$absent":true} says a key must be absent, and the whole message has no key: name the field, as {"properties":{"plan":{"$absent":true}}}'],
    ];
    for (const [match, error] of cases) {
      const r = await get(`/api/messages/wait?${q(match, '&timeoutMs=100')}`);
      expect(r, JSON.stringify(match)).toEqual({ status: 400, body: { error } });
    }
  });
});
