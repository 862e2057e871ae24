// What the receiver does to each parsed message before it is captured: stamp receivedAt, assign
// a messageId when the client sent none, and say why Segment would drop it.
import type { DropReason, JsonObject } from '../capture';
import { dropReasons } from './drop-reasons';
import type { DuplicateIndex } from './duplicate-index';
import { markLossyNumbers, mayHoldLossyNumber, parseExact, stringifyExact } from '../exact-json';
import { topLevelValueSpan } from './batch-scan';
import { appendJsonTail, editMembers, membersTail, openJsonHead } from './json-text';
import { duplicateKeys } from '../validate/duplicate-keys';

export interface PrepareContext {
  /** ISO-8601 receipt time, written to message.receivedAt. */
  receivedAt: string;
  /** The same instant in ms, for the duplicate window. */
  receivedAtMs: number;
  newMessageId: () => string;
  /**
   * Absent: the duplicate check is left to the caller (the ingest worker prepares messages apart
   * from the index, which lives with the store; see duplicateReason).
   */
  duplicates?: DuplicateIndex;
}

export interface PreparedMessage {
  message: JsonObject;
  messageIdAssigned: boolean;
  dropReasons: DropReason[];
  /**
   * Present only when the client sent a messageId that was replaced (12345, true, {}, "", null):
   * its value, kept beside the capture since the message now holds the assigned one.
   */
  clientMessageId?: unknown;
  /** clientMessageId's text as sent, when it holds a number the value cannot (see CapturedMessage). */
  clientMessageIdJson?: string;
}

export interface PreparedMessageJson extends PreparedMessage {
  /**
   * A one-line JSON text that parses to `message`: the client's text with the stamped fields
   * appended, or JSON.stringify(message) where appending would repeat a key.
   */
  messageJson: string;
  /**
   * When set, messageJson is messageJsonHead + messageJsonTail: the parts, for writers that can
   * take them one after the other rather than copy them into one flat string first.
   */
  messageJsonHead: string | undefined;
  messageJsonTail: string | undefined;
}

export function prepareMessage(raw: JsonObject, ctx: PrepareContext): PreparedMessage {
  // Shallow copy: top-level fields are set here; nested values are shared, never mutated.
  const message: JsonObject = { ...raw };
  const clientId = message.messageId;
  const messageIdAssigned = stamp(message, ctx);
  const prepared: PreparedMessage = { message, messageIdAssigned, dropReasons: reasonsFor(message, ctx) };
  if (messageIdAssigned && clientId !== undefined) prepared.clientMessageId = clientId;
  return prepared;
}

/**
 * prepareMessage for a message the caller owns (fresh from JSON.parse), with its JSON text:
 * fields are set in place, saving a copy per message on the ingest path, and the text is extended
 * rather than the message stringified again. `sentJson` + `addedJson` must describe the message as
 * passed in (see MessageJson in parse.ts). That works when receivedAt and messageId are new keys;
 * when the client sent either (appending would repeat the key; the text must say what the
 * message holds, once), or there is no sentJson, the message is stringified.
 */
export function prepareOwnedMessage(message: JsonObject, ctx: PrepareContext, sentJson?: string, addedJson = ''): PreparedMessageJson {
  const hadReceivedAt = hasOwn(message, 'receivedAt');
  const hadMessageId = hasOwn(message, 'messageId');
  const clientId = message.messageId;
  const messageIdAssigned = stamp(message, ctx);
  let messageJson: string;
  let messageJsonHead: string | undefined;
  let messageJsonTail: string | undefined;
  if (sentJson === undefined || hadReceivedAt || (hadMessageId && messageIdAssigned)) messageJson = stampedJson(message, ctx, messageIdAssigned, sentJson, addedJson);
  else {
    let tail: string;
    if (messageIdAssigned) {
      const members = `${addedJson === '' ? '' : addedJson + ','}"receivedAt":${JSON.stringify(ctx.receivedAt)},"messageId":${JSON.stringify(message.messageId)}`;
      tail = membersTail(members);
    } else tail = receivedAtTail(addedJson, ctx.receivedAt);
    const head = openJsonHead(sentJson);
    if (head === undefined) messageJson = appendJsonTail(sentJson, tail);
    else {
      messageJson = head + tail;
      messageJsonHead = head;
      messageJsonTail = tail;
    }
  }
  const prepared: PreparedMessageJson = { message, messageIdAssigned, dropReasons: reasonsFor(message, ctx), messageJson, messageJsonHead, messageJsonTail };
  // The rare shape only (a client id replaced): the common message keeps its object shape.
  if (hadMessageId && messageIdAssigned && clientId !== undefined) {
    prepared.clientMessageId = clientId;
    const exact = sentJson === undefined || typeof clientId === 'string' || typeof clientId === 'boolean' ? undefined : exactValueText(sentJson, 'messageId');
    if (exact !== undefined) prepared.clientMessageIdJson = exact;
  }
  return prepared;
}

