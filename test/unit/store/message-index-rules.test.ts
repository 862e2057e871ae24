// MessageIndex (src-main/store/message-index.ts) beyond message-index.test.ts' random round trip:
// the codes of shared values, rows pushed as drafts (the ingest path), the account conflicts it
// derives and how they count under a workspace, the checks that apply to a row's source, the
// sources it has seen, payload texts read back from the log (in ranges) for searches, whitespace
// between JSON tokens, every filter field, and a clear that forgets everything (issue #15).
import { describe, expect, it } from 'vitest';
import type { MessageSummary } from '../../../src-shared/capture';
import { internTally, type SummaryGroup } from '../../../src-shared/summary';
import { effectiveTally, planFor, type Workspace, type WorkspaceSource } from '../../../src-shared/workspace';
import { MessageIndex, RowDraft, type LogReader } from '../../../src-main/store/message-index';
import { AT, summary } from './summary-fixture';

/** What summaryAt gives back for a summary (the fingerprint is kept for the workspace, not shown). */
function shown(s: MessageSummary): MessageSummary {
  const { writeKeyFingerprint: _f, ...rest } = s;
  return rest;
}

/** A capture log held in memory, recording the ranges read from it. */
function memoryLog(text: string): { read: LogReader; reads: [number, number][] } {
  const data = Buffer.from(text);
  const reads: [number, number][] = [];
  return {
    reads,
    read: (offset, length) => {
      reads.push([offset, length]);
      return data.subarray(offset, offset + length);
    },
  };
}

const source = (extra: Partial<WorkspaceSource>): WorkspaceSource => ({ id: 's', name: 'S', kind: 'custom', destinations: [], ...extra });

describe('codes of shared values', () => {
  const g0: SummaryGroup = { receivedAt: AT, origin: 'tracking', endpoint: '/v1/track', writeKeyMasked: 'abc…xyz', writeKeyFingerprint: 'f1', webhook: undefined, signature: undefined };

  it('a group is coded again only when it differs from the last one in any field', () => {
    const index = new MessageIndex();
    expect(index.groupCode(g0)).toBe(0);
    expect(index.groupCode({ ...g0 })).toBe(0);
    const changes: Partial<SummaryGroup>[] = [
      { receivedAt: 'later' },
      { origin: 'webhook' },
      { endpoint: '/v1/batch' },
      { writeKeyMasked: 'def…uvw' },
      { writeKeyFingerprint: 'f2' },
      { webhook: 'stripe' },
      { signature: 'valid' },
    ];
    let next = 1;
    for (const change of changes) {
      expect(index.groupCode({ ...g0, ...change }), JSON.stringify(change)).toBe(next++);
      expect(index.groupCode({ ...g0 }), JSON.stringify(change)).toBe(next++);
    }
  });

  it('strings, drop lists and tallies are coded once each; an ids text each time', () => {
    const index = new MessageIndex();
    expect(index.stringCode('track')).toBe(0);
    expect(index.stringCode('page')).toBe(1);
    expect(index.stringCode('track')).toBe(0);
    expect(index.textCode('a')).toBe(0);
    expect(index.textCode('a')).toBe(1);
    expect(index.dropCode([])).toBe(0);
    expect(index.dropCode(['missing-event'])).toBe(1);
    expect(index.dropCode(['missing-event', 'missing-identity'])).toBe(2);
    expect(index.dropCode(['missing-event'])).toBe(1);
    expect(index.dropCode(['missing-event', 'missing-identity'])).toBe(2);
    const t = internTally({ profiles: ['segment'], counts: [1, 0], errorCount: 1, warningCount: 0 });
    expect(index.tallyCode(t)).toBe(0);
    expect(index.tallyCode(internTally({ profiles: [], counts: [], errorCount: 0, warningCount: 0 }))).toBe(1);
    expect(index.tallyCode(t)).toBe(0);
  });

  it("a row's drop list is a frozen copy: the caller's array stays its own", () => {
    const index = new MessageIndex();
    const codes: MessageSummary['dropCodes'] = ['missing-event'];
    index.add(summary(1, { dropCodes: codes }), 'm', 0, 1, '{}');
    codes.push('missing-identity');
    expect(index.summaryAt(0).dropCodes).toEqual(['missing-event']);
    expect(Object.isFrozen(index.summaryAt(0).dropCodes)).toBe(true);
    expect(Object.isFrozen(codes)).toBe(false);
  });
});

