// The ingest worker thread (CLI and Electron read Tracking API bodies there): it must capture
// exactly what the in-thread path captures, keep the duplicate window across requests, and when it
// dies the engine must say so and go on reading requests itself.
import { afterEach, describe, expect, it } from 'vitest';
import type { CapturedMessage } from '../../src-shared/capture';
import type { Clock } from '../../src-shared/clock';
import { postJson, SOURCE_INGEST_WORKER, startTestEngine, type TestEngine } from './helpers/engine';
import { writeKeyFingerprint } from '../../src-main/store/write-key';

const started: TestEngine[] = [];
afterEach(async () => {
  await Promise.all(started.splice(0).map((t) => t.dispose()));
});

async function start(worker: boolean, clock?: Clock, ingestWorker = SOURCE_INGEST_WORKER): Promise<TestEngine> {
  const t = await startTestEngine({ ingestWorker: worker ? ingestWorker : undefined, clock });
  started.push(t);
  return t;
}

async function messages(t: TestEngine): Promise<CapturedMessage[]> {
  return (await (await fetch(`${t.engine.url}/api/messages?limit=100000`)).json()) as CapturedMessage[];
}

const fixedClock: Clock = { now: () => Date.UTC(2026, 10, 23, 9, 30), setTimeout: (fn, ms) => setTimeout(fn, ms), clearTimeout: (h) => clearTimeout(h as never) };

const requests: { path: string; body: unknown; auth?: string }[] = [
  {
    path: 'batch',
    body: {
      batch: [
        { type: 'track', event: 'Notification Clicked', userId: 'u1', messageId: 'w-1', properties: { notificationId: 'n1', notificationName: 'Promo ✓' } },
        { type: 'identify', userId: 'u1', traits: { email: 'ann@example.com' } }, // messageId assigned
        { type: 'track', userId: 'u2', messageId: 'w-3' }, // no event: dropped
        { type: 'track', event: 'Feature Used', anonymousId: 'a1', messageId: 'w-1' }, // duplicate within the batch
      ],
      sentAt: '2026-11-23T09:29:59.000Z',
      context: { library: { name: 'analytics-node', version: '3.1.0' } },
    },
    auth: `Basic ${Buffer.from('wk_batch:').toString('base64')}`,
  },
  { path: 'track', body: { event: 'Feature Used', userId: 'u3', messageId: 'w-1', writeKey: 'wk_body' } }, // duplicate across requests
  { path: 'group', body: { userId: 'u1', groupId: 'g1', traits: { billing_city: 'Brno' }, messageId: 'w-5' } },
];

async function sendAll(t: TestEngine): Promise<void> {
  for (const r of requests) {
    const res = await postJson(`${t.engine.url}/v1/${r.path}`, r.body, r.auth ? { authorization: r.auth } : {});
    expect(res.status, JSON.stringify(res.json)).toBe(200);
  }
}

/** What may differ between two engines: request ids, assigned message ids (random), the port. */
function comparable(c: CapturedMessage) {
  const message = { ...c.message, messageId: c.messageIdAssigned ? '(assigned)' : c.message.messageId };
  return { ...c, requestId: '(id)', message, headers: { ...c.headers, host: '(host)' } };
}

describe('ingest worker thread', () => {
  it('runs in the worker when given one, and captures exactly what the in-thread path captures', async () => {
    const inThread = await start(false, fixedClock);
    const worker = await start(true, fixedClock);
    expect(inThread.engine.info().ingest).toBe('in-thread');
    expect(worker.engine.info().ingest).toBe('worker');
    await sendAll(inThread);
    await sendAll(worker);
    const a = await messages(inThread);
    const b = await messages(worker);
    expect(b).toHaveLength(6);
    expect(b.map(comparable)).toEqual(a.map(comparable));
    // The cases above really are in there: an assigned id, a drop, duplicates within and across requests.
    expect(b[1].messageIdAssigned).toBe(true);
    expect(b[2].dropReasons.map((d) => d.code)).toEqual(['missing-event']);
    expect(b[3].dropReasons.map((d) => d.code)).toEqual(['duplicate-message-id']);
    expect(b[4].dropReasons.map((d) => d.code)).toEqual(['duplicate-message-id']);
    expect(b[4].origin).toMatchObject({ writeKey: 'wk_…ody', writeKeyFingerprint: writeKeyFingerprint('wk_body'), writeKeySource: 'body' });
    // And the worker's capture log reads back the same after a restart.
    await worker.restart();
    expect((await messages(worker)).map(comparable)).toEqual(a.map(comparable));
    expect(worker.engine.info().ingest).toBe('worker');
  });

  it('answers bad input from the worker as Segment does, and keeps serving', async () => {
    const t = await start(true);
    const bad = await postJson(`${t.engine.url}/v1/batch`, '{"batch": [1]}');
    expect(bad.status).toBe(400);
    expect(bad.json).toMatchObject({ success: false, code: 'batch-item-not-object' });
    expect(bad.json.error).toContain('batch[0]');
    const ok = await postJson(`${t.engine.url}/v1/track`, { event: 'E', userId: 'u' });
    expect(ok.status).toBe(200);
    expect(await messages(t)).toHaveLength(1);
  });

  it('when the worker dies, says so and reads requests on the main thread', async () => {
    const t = await start(true, undefined, { url: new URL('./helpers/failing-worker.mjs', import.meta.url) });
    await t.untilLogged(/ingest worker thread failed/); // logged once the runner has switched
    expect(t.engine.info().ingest).toBe('in-thread');
    expect(t.logged.join('\n')).toMatch(/ingest worker thread failed \(.*fails on purpose.*\); reading requests on the main thread/);
    const res = await postJson(`${t.engine.url}/v1/track`, { event: 'After', userId: 'u' });
    expect(res.status).toBe(200);
    const stored = await messages(t);
    expect(stored.map((c) => c.message.event)).toEqual(['After']);
  });
});
