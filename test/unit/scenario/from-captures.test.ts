// Captured messages -> a scenario: relative timing kept as clock steps, receiver-added fields
// dropped, webhooks kept, drop reasons expected; and the result is a valid scenario.
import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { loadScenario } from '../../../src-main/replay/load';
import type { CapturedMessage } from '../../../src-shared/capture';
import { capturesToScenario } from '../../../src-shared/scenario/from-captures';

const cap = (seq: number, receivedAt: string, message: Record<string, unknown>, extra: Partial<CapturedMessage> = {}): CapturedMessage => ({
  seq, requestId: `r${seq}`, receivedAt, origin: { kind: 'tracking', endpoint: '/v1/track', writeKeySource: 'basic', writeKey: 'k' }, headers: {}, message: { ...message, receivedAt }, messageIdAssigned: false, dropReasons: [], findings: [], ...extra,
});

describe('save as scenario', () => {
  it('keeps relative timing, drops what the receiver added, expects the drop reasons', () => {
    const text = capturesToScenario(
      [
        cap(7, '2026-02-01T10:00:05.000Z', { type: 'track', event: 'Orphan', messageId: 'auto-1' }, { messageIdAssigned: true, dropReasons: [{ code: 'missing-identity', message: 'x' }] }),
        cap(3, '2026-02-01T10:00:00.000Z', { type: 'track', userId: 'u', event: 'First', messageId: 'client-id' }),
        cap(9, '2026-02-01T10:00:05.000Z', { type: 'identify', userId: 'u', messageId: 'hook-1' }, { origin: { kind: 'webhook', endpoint: '/webhook/pf', webhook: 'pf', signature: { status: 'no-secret' } } }),
      ],
      'My replay',
    );
    expect(text.startsWith('# yaml-language-server: $schema=./scenario.schema.json\n')).toBe(true);
    const doc = parse(text);
    expect(doc.start).toBe('2026-02-01T10:00:00.000Z');
    expect(doc.webhooks).toEqual([{ name: 'pf' }]);
    expect(doc.steps.slice(0, 4)).toEqual([
      { id: 'm1', send: { message: { type: 'track', userId: 'u', event: 'First' } } },
      { advance: '5000ms' },
      { id: 'm2', send: { message: { type: 'track', event: 'Orphan' } } },
      { id: 'm3', send: { via: 'webhook', webhook: 'pf', message: { type: 'identify', userId: 'u' } } },
    ]);
    expect(doc.steps.slice(4)).toEqual([{ expect: { messages: { count: 3 } } }, { expect: { dropReasons: { step: 'm2', codes: ['missing-identity'] } } }]);
    const loaded = loadScenario(text, 'saved.scenario.yaml');
    expect(loaded.ok).toBe(true);
  });

  it('keeps a messageId two selected messages share (a duplicate being reproduced)', () => {
    const doc = parse(capturesToScenario([cap(1, '2026-02-01T10:00:00Z', { type: 'track', userId: 'u', event: 'A', messageId: 'same' }), cap(2, '2026-02-01T10:00:00Z', { type: 'track', userId: 'u', event: 'A', messageId: 'same' })], 'dup'));
    expect(doc.steps.filter((s: { send?: unknown }) => s.send).map((s: { send: { message: { messageId?: string } } }) => s.send.message.messageId)).toEqual(['same', 'same']);
  });
});