describe('rows', () => {
  it('an empty index: size 0, last seq 0, no rows to find or filter', () => {
    const index = new MessageIndex();
    expect(index.size).toBe(0);
    expect(index.lastSeq).toBe(0);
    expect(index.find(1)).toBe(-1);
    expect(index.firstAfterSeq(0)).toBe(0);
    expect(index.summariesIn()).toEqual([]);
    expect(index.summariesIn(3, 1)).toEqual([]);
    expect(index.filter({})).toEqual([]);
    expect(index.search('x')).toEqual([]);
    expect(index.seenSources()).toEqual([]);
  });

  it('find and firstAfterSeq at the ends and between seqs', () => {
    const index = new MessageIndex();
    [2, 4, 6, 8, 10].forEach((seq, i) => index.add(summary(seq), undefined, i, 1, '{}'));
    expect([1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11].map((s) => index.find(s))).toEqual([-1, 0, -1, 1, -1, 2, -1, 3, -1, 4, -1]);
    expect([0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11].map((s) => index.firstAfterSeq(s))).toEqual([0, 0, 1, 1, 2, 2, 3, 3, 4, 4, 5, 5]);
    expect(index.lastSeq).toBe(10);
  });

  it('a pushed draft (the ingest path) is copied: ids as spans of one text, codes, places in the log', () => {
    const index = new MessageIndex();
    const draft = new RowDraft();
    draft.seq = 5;
    draft.group = index.groupCode({ receivedAt: AT, origin: 'tracking', endpoint: '/v1/batch', writeKeyMasked: 'abc…xyz' });
    draft.type = index.stringCode('identify');
    draft.name = index.stringCode('a@b.c');
    draft.ids = index.textCode('m-1user-1anon-1');
    draft.messageIdStart = 0;
    draft.messageIdLength = 3;
    draft.userIdStart = 3;
    draft.userIdLength = 6;
    draft.anonymousIdStart = 9;
    draft.anonymousIdLength = 6;
    draft.drops = index.dropCode(['missing-event']);
    draft.tally = index.tallyCode(internTally({ profiles: ['segment'], counts: [0, 2], errorCount: 0, warningCount: 2 }));
    draft.textOffset = 100;
    draft.textLength = 20;
    draft.offset = 90;
    draft.length = 31;
    index.push(draft);

    // The same draft refilled for a second row: the first keeps its values.
    draft.seq = 6;
    draft.type = index.stringCode('track');
    draft.name = index.stringCode('Done');
    draft.messageIdStart = 3;
    draft.messageIdLength = 6;
    draft.userIdStart = 0;
    draft.userIdLength = -1;
    draft.anonymousIdStart = 0;
    draft.anonymousIdLength = 0;
    draft.drops = 0;
    draft.tally = index.tallyCode(internTally({ profiles: [], counts: [], errorCount: 0, warningCount: 0 }));
    draft.offset = 200;
    draft.length = 40;
    index.push(draft);

    expect(index.summaryAt(0)).toEqual({
      seq: 5,
      receivedAt: AT,
      type: 'identify',
      name: 'a@b.c',
      userId: 'user-1',
      anonymousId: 'anon-1',
      origin: 'tracking',
      endpoint: '/v1/batch',
      writeKeyMasked: 'abc…xyz',
      webhook: undefined,
      signature: undefined,
      dropCodes: ['missing-event'],
      findingProfiles: ['segment'],
      errorCount: 0,
      warningCount: 2,
      findingCounts: [0, 2],
    });
    expect(index.messageIdAt(0)).toBe('m-1');
    expect(index.location(0)).toEqual({ offset: 90, length: 31 });
    expect(index.summaryAt(1)).toMatchObject({ seq: 6, type: 'track', name: 'Done', userId: undefined, anonymousId: '', dropCodes: [], findingProfiles: [], warningCount: 0 });
    expect(index.messageIdAt(1)).toBe('user-1');
    expect(index.location(1)).toEqual({ offset: 200, length: 40 });
    expect(index.filter({ userId: 'user-1' })).toEqual([0]);
    expect(index.filter({ anonymousId: '' })).toEqual([1]);
    expect(index.filter({ messageId: 'user-1' })).toEqual([1]);
    expect(index.filter({ messageId: 'm-1' })).toEqual([0]);
    expect(index.filter({ messageId: 'm-' })).toEqual([]);
    expect(index.filter({ messageId: 'm-1u' })).toEqual([]);
  });

  it('added ids: a messageId only when a string; each id where it is, absent or empty', () => {
    const index = new MessageIndex();
    const cases: [unknown, string | undefined, string | undefined][] = [
      ['mid', 'uid', 'aid'],
      [7, 'uid', 'aid'],
      [undefined, undefined, 'aid'],
      ['mid', undefined, undefined],
      ['', '', ''],
      ['mid', '', 'aid'],
    ];
    cases.forEach(([messageId, userId, anonymousId], i) => index.add(summary(i + 1, { userId, anonymousId }), messageId, i, 1, '{}'));
    expect(cases.map((_, i) => [index.messageIdAt(i), index.summaryAt(i).userId, index.summaryAt(i).anonymousId])).toEqual(
      cases.map(([m, u, a]) => [typeof m === 'string' ? m : undefined, u, a]),
    );
    expect(index.filter({ messageId: 'mid' })).toEqual([0, 3, 5]);
    expect(index.filter({ messageId: '' })).toEqual([4]);
    expect(index.filter({ userId: '' })).toEqual([4, 5]);
    expect(index.filter({ anonymousId: 'aid' })).toEqual([0, 1, 2, 5]);
  });

  it('consecutive summaries with the same tally lists but other counts keep their own counts', () => {
    const index = new MessageIndex();
    const profiles = ['segment'];
    const counts = [1, 1];
    index.add(summary(1, { findingProfiles: profiles, findingCounts: counts, errorCount: 1, warningCount: 1 }), undefined, 0, 1, '{}');
    index.add(summary(2, { findingProfiles: profiles, findingCounts: counts, errorCount: 1, warningCount: 1 }), undefined, 1, 1, '{}');
    index.add(summary(3, { findingProfiles: profiles, findingCounts: counts, errorCount: 2, warningCount: 1 }), undefined, 2, 1, '{}');
    index.add(summary(4, { findingProfiles: profiles, findingCounts: counts, errorCount: 2, warningCount: 3 }), undefined, 3, 1, '{}');
    const counts13 = [1, 3];
    index.add(summary(5, { findingProfiles: profiles, findingCounts: counts13, errorCount: 2, warningCount: 3 }), undefined, 4, 1, '{}');
    index.add(summary(6, { findingProfiles: ['provesource'], findingCounts: counts13, errorCount: 2, warningCount: 3 }), undefined, 5, 1, '{}');
    index.add(summary(7, { findingProfiles: [], findingCounts: undefined, errorCount: 0, warningCount: 0 }), undefined, 6, 1, '{}');
    expect(index.summariesIn().map((s) => [s.findingProfiles, s.findingCounts, s.errorCount, s.warningCount])).toEqual([
      [['segment'], [1, 1], 1, 1],
      [['segment'], [1, 1], 1, 1],
      [['segment'], [1, 1], 2, 1],
      [['segment'], [1, 1], 2, 3],
      [['segment'], [1, 3], 2, 3],
      [['provesource'], [1, 3], 2, 3],
      [[], [], 0, 0],
    ]);
  });

  it('grows past 1,024 rows keeping every column, the log places and the texts to read back', () => {
    const texts = Array.from({ length: 2500 }, (_, i) => `{"n":${i},"w":"${i % 7 === 0 ? 'seven' : 'other'}"}`);
    let text = '';
    const places = texts.map((t) => {
      const at = text.length + 3;
      text += `ab[${t}]\n`;
      return at;
    });
    const log = memoryLog(text);
    const index = new MessageIndex(log.read);
    texts.forEach((t, i) => {
      const s = summary(10 + 2 * i, {
        receivedAt: `t${Math.floor(i / 10)}`,
        type: i % 2 ? 'track' : 'page',
        name: `n${i % 5}`,
        userId: `u${i}`,
        anonymousId: i % 3 ? `a${i}` : undefined,
        dropCodes: i % 4 ? [] : ['missing-event'],
        findingProfiles: i % 6 ? [] : ['segment'],
        findingCounts: i % 6 ? [] : [0, 1],
        warningCount: i % 6 ? 0 : 1,
      });
      index.add(s, `m${i}`, places[i] - 3, t.length + 5, undefined, places[i], t.length);
    });
    expect(index.size).toBe(2500);
    for (const i of [0, 1023, 1024, 1025, 2047, 2048, 2499]) {
      expect(index.seqAt(i)).toBe(10 + 2 * i);
      expect(index.location(i)).toEqual({ offset: places[i] - 3, length: texts[i].length + 5 });
      expect(index.messageIdAt(i)).toBe(`m${i}`);
      expect(index.summaryAt(i)).toMatchObject({ receivedAt: `t${Math.floor(i / 10)}`, name: `n${i % 5}`, userId: `u${i}`, anonymousId: i % 3 ? `a${i}` : undefined, dropCodes: i % 4 ? [] : ['missing-event'], warningCount: i % 6 ? 0 : 1 });
    }
    expect(index.find(10 + 2 * 2000)).toBe(2000);
    expect(index.search('"w":"seven"')).toEqual(texts.flatMap((_, i) => (i % 7 === 0 ? [10 + 2 * i] : [])));
    expect(index.search('"n":2499,')).toEqual([10 + 2 * 2499]);
    // Texts in file order, close together: one read.
    expect(log.reads).toEqual([[places[0], places[2499] + texts[2499].length - places[0]]]);
  });
});

