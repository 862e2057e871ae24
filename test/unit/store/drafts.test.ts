// The draft store (src-main/store/drafts.ts) to the letter, on real files in a temp dir: each
// field's check and its sentence, the file's two accepted forms and its errors, the written file,
// the order, and that one failed operation does not stop the next (issue #15).
import { FieldError } from '../../../src-shared/command-args';
import { mkdirSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import type { Draft, DraftList } from '../../../src-shared/api';
import { checkDraft, createDraftStore, DRAFTS_FILE } from '../../../src-main/store/drafts';
import { parseExact, stringifyExact } from '../../../src-shared/exact-json';
import { tempDirsPerTest } from './temp-dirs';

const tempDir = tempDirsPerTest('drafts');

const draft = (name: string, extra: Partial<Draft> = {}): Draft => ({ name, profile: 'segment', message: { type: 'track', event: 'E' }, savedAt: '2026-01-01T00:00:00.000Z', ...extra });

describe('checkDraft', () => {
  it('gives back the draft with its name trimmed, event only when there is one', () => {
    expect(checkDraft({ ...draft('  My draft  '), extra: 1 }, 'draft')).toEqual(draft('My draft'));
    expect(checkDraft(draft('x', { event: 'Goal Completed' }), 'draft')).toEqual(draft('x', { event: 'Goal Completed' }));
    expect('event' in checkDraft(draft('x'), 'draft')).toBe(false);
    expect(checkDraft(draft('x', { event: '' }), 'draft')).toEqual(draft('x', { event: '' }));
  });

  it('every profile is accepted', () => {
    for (const profile of ['segment', 'provesource', 'produktly', 'freshsuccess'] as const) expect(checkDraft(draft('x', { profile }), 'd').profile).toBe(profile);
  });

  it('each problem with its sentence, prefixed by where the draft is', () => {
    const bad = (value: unknown) => () => checkDraft(value, 'drafts.json drafts[2]');
    for (const v of [null, undefined, 'text', 7, [draft('x')]]) expect(bad(v)).toThrow(new FieldError('drafts.json drafts[2]', 'expected an object'));
    for (const name of [undefined, 5, '', '   ']) expect(bad({ ...draft('x'), name })).toThrow(new FieldError('drafts.json drafts[2].name', 'enter a name for the draft'));
    expect(bad(draft(`  ${'n'.repeat(100)}  `))).not.toThrow();
    expect(bad(draft('n'.repeat(101)))).toThrow(new FieldError('drafts.json drafts[2].name', 'at most 100 characters'));
    for (const profile of [undefined, 3, 'nope', 'Segment']) {
      expect(bad({ ...draft('x'), profile })).toThrow(new FieldError('drafts.json drafts[2].profile', `expected one of segment, provesource, produktly, freshsuccess, got ${JSON.stringify(profile)}`));
    }
    expect(bad({ ...draft('x'), event: 5 })).toThrow(new FieldError('drafts.json drafts[2].event', 'expected a string'));
    expect(bad({ ...draft('x'), event: null })).toThrow(new FieldError('drafts.json drafts[2].event', 'expected a string'));
    for (const message of [undefined, null, 'text', [], 0]) expect(bad({ ...draft('x'), message })).toThrow(new FieldError('drafts.json drafts[2].message', 'expected a JSON object'));
    for (const savedAt of [undefined, 0, null]) expect(bad({ ...draft('x'), savedAt })).toThrow(new FieldError('drafts.json drafts[2].savedAt', 'expected an ISO-8601 string'));
  });
});

describe('the drafts file', () => {
  it('written as {"version":1,"drafts":[…]} indented by two spaces, ending in a newline, sorted by name whatever the case', async () => {
    const dir = tempDir();
    const store = createDraftStore(dir);
    await store.save(draft('b'));
    await store.save(draft('C'));
    expect(await store.save(draft('a'))).toEqual({ drafts: [draft('a'), draft('b'), draft('C')], unreadable: [] });
    const text = readFileSync(join(dir, DRAFTS_FILE), 'utf8');
    expect(text).toBe(`${JSON.stringify({ version: 1, drafts: [draft('a'), draft('b'), draft('C')] }, null, 2)}\n`);
    expect(readdirSync(dir)).toEqual([DRAFTS_FILE]);
  });

  it('the data dir is created when missing', async () => {
    const dir = join(tempDir(), 'not', 'yet');
    await createDraftStore(dir).save(draft('x'));
    expect(JSON.parse(readFileSync(join(dir, DRAFTS_FILE), 'utf8')).drafts).toEqual([draft('x')]);
  });

  it('a bare array (the older form) is read too, checked and sorted', async () => {
    const dir = tempDir();
    writeFileSync(join(dir, DRAFTS_FILE), JSON.stringify([draft('z'), draft(' y ')]));
    expect(await createDraftStore(dir).list()).toEqual({ drafts: [draft('y'), draft('z')], unreadable: [] });
  });

  it('a file without a drafts list, or null: an error showing the form expected', async () => {
    const dir = tempDir();
    const path = join(dir, DRAFTS_FILE);
    const store = createDraftStore(dir);
    for (const text of ['null', '{"version":1}', '{"drafts":{}}', '5']) {
      writeFileSync(path, text);
      await expect(store.list()).rejects.toThrow(new Error(`${path}: expected {"version":1,"drafts":[...]}`));
    }
  });

  it('an invalid entry is reported by its index in the file and does not hide the valid ones', async () => {
    const dir = tempDir();
    writeFileSync(join(dir, DRAFTS_FILE), JSON.stringify({ version: 1, drafts: [draft('z'), { ...draft('b'), profile: 'x' }, draft('a'), 7] }));
    expect(await createDraftStore(dir).list()).toEqual({
      drafts: [draft('a'), draft('z')],
      unreadable: [
        { index: 1, name: 'b', problem: 'drafts.json drafts[1].profile: expected one of segment, provesource, produktly, freshsuccess, got "x"' },
        { index: 3, problem: 'drafts.json drafts[3]: expected an object' },
      ],
    });
  });

  it('an invalid entry is kept in the file, as it was, through saves and deletes of other drafts', async () => {
    const dir = tempDir();
    const path = join(dir, DRAFTS_FILE);
    const ID = '9007199254740993';
    // A hand edit: a profile misspelt, and an id past 2^53 that must keep its digits.
    writeFileSync(path, `{"version":1,"drafts":[{"name":"hand","profile":"Segment","message":{"type":"track","n":${ID}},"savedAt":"2026-01-01T00:00:00.000Z","note":"mine"},${JSON.stringify(draft('old'))}]}`);
    const store = createDraftStore(dir);
    const afterSave = await store.save(draft('new'));
    expect(afterSave.drafts.map((d) => d.name)).toEqual(['new', 'old']);
    // Its index is its place in the file as now written: after the two drafts.
    expect(afterSave.unreadable).toEqual([{ index: 2, name: 'hand', problem: 'drafts.json drafts[2].profile: expected one of segment, provesource, produktly, freshsuccess, got "Segment"' }]);
    await store.delete('old');
    const file = readFileSync(path, 'utf8');
    expect(file).toContain(`"n": ${ID}`);
    expect(JSON.parse(file).drafts).toEqual([draft('new'), { name: 'hand', profile: 'Segment', message: { type: 'track', n: Number(ID) }, savedAt: '2026-01-01T00:00:00.000Z', note: 'mine' }]);
    // Read again by a new store (a restart): the same report.
    expect((await createDraftStore(dir).list()).unreadable).toEqual([{ index: 1, name: 'hand', problem: 'drafts.json drafts[1].profile: expected one of segment, provesource, produktly, freshsuccess, got "Segment"' }]);
  });

  it('a save of an unreadable entry\'s name replaces it; a delete of that name removes it', async () => {
    const dir = tempDir();
    writeFileSync(join(dir, DRAFTS_FILE), JSON.stringify([{ ...draft('fix me'), savedAt: 5 }, { ...draft('drop me'), message: 'x' }]));
    const store = createDraftStore(dir);
    expect((await store.list()).unreadable.map((u) => u.name)).toEqual(['fix me', 'drop me']);
    expect(await store.save(draft(' fix me '))).toEqual({ drafts: [draft('fix me')], unreadable: [{ index: 1, name: 'drop me', problem: 'drafts.json drafts[1].message: expected a JSON object' }] });
    expect(await store.delete('drop me')).toEqual({ drafts: [draft('fix me')], unreadable: [] });
    await expect(store.delete('drop me')).rejects.toThrow(new Error('draft "drop me" does not exist'));
  });

  it('not valid JSON: an error naming the file and the parse error, and the file is kept', async () => {
    const dir = tempDir();
    const path = join(dir, DRAFTS_FILE);
    writeFileSync(path, '{');
    const store = createDraftStore(dir);
    await expect(store.save(draft('x'))).rejects.toThrow(new RegExp(`^${path.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')} is not valid JSON \\(.+\\); fix or remove the file, your drafts are not overwritten until then$`));
    expect(readFileSync(path, 'utf8')).toBe('{');
  });

  it('a file that cannot be read: an error naming it and why', async () => {
    const dir = tempDir();
    const path = join(dir, DRAFTS_FILE);
    mkdirSync(path);
    await expect(createDraftStore(dir).list()).rejects.toThrow(`${path} could not be read: it is a folder, not a file: move it away`);
  });
});

describe('save and delete', () => {
  it('a save replaces the draft of the same (trimmed) name', async () => {
    const store = createDraftStore(tempDir());
    await store.save(draft('a', { event: 'One' }));
    await store.save(draft('b'));
    expect((await store.save(draft(' a ', { event: 'Two' }))).drafts).toEqual([draft('a', { event: 'Two' }), draft('b')]);
  });

  it('a delete removes that draft only; an unknown name is an error naming it', async () => {
    const store = createDraftStore(tempDir());
    await store.save(draft('a'));
    await store.save(draft('b'));
    expect((await store.delete('a')).drafts).toEqual([draft('b')]);
    await expect(store.delete('a')).rejects.toThrow(new Error('draft "a" does not exist'));
    expect((await store.list()).drafts).toEqual([draft('b')]);
  });

  it('an operation that fails does not stop the ones queued after it', async () => {
    const store = createDraftStore(tempDir());
    const results = await Promise.allSettled([store.save(draft('a')), store.delete('nope'), store.save({ ...draft('x'), profile: 'bad' as never }), store.save(draft('b')), store.list()]);
    expect(results.map((r) => r.status)).toEqual(['fulfilled', 'rejected', 'rejected', 'fulfilled', 'fulfilled']);
    expect((results[4] as PromiseFulfilledResult<DraftList>).value.drafts).toEqual([draft('a'), draft('b')]);
  });
});

// A draft of a message with a number JSON.parse rounds (an id past 2^53): saved with the composer's
// text (messageJson), kept in drafts.json as its digits, given back with them.
describe('numbers past 2^53', () => {
  const ID = '9007199254740993';
  const text = `{\n  "type": "track",\n  "event": "Order",\n  "userId": ${ID},\n  "properties": {\n    "ids": [${ID}, 12345678901234567890, 7]\n  }\n}`;
  const big = (name: string) => draft(name, { message: JSON.parse(text) as Draft['message'], messageJson: text });

  it('saved from messageJson, written to the file as digits, listed back with them (messageJson; message its plain parse)', async () => {
    const dir = tempDir();
    const saved = await createDraftStore(dir).save(big('big'));
    const file = readFileSync(join(dir, DRAFTS_FILE), 'utf8');
    expect(file).toContain(`"userId": ${ID},`);
    expect(file).toContain(`${ID},\n            12345678901234567890,`);
    expect(file).not.toContain('messageJson');
    expect(file).not.toContain('9007199254740992');
    // Listed by a new store (a restart): the same draft.
    const [listed] = (await createDraftStore(dir).list()).drafts;
    expect(listed).toEqual(saved.drafts[0]);
    // The composer's text as the store writes it (indented as formatMessageJson does).
    expect(listed.messageJson).toBe(stringifyExact(parseExact(text), 2));
    expect(listed.messageJson).toContain(`"userId": ${ID},`);
    expect(listed.message.userId).toBe(9007199254740992);
  });

  it('a hand-written drafts.json with such a number gives it back too; other drafts have no messageJson', async () => {
    const dir = tempDir();
    writeFileSync(join(dir, DRAFTS_FILE), `[{"name":"b","profile":"segment","message":{"type":"track","n":${ID}},"savedAt":"2026-01-01T00:00:00.000Z"},{"name":"a","profile":"segment","message":{"type":"track","n":1},"savedAt":"2026-01-01T00:00:00.000Z"}]`);
    const [a, b] = (await createDraftStore(dir).list()).drafts;
    expect('messageJson' in a).toBe(false);
    expect(b.messageJson).toBe(`{\n  "type": "track",\n  "n": ${ID}\n}`);
  });

  it('messageJson that is not a JSON object is refused with where; one without such a number is its plain message', () => {
    expect(() => checkDraft({ ...draft('x'), messageJson: '{"type":' }, 'draft')).toThrow(/^draft\.messageJson: not JSON \(/);
    expect(() => checkDraft({ ...draft('x'), messageJson: '[1]' }, 'draft')).toThrow(new FieldError('draft.messageJson', 'expected a JSON object'));
    expect(() => checkDraft({ ...draft('x'), messageJson: 5 }, 'draft')).toThrow(new FieldError('draft.messageJson', 'expected the message as JSON text'));
    expect(checkDraft({ ...draft('x'), messageJson: '{"type":"identify","id":"12345678901234567890"}' }, 'draft')).toEqual(draft('x', { message: { type: 'identify', id: '12345678901234567890' } }));
  });
});
