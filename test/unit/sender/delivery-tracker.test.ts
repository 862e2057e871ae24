// The deliveries the send panel lists: each copy's id, state and attempts as the sender moves them,
// the ones kept from before a restart, and the bound on how many are kept. What a listener gets is a
// copy: changing it changes nothing shown later.
import { describe, expect, it } from 'vitest';
import type { Delivery } from '../../../src-shared/api';
import { createDeliveryTracker } from '../../../src-main/sender/delivery-tracker';
import { manualClock } from '../../integration/helpers/manual-clock';

const T0 = Date.parse('2026-12-06T10:00:00.000Z');

function rig(restored: Delivery[] = []) {
  const clock = manualClock(T0);
  const seen: Delivery[] = [];
  const tracker = createDeliveryTracker(clock, (d) => seen.push(d), restored);
  return { clock, seen, tracker };
}

const attempt = { url: 'http://127.0.0.1:9/v1/batch', requestHeaders: {}, requestBody: '{}' };

describe('delivery tracker', () => {
  it('a new delivery: the copy number (from 1) in its id, pending, no attempts, started now; the label only when given', () => {
    const { tracker, seen } = rig();
    const d = tracker.create({ sendId: 's1', index: 0, messageId: 'm1', target: { kind: 'local' }, label: 'track "Paid"' });
    expect(d).toEqual({ id: 's1-1', sendId: 's1', index: 0, messageId: 'm1', target: { kind: 'local' }, label: 'track "Paid"', state: 'pending', attempts: [], startedAt: '2026-12-06T10:00:00.000Z' });
    expect(seen).toEqual([d]);
    const unlabelled = tracker.create({ sendId: 's1', index: 4, messageId: 'm5', target: { kind: 'local' }, label: '' });
    expect(unlabelled.id).toBe('s1-5');
    expect('label' in unlabelled).toBe(false);
  });

  it('one attempt leaves it pending; a second one shows it retrying; each attempt at the clock\'s time', () => {
    const { tracker, clock } = rig();
    tracker.create({ sendId: 's', index: 0, messageId: 'm', target: { kind: 'local' } });
    tracker.startAttempt('s-1', attempt);
    expect(tracker.get('s-1')?.state).toBe('pending');
    tracker.finishAttempt('s-1', { status: 503, responseBody: 'busy', error: undefined });
    expect(tracker.get('s-1')?.state).toBe('pending');
    clock.advance(1500);
    tracker.startAttempt('s-1', attempt);
    const d = tracker.get('s-1')!;
    expect(d.state).toBe('retrying');
    expect(d.attempts.map((a) => a.at)).toEqual(['2026-12-06T10:00:00.000Z', '2026-12-06T10:00:01.500Z']);
    // An undefined field of the result is left out, not written as undefined.
    expect(d.attempts[0]).toEqual({ ...attempt, at: '2026-12-06T10:00:00.000Z', status: 503, responseBody: 'busy' });
    expect(Object.keys(d.attempts[0])).not.toContain('error');
  });

  it('finishAttempt moves the state only when told to, and writes into the latest attempt', () => {
    const { tracker } = rig();
    tracker.create({ sendId: 's', index: 0, messageId: 'm', target: { kind: 'local' } });
    tracker.finishAttempt('s-1', { status: 500 }, 'retrying'); // no attempt yet: nothing to write into
    expect(tracker.get('s-1')).toMatchObject({ state: 'retrying', attempts: [] });
    tracker.startAttempt('s-1', attempt);
    tracker.startAttempt('s-1', { ...attempt, url: 'second' });
    tracker.finishAttempt('s-1', { error: 'cut' });
    const d = tracker.get('s-1')!;
    expect(d.state).toBe('retrying');
    expect(d.attempts.map((a) => a.error)).toEqual([undefined, 'cut']);
  });

  it('finished: its state, time and patch; nothing changes it after, but update may link its captured row', () => {
    const { tracker, clock, seen } = rig();
    tracker.create({ sendId: 's', index: 0, messageId: 'm', target: { kind: 'local' } });
    tracker.startAttempt('s-1', attempt);
    clock.advance(2000);
    tracker.finish('s-1', 'failed', { error: 'HTTP 404 Not Found', capturedSeq: undefined });
    const done = tracker.get('s-1')!;
    expect(done).toMatchObject({ state: 'failed', finishedAt: '2026-12-06T10:00:02.000Z', error: 'HTTP 404 Not Found' });
    expect('capturedSeq' in done).toBe(false);
    const count = seen.length;
    tracker.startAttempt('s-1', attempt);
    tracker.finishAttempt('s-1', { status: 200 }, 'delivered');
    tracker.finish('s-1', 'delivered');
    expect(tracker.get('s-1')).toEqual(done);
    expect(seen).toHaveLength(count);
    tracker.update('s-1', { capturedSeq: 42, error: undefined });
    expect(tracker.get('s-1')).toEqual({ ...done, capturedSeq: 42 });
    expect(seen.at(-1)).toEqual({ ...done, capturedSeq: 42 });
  });

  it('finish with no patch: delivered, no error', () => {
    const { tracker } = rig();
    tracker.create({ sendId: 's', index: 0, messageId: 'm', target: { kind: 'local' } });
    tracker.finish('s-1', 'delivered');
    expect(tracker.get('s-1')).toMatchObject({ state: 'delivered', finishedAt: '2026-12-06T10:00:00.000Z' });
    expect(tracker.get('s-1')?.error).toBeUndefined();
  });

  it('an unknown id is ignored by every change, and reported by none', () => {
    const { tracker, seen } = rig();
    tracker.startAttempt('nope', attempt);
    tracker.finishAttempt('nope', { status: 200 }, 'delivered');
    tracker.finish('nope', 'delivered');
    tracker.update('nope', { capturedSeq: 1 });
    expect(seen).toEqual([]);
    expect(tracker.get('nope')).toBeUndefined();
    expect(tracker.all()).toEqual([]);
  });

  it('what a listener or get() is given is a copy: changing it changes nothing kept', () => {
    const { tracker, seen } = rig();
    const made = tracker.create({ sendId: 's', index: 0, messageId: 'm', target: { kind: 'local' } });
    made.state = 'delivered';
    seen[0].attempts.push({ ...attempt, at: 'x' });
    tracker.get('s-1')!.messageId = 'changed';
    tracker.all()[0].sendId = 'changed';
    expect(tracker.get('s-1')).toMatchObject({ state: 'pending', attempts: [], messageId: 'm', sendId: 's' });
  });

  it('keeps the newest 1000: the 1001st forgets the oldest', () => {
    const { tracker } = rig();
    for (let i = 0; i < 1001; i++) tracker.create({ sendId: 's', index: i, messageId: `m${i}`, target: { kind: 'local' } });
    const all = tracker.all();
    expect(all).toHaveLength(1000);
    expect(all[0].id).toBe('s-2');
    expect(all.at(-1)?.id).toBe('s-1001');
    expect(tracker.get('s-1')).toBeUndefined();
  });

  it('restored: one that had not finished failed as interrupted, at its start; finished ones as they were; the newest 1000; junk skipped', () => {
    const old = (i: number, o: Partial<Delivery> = {}): Delivery => ({ id: `r-${i}`, sendId: 'r', index: i - 1, messageId: `m${i}`, target: { kind: 'local' }, state: 'delivered', attempts: [], startedAt: '2026-12-05T08:00:00.000Z', finishedAt: '2026-12-05T08:00:01.000Z', ...o });
    const restored = [old(0), ...Array.from({ length: 997 }, (_, i) => old(i + 1)), null as unknown as Delivery, { id: 7 } as unknown as Delivery, old(999, { state: 'retrying', finishedAt: undefined }), old(1000, { state: 'pending', finishedAt: undefined, startedAt: '2026-12-05T09:30:00.000Z' })];
    const { tracker } = rig(restored);
    const all = tracker.all();
    // 1002 given, the last 1000 read; of those two are not deliveries.
    expect(all).toHaveLength(998);
    expect(tracker.get('r-0')).toBeUndefined();
    expect(tracker.get('r-1')).toBeUndefined();
    expect(tracker.get('r-2')).toEqual(old(2));
    expect(tracker.get('r-1000')).toMatchObject({ state: 'failed', finishedAt: '2026-12-05T09:30:00.000Z', error: 'interrupted: Eventbench stopped before this send finished' });
    expect(tracker.get('r-999')?.state).toBe('failed');
  });
});