describe('payload texts read back from the log for searches', () => {
  it('runs of texts in file order are read as one range; a text held as a string, or one earlier in the file, starts a new run', () => {
    const parts = ['{"a":"one"}', '{"a":"two"}', '{"a":"three"}', '{"a":"four"}', '{"a":"five"}'];
    const text = parts.join('\n') + '\n';
    const at = parts.map((_, i) => parts.slice(0, i).join('\n').length + (i > 0 ? 1 : 0));
    const log = memoryLog(text);
    const index = new MessageIndex(log.read);
    // Rows 0, 1 from the log; row 2 held as a string; rows 3, 4 from the log, 4 before 3 in the file.
    index.add(summary(1), undefined, 0, 1, undefined, at[0], parts[0].length);
    index.add(summary(2), undefined, 0, 1, undefined, at[1], parts[1].length);
    index.add(summary(3), undefined, 0, 1, '{"a":"held"}');
    index.add(summary(4), undefined, 0, 1, undefined, at[4], parts[4].length);
    index.add(summary(5), undefined, 0, 1, undefined, at[3], parts[3].length);
    expect(index.search('"a"')).toEqual([1, 2, 3, 4, 5]);
    expect(index.search('held')).toEqual([3]);
    expect(index.search('five')).toEqual([4]);
    expect(index.search('four')).toEqual([5]);
    expect(index.search('three')).toEqual([]);
    expect(log.reads).toEqual([
      [at[0], at[1] + parts[1].length - at[0]],
      [at[4], parts[4].length],
      [at[3], parts[3].length],
    ]);
    // Rows added later are read when a search reaches them; the texts already read are not read again.
    index.add(summary(6), undefined, 0, 1, undefined, at[2], parts[2].length);
    expect(index.search('three')).toEqual([6]);
    expect(log.reads.slice(3)).toEqual([[at[2], parts[2].length]]);
  });

  it('a range ends at 8 MiB: texts up to exactly that are one read, one byte more starts another', () => {
    const MiB = 1 << 20;
    // The first run starts 5 bytes into the file: its range is measured from there.
    const data = Buffer.alloc(8 * MiB + 6, 0x61);
    const reads: [number, number][] = [];
    const index = new MessageIndex((offset, length) => {
      reads.push([offset, length]);
      return data.subarray(offset, offset + length);
    });
    index.add(summary(1), undefined, 0, 1, undefined, 5, 4 * MiB);
    index.add(summary(2), undefined, 0, 1, undefined, 5 + 4 * MiB, 4 * MiB);
    index.add(summary(3), undefined, 0, 1, undefined, 0, 3);
    index.add(summary(4), undefined, 0, 1, undefined, 3, 8 * MiB - 2);
    expect(index.search('aaa')).toEqual([1, 2, 3, 4]);
    expect(reads).toEqual([
      [5, 8 * MiB],
      [0, 3],
      [3, 8 * MiB - 2],
    ]);
  });

  it('a text that lies inside the run already read (not in file order) is read on its own, and the run is not cut short at it', () => {
    // Before the fix a run went on over any text at or after its first one, and ended where the
    // last text of the run ended: here at byte 14, so row 1's text was cut to '{"t":"abcdefg' and
    // a search for its end found nothing.
    const text = '{"t":"abcdefghij-end"}';
    const log = memoryLog(text);
    const index = new MessageIndex(log.read);
    index.add(summary(1), undefined, 0, 1, undefined, 0, text.length);
    index.add(summary(2), undefined, 0, 1, undefined, 6, 8);
    expect(index.search('-end"}')).toEqual([1]);
    expect(index.search('abcdefgh')).toEqual([1, 2]);
    expect(log.reads).toEqual([
      [0, text.length],
      [6, 8],
    ]);
  });

  it('the text of the row just added, noted by the loader, is not read back; a note for an older row is ignored', () => {
    const log = memoryLog('{"x":"in the file"}\n{"x":"in the file"}\n');
    const index = new MessageIndex(log.read);
    index.add(summary(1), undefined, 0, 1, undefined, 0, 19);
    index.noteText('{"x":"noted"}');
    index.add(summary(2), undefined, 0, 1, undefined, 0, 19);
    index.add(summary(3), undefined, 0, 1, undefined, 20, 19);
    index.noteText('{"x":"noted late"}'); // row 2 not in the corpus yet: ignored, read back instead
    expect(index.search('noted')).toEqual([1]);
    expect(index.search('in the file')).toEqual([2, 3]);
    expect(log.reads).toEqual([[0, 39]]);
  });

  it('held texts given with a row are searched; the loader noting one too does not search it twice', () => {
    const index = new MessageIndex();
    index.add(summary(1), undefined, 0, 1, '{"k":"v1"}');
    index.noteText('{"k":"v1"}');
    index.add(summary(2), undefined, 0, 1, '{"k":"v2"}');
    expect(index.search('"k"')).toEqual([1, 2]);
    expect(index.search('v2')).toEqual([2]);
  });

  it('an index without a log says so when a text must be read back', () => {
    const index = new MessageIndex();
    index.add(summary(1), undefined, 0, 1, undefined, 0, 5);
    expect(() => index.search('x')).toThrow('this index has no capture log to read payload texts from');
  });
});

