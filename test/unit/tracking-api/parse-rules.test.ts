// parseTrackingRequest's rules one by one, beyond parse.test.ts: the nesting limit, the message
// texts it hands on (slices of the body or stringified), the paths, the write key and its warnings,
// and the exact words of each 400.
import { describe, expect, it } from 'vitest';
import { MAX_NESTING_DEPTH } from '../../../src-shared/tracking-api/limits';
import { maxNestingDepth } from '../../../src-shared/tracking-api/batch-scan';
import { parseTrackingRequest, trackingPathOf, type TrackingPath } from '../../../src-shared/tracking-api/parse';

const nested = (levels: number) => '['.repeat(levels) + ']'.repeat(levels);

function parseText(path: TrackingPath, bodyText: string, authorizationHeader?: string) {
  return parseTrackingRequest({ path, bodyText, bodyBytes: Buffer.byteLength(bodyText), authorizationHeader });
}

function ok(path: TrackingPath, bodyText: string, authorizationHeader?: string) {
  const result = parseText(path, bodyText, authorizationHeader);
  if (!result.ok) throw new Error(`expected ok, got ${result.code}: ${result.error}`);
  return result;
}

describe('the nesting limit (256 levels)', () => {
  it('accepts a single call nesting exactly 256 levels and refuses 257, naming the call', () => {
    // The message object is level 1.
    expect(ok('track', `{"event":"E","p":${nested(MAX_NESTING_DEPTH - 1)}}`).messages).toHaveLength(1);
    expect(parseText('identify', `{"userId":"u","p":${nested(MAX_NESTING_DEPTH)}}`)).toEqual({
      ok: false,
      status: 400,
      code: 'too-deep',
      error: 'the identify message nests objects and arrays 257 levels deep; Eventbench accepts at most 256 (deeper JSON cannot be shown or sent on again)',
    });
  });

  it('accepts a batch nesting exactly 256 levels and refuses 257, counting the body and the batch array', () => {
    // Body 1, batch array 2, item 3: an item's value nests 253 more.
    expect(ok('batch', `{"batch":[{"type":"track","p":${nested(MAX_NESTING_DEPTH - 3)}}]}`).messages).toHaveLength(1);
    expect(parseText('batch', `{"batch":[{"type":"track","p":${nested(MAX_NESTING_DEPTH - 2)}}]}`)).toEqual({
      ok: false,
      status: 400,
      code: 'too-deep',
      error: 'the batch request nests objects and arrays 257 levels deep; Eventbench accepts at most 256 (deeper JSON cannot be shown or sent on again)',
    });
  });

  it('refuses a batch whose batch-level context, after the batch array, nests too deep: it is copied into every message', () => {
    const result = parseText('batch', `{"batch":[{"type":"track"}],"context":{"x":${nested(300)}}}`);
    expect(result).toMatchObject({ ok: false, code: 'too-deep', error: expect.stringMatching(/^the batch request nests objects and arrays 302 levels deep/) });
  });

  it('accepts a batch-level context nesting exactly to the limit, before or after the batch array', () => {
    const context = `{"x":${nested(MAX_NESTING_DEPTH - 2)}}`; // level 2 of the body, 255 levels of its own
    for (const body of [`{"context":${context},"batch":[{"type":"track"}]}`, `{"batch":[{"type":"track"}],"context":${context}}`]) {
      const result = ok('batch', body);
      expect(maxNestingDepth(JSON.stringify(result.messages[0]))).toBe(MAX_NESTING_DEPTH);
    }
    expect(parseText('batch', `{"batch":[{"type":"track"}],"context":{"x":${nested(MAX_NESTING_DEPTH - 1)}}}`)).toMatchObject({ ok: false, code: 'too-deep' });
  });
});

describe('trackingPathOf', () => {
  it('takes the long and the short paths, and nothing else', () => {
    const long: TrackingPath[] = ['track', 'identify', 'group', 'page', 'screen', 'alias', 'batch'];
    for (const path of long) expect(trackingPathOf(path)).toBe(path);
    expect(['t', 'i', 'g', 'p', 's', 'a', 'b'].map(trackingPathOf)).toEqual(long);
    for (const other of ['', 'x', 'Track', 'tracks', 'T', 'constructor', 'toString', '__proto__', 'hasOwnProperty', 'import']) expect(trackingPathOf(other)).toBeUndefined();
  });
});
