// Freshsuccess account resolution across messages (incremental, pure): without groupId the
// account comes from the userId, so a userId must belong to one account only.
import type { JsonObject } from '../capture';
import type { Finding } from './finding';
import { isMissing } from './field-check';
import { freshsuccessGroupId } from './freshsuccess-rules';
import { str } from '../summary';

/** A userId seen under two or more groupIds, with the message (seq) that first paired each. */
export interface AccountConflict {
  userId: string;
  accounts: { groupId: string; seq?: number }[];
}

export interface AccountTracker {
  /**
   * Records the message's userId -> groupId pairing and returns any account findings for it.
   * `seq` names the message in conflicts.
   */
  observe(message: JsonObject, seq?: number): Finding[];
  /** The same, for a pairing already read off a message (the session model reads its own fields). */
  pair(userId: string, groupId: string | undefined, seq?: number): Finding[];
  /** Accounts (groupIds) seen for a userId, in the order first seen. */
  accountsOf(userId: string): readonly string[];
  /**
   * The account Freshsuccess would give a message of this userId without groupId: its one account;
   * none once it was seen under two (the document: without groupId "the userId must be globally
   * unique across all accounts, as it will be used to determine the correct groupId").
   */
  lastAccountOf(userId: string): string | undefined;
  /** Every userId seen under more than one groupId. */
  conflicts(): AccountConflict[];
  reset(): void;
}

const FRESHSUCCESS_CALLS = new Set(['track', 'identify', 'group']);

/**
 * The account a Freshsuccess call (track, identify, group) names: groupId, else context.groupId;
 * '' when it names none (Freshsuccess then takes the userId's); undefined for other calls, which
 * Freshsuccess does not read. Give it exactIdsOf's message so a groupId past 2^53 keeps its digits.
 */
export function freshsuccessAccountOf(message: JsonObject): string | undefined {
  if (typeof message.type !== 'string' || !FRESHSUCCESS_CALLS.has(message.type)) return undefined;
  const groupId = freshsuccessGroupId(message);
  return isMissing(groupId) ? '' : (str(groupId) ?? '');
}

export function createAccountTracker(): AccountTracker {
  const accountsByUser = new Map<string, string[]>();
  /** userId -> seq of the message that first paired it with each account (same order as accountsByUser). */
  const firstSeqs = new Map<string, (number | undefined)[]>();
  const tracker: AccountTracker = {
    observe(message, seq) {
      const account = freshsuccessAccountOf(message);
      if (account === undefined || isMissing(message.userId)) return [];
      return tracker.pair(String(message.userId), account === '' ? undefined : account, seq);
    },
    pair(userId, groupId, seq) {
      const accounts = accountsByUser.get(userId);
      if (groupId === undefined) {
        if (accounts && accounts.length > 1) {
          return [
            {
              severity: 'warning',
              path: 'userId',
              rule: 'freshsuccess.account.userId.ambiguous',
              message: `This message has no groupId, so Freshsuccess finds the account from userId "${userId}", but that user belongs to ${accounts.length} accounts (${accounts.join(', ')}). Add groupId.`,
              profile: 'freshsuccess',
            },
          ];
        }
        return [];
      }
      if (!accounts) {
        accountsByUser.set(userId, [groupId]);
        firstSeqs.set(userId, [seq]);
        return [];
      }
      if (accounts.includes(groupId)) return [];
      accounts.push(groupId);
      firstSeqs.get(userId)?.push(seq);
      return [
        {
          severity: 'warning',
          path: 'groupId',
          rule: 'freshsuccess.account.userId.mapping-conflict',
          message: `userId "${userId}" was already seen under account ${accounts.slice(0, -1).join(', ')} and now under ${groupId}: a mapping conflict. Messages from this user without groupId cannot be assigned to one account.`,
          profile: 'freshsuccess',
        },
      ];
    },
    accountsOf(userId) {
      return accountsByUser.get(userId) ?? [];
    },
    lastAccountOf(userId) {
      const accounts = accountsByUser.get(userId);
      return accounts !== undefined && accounts.length === 1 ? accounts[0] : undefined;
    },
    conflicts() {
      const out: AccountConflict[] = [];
      for (const [userId, accounts] of accountsByUser) {
        if (accounts.length < 2) continue;
        const seqs = firstSeqs.get(userId) ?? [];
        out.push({ userId, accounts: accounts.map((groupId, i) => (seqs[i] === undefined ? { groupId } : { groupId, seq: seqs[i] })) });
      }
      return out;
    },
    reset() {
      accountsByUser.clear();
      firstSeqs.clear();
    },
  };
  return tracker;
}
