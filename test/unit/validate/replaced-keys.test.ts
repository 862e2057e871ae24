// A key the receiver takes out or replaces (writeKey, receivedAt, a single call's type), written
// twice: a Segment-spec warning on the message it is about, derived from the request's sentences
// (origin.replacedKeyRepeats) on every path that derives findings: ingest's tallies, the start-up
// load (parseLogChunk, whatever runs the log is cut into) and a read.
import { describe, expect, it } from 'vitest';
import { LogChunkReader, parseLogChunk } from '../../../src-main/store/log-chunk';
import { parseTrackingRequest, type TrackingPath } from '../../../src-shared/tracking-api/parse';
import { prepareTrackingRequest } from '../../../src-shared/tracking-api/prepare-request';
import { hasProblems } from '../../../src-shared/workspace';
import { REPLACED_KEY_RULE, replacedKeyFindings } from '../../../src-shared/validate/replaced-keys';

const input = (path: TrackingPath, bodyText: string) => ({ path, bodyText, bodyBytes: Buffer.byteLength(bodyText) });
const stamp = () => ({ receivedAt: '2026-12-07T01:00:00.000Z', receivedAtMs: Date.UTC(2026, 11, 7, 1), newMessageId: () => 'assigned' });

/** What the receiver says of a body's keys written twice (parse.ts), as stored on the request. */
function said(path: TrackingPath, bodyText: string): string[] {
  const parsed = parseTrackingRequest(input(path, bodyText));
  if (!parsed.ok || parsed.replacedKeyRepeats === undefined) throw new Error('expected keys written twice');
  return parsed.replacedKeyRepeats;
}

const PAGE = '"type":"page","userId":"u","anonymousId":"a","name":"Home"';
const WRITE_KEY_TWICE = 'writeKey appears twice in one object (values not shown: a write key never is); the last is what Segment reads. Send the key once.';

describe('replacedKeyFindings', () => {
  it("is a Segment warning per key of a single call, naming the key, how often, and what was kept", () => {
    const sentences = said('track', '{"type":"identify","writeKey":"k1","receivedAt":"2020-01-01","userId":"u","event":"E","type":"page","receivedAt":"2021-01-01","writeKey":"k2"}');
    const findings = replacedKeyFindings(sentences, 0);
    expect(findings).toEqual([
      { severity: 'warning', profile: 'segment', rule: REPLACED_KEY_RULE, path: 'writeKey', message: WRITE_KEY_TWICE },
      {
        severity: 'warning',
        profile: 'segment',
        rule: REPLACED_KEY_RULE,
        path: 'receivedAt',
        message:
          'receivedAt appears twice in one object ("2020-01-01", then "2021-01-01"); the receiver sets it to the time it received the message, as Segment does, so neither is kept. Send it once, or leave it out.',
      },
      {
        severity: 'warning',
        profile: 'segment',
        rule: REPLACED_KEY_RULE,
        path: 'type',
        message: 'type appears twice in one object ("identify", then "page"); a call to /v1/track is a track whatever its body says, as at Segment, so neither is kept. Send it once, or leave it out.',
      },
    ]);
    expect(JSON.stringify(findings)).not.toMatch(/k1|k2/);
  });

  it("gives a batch item's key to that item only, and the batch's own writeKey to every item", () => {
    const sentences = said('batch', `{"writeKey":"k","batch":[{${PAGE}},{${PAGE},"receivedAt":1,"receivedAt":2},{${PAGE}}],"writeKey":"k"}`);
    const paths = (i: number) => replacedKeyFindings(sentences, i).map((f) => f.path);
    expect(paths(0)).toEqual(['writeKey']);
    expect(paths(1)).toEqual(['writeKey', 'receivedAt']);
    expect(paths(2)).toEqual(['writeKey']);
    expect(replacedKeyFindings(sentences, 1)[1].message).toMatch(/^batch\[1\]\.receivedAt appears twice in one object \(1, then 2\);/);
  });

  it('past the named sentences, warns the items the count is in, and not the clean items after them', () => {
    const item = `{${PAGE},"receivedAt":1,"receivedAt":2}`;
    const sentences = said('batch', `{"batch":[{${PAGE}},${Array(7).fill(item).join(',')},{${PAGE}},{${PAGE}}]}`);
    expect(sentences).toHaveLength(6);
    expect(sentences[5]).toBe("and 2 more such keys in this batch's messages, in batch[6] and batch[7]");
    expect(replacedKeyFindings(sentences, 0)).toEqual([]);
    expect(replacedKeyFindings(sentences, 3).map((f) => f.path)).toEqual(['receivedAt']);
    for (const i of [6, 7]) {
      expect(replacedKeyFindings(sentences, i)).toEqual([
        {
          severity: 'warning',
          profile: 'segment',
          rule: REPLACED_KEY_RULE,
          path: '',
          message: "2 more keys the receiver takes out or replaces (writeKeys or receivedAts) are written twice in this batch's messages, not named one by one: in batch[6] and batch[7], this message among them. Send each key once.",
        },
      ]);
    }
    // The batch scan counted their keys: they write none twice, so nothing says they may.
    for (const i of [8, 9]) expect(replacedKeyFindings(sentences, i)).toEqual([]);
    // A log written before the count listed its items: every item after the last named one may be among them.
    const unlisted = [...sentences.slice(0, 5), "and 2 more such keys in this batch's messages"];
    for (const i of [6, 7, 8, 9]) {
      expect(replacedKeyFindings(unlisted, i).map((f) => f.message)).toEqual([
        "2 more keys the receiver takes out or replaces (writeKeys or receivedAts) are written twice in this batch's messages after batch[5], not named one by one; this message may be one of them. Send each key once.",
      ]);
    }
  });

  it('past 20 runs of counted items, the count lists none, and the items after the last named one may be among them', () => {
    const twice = `{${PAGE},"receivedAt":1,"receivedAt":2}`;
    const sentences = said('batch', `{"batch":[${[...Array(5).fill(twice), ...Array(21).fill(`{${PAGE}},${twice}`)].join(',')}]}`);
    expect(sentences[5]).toBe("and 21 more such keys in this batch's messages");
    expect(replacedKeyFindings(sentences, 5).map((f) => f.message)).toEqual([expect.stringMatching(/after batch\[4\], not named one by one; this message may be one of them/)]);
  });

  it('gives every sentence to a message whose place is unknown, and nothing for a malformed list', () => {
    const sentences = said('batch', `{"batch":[{${PAGE},"receivedAt":1,"receivedAt":2}]}`);
    expect(replacedKeyFindings(sentences, undefined)).toHaveLength(1);
    expect(replacedKeyFindings(sentences, 3)).toEqual([]);
    expect(replacedKeyFindings(undefined, 0)).toEqual([]);
    // A hand-edited log may hold anything there.
    expect(replacedKeyFindings(5 as unknown as string[], 0)).toEqual([]);
    expect(replacedKeyFindings([7, WRITE_KEY_TWICE.slice(0, -1)] as unknown as string[], 0).map((f) => f.path)).toEqual(['writeKey']);
  });
});

