// The reasons Segment would accept a message with 200 and then silently drop it (domain.md).
// Each message reads after "Segment would drop this: ".
import { CALL_TYPES, type CallType, type DropReason, type JsonObject } from '../capture';
import { MAX_MESSAGE_ID_LENGTH } from './limits';

export interface DropContext {
  /** True when the same messageId was already captured within the duplicate window. */
  isDuplicate: boolean;
}

/** An id field counts as present when it is a non-empty string or a number (Segment accepts both). */
export function hasId(value: unknown): boolean {
  return (typeof value === 'string' && value !== '') || (typeof value === 'number' && Number.isFinite(value));
}

function describeAbsence(value: unknown): string {
  if (value === undefined) return 'no';
  if (value === null) return 'a null';
  if (value === '') return 'an empty';
  return `a non-string (${Array.isArray(value) ? 'array' : typeof value})`;
}

/** What an id field holds that is not an id: null, an empty string, an object… */
function unusableId(value: unknown): string {
  if (value === null) return 'null';
  if (value === '') return 'an empty string';
  if (Array.isArray(value)) return 'an array';
  if (typeof value === 'boolean') return String(value);
  return typeof value === 'object' ? 'an object' : `a ${typeof value}`;
}

/** Required field per call type, beyond the identity every call needs. */
const REQUIRED_BY_TYPE: Partial<Record<CallType, { field: string; code: DropReason['code'] }>> = {
  track: { field: 'event', code: 'missing-event' },
  group: { field: 'groupId', code: 'missing-group-id' },
  alias: { field: 'previousId', code: 'missing-previous-id' },
};

/**
 * A batch body posted to one call's path (analytics-node with `path: '/v1/track'`): Segment reads
 * the whole body as one message, with neither id, and none of the messages in it. Said, since
 * each of them has its ids: "neither a userId nor an anonymousId" alone read as the client's fault.
 */
function batchBodyHint(batch: unknown): string {
  if (!Array.isArray(batch) || batch.length === 0) return '';
  const unread = batch.length === 1 ? 'the message in it is not read' : `none of the ${batch.length} messages in it is read`;
  return `: it is a batch body ({"batch": […]}) posted to one call's path, which reads the whole body as one message, so ${unread}; post batches to /v1/batch`;
}

export function dropReasons(message: JsonObject, ctx: DropContext): DropReason[] {
  const reasons: DropReason[] = [];

  if (!hasId(message.userId) && !hasId(message.anonymousId)) {
    // An id sent empty or of another kind is named: "neither" alone read as if none was sent.
    const sent = (['userId', 'anonymousId'] as const).filter((f) => message[f] !== undefined).map((f) => `its ${f} is ${unusableId(message[f])}`);
    reasons.push({ code: 'missing-identity', message: `it has neither a userId nor an anonymousId${sent.length > 0 ? ` (${sent.join(', ')})` : ''}${batchBodyHint(message.batch)}`, path: 'userId' });
  }

  const type = message.type;
  if (typeof type !== 'string' || !(CALL_TYPES as readonly string[]).includes(type)) {
    const what = type === undefined ? 'it has no type' : `its type ${JSON.stringify(type)} is not a Segment call type`;
    reasons.push({ code: 'unknown-type', message: `${what} (expected one of ${CALL_TYPES.join(', ')})`, path: 'type' });
  } else {
    const required = REQUIRED_BY_TYPE[type as CallType];
    if (required) {
      const value = message[required.field];
      // track's event must be a string; groupId and previousId may be ids (string or number).
      const present = required.field === 'event' ? typeof value === 'string' && value !== '' : hasId(value);
      if (!present) {
        reasons.push({
          code: required.code,
          message: `this ${type} call has ${describeAbsence(value)} ${required.field}`,
          path: required.field,
        });
      }
    }
  }

  const messageId = message.messageId;
  if (typeof messageId === 'string' && messageId.length > MAX_MESSAGE_ID_LENGTH) {
    // Count characters (code points), not UTF-16 units; only needed past the fast length check.
    const characters = [...messageId].length;
    if (characters > MAX_MESSAGE_ID_LENGTH) {
      reasons.push({
        code: 'message-id-too-long',
        message: `its messageId is ${characters} characters long; Segment's limit is ${MAX_MESSAGE_ID_LENGTH}`,
        path: 'messageId',
      });
    }
  }

  if (ctx.isDuplicate) reasons.push(duplicateReason(messageId));
  return reasons;
}

/** The duplicate reason; the receiver adds it where the messageId check runs apart from the others. */
export function duplicateReason(messageId: unknown): DropReason {
  const id = typeof messageId === 'string' ? ` ${JSON.stringify(messageId.length > 60 ? messageId.slice(0, 60) + '…' : messageId)}` : '';
  return {
    code: 'duplicate-message-id',
    message: `a message with the same messageId${id} was already received within the last 24 hours`,
    path: 'messageId',
  };
}
