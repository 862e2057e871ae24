// replacedKeyFindings at its edges (written against the survivors of a mutation run, test/RECORD.md):
// the rule id, the count's boundary items, a count of one and of two digits, batch indexes past 9,
// values that look like a sentence, and sentences of a hand-edited log.
import { describe, expect, it } from 'vitest';
import { parseTrackingRequest, type TrackingPath } from '../../../src-shared/tracking-api/parse';
import { countedItemsText, replacedKeyFindings } from '../../../src-shared/validate/replaced-keys';

/** What the receiver says of a body's keys written twice (parse.ts), as stored on the request. */
function said(path: TrackingPath, bodyText: string): string[] {
  const parsed = parseTrackingRequest({ path, bodyText, bodyBytes: Buffer.byteLength(bodyText) });
  if (!parsed.ok || parsed.replacedKeyRepeats === undefined) throw new Error('expected keys written twice');
  return parsed.replacedKeyRepeats;
}

const PAGE = '"type":"page","userId":"u","anonymousId":"a","name":"Home"';
const CLEAN = `{${PAGE}}`;
const RECEIVED_AT_TWICE = `{${PAGE},"receivedAt":1,"receivedAt":2}`;
const BOTH_TWICE = `{${PAGE},"writeKey":"a","receivedAt":1,"writeKey":"b","receivedAt":2}`;
const batch = (items: string[]) => said('batch', `{"batch":[${items.join(',')}]}`);
const paths = (sentences: string[], i: number | undefined) => replacedKeyFindings(sentences, i).map((f) => f.path);
const countNote = (sentences: string[], i: number | undefined) => replacedKeyFindings(sentences, i).find((f) => f.path === '')?.message;
/** The sentences as a log written before the count listed its items holds them. */
const unlisted = (sentences: string[]) => sentences.map((s) => (s.startsWith('and ') ? s.replace(/, in batch\[.*$/, '') : s));

describe('replacedKeyFindings, its edges', () => {
  it("is rule segment.json.duplicate-key.replaced (the id filters and exports name)", () => {
    expect(replacedKeyFindings(batch([RECEIVED_AT_TWICE]), 0).map((f) => f.rule)).toEqual(['segment.json.duplicate-key.replaced']);
  });

  it('warns the last named item of its own key only, not that it may be among the rest', () => {
    const sentences = batch([CLEAN, ...Array(7).fill(RECEIVED_AT_TWICE)]);
    expect(sentences[4]).toMatch(/^batch\[5\]\.receivedAt appears/);
    expect(paths(sentences, 5)).toEqual(['receivedAt']);
    expect(paths(sentences, 6)).toEqual(['']);
  });

  // parse.ts names an item's writeKey, then its receivedAt; the fifth sentence can be the writeKey
  // of an item whose receivedAt goes into the count. That item was warned of its writeKey only.
  it("warns an item whose writeKey was the last named that its receivedAt may be among the rest", () => {
    const listed = batch([BOTH_TWICE, BOTH_TWICE, BOTH_TWICE, BOTH_TWICE]);
    expect(listed.slice(4)).toEqual([expect.stringMatching(/^batch\[2\]\.writeKey appears/), "and 3 more such keys in this batch's messages, in batch[2] and batch[3]"]);
    expect(countNote(listed, 2)).toBe(
      "3 more keys the receiver takes out or replaces (writeKeys or receivedAts) are written twice in this batch's messages, not named one by one: in batch[2] and batch[3], this message among them. Send each key once.",
    );
    // A log written before the count listed its items: the same items, each told it may be among them.
    for (const sentences of [listed, unlisted(listed)]) {
      expect(paths(sentences, 1)).toEqual(['writeKey', 'receivedAt']);
      expect(paths(sentences, 2)).toEqual(['writeKey', '']);
      expect(paths(sentences, 3)).toEqual(['']);
    }
    expect(countNote(unlisted(listed), 2)).toBe(
      "3 more keys the receiver takes out or replaces (writeKeys or receivedAts) are written twice in this batch's messages from batch[2] on, not named one by one; this message may be one of them. Send each key once.",
    );
  });

  it('says a count of one in the singular', () => {
    const sentences = batch(Array(6).fill(RECEIVED_AT_TWICE));
    expect(sentences[5]).toBe("and 1 more such key in this batch's messages, in batch[5]");
    expect(countNote(sentences, 5)).toBe(
      "1 more key the receiver takes out or replaces (a writeKey or a receivedAt) is written twice in this batch's messages, not named one by one: in batch[5], this message among them. Send each key once.",
    );
    expect(countNote(unlisted(sentences), 5)).toBe(
      "1 more key the receiver takes out or replaces (a writeKey or a receivedAt) is written twice in this batch's messages after batch[4], not named one by one; this message may be one of them. Send each key once.",
    );
  });

  it('reads counts of several digits and batch indexes past 9', () => {
    const sentences = batch([...Array(10).fill(CLEAN), ...Array(17).fill(RECEIVED_AT_TWICE)]);
    expect(sentences[0]).toMatch(/^batch\[10\]\.receivedAt appears/);
    expect(sentences[5]).toBe("and 12 more such keys in this batch's messages, in batch[15] to batch[26]");
    expect(paths(sentences, 1)).toEqual([]);
    expect(paths(sentences, 10)).toEqual(['receivedAt']);
    expect(paths(sentences, 14)).toEqual(['receivedAt']);
    expect(countNote(sentences, 15)).toMatch(/^12 more keys .*: in batch\[15\] to batch\[26\], this message among them/);
    expect(paths(sentences, 26)).toEqual(['']);
    expect(paths(sentences, 27)).toEqual([]);
    expect(countNote(unlisted(sentences), 15)).toMatch(/^12 more keys .* after batch\[14\],/);
    expect(paths(unlisted(sentences), 27)).toEqual(['']);
  });

  it('reads every form of the list: one item, two, a range, several runs', () => {
    const more = (list: string) => [`batch[0].receivedAt appears twice in one object (1, then 2); x`, `and 9 more such keys in this batch's messages, in ${list}`];
    const warned = (list: string) => [0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12].filter((i) => paths(more(list), i).includes(''));
    expect(warned('batch[3]')).toEqual([3]);
    expect(warned('batch[3] and batch[9]')).toEqual([3, 9]);
    expect(warned('batch[2] to batch[4]')).toEqual([2, 3, 4]);
    expect(warned('batch[1], batch[5] to batch[7] and batch[11]')).toEqual([1, 5, 6, 7, 11]);
    // A list a hand edit made unreadable: every item after the last named one may be among them, as before, the list quoted as it is.
    expect(warned('batch[3] or so')).toEqual([1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12]);
    expect(warned('batch[3] and item batch[9]')).toEqual([1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12]);
    expect(countNote(more('batch[3] or so'), 7)).toBe(
      "9 more keys the receiver takes out or replaces (writeKeys or receivedAts) are written twice in this batch's messages after batch[0] (in batch[3] or so), not named one by one; this message may be one of them. Send each key once.",
    );
  });

  it('lists no items when there are none (the count then says none)', () => {
    expect(countedItemsText([])).toBeUndefined();
    expect(countedItemsText([3, 4, 5, 9])).toBe('batch[3] to batch[5] and batch[9]');
  });

  it('gives a message whose place is unknown the count too', () => {
    const sentences = batch(Array(6).fill(RECEIVED_AT_TWICE));
    expect(paths(sentences, undefined)).toEqual(['receivedAt', 'receivedAt', 'receivedAt', 'receivedAt', 'receivedAt', '']);
  });

  it("keeps a single call's sentence its own when a value it quotes reads like an item's sentence", () => {
    const sentences = said('page', `{${PAGE},"receivedAt":"batch[2].receivedAt appears ","receivedAt":"x"}`);
    expect(sentences[0]).toMatch(/^receivedAt appears twice/);
    expect(paths(sentences, 0)).toEqual(['receivedAt']);
  });

  it('gives a hand-edited sentence it cannot read to the message, with no path', () => {
    expect(replacedKeyFindings(['the key was written twice'], 0)).toMatchObject([{ path: '', message: 'the key was written twice.' }]);
    // Only a whole count sentence is read as the count: one with more after it, or before it, is given as written.
    for (const edited of ["and 2 more such keys in this batch's messages were fixed", "note: and 2 more such keys in this batch's messages"]) {
      expect(replacedKeyFindings([edited], 3)).toMatchObject([{ path: '', message: `${edited}.` }]);
    }
  });

  it("keeps a single call's sentence its own when a value it quotes reads like the count", () => {
    const sentences = said('page', `{${PAGE},"receivedAt":"and 2 more such keys in this batch's messages, in batch[0]","receivedAt":"x"}`);
    expect(sentences).toHaveLength(1);
    expect(sentences[0]).toMatch(/^receivedAt appears twice/);
    expect(replacedKeyFindings(sentences, 0)).toMatchObject([{ path: 'receivedAt', message: `${sentences[0]}.` }]);
  });

  it('says where an old count starts: after the last named item, batch[0] included, or nothing when no item was named (a hand edit)', () => {
    const count = "and 2 more such keys in this batch's messages";
    expect(countNote(['batch[0].receivedAt appears twice in one object (1, then 2)', count], 1)).toMatch(/ written twice in this batch's messages after batch\[0\], not named one by one;/);
    expect(countNote([count], 1)).toBe(
      "2 more keys the receiver takes out or replaces (writeKeys or receivedAts) are written twice in this batch's messages, not named one by one; this message may be one of them. Send each key once.",
    );
  });
});
