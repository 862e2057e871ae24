// The ingest path's share of the duplicate-key warning: the batch scan counts each item's keys as
// written (no pass of its own), parse compares them with the parsed item's and flags the few that
// differ, and only their stored text is walked. The tally must equal the findings of the stored
// text, as a restart derives them from the log.
import { describe, expect, it } from 'vitest';
import type { JsonObject } from '../../../src-shared/capture';
import { keysOfLastScan, maxNestingDepth, scanBatchItems } from '../../../src-shared/tracking-api/batch-scan';
import { parseTrackingRequest, type TrackingPath } from '../../../src-shared/tracking-api/parse';
import { prepareTrackingRequest } from '../../../src-shared/tracking-api/prepare-request';
import { tallyFindings } from '../../../src-shared/summary';
import { receiverFindings } from '../../../src-shared/validate/validate';
import { DUPLICATE_KEY_RULE, duplicateKeys } from '../../../src-shared/validate/duplicate-keys';

const stamp = () => {
  let n = 0;
  return { receivedAt: '2026-12-07T01:00:00.000Z', receivedAtMs: Date.UTC(2026, 11, 7, 1), newMessageId: () => `assigned-${++n}` };
};
const input = (path: TrackingPath, bodyText: string) => ({ path, bodyText, bodyBytes: Buffer.byteLength(bodyText) });

const DUP = '{"type":"track","userId":"u1","event":"Signed Up","properties":{"plan":"a","plan":"b"},"event":"Order Completed"}';
const CLEAN = '{"type":"track","userId":"u2","event":"Opened","properties":{"a":"x:y","b":[{"c":1}]}}';

describe('the batch scan counts each item\'s keys', () => {
  it('as written, at every depth, colons inside strings left out', () => {
    const spans = scanBatchItems(`{"sentAt":"12:00","batch":[${DUP}, ${CLEAN},{}],"context":{"a":1}}`);
    expect(spans?.keyCounts).toEqual([7, 7, 0]);
    maxNestingDepth(DUP);
    expect(keysOfLastScan()).toBe(7);
  });
});

describe('parse flags the messages whose text may write a key twice', () => {
  it('in a batch, by index, and none when no item does', () => {
    const parsed = parseTrackingRequest(input('batch', `{"batch":[${CLEAN},${DUP},${CLEAN}]}`));
    expect(parsed.ok && parsed.messageJson.repeatsKeys).toEqual([1]);
    const clean = parseTrackingRequest(input('batch', `{"batch":[${CLEAN},${CLEAN}],"context":{"x":1,"y":2}}`));
    expect(clean.ok && clean.messageJson.repeatsKeys).toBeUndefined();
    // A batch-level context holding a key twice is copied, as written, into every item that takes it.
    const outside = parseTrackingRequest(input('batch', `{"batch":[${CLEAN},${CLEAN}],"context":{"x":1,"x":2}}`));
    expect(outside.ok && outside.messageJson.repeatsKeys).toEqual([0, 1]);
    expect(outside.ok && outside.messageJson.added).toEqual(['"context":{"x":1,"x":2}', '"context":{"x":1,"x":2}']);
  });

  it('for a single call', () => {
    const parsed = parseTrackingRequest(input('track', DUP));
    expect(parsed.ok && parsed.messageJson.repeatsKeys).toEqual([0]);
    const clean = parseTrackingRequest(input('track', CLEAN));
    expect(clean.ok && clean.messageJson.repeatsKeys).toBeUndefined();
  });
});

/** Each message's tally against the findings of its stored text, as the log is read back. */
function expectTalliesFromStoredText(prepared: ReturnType<typeof prepareTrackingRequest>): string[][] {
  if (!prepared.ok) throw new Error(prepared.error);
  return prepared.jsons.map((head, i) => {
    const stored = head + prepared.jsonTails[i];
    const message = JSON.parse(stored) as JsonObject;
    const findings = receiverFindings(message, undefined, stored);
    expect(prepared.tallies[prepared.tallyOf[i]]).toEqual(tallyFindings(findings));
    return findings.filter((f) => f.rule === DUPLICATE_KEY_RULE).map((f) => f.path);
  });
}

describe('prepareTrackingRequest', () => {
  it('counts the warning in the message\'s tally, and its stored text keeps both keys', () => {
    const prepared = prepareTrackingRequest(input('batch', `{"batch":[${CLEAN},${DUP}],"sentAt":"2026-12-07T00:59:59.000Z"}`), stamp());
    expect(expectTalliesFromStoredText(prepared)).toEqual([[], ['event', 'properties.plan']]);
    if (!prepared.ok) return;
    expect(prepared.tallies[prepared.tallyOf[1]].warningCount).toBeGreaterThanOrEqual(2);
    expect(prepared.jsons[1]).toBe(DUP.slice(0, -1)); // the client's own text
  });

  it('keeps both keys of a message spread over lines (hand-written JSON), on one line', () => {
    const pretty = '{\n  "type": "track",\n  "userId": "u1",\r\n  "event": "Signed Up",\n  "event": "Order Completed"\n}';
    for (const [path, body] of [
      ['batch', `{"batch": [\n${pretty}\n]}`],
      ['track', pretty],
    ] as const) {
      const prepared = prepareTrackingRequest(input(path, body), stamp());
      expect(expectTalliesFromStoredText(prepared)).toEqual([['event']]);
      if (!prepared.ok) return;
      const stored = prepared.jsons[0] + prepared.jsonTails[0];
      expect(stored).not.toMatch(/[\r\n]/);
      expect(duplicateKeys(stored).map((d) => d.occurrences.map((o) => o.value))).toEqual([['"Signed Up"', '"Order Completed"']]);
    }
    // Without a key written twice, a message over lines is written anew as before.
    const prepared = prepareTrackingRequest(input('track', '{\n"userId": "u1",\n"event": "E"\n}'), stamp());
    expect(prepared.ok && prepared.jsons[0] + prepared.jsonTails[0]).toBe('{"userId":"u1","event":"E","type":"track","receivedAt":"2026-12-07T01:00:00.000Z","messageId":"assigned-1"}');
  });

  it('keeps the key twice in the stored text of a message the receiver rewrites (only the rewritten member changes), and says so', () => {
    // A write key in the item, the client's own receivedAt, a batch-level context merged into the item's.
    const withKey = DUP.replace('{', '{"writeKey":"wk",');
    const withReceivedAt = DUP.replace('{', '{"receivedAt":"2026-12-07T00:00:00.000Z",');
    const withContext = DUP.replace('{', '{"context":{"ip":"1.2.3.4"},');
    const prepared = prepareTrackingRequest(input('batch', `{"batch":[${withKey},${withReceivedAt},${withContext}],"context":{"ip":"0.0.0.0","library":{"name":"x"}}}`), stamp());
    expect(expectTalliesFromStoredText(prepared)).toEqual([['event', 'properties.plan'], ['event', 'properties.plan'], ['event', 'properties.plan']]);
    if (!prepared.ok) return;
    const stored = prepared.jsons.map((head, i) => head + prepared.jsonTails[i]);
    expect(stored[0]).not.toContain('writeKey');
    expect(stored[1]).toBe(`${DUP.slice(0, -1)},"context":{"ip":"0.0.0.0","library":{"name":"x"}},"receivedAt":"2026-12-07T01:00:00.000Z","messageId":"assigned-2"}`);
    expect(stored[2]).toContain('"context":{"library":{"name":"x"},"ip":"1.2.3.4"}');
  });
});
