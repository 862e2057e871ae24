// The reasons Segment would accept a message with 200 and then silently drop it (domain.md).
// STUB: signature fixed; implementation owned by the spec work.
import type { DropReason, JsonObject } from '../capture';

export interface DropContext {
  /** True when the same messageId was already captured within the duplicate window. */
  isDuplicate: boolean;
}

export function dropReasons(message: JsonObject, ctx: DropContext): DropReason[] {
  const reasons: DropReason[] = [];
  if (message.userId == null && message.anonymousId == null) {
    reasons.push({ code: 'missing-identity', message: 'it has neither userId nor anonymousId', path: 'userId' });
  }
  if (ctx.isDuplicate) reasons.push({ code: 'duplicate-message-id', message: 'duplicate messageId', path: 'messageId' });
  return reasons;
}
