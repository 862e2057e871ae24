import { describe, expect, it } from 'vitest';
import { createAccountTracker } from '../../../src-shared/validate/account-tracker';

const msg = (userId: string, groupId?: string, type = 'track') => ({ type, event: 'Export', userId, anonymousId: 's', ...(groupId ? { groupId } : {}) });

describe('Freshsuccess account tracker', () => {
  it('reports a userId seen under a second groupId once, then ambiguity without groupId', () => {
    const t = createAccountTracker();
    expect(t.observe(msg('u1', 'acct_a'))).toEqual([]);
    expect(t.observe(msg('u1', 'acct_a'))).toEqual([]);
    expect(t.observe(msg('u1'))).toEqual([]); // one account: resolvable
    const [conflict, ...rest] = t.observe(msg('u1', 'acct_b', 'group'));
    expect(rest).toEqual([]);
    expect(conflict).toMatchObject({ rule: 'freshsuccess.account.userId.mapping-conflict', path: 'groupId', severity: 'warning', profile: 'freshsuccess' });
    expect(conflict.message).toContain('"u1"');
    expect(conflict.message).toContain('acct_a');
    expect(conflict.message).toContain('acct_b');
    expect(t.observe(msg('u1', 'acct_b'))).toEqual([]);
    const [ambiguous] = t.observe(msg('u1'));
    expect(ambiguous).toMatchObject({ rule: 'freshsuccess.account.userId.ambiguous', path: 'userId', severity: 'warning' });
    expect(t.accountsOf('u1')).toEqual(['acct_a', 'acct_b']);
  });

  it('reads context.groupId, ignores other users, non-Freshsuccess calls and resets', () => {
    const t = createAccountTracker();
    t.observe({ type: 'track', userId: 'u1', context: { groupId: 'acct_a' } });
    expect(t.observe(msg('u2', 'acct_b'))).toEqual([]);
    expect(t.observe({ type: 'page', userId: 'u1', groupId: 'acct_z' })).toEqual([]);
    expect(t.observe(msg('u1', 'acct_c'))).toHaveLength(1);
    t.reset();
    expect(t.accountsOf('u1')).toEqual([]);
    expect(t.observe(msg('u1', 'acct_c'))).toEqual([]);
  });
});
