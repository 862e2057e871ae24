// Keys written twice that the receiver takes out of a message or replaces: a writeKey (a single
// call's, a batch item's, the batch's own), a message's receivedAt, a single call's type other than
// its path's. The stored text cannot show them (the member is gone or is the receiver's), so parse
// says them apart, in the duplicate-key warning's words, never with a write key's value. And the
// rewrites around a repeat that no unit test sent before (h-mut17's survivors): a single call with
// a repeat and a writeKey or another type, and a repeat whose receivedAt/messageId is replaced.
import { describe, expect, it } from 'vitest';
import type { JsonObject } from '../../../src-shared/capture';
import { prepareOwnedMessage, type PrepareContext } from '../../../src-shared/tracking-api/ingest';
import { parseTrackingRequest, type TrackingPath } from '../../../src-shared/tracking-api/parse';
import { prepareTrackingRequest } from '../../../src-shared/tracking-api/prepare-request';
import { receiverFindings } from '../../../src-shared/validate/validate';
import { DUPLICATE_KEY_RULE } from '../../../src-shared/validate/duplicate-keys';

const input = (path: TrackingPath, bodyText: string, endpoint?: string) => ({ path, bodyText, bodyBytes: Buffer.byteLength(bodyText), ...(endpoint ? { endpoint } : {}) });

function parsed(path: TrackingPath, bodyText: string, endpoint?: string) {
  const result = parseTrackingRequest(input(path, bodyText, endpoint));
  if (!result.ok) throw new Error(result.error);
  return result;
}

const said = (path: TrackingPath, bodyText: string, endpoint?: string) => parsed(path, bodyText, endpoint).replacedKeyRepeats;

const WRITE_KEY_TWICE = 'writeKey appears twice in one object (values not shown: a write key never is); the last is what Segment reads. Send the key once';