describe('whitespace between JSON tokens', () => {
  it('a spaced payload is found by a compact fragment, whichever token the space stands by', () => {
    const payloads = [
      '{"a": 1}', // after :
      '["p", 2]', // after ,
      '{ "b":1}', // after {
      '[ "q"]', // after [
      '{"c":1 }', // before }
      '["r" ]', // before ]
      '["s" ,6]', // before ,
      '{"d" :1}', // before :
      '{"e":\t1}', // a tab
      '{"f":\r1}', // a carriage return
      '{"a":"1 "}', // inside a string: not between tokens
    ];
    const index = new MessageIndex();
    payloads.forEach((p, i) => index.add(summary(i + 1), undefined, 0, 1, p));
    const found = (needle: string) => index.search(needle);
    expect(found('"a":1')).toEqual([1]);
    expect(found('["p",2]')).toEqual([2]);
    expect(found('{"b":1')).toEqual([3]);
    expect(found('["q"]')).toEqual([4]);
    expect(found('"c":1}')).toEqual([5]);
    expect(found('["r"]')).toEqual([6]);
    expect(found('["s",6]')).toEqual([7]);
    expect(found('"d":1')).toEqual([8]);
    expect(found('"e":1')).toEqual([9]);
    expect(found('"f":1')).toEqual([10]);
    expect(found('"a":"1"')).toEqual([]);
    expect(found('"a": "1 "')).toEqual([11]);
    expect(found('"a" : 1')).toEqual([1]);
  });

  it('spaced arrays and a fragment typed with spaces', () => {
    const index = new MessageIndex();
    ['{"l":[ 3]}', '{"l":[4 ]}', '{"l":[5 ,6]}', '{"l":[7,8]}'].forEach((p, i) => index.add(summary(i + 1), undefined, 0, 1, p));
    expect(index.search('"l":[3]')).toEqual([1]);
    expect(index.search('"l":[4]')).toEqual([2]);
    expect(index.search('"l":[5,6]')).toEqual([3]);
    expect(index.search('"l": [7, 8]')).toEqual([4]);
  });

  it('rows added after a fragment search are checked for whitespace too', () => {
    const index = new MessageIndex();
    index.add(summary(1), undefined, 0, 1, '{"z":1}');
    expect(index.search('"z":1')).toEqual([1]);
    index.add(summary(2), undefined, 0, 1, '{"z": 1}');
    expect(index.search('"z":2')).toEqual([]);
    expect(index.search('"z":1')).toEqual([1, 2]);
  });
});

