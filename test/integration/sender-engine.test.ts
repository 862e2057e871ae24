// The composer's commands through the real engine, in-process on port 0: local round trip to the
// capture log, webhook send verified by the engine's receiver, write key kept out of everything.
import { statSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import type { Delivery, EngineEvent } from '../../src-shared/api';
import { createEngine, type Engine } from '../../src-main/engine';
import { createFileSecretStore } from '../../src-main/sender/secrets';
import { goalCompleted, tempDir } from './sender-helpers';

let engine: Engine | undefined;
afterEach(async () => {
  await engine?.close();
  engine = undefined;
});

async function start() {
  const dataDir = tempDir('eventbench-engine-');
  engine = await createEngine({ dataDir, port: 0, shell: 'test', secretStore: createFileSecretStore(dataDir, {}), log: () => undefined });
  const deliveries = new Map<string, Delivery>();
  const all: Delivery[] = [];
  const waiters = new Set<() => void>();
  engine.subscribe((e: EngineEvent) => {
    if (e.name === 'sender.delivery') {
      deliveries.set(e.payload.id, e.payload);
      all.push(e.payload);
      for (const w of [...waiters]) w();
    }
  });
  /** Resolves on the sender.delivery event that settles it (no polling, no clock). */
  const settled = (id: string, ok: (d: Delivery) => boolean = (d) => !!d.finishedAt) =>
    new Promise<Delivery>((resolve) => {
      const check = () => {
        const d = deliveries.get(id);
        if (d && ok(d)) {
          waiters.delete(check);
          resolve(d);
        }
      };
      waiters.add(check);
      check();
    });
  return { engine, dataDir, settled, all };
}

describe('composer -> engine', () => {
  it('round-trips a local send into the capture log and links the row', async () => {
    const { engine, settled } = await start();
    const composed = goalCompleted();
    const { deliveries } = await engine.call('sender.send', { target: { kind: 'local' }, message: composed, freshMessageIds: false });
    const done = await settled(deliveries[0].id, (d) => d.capturedSeq !== undefined);
    expect(done.state).toBe('delivered');
    const captured = await engine.call('messages.get', { seq: done.capturedSeq! });
    expect(captured).not.toBeNull();
    const got = captured!.message;
    for (const key of Object.keys(composed).filter((k) => k !== 'context')) expect(got[key]).toEqual(composed[key]);
    expect((got.context as Record<string, unknown>).app).toEqual({ name: 'eventbench-test' });
    expect(captured!.origin).toMatchObject({ kind: 'tracking', endpoint: '/v1/batch' });
    expect(captured!.dropReasons).toEqual([]);
    expect((await engine.call('sender.deliveries', undefined)).map((d) => d.id)).toContain(done.id);
  });

  it('sends to a webhook with a secret and the receiver says the signature is valid', async () => {
    const { engine, settled } = await start();
    const secret = 'pf-secret-xyz-987';
    await engine.call('webhooks.save', { name: 'product-fruits', secret, rejectInvalid: true });
    const url = `${engine.url}/webhook/product-fruits`;
    const { deliveries } = await engine.call('sender.send', { target: { kind: 'webhook', url, secret }, message: goalCompleted() });
    const done = await settled(deliveries[0].id);
    expect(done.state).toBe('delivered');
    expect(done.attempts[0].status).toBe(200);
    const rows = await engine.call('messages.list', undefined);
    const row = rows.find((r) => r.seq === Math.max(...rows.map((x) => x.seq)))!;
    const captured = await engine.call('messages.get', { seq: row.seq });
    expect(captured!.origin.kind).toBe('webhook');
    if (captured!.origin.kind === 'webhook') expect(captured!.origin.signature).toMatchObject({ status: 'valid' });
    expect(captured!.message.messageId).toBe(done.messageId);

    // A wrong secret is rejected by the webhook (rejectInvalid) and shows as failed.
    const bad = await engine.call('sender.send', { target: { kind: 'webhook', url, secret: 'wrong' }, message: goalCompleted() });
    const failed = await settled(bad.deliveries[0].id);
    expect(failed.state).toBe('failed');
    expect(failed.attempts[0].status).toBe(401);
  });

  it("signs a send to one of this receiver's webhooks with the secret configured for it when none is given", async () => {
    // The composer's Webhook target left the secret empty: it went out unsigned, and a webhook
    // with "reject invalid" refused it, though the engine holds that webhook's secret.
    const { engine, settled } = await start();
    await engine.call('webhooks.save', { name: 'pf-configured', secret: 'configured-secret-5', rejectInvalid: true });
    for (const url of [`${engine.url}/webhook/pf-configured`, `${engine.url}/webhook/pf-configured/?x=1`]) {
      const { deliveries } = await engine.call('sender.send', { target: { kind: 'webhook', url }, message: goalCompleted() });
      const done = await settled(deliveries[0].id);
      expect(done.state).toBe('delivered');
      const captured = await engine.call('messages.get', { seq: done.capturedSeq ?? (await settled(done.id, (d) => d.capturedSeq !== undefined)).capturedSeq! });
      if (captured!.origin.kind === 'webhook') expect(captured!.origin.signature).toMatchObject({ status: 'valid' });
      else throw new Error('not captured as a webhook');
      expect(JSON.stringify(done)).not.toContain('configured-secret-5');
    }
    // A webhook of that name elsewhere gets no secret of this receiver's.
    const other = await engine.call('sender.send', { target: { kind: 'webhook', url: `${engine.url}/webhook/pf-configured-not` }, message: goalCompleted() });
    const unsigned = await settled(other.deliveries[0].id, (d) => d.capturedSeq !== undefined);
    const row = await engine.call('messages.get', { seq: unsigned.capturedSeq! });
    if (row!.origin.kind === 'webhook') expect(row!.origin.signature.status).not.toBe('valid');
  });

  it('stores the write key in a 0600 file and never shows it in deliveries or exports', async () => {
    const { engine, dataDir, all, settled } = await start();
    const key = 'wk_secret_engine_0042';
    const status = await engine.call('secrets.setWriteKey', { writeKey: key });
    expect(status).toMatchObject({ backend: 'file', hasWriteKey: true, plainText: true });
    expect(JSON.stringify(status)).not.toContain(key);
    expect(statSync(join(dataDir, 'secrets.json')).mode & 0o777).toBe(0o600);
    // A custom host (here our own receiver) never gets the stored Segment key: it is for Segment's hosts only.
    const { deliveries } = await engine.call('sender.send', { target: { kind: 'custom', host: engine.url }, message: goalCompleted() });
    const finished = await settled(deliveries[0].id);
    expect(finished.state).toBe('delivered');
    expect(finished.attempts[0].requestHeaders.Authorization).toBe('Basic [redacted]');
    const received = (await (await fetch(`${engine.url}/api/messages`)).json()) as { origin: { writeKey?: string } }[];
    expect(received.map((m) => m.origin.writeKey)).not.toContain(key);
    const shown = JSON.stringify([all, await engine.call('sender.deliveries', undefined), await engine.call('secrets.status', undefined)]);
    expect(shown).not.toContain(key);
    expect(shown).not.toContain(Buffer.from(`${key}:`).toString('base64'));
  });

  it('saves, lists and deletes drafts through the engine', async () => {
    const { engine } = await start();
    const draft = { name: 'goal', profile: 'provesource' as const, event: 'Goal Completed', message: goalCompleted(), savedAt: '2025-03-01T10:00:00.000Z' };
    expect((await engine.call('drafts.save', draft)).drafts.map((d) => d.name)).toEqual(['goal']);
    expect(await engine.call('drafts.list', undefined)).toEqual({ drafts: [draft], unreadable: [] });
    expect(await engine.call('drafts.delete', { name: 'goal' })).toEqual({ drafts: [], unreadable: [] });
  });
});
