// Deliveries name what was sent, link the captured row for sends to this app's own receiver and
// webhooks, say when the receiver refused a webhook signature, and survive a restart.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Delivery } from '../../src-shared/api';
import { startTestEngine, eventually, type TestEngine } from './helpers/engine';

let t: TestEngine;
beforeAll(async () => {
  t = await startTestEngine();
});
afterAll(() => t.dispose());

async function finished(id: string): Promise<Delivery> {
  return eventually(t.engine, async () => {
    const d = (await t.engine.call('sender.deliveries', undefined)).find((x) => x.id === id);
    return d?.finishedAt && (d.state !== 'delivered' || d.capturedSeq !== undefined) ? d : undefined;
  });
}

describe('deliveries', () => {
  it('a webhook send to this receiver links its captured row; a refused signature says so', async () => {
    await t.engine.call('webhooks.save', { name: 'pf', secret: 'right-secret', rejectInvalid: true });
    const good = await t.engine.call('sender.send', { target: { kind: 'webhook', url: `${t.engine.url}/webhook/pf`, secret: 'right-secret' }, message: { type: 'track', userId: 'u', event: 'Signed' } });
    const d = await finished(good.deliveries[0].id);
    expect(d).toMatchObject({ state: 'delivered', label: 'track "Signed"' });
    expect(d.capturedSeq).toBeGreaterThan(0);

    const bad = await t.engine.call('sender.send', { target: { kind: 'webhook', url: `${t.engine.url}/webhook/pf`, secret: 'wrong-secret' }, message: { type: 'track', userId: 'u', event: 'Mis-signed' } });
    const b = await finished(bad.deliveries[0].id);
    expect(b.state).toBe('failed');
    expect(b.error).toContain('the receiver refused the signature (HTTP 401; check that both sides use the same secret)');
  });

  it('survive a restart', async () => {
    const sent = await t.engine.call('sender.send', { target: { kind: 'local' }, message: { type: 'identify', userId: 'u-9', traits: { email: 'a@b.co' } } });
    const before = await finished(sent.deliveries[0].id);
    await t.restart();
    const after = (await t.engine.call('sender.deliveries', undefined)).find((x) => x.id === before.id);
    expect(after).toEqual(before);
    expect((await t.engine.call('sender.deliveries', undefined)).length).toBe(3);
  });
});