describe('account conflicts (Freshsuccess: a userId under a second groupId)', () => {
  const group = (seq: number, userId: string | undefined, groupId: string, extra: Partial<MessageSummary> = {}) => summary(seq, { type: 'group', name: groupId, userId, ...extra });

  it('the group call that pairs a userId with a second account gets one more Freshsuccess warning', () => {
    const index = new MessageIndex();
    index.add(group(1, 'u', 'g1'), undefined, 0, 1, '{}', 0, 0, 'g1');
    index.add(group(2, 'u', 'g1'), undefined, 0, 1, '{}', 0, 0, 'g1');
    index.add(group(3, 'u', 'g2', { findingProfiles: ['segment'], findingCounts: [1, 0], errorCount: 1 }), undefined, 0, 1, '{}', 0, 0, 'g2');
    index.add(group(4, 'v', 'g2', { findingProfiles: ['freshsuccess'], findingCounts: [1, 2], errorCount: 1, warningCount: 2 }), undefined, 0, 1, '{}', 0, 0, 'g2');
    index.add(group(5, 'v', 'g3', { findingProfiles: ['freshsuccess'], findingCounts: [1, 2], errorCount: 1, warningCount: 2 }), undefined, 0, 1, '{}', 0, 0, 'g3');
    // A track's name is its event, not an account: what it names is given apart (here g1, already u's).
    index.add(summary(6, { type: 'track', name: 'g9', userId: 'u' }), undefined, 0, 1, '{}', 0, 0, 'g1');
    expect([0, 1, 2, 3, 4, 5].map((i) => index.accountFindingAt(i)?.rule)).toEqual([undefined, undefined, 'freshsuccess.account.userId.mapping-conflict', undefined, 'freshsuccess.account.userId.mapping-conflict', undefined]);
    expect(index.accountFindingAt(2)).toMatchObject({ severity: 'warning', profile: 'freshsuccess' });
    const tallies = index.summariesIn().map((s) => [s.findingProfiles, s.findingCounts, s.errorCount, s.warningCount]);
    expect(tallies).toEqual([
      [[], [], 0, 0],
      [[], [], 0, 0],
      [['segment', 'freshsuccess'], [1, 0, 0, 1], 1, 1],
      [['freshsuccess'], [1, 2], 1, 2],
      [['freshsuccess'], [1, 3], 1, 3],
      [[], [], 0, 0],
    ]);
    expect(index.filter({ profile: 'freshsuccess' })).toEqual([2, 3, 4]);
    expect(index.filter({ hasProblems: true })).toEqual([2, 3, 4]);
  });

  it('no userId, an empty userId or an empty groupId pairs nothing', () => {
    const index = new MessageIndex();
    const rows = [group(1, 'u', 'g1'), group(2, undefined, 'g2'), group(3, '', 'g2'), group(4, 'u', ''), group(5, '', 'g1'), group(6, '', 'g3')];
    rows.forEach((s, i) => index.add(s, undefined, i, 1, '{}', 0, 0, s.name));
    expect(rows.map((_, i) => index.accountFindingAt(i))).toEqual(rows.map(() => undefined));
    expect(index.summariesIn().every((s) => s.warningCount === 0)).toBe(true);
  });

  it('counted only where the Freshsuccess checks apply to the source', () => {
    const index = new MessageIndex();
    index.add(group(1, 'u', 'g1'), undefined, 0, 1, '{}', 0, 0, 'g1');
    index.add(group(2, 'u', 'g2'), undefined, 0, 1, '{}', 0, 0, 'g2');
    index.setWorkspace({ sources: [source({ writeKey: 'abc…xyz' })] });
    expect(index.summaryAt(1)).toMatchObject({ findingProfiles: [], warningCount: 0 });
    expect(index.filter({ hasProblems: true })).toEqual([]);
    index.setWorkspace({ sources: [source({ writeKey: 'abc…xyz', destinations: ['freshsuccess'] })] });
    expect(index.summaryAt(1)).toMatchObject({ findingProfiles: ['freshsuccess'], findingCounts: [0, 1], warningCount: 1 });
    expect(index.filter({ hasProblems: true })).toEqual([1]);
  });
});