describe('a key the receiver replaces, written twice, is said apart', () => {
  it("a single call's writeKey, without either value", () => {
    const result = parsed('track', '{"writeKey":"secret-one","userId":"u","event":"E","writeKey":"secret-two"}');
    expect(result.replacedKeyRepeats).toEqual([WRITE_KEY_TWICE]);
    expect(result.writeKey).toBe('secret-two'); // the last, as JSON.parse reads it
    expect(JSON.stringify(result.replacedKeyRepeats)).not.toContain('secret');
    expect(result.messageJson.sent).toEqual(['{"userId":"u","event":"E"}']);
  });

  it("a single call's receivedAt, with its values, 2 and 3 times", () => {
    expect(said('track', '{"receivedAt":"2020-01-01","userId":"u","event":"E","receivedAt":"2021-01-01"}')).toEqual([
      'receivedAt appears twice in one object ("2020-01-01", then "2021-01-01"); the receiver sets it to the time it received the message, as Segment does, so neither is kept. Send it once, or leave it out',
    ]);
    expect(said('identify', '{"receivedAt":1,"userId":"u","receivedAt":2,"receivedAt":3}')).toEqual([
      'receivedAt appears 3 times in one object (1, 2, then 3); the receiver sets it to the time it received the message, as Segment does, so none of them is kept. Send it once, or leave it out',
    ]);
  });

  it("a single call's type other than its path's, naming the endpoint as called", () => {
    expect(said('track', '{"type":"identify","userId":"u","event":"E","type":"page"}', '/v1/t')).toEqual([
      'type appears twice in one object ("identify", then "page"); a call to /v1/t is a track whatever its body says, as at Segment, so neither is kept. Send it once, or leave it out',
    ]);
    expect(said('page', '{"type":"track","type":"identify","userId":"u"}')).toEqual([
      'type appears twice in one object ("track", then "identify"); a call to /v1/page is a page whatever its body says, as at Segment, so neither is kept. Send it once, or leave it out',
    ]);
  });

  it("not a single call's type whose last is the path's: its text keeps both, and the usual warning says it", () => {
    const result = parsed('track', '{"type":"page","userId":"u","event":"E","type":"track"}');
    expect(result.replacedKeyRepeats).toBeUndefined();
    const stored = result.messageJson.sent[0];
    const findings = receiverFindings(JSON.parse(stored) as JsonObject, undefined, stored).filter((f) => f.rule === DUPLICATE_KEY_RULE);
    expect(findings.map((f) => f.path)).toEqual(['type']);
  });

  it('several in one message, in the order of the list (writeKey, receivedAt, type)', () => {
    expect(said('track', '{"type":"a","receivedAt":"x","writeKey":"k1","type":"b","receivedAt":"y","writeKey":"k2"}')?.map((s) => s.split(' ')[0])).toEqual([
      'writeKey',
      'receivedAt',
      'type',
    ]);
  });

  it('nothing for such a key written once, another key written twice, or a repeat deeper down', () => {
    expect(said('track', '{"writeKey":"k","receivedAt":"r","type":"identify","userId":"u","event":"A","event":"B"}')).toBeUndefined();
    expect(said('track', '{"userId":"u","properties":{"writeKey":"a","writeKey":"b","receivedAt":1,"receivedAt":2}}')).toBeUndefined();
    expect(said('batch', '{"batch":[{"type":"track","userId":"u","context":{"receivedAt":1,"receivedAt":2},"writeKey":"k"}]}')).toBeUndefined();
    expect(said('track', '{"writeKey":"k","userId":"u","event":"E"}')).toBeUndefined();
  });

  it("a batch's own writeKey, twice and 3 times, and not when only another batch-level key repeats", () => {
    const twice = parsed('batch', '{"writeKey":"secret-a","batch":[{"type":"track","userId":"u","event":"E"}],"writeKey":"secret-b"}');
    expect(twice.replacedKeyRepeats).toEqual([WRITE_KEY_TWICE]);
    expect(twice.writeKey).toBe('secret-b');
    expect(said('batch', '{"writeKey":"a","writeKey":"b","batch":[],"writeKey":"c"}')).toEqual([
      'writeKey appears 3 times in one object (values not shown: a write key never is); the last is what Segment reads. Send the key once',
    ]);
    expect(said('batch', '{"writeKey":"a","batch":[{"type":"track","userId":"u","event":"E"}],"sentAt":"1","sentAt":"2"}')).toBeUndefined();
  });

  it("a batch item's writeKey and receivedAt, by its index; an item's type is kept as written, so not here", () => {
    const result = parsed(
      'batch',
      '{"batch":[{"type":"track","userId":"u","event":"E"},{"type":"track","writeKey":"secret-a","writeKey":"secret-a","receivedAt":"1","receivedAt":"2","receivedAt":"3","userId":"u","event":"E"},{"type":"page","type":"track","userId":"u","event":"E"}]}',
    );
    expect(result.replacedKeyRepeats).toEqual([
      'batch[1].writeKey appears twice in one object (values not shown: a write key never is); the last is what Segment reads. Send the key once',
      'batch[1].receivedAt appears 3 times in one object ("1", "2", then "3"); the receiver sets it to the time it received the message, as Segment does, so none of them is kept. Send it once, or leave it out',
    ]);
    expect(JSON.stringify(result.replacedKeyRepeats)).not.toContain('secret');
    expect(result.messageJson.sent[2]).toBe('{"type":"page","type":"track","userId":"u","event":"E"}');
  });

  it('says at most 5, then how many more', () => {
    const item = '{"type":"track","writeKey":"k","writeKey":"k","userId":"u","event":"E"}';
    const lines = said('batch', `{"batch":[${Array(7).fill(item).join(',')},{"receivedAt":1,"receivedAt":2,"userId":"u"}]}`) ?? [];
    expect(lines.slice(0, 5).map((s) => s.split(' ')[0])).toEqual(['batch[0].writeKey', 'batch[1].writeKey', 'batch[2].writeKey', 'batch[3].writeKey', 'batch[4].writeKey']);
    // With the items the count is in (a run of three or more as a range), so the others are not warned.
    expect(lines.slice(5)).toEqual(["and 3 more such keys in this batch's messages, in batch[5] to batch[7]"]);
    const six = said('batch', `{"batch":[${Array(6).fill(item).join(',')}]}`) ?? [];
    expect(six.slice(5)).toEqual(["and 1 more such key in this batch's messages, in batch[5]"]);
    expect(said('batch', `{"batch":[${Array(5).fill(item).join(',')}]}`)).toHaveLength(5);
  });

  it('lists the counted items in up to 20 runs, then the count alone (the sentence stays short)', () => {
    const item = '{"type":"track","writeKey":"k","writeKey":"k","userId":"u","event":"E"}';
    const clean = '{"type":"track","userId":"u","event":"E"}';
    const runs = (n: number) => said('batch', `{"batch":[${[...Array(5).fill(item), ...Array(n).fill(`${clean},${item}`)].join(',')}]}`)?.[5];
    // Items 6, 8, …: one run each; two adjacent items are named apart, not as a range.
    expect(runs(2)).toBe("and 2 more such keys in this batch's messages, in batch[6] and batch[8]");
    expect(runs(20)).toBe(`and 20 more such keys in this batch's messages, in ${Array.from({ length: 19 }, (_, k) => `batch[${6 + 2 * k}]`).join(', ')} and batch[44]`);
    expect(runs(21)).toBe("and 21 more such keys in this batch's messages");
    expect(said('batch', `{"batch":[${Array(7).fill(item).join(',')}]}`)?.[5]).toBe("and 2 more such keys in this batch's messages, in batch[5] and batch[6]");
  });

  it('is passed on by prepareTrackingRequest', () => {
    const prepared = prepareTrackingRequest(input('track', '{"receivedAt":"a","userId":"u","event":"E","receivedAt":"b"}'), {
      receivedAt: '2026-12-07T01:00:00.000Z',
      receivedAtMs: 0,
      newMessageId: () => 'assigned',
    });
    expect(prepared.ok && prepared.replacedKeyRepeats?.[0]).toMatch(/^receivedAt appears twice in one object \("a", then "b"\)/);
    expect(prepared.ok && prepared.jsons[0] + prepared.jsonTails[0]).toBe('{"userId":"u","event":"E","type":"track","receivedAt":"2026-12-07T01:00:00.000Z","messageId":"assigned"}');
    const clean = prepareTrackingRequest(input('track', '{"userId":"u","event":"E"}'), { receivedAt: 'r', receivedAtMs: 0, newMessageId: () => 'm' });
    expect(clean.ok && 'replacedKeyRepeats' in clean).toBe(false);
  });
});

