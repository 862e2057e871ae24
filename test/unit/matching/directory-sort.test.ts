import { describe, expect, it } from 'vitest';
import { naturalCompare, sortDirectory } from '../../../src-shared/matching/directory-sort';
import type { DirectoryUser } from '../../../src-shared/matching/types';

const user = (id: string, over: Partial<DirectoryUser> = {}): DirectoryUser => ({ id, properties: {}, sources: [], createdBy: null, touchedBy: [], ...over }) as unknown as DirectoryUser;

describe('the directory order', () => {
  it('ids with numbers in them go by the numbers\' values: usr-2 before usr-10', () => {
    const ids = ['usr-10', 'usr-2', 'usr-1', 'new-407', 'usr-19', 'usr-dup'];
    expect(sortDirectory(ids.map((id) => user(id)), 'id').map((u) => u.id)).toEqual(['new-407', 'usr-1', 'usr-2', 'usr-10', 'usr-19', 'usr-dup']);
    expect(sortDirectory(ids.map((id) => user(id)), 'id', true).map((u) => u.id)).toEqual(['usr-dup', 'usr-19', 'usr-10', 'usr-2', 'usr-1', 'new-407']);
  });

  it('emails ignore case (a tie keeps a fixed order); a missing one comes first', () => {
    const users = [user('a', { email: 'bob@example.com' }), user('b', { email: 'ada@example.com' }), user('c'), user('d', { email: 'Ada@example.com' })];
    expect(sortDirectory(users, 'email').map((u) => u.id)).toEqual(['c', 'd', 'b', 'a']);
    expect(naturalCompare('Ada', 'ada')).toBeLessThan(0);
    expect(naturalCompare('ada', 'Ada')).toBeGreaterThan(0);
    // The same text is a tie (the order is total, not a coin toss).
    expect(naturalCompare('Ada', 'Ada')).toBe(0);
  });

  it('by changes: the count, then the id', () => {
    const users = [user('u-10', { touchedBy: [1] }), user('u-2', { touchedBy: [1] }), user('u-1', { touchedBy: [1, 2] })];
    expect(sortDirectory(users, 'changes').map((u) => u.id)).toEqual(['u-2', 'u-10', 'u-1']);
  });
});