describe('the workspace', () => {
  it("each row's plan is its source's; a new workspace replaces the plans worked out before", () => {
    const index = new MessageIndex();
    index.add(summary(1, { writeKeyMasked: 'abc…xyz', writeKeyFingerprint: 'aaaaaaaaaaaa' }), undefined, 0, 1, '{}');
    index.add(summary(2, { origin: 'webhook', endpoint: '/webhook/stripe', writeKeyMasked: undefined, webhook: 'stripe', signature: 'valid' }), undefined, 0, 1, '{}');
    expect(index.planAt(0)).toMatchObject({ mode: 'auto' });
    const ws: Workspace = { sources: [source({ id: 'p', name: 'P', kind: 'provesource', writeKey: 'abc…xyz' }), source({ id: 'w', name: 'W', webhook: 'stripe', destinations: ['freshsuccess'] })] };
    index.setWorkspace(ws);
    expect(index.planAt(0)).toEqual(planFor(ws, { writeKeyMasked: 'abc…xyz', writeKeyFingerprint: 'aaaaaaaaaaaa' }));
    expect(index.planAt(0).profiles).toEqual(['segment', 'provesource']);
    expect(index.planAt(1).profiles).toEqual(['segment', 'freshsuccess']);
    // The fingerprint decides over the masked key when the source has one.
    index.setWorkspace({ sources: [source({ kind: 'produktly', writeKey: 'abc…xyz', writeKeyFingerprint: 'bbbbbbbbbbbb' })] });
    expect(index.planAt(0).profiles).toEqual(['segment']);
    expect(index.planAt(0).source).toBeUndefined();
    index.setWorkspace({ sources: [source({ kind: 'produktly', writeKey: 'abc…xyz', writeKeyFingerprint: 'aaaaaaaaaaaa' })] });
    expect(index.planAt(0).profiles).toEqual(['segment', 'produktly']);
    index.setWorkspace({ sources: [] });
    expect(index.planAt(0)).toMatchObject({ mode: 'auto' });
  });

  it("a row's counts are those of the checks that apply to it (the stored tally is every partner's)", () => {
    const index = new MessageIndex();
    const stored = { findingProfiles: ['segment', 'freshsuccess', 'provesource'], findingCounts: [1, 0, 0, 2, 0, 1], errorCount: 1, warningCount: 3 };
    index.add(summary(1, { type: 'track', name: 'Some Event', ...stored }), undefined, 0, 1, '{}');
    expect(index.summaryAt(0)).toMatchObject(stored);
    const ws: Workspace = { sources: [source({ writeKey: 'abc…xyz', destinations: ['freshsuccess'] })] };
    index.setWorkspace(ws);
    const want = effectiveTally(internTally({ profiles: stored.findingProfiles, counts: stored.findingCounts, errorCount: 1, warningCount: 3 }), 'track', 'Some Event', planFor(ws, { writeKeyMasked: 'abc…xyz' }));
    expect(want.profiles).not.toContain('provesource');
    expect(index.summaryAt(0)).toMatchObject({ findingProfiles: want.profiles, findingCounts: want.counts, errorCount: want.errorCount, warningCount: want.warningCount });
    expect(index.filter({ profile: 'provesource' })).toEqual([]);
    expect(index.filter({ profile: 'freshsuccess' })).toEqual([0]);
  });
});

