// prepareOwnedMessage's rules one by one: which messages keep the client's text with the stamped
// fields appended and which are stringified, the parts it hands on, and that a tail built for one
// request is never reused for another.
import { describe, expect, it } from 'vitest';
import type { JsonObject } from '../../../src-shared/capture';
import { DuplicateIndex } from '../../../src-shared/tracking-api/duplicate-index';
import { prepareMessage, prepareOwnedMessage, type PrepareContext } from '../../../src-shared/tracking-api/ingest';

function context(receivedAt = '2026-01-01T12:00:00.000Z', duplicates?: DuplicateIndex): PrepareContext {
  let n = 0;
  return { receivedAt, receivedAtMs: Date.parse(receivedAt), newMessageId: () => `assigned-${++n}`, duplicates };
}

describe('prepareOwnedMessage: the text', () => {
  it('appends receivedAt to the client text when the client sent a usable messageId, giving the parts', () => {
    const sent = '{ "type" : "track", "messageId":"m1" }';
    const message: JsonObject = JSON.parse(sent);
    const prepared = prepareOwnedMessage(message, context(), sent);
    expect(prepared.messageJson).toBe('{ "type" : "track", "messageId":"m1" ,"receivedAt":"2026-01-01T12:00:00.000Z"}');
    expect(prepared.messageJsonHead).toBe('{ "type" : "track", "messageId":"m1" ');
    expect(prepared.messageJsonTail).toBe(',"receivedAt":"2026-01-01T12:00:00.000Z"}');
    expect(prepared.messageIdAssigned).toBe(false);
    expect(prepared.message).toBe(message);
    expect(message).toEqual({ type: 'track', messageId: 'm1', receivedAt: '2026-01-01T12:00:00.000Z' });
  });

  it('appends the added members before receivedAt, and the assigned messageId after it', () => {
    const sent = '{"type":"track"}';
    const message: JsonObject = { type: 'track', sentAt: 'S' };
    const prepared = prepareOwnedMessage(message, context(), sent, '"sentAt":"S"');
    expect(prepared.messageJson).toBe('{"type":"track","sentAt":"S","receivedAt":"2026-01-01T12:00:00.000Z","messageId":"assigned-1"}');
    expect(JSON.parse(prepared.messageJson)).toEqual(message);
    const noAdded = prepareOwnedMessage({ type: 'track' }, context(), sent);
    expect(noAdded.messageJson).toBe('{"type":"track","receivedAt":"2026-01-01T12:00:00.000Z","messageId":"assigned-1"}');
  });

  it('gives an empty object’s members without a leading comma, and no parts', () => {
    const prepared = prepareOwnedMessage({}, context(), '{ }');
    expect(prepared.messageJson).toBe('{"receivedAt":"2026-01-01T12:00:00.000Z","messageId":"assigned-1"}');
    expect(prepared.messageJsonHead).toBeUndefined();
    expect(prepared.messageJsonTail).toBeUndefined();
    const kept = prepareOwnedMessage({ sentAt: 'S' }, context(), '{}', '"sentAt":"S"');
    expect(kept.messageJson).toBe('{"sentAt":"S","receivedAt":"2026-01-01T12:00:00.000Z","messageId":"assigned-1"}');
  });

  it('stringifies when the client sent receivedAt, an unusable messageId, or no text', () => {
    const ctx = context();
    const withReceivedAt = prepareOwnedMessage({ messageId: 'm', receivedAt: 'client' }, ctx, '{"messageId":"m","receivedAt":"client"}');
    expect(withReceivedAt.messageJson).toBe('{"messageId":"m","receivedAt":"2026-01-01T12:00:00.000Z"}');
    expect(withReceivedAt.messageJsonHead).toBeUndefined();
    const emptyId = prepareOwnedMessage({ messageId: '' }, ctx, '{"messageId":""}');
    expect(emptyId.messageJson).toBe('{"messageId":"assigned-1","receivedAt":"2026-01-01T12:00:00.000Z"}');
    const numberId = prepareOwnedMessage({ a: 1, messageId: 5 }, ctx, '{"a":1,"messageId":5}');
    expect(numberId.messageJson).toBe('{"a":1,"messageId":"assigned-2","receivedAt":"2026-01-01T12:00:00.000Z"}');
    const noText = prepareOwnedMessage({ b: 2 }, ctx);
    expect(noText.messageJson).toBe('{"b":2,"receivedAt":"2026-01-01T12:00:00.000Z","messageId":"assigned-3"}');
    expect(noText.messageJsonHead).toBeUndefined();
    expect(noText.messageJsonTail).toBeUndefined();
  });

  it('builds the tail anew when receivedAt or the added members change from one message to the next', () => {
    const sent = '{"messageId":"m"}';
    const texts = [
      prepareOwnedMessage({ messageId: 'm' }, context('2026-01-01T00:00:01.000Z'), sent, '"sentAt":"A"').messageJson,
      prepareOwnedMessage({ messageId: 'm' }, context('2026-01-01T00:00:01.000Z'), sent, '"sentAt":"A"').messageJson,
      prepareOwnedMessage({ messageId: 'm' }, context('2026-01-01T00:00:02.000Z'), sent, '"sentAt":"A"').messageJson,
      prepareOwnedMessage({ messageId: 'm' }, context('2026-01-01T00:00:02.000Z'), sent, '"sentAt":"B"').messageJson,
      prepareOwnedMessage({ messageId: 'm' }, context('2026-01-01T00:00:02.000Z'), sent).messageJson,
      prepareOwnedMessage({ messageId: 'm' }, context('2026-01-01T00:00:02.000Z'), sent, '"sentAt":"B"').messageJson,
    ];
    expect(texts).toEqual([
      '{"messageId":"m","sentAt":"A","receivedAt":"2026-01-01T00:00:01.000Z"}',
      '{"messageId":"m","sentAt":"A","receivedAt":"2026-01-01T00:00:01.000Z"}',
      '{"messageId":"m","sentAt":"A","receivedAt":"2026-01-01T00:00:02.000Z"}',
      '{"messageId":"m","sentAt":"B","receivedAt":"2026-01-01T00:00:02.000Z"}',
      '{"messageId":"m","receivedAt":"2026-01-01T00:00:02.000Z"}',
      '{"messageId":"m","sentAt":"B","receivedAt":"2026-01-01T00:00:02.000Z"}',
    ]);
  });
});

