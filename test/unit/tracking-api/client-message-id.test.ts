// The client's messageId the receiver replaced: kept beside the message (prepare), named in words
// (the detail pane's sentence and the finding), and only for the rare message that had one.
import { describe, expect, it } from 'vitest';
import { clientMessageIdFindings, clientMessageIdSentence, CLIENT_MESSAGE_ID_RULE, jsonKindOf } from '../../../src-shared/tracking-api/client-message-id';
import { prepareMessage, prepareOwnedMessage, type PrepareContext } from '../../../src-shared/tracking-api/ingest';
import { prepareTrackingRequest } from '../../../src-shared/tracking-api/prepare-request';

function context(): PrepareContext {
  let n = 0;
  return { receivedAt: '2026-01-01T12:00:00.000Z', receivedAtMs: Date.UTC(2026, 0, 1, 12), newMessageId: () => `assigned-${++n}` };
}

describe('clientMessageIdSentence', () => {
  it.each([
    [12345, 'client sent messageId 12345, a number; Eventbench assigned m-1'],
    [true, 'client sent messageId true, a boolean; Eventbench assigned m-1'],
    [{}, 'client sent messageId {}, an object; Eventbench assigned m-1'],
    [['a'], 'client sent messageId ["a"], an array; Eventbench assigned m-1'],
    ['', 'client sent messageId "", an empty string; Eventbench assigned m-1'],
    [null, 'client sent messageId null; Eventbench assigned m-1'],
  ])('names %j and what it is', (value, sentence) => {
    expect(clientMessageIdSentence(value, 'm-1')).toBe(sentence);
  });

  it('points at the id above where that is shown already', () => {
    expect(clientMessageIdSentence(12345)).toBe('client sent messageId 12345, a number; Eventbench assigned the id above');
  });

  it('cuts a long value as every error does (shownValue)', () => {
    const sentence = clientMessageIdSentence({ long: 'x'.repeat(200) }, 'm-1');
    expect(sentence).toContain('…, an object; Eventbench assigned m-1');
    expect(sentence.length).toBeLessThan(160);
  });

  it('says what kind of JSON value it is', () => {
    expect(['x', 1.5, false, null].map(jsonKindOf)).toEqual(['a string', 'a number', 'a boolean', 'null']);
  });
});

describe('clientMessageIdFindings', () => {
  it('is one Segment warning on messageId naming both ids, and nothing without a client value', () => {
    const [f] = clientMessageIdFindings({ clientMessageId: 12345, message: { messageId: 'm-1' } });
    expect(f).toMatchObject({ severity: 'warning', path: 'messageId', rule: CLIENT_MESSAGE_ID_RULE, profile: 'segment' });
    expect(f.message).toMatch(/^The client sent messageId 12345, a number; Eventbench assigned m-1 in its place: /);
    expect(clientMessageIdFindings({ message: { messageId: 'm-1' } })).toEqual([]);
    // A null sent is a value sent.
    expect(clientMessageIdFindings({ clientMessageId: null, message: { messageId: 'm-1' } })).toHaveLength(1);
  });
});

describe('the client value kept when prepared', () => {
  it.each([[12345], [true], [{}], [''], [null]])('prepareMessage keeps %j beside the assigned id', (messageId) => {
    const result = prepareMessage({ type: 'track', event: 'E', userId: 'u', messageId }, context());
    expect([result.messageIdAssigned, result.message.messageId, result.clientMessageId]).toEqual([true, 'assigned-1', messageId]);
  });

  it('keeps nothing for a string id or none sent', () => {
    expect('clientMessageId' in prepareMessage({ type: 'track', event: 'E', userId: 'u', messageId: 'c-1' }, context())).toBe(false);
    expect('clientMessageId' in prepareMessage({ type: 'track', event: 'E', userId: 'u' }, context())).toBe(false);
  });

  it('prepareOwnedMessage keeps it and stores the assigned id in the text', () => {
    const text = '{"type":"track","event":"E","userId":"u","messageId":12345}';
    const result = prepareOwnedMessage(JSON.parse(text), context(), text);
    expect(result.clientMessageId).toBe(12345);
    expect(JSON.parse(result.messageJson).messageId).toBe('assigned-1');
  });

  it('keeps the digits of an id past 2^53 as its text, and only then', () => {
    const text = '{"type":"track","event":"E","userId":"u","messageId":9007199254740993}';
    const result = prepareOwnedMessage(JSON.parse(text), context(), text);
    expect([result.clientMessageId, result.clientMessageIdJson]).toEqual([9007199254740992, '9007199254740993']);
    expect(clientMessageIdSentence(result.clientMessageId, undefined, result.clientMessageIdJson)).toBe('client sent messageId 9007199254740993, a number; Eventbench assigned the id above');
    const pretty = '{"type":"track","event":"E","userId":"u","messageId":{\n  "n": 9007199254740993\n}}';
    expect(prepareOwnedMessage(JSON.parse(pretty), context(), pretty).clientMessageIdJson).toBe('{"n":9007199254740993}');
    const small = '{"type":"track","event":"E","userId":"u","messageId":12345,"properties":{"n":9007199254740993}}';
    expect('clientMessageIdJson' in prepareOwnedMessage(JSON.parse(small), context(), small)).toBe(false);
  });

  it('a request lists the replaced ones by index, with their finding; a request with none lists nothing', () => {
    const bodyText = JSON.stringify({ batch: [{ type: 'track', event: 'E', userId: 'u', messageId: 'ok' }, { type: 'track', event: 'E', userId: 'u', messageId: 7 }, { type: 'track', event: 'E', userId: 'u' }] });
    const r = prepareTrackingRequest({ path: 'batch', bodyText, bodyBytes: bodyText.length }, context());
    if (!r.ok) throw new Error(r.error);
    expect(r.clientMessageIds).toEqual([[1, 7]]);
    expect(r.tallies[r.tallyOf[1]]).not.toEqual(r.tallies[r.tallyOf[0]]);
    const plain = JSON.stringify({ batch: [{ type: 'track', event: 'E', userId: 'u', messageId: 'ok' }] });
    const none = prepareTrackingRequest({ path: 'batch', bodyText: plain, bodyBytes: plain.length }, context());
    expect(none.ok && 'clientMessageIds' in none).toBe(false);
  });
});