describe('seenSources', () => {
  it('one entry per write key (by fingerprint, else masked) or webhook, with its message count and last seq, latest first', () => {
    const index = new MessageIndex();
    const key1 = { writeKeyMasked: 'abc…xyz', writeKeyFingerprint: 'f1' };
    const key2 = { writeKeyMasked: 'abc…xyz', writeKeyFingerprint: 'f2' };
    const masked = { writeKeyMasked: 'def…uvw' };
    const hook = { origin: 'webhook' as const, endpoint: '/webhook/stripe', writeKeyMasked: undefined, webhook: 'stripe', signature: 'valid' as const };
    const none = { writeKeyMasked: undefined };
    const rows: Partial<MessageSummary>[] = [
      { ...key1, receivedAt: 't1' },
      { ...key1, receivedAt: 't1' },
      { ...hook, receivedAt: 't2' },
      { ...key2, receivedAt: 't3' },
      { ...masked, receivedAt: 't4' },
      { ...key1, receivedAt: 't5' },
      { ...none, receivedAt: 't6' },
      { ...masked, receivedAt: 't7' },
      { ...hook, receivedAt: 't8', signature: 'invalid' },
    ];
    rows.forEach((r, i) => index.add(summary(10 * (i + 1), r), undefined, i, 1, '{}'));
    expect(index.seenSources()).toEqual([
      { webhook: 'stripe', messages: 2, lastSeq: 90 },
      { writeKeyMasked: 'def…uvw', messages: 2, lastSeq: 80 },
      {  messages: 1, lastSeq: 70 },
      { writeKeyMasked: 'abc…xyz', writeKeyFingerprint: 'f1', messages: 3, lastSeq: 60 },
      { writeKeyMasked: 'abc…xyz', writeKeyFingerprint: 'f2', messages: 1, lastSeq: 40 },
    ]);
    expect('writeKeyFingerprint' in index.seenSources()[1]).toBe(false);
  });

  it('the last seq of a source is its latest row, whichever of its groups holds it', () => {
    const index = new MessageIndex();
    index.add(summary(1, { receivedAt: 'a', writeKeyMasked: 'k…1' }), undefined, 0, 1, '{}');
    index.add(summary(2, { receivedAt: 'b', writeKeyMasked: 'k…2' }), undefined, 0, 1, '{}');
    index.add(summary(3, { receivedAt: 'c', writeKeyMasked: 'k…1' }), undefined, 0, 1, '{}');
    index.add(summary(4, { receivedAt: 'c', writeKeyMasked: 'k…1' }), undefined, 0, 1, '{}');
    index.add(summary(5, { receivedAt: 'd', writeKeyMasked: 'k…2' }), undefined, 0, 1, '{}');
    expect(index.seenSources()).toEqual([
      { writeKeyMasked: 'k…2', messages: 2, lastSeq: 5 },
      { writeKeyMasked: 'k…1', messages: 3, lastSeq: 4 },
    ]);
  });
});

describe('filter', () => {
  function indexOf(rows: Partial<MessageSummary>[], payloads?: string[]): MessageIndex {
    const index = new MessageIndex();
    rows.forEach((r, i) => index.add(summary(i + 1, r), r.userId === 'no-id' ? undefined : `m${i + 1}`, i, 1, payloads?.[i] ?? '{}'));
    return index;
  }

  it('an endpoint as "batch", "v1/batch" or "/v1/batch"; a webhook as "webhook/x" or "/webhook/x"', () => {
    const index = indexOf([{ endpoint: '/v1/batch' }, { endpoint: '/v1/track' }, { endpoint: '/webhook/x', origin: 'webhook', webhook: 'x', signature: 'valid' }, { endpoint: '/v1/page' }]);
    for (const e of ['batch', 'v1/batch', '/v1/batch']) expect(index.filter({ endpoint: e }), e).toEqual([0]);
    for (const e of ['track', 'identify', 'group', 'page', 'screen', 'alias']) expect(index.filter({ endpoint: e }), e).toEqual(e === 'track' ? [1] : e === 'page' ? [3] : []);
    expect(index.filter({ endpoint: 'webhook/x' })).toEqual([2]);
    expect(index.filter({ endpoint: '/webhook/x' })).toEqual([2]);
    expect(index.filter({ endpoint: 'xbatch' })).toEqual([]);
    expect(index.filter({ endpoint: 'batchx' })).toEqual([]);
    expect(index.filter({ endpoint: '' })).toEqual([0, 1, 2, 3]);
  });

  it('a Tracking API path with one trailing slash as the same endpoint (analytics-java posts to /v1/import/), either way round', () => {
    const index = indexOf([{ endpoint: '/v1/import/' }, { endpoint: '/v1/import' }, { endpoint: '/v1/batch' }, { endpoint: '/webhook/x/', origin: 'webhook', webhook: 'x/', signature: 'valid' }]);
    for (const e of ['import', 'import/', 'v1/import', '/v1/import', '/v1/import/']) expect(index.filter({ endpoint: e }), e).toEqual([0, 1]);
    expect(index.filter({ endpoint: 'batch/' })).toEqual([2]);
    expect(index.filter({ endpoint: 'import//' })).toEqual([]);
    // A webhook's name is its own: "x/" is not "x".
    expect(index.filter({ endpoint: '/webhook/x' })).toEqual([]);
    expect(index.filter({ endpoint: '/webhook/x/' })).toEqual([3]);
  });

  it('an event name only for track, page and screen calls', () => {
    // Types and names share their codes: 'track' is 0 (a name too), 'Y' is 2.
    const index = indexOf([
      { type: 'track', name: 'track' },
      { type: 'track', name: 'Y' },
      { type: 'track', name: 'X' },
      { type: 'page', name: 'X' },
      { type: 'screen', name: 'X' },
      { type: 'group', name: 'X' },
      { type: 'identify', name: 'X' },
    ]);
    expect(index.filter({ event: 'X' })).toEqual([2, 3, 4]);
    expect(index.filter({ event: 'X', type: 'page' })).toEqual([3]);
    expect(index.filter({ type: 'group' })).toEqual([5]);
    expect(index.filter({ event: 'track' })).toEqual([0]);
    expect(index.filter({ event: 'Y' })).toEqual([1]);
    expect(index.filter({ event: 'Z' })).toEqual([]);
    expect(index.filter({ type: 'nope', event: 'X' })).toEqual([]);
  });

  it('after a seq, from a position, with a text, problems, a profile and a limit', () => {
    const index = indexOf(
      [
        { dropCodes: ['missing-event'] },
        {},
        { origin: 'webhook', endpoint: '/webhook/w', writeKeyMasked: undefined, webhook: 'w', signature: 'missing' },
        { origin: 'webhook', endpoint: '/webhook/w', writeKeyMasked: undefined, webhook: 'w', signature: 'valid' },
        { findingProfiles: ['segment'], findingCounts: [0, 1], warningCount: 1 },
        { findingProfiles: ['segment'], findingCounts: [1, 0], errorCount: 1 },
      ],
      ['{"k":"red"}', '{"k":"blue"}', '{"k":"red"}', '{"k":"red"}', '{"k":"blue"}', '{"k":"Red"}'],
    );
    expect(index.filter({ afterSeq: 2 })).toEqual([2, 3, 4, 5]);
    expect(index.filter({ afterSeq: 2 }, 4)).toEqual([4, 5]);
    expect(index.filter({ afterSeq: 5 }, 1)).toEqual([5]);
    expect(index.filter({}, 3)).toEqual([3, 4, 5]);
    expect(index.filter({ text: 'RED' })).toEqual([0, 2, 3, 5]);
    expect(index.filter({ text: 'red', afterSeq: 1 })).toEqual([2, 3, 5]);
    expect(index.filter({ text: '' })).toEqual([0, 1, 2, 3, 4, 5]);
    expect(index.filter({ hasProblems: true })).toEqual([0, 2, 4, 5]);
    expect(index.filter({ hasProblems: false })).toEqual([1, 3]);
    expect(index.filter({ profile: 'segment' })).toEqual([4, 5]);
    expect(index.filter({ profile: 'segment', hasProblems: false })).toEqual([]);
    expect(index.filter({ text: 'red', limit: 2 })).toEqual([3, 5]);
    expect(index.filter({ limit: 6 })).toEqual([0, 1, 2, 3, 4, 5]);
    expect(index.filter({ limit: 10 })).toEqual([0, 1, 2, 3, 4, 5]);
    expect(index.filter({ limit: 0 })).toEqual([]);
  });
});