/**
 * The text of a message whose receivedAt or messageId was replaced: JSON.stringify of it, or, when
 * its text could hold a number JSON.parse rounded (exact-json), that text read with parseExact and
 * stamped the same way, so the log keeps the client's digits.
 */
function stampedJson(message: JsonObject, ctx: PrepareContext, messageIdAssigned: boolean, sentJson: string | undefined, addedJson: string): string {
  if (sentJson !== undefined && duplicateKeys(sentJson).length > 0) {
    // A key written twice: the text edited, not written anew (which would keep only the last
    // value), so the log still shows it. The replaced members go, the receiver's are appended.
    const members = `${addedJson === '' ? '' : addedJson + ','}"receivedAt":${JSON.stringify(ctx.receivedAt)}${messageIdAssigned ? `,"messageId":${JSON.stringify(message.messageId)}` : ''}`;
    return appendJsonTail(editMembers(sentJson, messageIdAssigned ? ['receivedAt', 'messageId'] : ['receivedAt']), membersTail(members));
  }
  if (sentJson === undefined || !(mayHoldLossyNumber(sentJson) || mayHoldLossyNumber(addedJson))) return JSON.stringify(message);
  const exact = parseExact(addedJson === '' ? sentJson : appendJsonTail(sentJson, membersTail(addedJson))) as JsonObject;
  exact.receivedAt = ctx.receivedAt;
  if (messageIdAssigned) exact.messageId = message.messageId;
  return stringifyExact(exact);
}

/** Sets receivedAt and, when the client sent no usable one, a messageId. True when assigned. */
function stamp(message: JsonObject, ctx: PrepareContext): boolean {
  message.receivedAt = ctx.receivedAt;
  // A non-string or empty messageId cannot identify the message, so it gets a fresh one (as Segment does).
  const clientId = message.messageId;
  const assigned = typeof clientId !== 'string' || clientId === '';
  if (assigned) message.messageId = ctx.newMessageId();
  return assigned;
}

function reasonsFor(message: JsonObject, ctx: PrepareContext): DropReason[] {
  // Assigned ids are fresh, so only a client-sent id can repeat; recording both keeps the index
  // true to "every messageId captured", which matters when the log is replayed into it.
  const isDuplicate = ctx.duplicates !== undefined && ctx.duplicates.seen(message.messageId as string, ctx.receivedAtMs);
  return dropReasons(message, { isDuplicate });
}

/**
 * The text of `text`'s top-level `key` when it holds a number JSON.parse alters (an id past 2^53),
 * on one line with its digits; undefined when the parsed value says the same.
 */
export function exactValueText(text: string, key: string): string | undefined {
  if (!mayHoldLossyNumber(text)) return undefined;
  const span = topLevelValueSpan(text, key);
  if (span === undefined) return undefined;
  const value = text.slice(span.start, span.end);
  return markLossyNumbers(value) === value ? undefined : stringifyExact(parseExact(value));
}

function hasOwn(o: object, key: string): boolean {
  return Object.prototype.hasOwnProperty.call(o, key);
}

// Every message of a request has the same receivedAt and (nearly always) the same batch fields
// filled in: build that tail once per request, not per message.
let lastAdded = '';
let lastReceivedAt = '';
let lastTail = '';
function receivedAtTail(addedJson: string, receivedAt: string): string {
  if (receivedAt !== lastReceivedAt || addedJson !== lastAdded || lastTail === '') {
    lastAdded = addedJson;
    lastReceivedAt = receivedAt;
    lastTail = membersTail(`${addedJson === '' ? '' : addedJson + ','}"receivedAt":${JSON.stringify(receivedAt)}`);
  }
  return lastTail;
}
