// MessageIndex (src-main/store/message-index.ts): what the mutation run over the rest of the file
// (issue #15: RowDraft, clear, seenSources, noteText, the marks of a search extended over many new
// rows, the endpoint names of a filter) found no test for. Expected values are written out by hand.
import { describe, expect, it } from 'vitest';
import { internTally } from '../../../src-shared/summary';
import { MessageIndex, RowDraft, type LogReader } from '../../../src-main/store/message-index';
import { AT, summary } from './summary-fixture';

describe('a fresh RowDraft', () => {
  it('has no ids: a row pushed without setting them has no messageId, userId or anonymousId', () => {
    const index = new MessageIndex();
    const draft = new RowDraft();
    draft.seq = 3;
    draft.group = index.groupCode({ receivedAt: AT, origin: 'tracking', endpoint: '/v1/batch', writeKeyMasked: 'abc…xyz' });
    draft.type = index.stringCode('track');
    draft.name = index.stringCode('Bare');
    draft.tally = index.tallyCode(internTally({ profiles: [], counts: [], errorCount: 0, warningCount: 0 }));
    index.push(draft);
    expect(index.messageIdAt(0)).toBeUndefined();
    expect(index.summaryAt(0)).toMatchObject({ seq: 3, type: 'track', name: 'Bare', userId: undefined, anonymousId: undefined, dropCodes: [] });
    expect(index.filter({ userId: '' })).toEqual([]);
    expect(index.filter({ anonymousId: '' })).toEqual([]);
    expect(index.filter({ messageId: '' })).toEqual([]);
  });
});

describe('clear and the tally of the last row added', () => {
  it('a row after a clear with the very tally lists of the last row before it gets that tally coded anew', () => {
    const index = new MessageIndex();
    // Shared lists, as consecutive summaries of one request have them.
    const profiles = ['segment'];
    const counts = [0, 2];
    index.add(summary(1, { findingProfiles: ['provesource'], findingCounts: [1, 0], errorCount: 1 }), undefined, 0, 1, '{}');
    index.add(summary(2, { findingProfiles: profiles, findingCounts: counts, warningCount: 2 }), undefined, 0, 1, '{}');
    index.clear();
    index.add(summary(3, { findingProfiles: profiles, findingCounts: counts, warningCount: 2 }), undefined, 0, 1, '{}');
    expect(index.summaryAt(0)).toMatchObject({ seq: 3, findingProfiles: ['segment'], findingCounts: [0, 2], errorCount: 0, warningCount: 2 });
    expect(index.filter({ profile: 'segment' })).toEqual([0]);
  });
});

describe('seenSources', () => {
  it('two webhooks are two sources; a source without key or webhook names neither; a group coded without rows is none', () => {
    const index = new MessageIndex();
    const hook = (name: string) => ({ origin: 'webhook' as const, endpoint: `/webhook/${name}`, writeKeyMasked: undefined, webhook: name, signature: 'valid' as const });
    index.add(summary(1, hook('stripe')), undefined, 0, 1, '{}');
    index.add(summary(2, { ...hook('pf'), receivedAt: 'later' }), undefined, 0, 1, '{}');
    index.add(summary(3, { ...hook('pf'), receivedAt: 'later still' }), undefined, 0, 1, '{}');
    index.add(summary(4, { writeKeyMasked: undefined, receivedAt: 'last' }), undefined, 0, 1, '{}');
    // Coded (as the ingest path does before pushing rows) but no row pushed.
    index.groupCode({ receivedAt: 'unused', origin: 'tracking', endpoint: '/v1/batch', writeKeyMasked: 'zzz…zzz' });
    const seen = index.seenSources();
    expect(seen).toEqual([
      { messages: 1, lastSeq: 4 },
      { webhook: 'pf', messages: 2, lastSeq: 3 },
      { webhook: 'stripe', messages: 1, lastSeq: 1 },
    ]);
    expect(Object.keys(seen[0]).sort()).toEqual(['lastSeq', 'messages']);
    expect(Object.keys(seen[1]).sort()).toEqual(['lastSeq', 'messages', 'webhook']);
  });
});