describe('prepareOwnedMessage and prepareMessage: drop reasons and duplicates', () => {
  it('checks the duplicate index with the messageId the message ends up with', () => {
    const duplicates = new DuplicateIndex();
    const ctx = context(undefined, duplicates);
    expect(prepareOwnedMessage({ type: 'track', event: 'E', userId: 'u', messageId: 'm' }, ctx, '{}').dropReasons).toEqual([]);
    expect(prepareOwnedMessage({ type: 'track', event: 'E', userId: 'u', messageId: 'm' }, ctx).dropReasons.map((r) => r.code)).toEqual(['duplicate-message-id']);
    // Assigned ids are recorded too: the same assigned id again is a duplicate.
    const again = context(undefined, duplicates);
    expect(prepareMessage({ type: 'track', event: 'E', userId: 'u' }, again).dropReasons).toEqual([]);
    expect(duplicates.seen('assigned-1', Date.parse('2026-01-01T12:00:00.000Z'))).toBe(true);
  });

  it('leaves the duplicate check out without an index', () => {
    const ctx = context();
    const m = () => ({ type: 'track', event: 'E', userId: 'u', messageId: 'same' });
    expect(prepareOwnedMessage(m(), ctx).dropReasons).toEqual([]);
    expect(prepareOwnedMessage(m(), ctx).dropReasons).toEqual([]);
    expect(prepareMessage(m(), ctx).dropReasons).toEqual([]);
  });

  it('prepareMessage stamps a copy, and keeps a usable client messageId', () => {
    const raw: JsonObject = { type: 'track', event: 'E', userId: 'u', messageId: 'client' };
    const prepared = prepareMessage(raw, context());
    expect(prepared.message).not.toBe(raw);
    expect(raw).not.toHaveProperty('receivedAt');
    expect(prepared).toEqual({ message: { ...raw, receivedAt: '2026-01-01T12:00:00.000Z' }, messageIdAssigned: false, dropReasons: [] });
  });
});
