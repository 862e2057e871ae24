// What the receiver does to each parsed message before it is captured: stamp receivedAt, assign
// a messageId when the client sent none, and say why Segment would drop it.
import type { DropReason, JsonObject } from '../capture';
import { dropReasons } from './drop-reasons';
import type { DuplicateIndex } from './duplicate-index';

export interface PrepareContext {
  /** ISO-8601 receipt time, written to message.receivedAt. */
  receivedAt: string;
  /** The same instant in ms, for the duplicate window. */
  receivedAtMs: number;
  newMessageId: () => string;
  duplicates: DuplicateIndex;
}

export interface PreparedMessage {
  message: JsonObject;
  messageIdAssigned: boolean;
  dropReasons: DropReason[];
}

export function prepareMessage(raw: JsonObject, ctx: PrepareContext): PreparedMessage {
  // Shallow copy: top-level fields are set here; nested values are shared, never mutated.
  const message: JsonObject = { ...raw, receivedAt: ctx.receivedAt };
  // A non-string or empty messageId cannot identify the message, so it gets a fresh one (as Segment does).
  const clientId = message.messageId;
  const messageIdAssigned = typeof clientId !== 'string' || clientId === '';
  if (messageIdAssigned) message.messageId = ctx.newMessageId();
  // Assigned ids are fresh, so only a client-sent id can repeat; recording both keeps the index
  // true to "every messageId captured", which matters when the log is replayed into it.
  const isDuplicate = ctx.duplicates.seen(message.messageId as string, ctx.receivedAtMs);
  return { message, messageIdAssigned, dropReasons: dropReasons(message, { isDuplicate }) };
}
