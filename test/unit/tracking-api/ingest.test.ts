import { describe, expect, it } from 'vitest';
import { DuplicateIndex } from '../../../src-shared/tracking-api/duplicate-index';
import { prepareMessage, type PrepareContext } from '../../../src-shared/tracking-api/ingest';

function context(duplicates = new DuplicateIndex()): PrepareContext {
  let n = 0;
  return { receivedAt: '2026-01-01T12:00:00.000Z', receivedAtMs: Date.UTC(2026, 0, 1, 12), newMessageId: () => `assigned-${++n}`, duplicates };
}

describe('prepareMessage', () => {
  it('stamps receivedAt on a copy and keeps a client messageId', () => {
    const raw = { type: 'track', event: 'E', userId: 'u', messageId: 'client-1', receivedAt: 'client lies' };
    const result = prepareMessage(raw, context());
    expect(result).toEqual({ message: { ...raw, receivedAt: '2026-01-01T12:00:00.000Z' }, messageIdAssigned: false, dropReasons: [] });
    expect(raw.receivedAt).toBe('client lies'); // input untouched
  });

  it.each([[undefined], [''], [42], [null]])('assigns a messageId when the client sent %j', (messageId) => {
    const result = prepareMessage({ type: 'identify', userId: 'u', messageId }, context());
    expect(result.messageIdAssigned).toBe(true);
    expect(result.message.messageId).toBe('assigned-1');
  });

  it('marks the second message with the same id within 24 h as a duplicate', () => {
    const ctx = context();
    const message = { type: 'track', event: 'E', userId: 'u', messageId: 'same' };
    expect(prepareMessage(message, ctx).dropReasons).toEqual([]);
    const second = prepareMessage(message, { ...ctx, receivedAtMs: ctx.receivedAtMs + 60_000 });
    expect(second.dropReasons.map((r) => r.code)).toEqual(['duplicate-message-id']);
    const dayLater = prepareMessage(message, { ...ctx, receivedAtMs: ctx.receivedAtMs + 24 * 3600_000 });
    expect(dayLater.dropReasons).toEqual([]);
  });

  it('computes the other drop reasons', () => {
    const result = prepareMessage({ type: 'track' }, context());
    expect(result.dropReasons.map((r) => r.code)).toEqual(['missing-identity', 'missing-event']);
  });
});