describe('a single call writing a key twice, rewritten (its text edited, the repeat kept)', () => {
  const REPEAT = '"event":"A","event":"B"';

  it('with a writeKey: every writeKey taken out, the path\'s type added when the body has none', () => {
    const { messageJson, messages } = parsed('track', `{"writeKey":"k","userId":"u",${REPEAT},"writeKey":"k"}`);
    expect(messageJson).toEqual({ sent: [`{"userId":"u",${REPEAT}}`], added: ['"type":"track"'], starts: [-1], repeatsKeys: [0] });
    expect(messages[0]).toEqual({ userId: 'u', event: 'B', type: 'track' });
  });

  it("with the path's own type and a writeKey: the type kept as written, nothing added", () => {
    const { messageJson } = parsed('track', `{"type":"track","writeKey":"k","userId":"u",${REPEAT}}`);
    expect(messageJson.sent).toEqual([`{"type":"track","userId":"u",${REPEAT}}`]);
    expect(messageJson.added).toEqual(['']);
  });

  it("with another type and no writeKey: that type taken out, the path's added", () => {
    const { messageJson, messages } = parsed('identify', `{"type":"track","userId":"u",${REPEAT}}`);
    expect(messageJson.sent).toEqual([`{"userId":"u",${REPEAT}}`]);
    expect(messageJson.added).toEqual(['"type":"identify"']);
    expect(messages[0].type).toBe('identify');
  });

  it('spread over lines, nothing to take out: as written, on one line', () => {
    const { messageJson } = parsed('track', `{\n"userId":"u",\r\n"event":"A",\r"event":"B"}`);
    expect(messageJson.sent).toEqual(['{ "userId":"u", "event":"A", "event":"B"}']); // \r\n is one line break
    expect(messageJson.starts).toEqual([-1]);
    expect(messageJson.added).toEqual(['"type":"track"']);
  });

  it('on one line, nothing to take out: its slice of the body, where it starts', () => {
    const { messageJson } = parsed('track', `  {"userId":"u",${REPEAT}}`);
    expect(messageJson).toEqual({ sent: [`{"userId":"u",${REPEAT}}`], added: ['"type":"track"'], starts: [2], repeatsKeys: [0] });
  });

  it('with a writeKey and another type: both taken out, each occurrence', () => {
    const { messageJson } = parsed('track', `{"type":"page","writeKey":"k","userId":"u",${REPEAT},"writeKey":"k2"}`);
    expect(messageJson.sent).toEqual([`{"userId":"u",${REPEAT}}`]);
    expect(messageJson.added).toEqual(['"type":"track"']);
  });

  it("with no repeat, on one line, the path's own type: its slice, nothing added (the type is not written twice)", () => {
    const { messageJson } = parsed('track', '{"type":"track","userId":"u"}');
    expect(messageJson).toEqual({ sent: ['{"type":"track","userId":"u"}'], added: [''], starts: [0] });
  });

  it("with no repeat, a writeKey and a number JSON.parse rounds: written anew with the client's digits", () => {
    const { messageJson } = parsed('track', '{"writeKey":"k","userId":"u","properties":{"n":12345678901234567890}}');
    expect(messageJson.sent).toEqual(['{"userId":"u","properties":{"n":12345678901234567890},"type":"track"}']);
  });

  it('over 32 KB once rewritten: refused, naming the call', () => {
    const result = parseTrackingRequest(input('identify', `{"writeKey":"k","userId":"u",${REPEAT},"traits":{"bio":"${'x'.repeat(33_000)}"}}`));
    expect(result.ok === false && result.error).toMatch(/^the identify message is 33,\d{3} bytes; Segment's limit is 32 KB/);
  });

  it('with no repeat, a writeKey: written anew, the path\'s type last', () => {
    const { messageJson } = parsed('track', '{"writeKey":"k","userId":"u","event":"B"}');
    expect(messageJson).toEqual({ sent: ['{"userId":"u","event":"B","type":"track"}'], added: [''], starts: [-1] });
  });
});

describe('a batch where one item writes a key twice', () => {
  it('edits only that item\'s text; another item with a writeKey is written anew (compact)', () => {
    const { messageJson } = parsed('batch', '{"batch":[{"type":"track","e":1,"e":2},{"writeKey":"k", "type": "track"}]}');
    expect(messageJson.repeatsKeys).toEqual([0]);
    expect(messageJson.sent).toEqual(['{"type":"track","e":1,"e":2}', '{"type":"track"}']);
  });
});

describe('a message writing a key twice whose receivedAt or messageId the receiver replaces', () => {
  function ctx(): PrepareContext {
    return { receivedAt: '2026-12-07T01:00:00.000Z', receivedAtMs: 0, newMessageId: () => 'assigned-1' };
  }

  it("keeps the repeat, takes out the client's receivedAt (each), appends the receiver's after the added members", () => {
    const sent = '{"receivedAt":"x","messageId":"m","event":"A","event":"B","receivedAt":"y"}';
    const message: JsonObject = { receivedAt: 'y', messageId: 'm', event: 'B', sentAt: 'S' }; // sentAt: the added member
    const prepared = prepareOwnedMessage(message, ctx(), sent, '"sentAt":"S"');
    expect(prepared.messageJson).toBe('{"messageId":"m","event":"A","event":"B","sentAt":"S","receivedAt":"2026-12-07T01:00:00.000Z"}');
    expect(prepared.messageIdAssigned).toBe(false);
    expect(JSON.parse(prepared.messageJson)).toEqual(prepared.message);
  });

  it("takes out an unusable messageId (each) and appends the assigned one; no added members, no leading comma", () => {
    const sent = '{"messageId":1,"event":"A","event":"B","messageId":""}';
    const prepared = prepareOwnedMessage({ messageId: '', event: 'B' }, ctx(), sent);
    expect(prepared.messageJson).toBe('{"event":"A","event":"B","receivedAt":"2026-12-07T01:00:00.000Z","messageId":"assigned-1"}');
    expect(prepared.messageIdAssigned).toBe(true);
    expect(prepared.messageJsonHead).toBeUndefined();
  });

  it('with no repeat, is written anew (the edit is for repeats only)', () => {
    const prepared = prepareOwnedMessage({ receivedAt: 'x', messageId: 'm', event: 'B' }, ctx(), '{"receivedAt" : "x","messageId":"m","event":"B"}');
    expect(prepared.messageJson).toBe('{"receivedAt":"2026-12-07T01:00:00.000Z","messageId":"m","event":"B"}');
  });
});