describe('clear', () => {
  it('forgets rows, codes, accounts, plans, texts and the last search', () => {
    const index = new MessageIndex();
    const tally = { findingProfiles: ['segment'], findingCounts: [0, 1], errorCount: 0, warningCount: 1 };
    index.add(summary(1, { type: 'group', name: 'g1', userId: 'u', dropCodes: ['missing-event'], ...tally }), 'm1', 0, 1, '{"x":"before"}');
    index.add(summary(2, { type: 'track', name: 'T' }), 'm2', 0, 1, '{"y":"spaced": 1}');
    index.setWorkspace({ sources: [source({ writeKey: 'abc…xyz', destinations: ['freshsuccess'] })] });
    expect(index.search('"x"')).toEqual([1]);
    expect(index.search('"y":"spaced":1')).toEqual([2]);
    expect(index.planAt(0).profiles).toEqual(['segment', 'freshsuccess']);
    index.clear();
    expect(index.size).toBe(0);
    expect(index.lastSeq).toBe(0);
    expect(index.seenSources()).toEqual([]);
    expect(index.filter({ type: 'group' })).toEqual([]);

    // The same tally lists and drop list again: coded anew, not pointing at forgotten codes.
    index.add(summary(5, { type: 'group', name: 'g2', userId: 'u', receivedAt: 'other', dropCodes: ['missing-identity'], ...tally }), 'm5', 0, 1, '{"x":"after"}');
    expect(index.dropCode(['missing-event'])).toBe(2);
    expect(index.stringCode('group')).toBe(0);
    expect(index.summaryAt(0)).toEqual(shown(summary(5, { type: 'group', name: 'g2', userId: 'u', receivedAt: 'other', dropCodes: ['missing-identity'], ...tally })));
    // No account conflict: u under g1 was forgotten.
    expect(index.accountFindingAt(0)).toBeUndefined();
    expect(index.planAt(0).profiles).toEqual(['segment', 'freshsuccess']);
    // The last search (one row, one match) is not reused for the new row.
    expect(index.search('"x"')).toEqual([5]);
    expect(index.search('before')).toEqual([]);
    expect(index.search('after')).toEqual([5]);
    index.add(summary(6), 'm6', 0, 1, '{"y": 2}');
    expect(index.search('"y":2')).toEqual([6]);
    expect(index.search('"y":"spaced":1')).toEqual([]);
  });

  it('a search after a clear does not reuse the marks of one before it', () => {
    const index = new MessageIndex();
    for (let i = 0; i < 3; i++) index.add(summary(i + 1), undefined, 0, 1, '{"q":"a"}');
    expect(index.search('"q"')).toEqual([1, 2, 3]);
    expect(index.search('zzz')).toEqual([]);
    index.clear();
    index.add(summary(1), undefined, 0, 1, '{"r":1}');
    expect(index.search('"r"')).toEqual([1]);
    expect(index.search('"q"')).toEqual([]);
  });
});
