// Freshsuccess account resolution (domain.md: without groupId the account comes from the userId,
// which must be unique across accounts; a userId seen under two groupIds is a mapping conflict to
// report), rule by rule: which calls pair, the conflict list with the message that first paired
// each account, and the two sentences a user reads.
import { describe, expect, it } from 'vitest';
import { createAccountTracker, freshsuccessAccountOf } from '../../../src-shared/validate/account-tracker';
import { parseExact } from '../../../src-shared/exact-json';
import type { JsonObject } from '../../../src-shared/capture';

const m = (type: string, userId: string, groupId?: string) => ({ type, userId, anonymousId: 's', ...(groupId ? { groupId } : {}) });

describe('which calls pair a userId with an account: track, identify and group', () => {
  it.each([
    ['track', true],
    ['identify', true],
    ['group', true],
    ['page', false],
    ['screen', false],
    ['alias', false],
  ])('%s pairs: %s', (type, pairs) => {
    const t = createAccountTracker();
    expect(t.observe(m(type, 'u1', 'g1'), 1)).toEqual([]);
    expect(t.accountsOf('u1')).toEqual(pairs ? ['g1'] : []);
    expect(t.lastAccountOf('u1')).toBe(pairs ? 'g1' : undefined);
    // A second account for the same user is a conflict only if the first one was recorded.
    expect(t.observe(m('track', 'u1', 'g2'), 2).map((f) => f.rule)).toEqual(pairs ? ['freshsuccess.account.userId.mapping-conflict'] : []);
  });
});

describe('calls Freshsuccess does not read', () => {
  it.each(['page', 'screen', 'alias'])('a %s of a user in two accounts, with or without groupId, gets no account finding and pairs nothing', (type) => {
    const t = createAccountTracker();
    t.observe(m('track', 'u1', 'g1'), 1);
    t.observe(m('track', 'u1', 'g2'), 2);
    expect(t.observe(m(type, 'u1'), 3)).toEqual([]);
    expect(t.observe(m(type, 'u1', 'g3'), 4)).toEqual([]);
    expect(t.accountsOf('u1')).toEqual(['g1', 'g2']);
    // the same user's track without groupId is the ambiguous one
    expect(t.observe(m('track', 'u1'), 5).map((f) => f.rule)).toEqual(['freshsuccess.account.userId.ambiguous']);
  });
});

describe('conflicts()', () => {
  it('each userId under two or more accounts, with the seq of the message that first paired each', () => {
    const t = createAccountTracker();
    t.observe(m('identify', 'u1', 'g1'), 10);
    t.observe(m('track', 'u1', 'g1'), 11);
    t.observe(m('group', 'u1', 'g2'), 12);
    t.observe(m('track', 'u1', 'g3'), 13);
    t.observe(m('track', 'u2', 'g1'), 14); // one account: no conflict
    t.observe(m('track', 'u3', 'g1'), 15);
    t.observe(m('track', 'u3', 'g2'), 16);
    expect(t.conflicts()).toStrictEqual([
      { userId: 'u1', accounts: [{ groupId: 'g1', seq: 10 }, { groupId: 'g2', seq: 12 }, { groupId: 'g3', seq: 13 }] },
      { userId: 'u3', accounts: [{ groupId: 'g1', seq: 15 }, { groupId: 'g2', seq: 16 }] },
    ]);
  });

  it('no conflicts: an empty list; one account each is none', () => {
    const t = createAccountTracker();
    expect(t.conflicts()).toEqual([]);
    t.observe(m('track', 'u1', 'g1'), 1);
    t.observe(m('track', 'u2', 'g2'), 2);
    expect(t.conflicts()).toEqual([]);
  });

  it('a pairing recorded without a seq lists the account without a seq key', () => {
    const t = createAccountTracker();
    t.pair('u1', 'g1');
    t.pair('u1', 'g2', 7);
    const [c] = t.conflicts();
    expect(c).toStrictEqual({ userId: 'u1', accounts: [{ groupId: 'g1' }, { groupId: 'g2', seq: 7 }] });
    expect('seq' in c.accounts[0]).toBe(false);
  });
});

describe('the sentences', () => {
  it('a mapping conflict names the user, the accounts before and the new one', () => {
    const t = createAccountTracker();
    t.pair('u1', 'acct_a', 1);
    const [second] = t.pair('u1', 'acct_b', 2);
    expect(second.message).toBe(
      'userId "u1" was already seen under account acct_a and now under acct_b: a mapping conflict. Messages from this user without groupId cannot be assigned to one account.',
    );
    const [third] = t.pair('u1', 'acct_c', 3);
    expect(third).toEqual({
      severity: 'warning',
      path: 'groupId',
      rule: 'freshsuccess.account.userId.mapping-conflict',
      message: 'userId "u1" was already seen under account acct_a, acct_b and now under acct_c: a mapping conflict. Messages from this user without groupId cannot be assigned to one account.',
      profile: 'freshsuccess',
    });
  });

  it('a message without groupId from a user of several accounts is ambiguous, naming them all', () => {
    const t = createAccountTracker();
    t.pair('u1', 'acct_a', 1);
    expect(t.pair('u1', undefined, 2)).toEqual([]); // one account: Freshsuccess can resolve it
    t.pair('u1', 'acct_b', 3);
    t.pair('u1', 'acct_c', 4);
    expect(t.pair('u1', undefined, 5)).toEqual([
      {
        severity: 'warning',
        path: 'userId',
        rule: 'freshsuccess.account.userId.ambiguous',
        message: 'This message has no groupId, so Freshsuccess finds the account from userId "u1", but that user belongs to 3 accounts (acct_a, acct_b, acct_c). Add groupId.',
        profile: 'freshsuccess',
      },
    ]);
    // The userId determines no account now (it is not unique across accounts).
    expect(t.lastAccountOf('u1')).toBeUndefined();
  });
});

describe('freshsuccessAccountOf: the account a message names for the account rule', () => {
  it('groupId, else context.groupId, on the three calls Freshsuccess reads; none on the others', () => {
    expect(freshsuccessAccountOf({ type: 'track', groupId: 'acme', context: { groupId: 'globex' } })).toBe('acme');
    expect(freshsuccessAccountOf({ type: 'identify', context: { groupId: 'globex' } })).toBe('globex');
    expect(freshsuccessAccountOf({ type: 'group', groupId: '  ', context: { groupId: 'globex' } })).toBe('globex');
    expect(freshsuccessAccountOf({ type: 'group', groupId: 42 })).toBe('42');
    expect(freshsuccessAccountOf({ type: 'track', event: 'E' })).toBe('');
    expect(freshsuccessAccountOf({ type: 'track', groupId: { id: 'acme' } })).toBe('');
    for (const type of ['page', 'screen', 'alias', undefined]) expect(freshsuccessAccountOf({ type, groupId: 'acme' })).toBeUndefined();
  });

  it('keeps the digits of a groupId past 2^53 read exactly', () => {
    expect(freshsuccessAccountOf(parseExact('{"type":"track","groupId":9007199254740993}') as JsonObject)).toBe('9007199254740993');
  });
});