describe("ingest's tallies count it", () => {
  it('on the message it is about: one warning more, and the message has problems', () => {
    const prepared = prepareTrackingRequest(input('batch', `{"batch":[{${PAGE}},{${PAGE},"receivedAt":1,"receivedAt":2}]}`), stamp());
    if (!prepared.ok) throw new Error(prepared.error);
    const tally = (i: number) => prepared.tallies[prepared.tallyOf[i]];
    expect(tally(0)).toMatchObject({ errorCount: 0, warningCount: 0 });
    expect(tally(1)).toMatchObject({ profiles: ['segment'], counts: [0, 1], errorCount: 0, warningCount: 1 });
    expect(hasProblems({ dropCodes: [], ...tally(1) })).toBe(true);
  });

  it('for a single call writing writeKey twice', () => {
    const prepared = prepareTrackingRequest(input('page', `{"writeKey":"k1",${PAGE},"writeKey":"k2"}`), stamp());
    expect(prepared.ok && prepared.tallies[prepared.tallyOf[0]]).toMatchObject({ profiles: ['segment'], counts: [0, 1], warningCount: 1 });
  });
});

describe('the start-up load derives it from the request line', () => {
  const sentences = said('batch', `{"writeKey":"k","batch":[{${PAGE}},{${PAGE},"receivedAt":1,"receivedAt":2}],"writeKey":"k"}`);
  const request = (id: string, replaced?: string[]) =>
    JSON.stringify({ request: { requestId: id, receivedAt: '2026-12-07T01:00:00.000Z', origin: { kind: 'tracking', endpoint: '/v1/batch', writeKeySource: 'body', ...(replaced ? { replacedKeyRepeats: replaced } : {}) }, headers: {} } });
  const message = (seq: number) => JSON.stringify({ seq, message: { type: 'page', userId: 'u', anonymousId: 'a', name: 'Home', messageId: `m-${seq}`, receivedAt: '2026-12-07T01:00:00.000Z' } });
  const lines = [request('r-1', sentences), message(1), message(2), request('r-2'), message(3)];
  const warnings = (counts: { tallies: { warningCount: number }[]; tallyOf: Int32Array; count: number }[]) => counts.flatMap((c) => Array.from({ length: c.count }, (_, i) => c.tallies[c.tallyOf[i]].warningCount));

  it("gives each message its own: the batch's writeKey to both, batch[1]'s receivedAt to the second, none to the next request's", () => {
    expect(warnings([parseLogChunk(Buffer.from(lines.join('\n') + '\n'), false, { haveRequest: false })])).toEqual([1, 2, 0]);
  });

  it('the same whatever runs the log is cut into (the place in the request carried from run to run)', () => {
    for (let cut = 1; cut < lines.length; cut++) {
      const reader = new LogChunkReader();
      const first = reader.parse(Buffer.from(lines.slice(0, cut).join('\n') + '\n'), false, true);
      const rest = reader.parse(Buffer.from(lines.slice(cut).join('\n') + '\n'), false, false);
      expect(warnings([first, rest])).toEqual([1, 2, 0]);
    }
  });

  it('goes on counting from a second request line\'s messagesFrom (a request an import wrote in two chunks)', () => {
    const goesOn = JSON.stringify({ ...JSON.parse(request('r-1', sentences)), messagesFrom: 1 });
    expect(warnings([parseLogChunk(Buffer.from([request('r-1', sentences), message(1), goesOn, message(2)].join('\n') + '\n'), false, { haveRequest: false })])).toEqual([1, 2]);
  });

  it('a full record (its own origin, its place unknown) takes every sentence of its request', () => {
    const full = JSON.stringify({ seq: 4, receivedAt: '2026-12-07T01:00:00.000Z', origin: { kind: 'tracking', endpoint: '/v1/batch', replacedKeyRepeats: sentences }, message: { type: 'page', userId: 'u', anonymousId: 'a', name: 'Home', messageId: 'm-4' } });
    expect(warnings([parseLogChunk(Buffer.from(full + '\n'), false, { haveRequest: false })])).toEqual([2]);
  });
});