describe('texts noted by the loader', () => {
  it('a note for a row other than the one just added is dropped: its text is not searched', () => {
    const data = Buffer.from('{"x":"first"}\n{"x":"second"}\n{"x":"third"}\n');
    const read: LogReader = (offset, length) => data.subarray(offset, offset + length);
    const index = new MessageIndex(read);
    index.add(summary(1), undefined, 0, 1, undefined, 0, 13);
    index.add(summary(2), undefined, 0, 1, undefined, 14, 14);
    index.add(summary(3), undefined, 0, 1, undefined, 29, 13);
    index.noteText('{"x":"stray note"}'); // row 0 is the next the corpus takes, not row 2: ignored
    expect(index.search('stray')).toEqual([]);
    expect(index.search('"x":"')).toEqual([1, 2, 3]);
    expect(index.search('first')).toEqual([1]);
    expect(index.search('third')).toEqual([3]);
  });
});

describe('a search repeated after many new rows', () => {
  it('extends its marks over every new row (more than twice the rows of the marks it had)', () => {
    const index = new MessageIndex();
    index.add(summary(1), undefined, 0, 1, '{"k":"needle"}');
    expect(index.search('needle')).toEqual([1]);
    for (let seq = 2; seq <= 3000; seq++) index.add(summary(seq), undefined, 0, 1, seq % 2 ? '{"k":"needle"}' : '{"k":"hay"}');
    const found = index.search('needle');
    expect(found.length).toBe(1500);
    expect(found.slice(-3)).toEqual([2995, 2997, 2999]);
    expect(found.filter((s) => s > 2048).length).toBe(476);
  });
});

describe('filter by endpoint', () => {
  it('only the exact Tracking API names get /v1: a longer name starting with one is left as it is', () => {
    const index = new MessageIndex();
    index.add(summary(1, { endpoint: '/v1/batchx' }), undefined, 0, 1, '{}');
    index.add(summary(2, { endpoint: '/batchx' }), undefined, 0, 1, '{}');
    index.add(summary(3, { endpoint: '/v1/batch' }), undefined, 0, 1, '{}');
    expect(index.filter({ endpoint: 'batchx' })).toEqual([1]);
    expect(index.filter({ endpoint: '/batchx' })).toEqual([1]);
    expect(index.filter({ endpoint: 'v1/batchx' })).toEqual([0]);
    expect(index.filter({ endpoint: 'batch' })).toEqual([2]);
  });
});

describe('texts read back after a clear, and held texts that also name a place', () => {
  // Four texts of 11 bytes, one a line: at 0, 12, 24 and 36.
  const file = '{"a":"one"}\n{"a":"two"}\n{"a":"thr"}\n{"a":"fou"}\n';
  const log = () => {
    const data = Buffer.from(file);
    const reads: [number, number][] = [];
    const read: LogReader = (offset, length) => {
      reads.push([offset, length]);
      return data.subarray(offset, offset + length);
    };
    return { read, reads };
  };

  it('a run read back ends at the last row: the places rows had before a clear are not read', () => {
    const { read, reads } = log();
    const index = new MessageIndex(read);
    [0, 12, 24].forEach((at, i) => index.add(summary(i + 1), undefined, at, 12, undefined, at, 11));
    index.clear();
    index.add(summary(1), undefined, 0, 12, undefined, 0, 11);
    expect(index.search('"a"')).toEqual([1]);
    index.add(summary(2), undefined, 36, 12, undefined, 36, 11);
    expect(index.search('fou')).toEqual([2]);
    expect(index.search('two')).toEqual([]);
    expect(index.search('"a"')).toEqual([1, 2]);
    expect(reads).toEqual([
      [0, 11],
      [36, 11],
    ]);
  });

  it("a row given its payload is searched by that text, even when it also names a place in the log", () => {
    const { read, reads } = log();
    const index = new MessageIndex(read);
    index.add(summary(1), undefined, 0, 12, undefined, 0, 11);
    index.add(summary(2), undefined, 12, 12, '{"a":"held"}', 12, 11);
    index.add(summary(3), undefined, 24, 12, undefined, 24, 11);
    expect(index.search('held')).toEqual([2]);
    expect(index.search('two')).toEqual([]);
    expect(index.search('"a"')).toEqual([1, 2, 3]);
    expect(reads).toEqual([
      [0, 11],
      [24, 11],
    ]);
  });
});
