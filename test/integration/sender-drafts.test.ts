// Saved composer drafts on disk: round trip, atomic replace, a bad file is a clear error.
import { readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import type { Draft } from '../../src-shared/api';
import { createDraftStore } from '../../src-main/store/drafts';
import { goalCompleted, tempDir } from './sender-helpers';

const draft = (name: string): Draft => ({ name, profile: 'provesource', event: 'Goal Completed', message: goalCompleted(), savedAt: '2025-03-01T10:00:00.000Z' });

describe('draft store', () => {
  it('saves, lists sorted by name, replaces by name, deletes, and survives a restart', async () => {
    const dir = tempDir();
    const store = createDraftStore(dir);
    expect(await store.list()).toEqual({ drafts: [], unreadable: [] });
    await store.save(draft('zeta'));
    const afterTwo = await store.save(draft('Alpha'));
    expect(afterTwo.drafts.map((d) => d.name)).toEqual(['Alpha', 'zeta']);
    await store.save({ ...draft('zeta'), event: 'Notification Clicked' });
    const reopened = (await createDraftStore(dir).list()).drafts;
    expect(reopened).toHaveLength(2);
    expect(reopened.find((d) => d.name === 'zeta')?.event).toBe('Notification Clicked');
    expect(reopened[0].message).toEqual(goalCompleted());
    expect((await store.delete('Alpha')).drafts).toHaveLength(1);
    await expect(store.delete('nope')).rejects.toThrow(/"nope" does not exist/);
    // Atomic write: no temp file left behind.
    expect(readdirSync(dir)).toEqual(['drafts.json']);
  });

  it('keeps concurrent saves', async () => {
    const store = createDraftStore(tempDir());
    await Promise.all(['a', 'b', 'c', 'd'].map((n) => store.save(draft(n))));
    expect((await store.list()).drafts.map((d) => d.name)).toEqual(['a', 'b', 'c', 'd']);
  });

  it('rejects an invalid draft saying which field', async () => {
    const store = createDraftStore(tempDir());
    await expect(store.save({ ...draft(' '), name: ' ' })).rejects.toThrow(/draft\.name/);
    await expect(store.save({ ...draft('x'), profile: 'nope' as never })).rejects.toThrow(/draft\.profile/);
    await expect(store.save({ ...draft('x'), message: [] as never })).rejects.toThrow(/draft\.message/);
  });

  it('reports a corrupt drafts.json clearly and never overwrites it', async () => {
    const dir = tempDir();
    const path = join(dir, 'drafts.json');
    writeFileSync(path, '{"version":1,"drafts":[{"name":');
    const store = createDraftStore(dir);
    await expect(store.list()).rejects.toThrow(/drafts\.json is not valid JSON/);
    await expect(store.save(draft('new'))).rejects.toThrow(/not valid JSON/);
    expect(readFileSync(path, 'utf8')).toBe('{"version":1,"drafts":[{"name":');
    writeFileSync(path, JSON.stringify({ version: 1, drafts: [{ name: 'x', profile: 'provesource', message: 'oops', savedAt: 'now' }] }));
    // One entry that is not a draft: reported, the others listed (none here).
    expect(await store.list()).toEqual({ drafts: [], unreadable: [{ index: 0, name: 'x', problem: 'drafts.json drafts[0].message: expected a JSON object' }] });
  });
});
