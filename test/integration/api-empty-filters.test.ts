// A filter given empty (`?userId=$USER_ID` with the variable unset), over a real socket: it
// answered 200 `[]` on /api/messages and /api/sessions, which a CI script reads as "no message from
// that user", while `endpoint=` listed every message and no session. Refused, naming the filter.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { postJson, startTestEngine, type TestEngine } from './helpers/engine';

let t: TestEngine;
beforeAll(async () => {
  t = await startTestEngine();
  const sent = await postJson(`${t.engine.url}/v1/track`, { userId: 'ada', anonymousId: 'visitor-1', event: 'Opened' });
  expect(sent.status).toBe(200);
});
afterAll(() => t.dispose());

const get = async (path: string) => {
  const res = await fetch(`${t.engine.url}${path}`);
  return { status: res.status, json: (await res.json()) as any };
};

describe('an empty id or name filter is a 400 naming it', () => {
  it.each(['type', 'event', 'userId', 'anonymousId', 'messageId', 'endpoint'])('GET /api/messages?%s=', async (key) => {
    expect(await get(`/api/messages?${key}=`)).toEqual({ status: 400, json: { error: `${key} is empty: give the ${key} to filter by, or leave the filter out` } });
  });

  it('GET /api/messages/wait?userId= too, at once rather than after its timeout', async () => {
    expect(await get('/api/messages/wait?userId=&timeoutMs=100')).toEqual({ status: 400, json: { error: 'userId is empty: give the userId to filter by, or leave the filter out' } });
  });

  it.each(['anonymousId', 'userId', 'groupId', 'endpoint', 'writeKey'])('GET /api/sessions?%s= and /api/sessions/totals', async (key) => {
    const error = `${key} is empty: give the ${key} to filter by, or leave the filter out`;
    expect(await get(`/api/sessions?${key}=`)).toEqual({ status: 400, json: { error } });
    expect(await get(`/api/sessions/totals?${key}=`)).toEqual({ status: 400, json: { error } });
  });

  it('an empty text search still matches every message (every payload holds the empty text), and filters with values still work', async () => {
    expect((await get('/api/messages?text=')).json).toHaveLength(1);
    expect((await get('/api/messages?userId=ada')).json).toHaveLength(1);
    expect((await get('/api/sessions?anonymousId=visitor-1')).json).toHaveLength(1);
  });
});
