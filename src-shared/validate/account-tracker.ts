// Freshsuccess account resolution across messages (incremental, pure): without groupId the
// account comes from the userId, so a userId must belong to one account only.
import type { JsonObject } from '../capture';
import type { Finding } from './finding';
import { isMissing } from './field-check';
import { freshsuccessGroupId } from './freshsuccess-rules';

export interface AccountTracker {
  /** Records the message's userId -> groupId pairing and returns any account findings for it. */
  observe(message: JsonObject): Finding[];
  /** Accounts (groupIds) seen for a userId, in the order first seen. */
  accountsOf(userId: string): readonly string[];
  reset(): void;
}

const FRESHSUCCESS_CALLS = new Set(['track', 'identify', 'group']);

export function createAccountTracker(): AccountTracker {
  const accountsByUser = new Map<string, string[]>();
  return {
    observe(message) {
      if (typeof message.type !== 'string' || !FRESHSUCCESS_CALLS.has(message.type)) return [];
      if (isMissing(message.userId)) return [];
      const userId = String(message.userId);
      const rawGroupId = freshsuccessGroupId(message);
      const accounts = accountsByUser.get(userId);
      if (isMissing(rawGroupId)) {
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
      const groupId = String(rawGroupId);
      if (!accounts) {
        accountsByUser.set(userId, [groupId]);
        return [];
      }
      if (accounts.includes(groupId)) return [];
      accounts.push(groupId);
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
    reset() {
      accountsByUser.clear();
    },
  };
}
