// A Tracking API request, body text -> everything the store needs to capture its messages, as
// columns (one array per field, one entry per message): the shape that crosses from the ingest
// worker thread to the main thread cheaply (arrays of strings and numbers, no object per message).
//
// Everything but the duplicate-messageId check: that needs every capture so far, which only the
// store knows, so the store runs it when it appends (duplicateReason, in message order).
import type { DropReason, JsonObject } from '../capture';
import { displayName, exactIdsOf, str, tallyFindings, type FindingTally } from '../summary';
import { ingestFindings } from '../validate/validate';
import { replacedKeyFindings } from '../validate/replaced-keys';
import { freshsuccessAccountOf } from '../validate/account-tracker';
import { prepareOwnedMessage, type PrepareContext } from './ingest';
import { clientMessageIdFinding } from './client-message-id';
import { parseTrackingRequest, type ParsedTrackingRequest, type TrackingRequestInput } from './parse';

export interface PreparedTrackingRequest {
  ok: true;
  writeKey?: string;
  writeKeySource: 'basic' | 'body' | 'none';
  authWarning?: string;
  /** Why the body's writeKey was not taken (see ParsedTrackingRequest). */
  writeKeyWarning?: string;
  /** Keys written twice that the receiver takes out or replaces (see ParsedTrackingRequest). */
  replacedKeyRepeats?: string[];
  /** After assignment: the client's id, or a fresh one when it sent none usable. */
  messageIds: string[];
  messageIdAssigned: boolean[];
  /**
   * The messages whose client messageId was replaced, as [index, the client's value, its text when
   * it holds a number the value cannot]; absent when none (the usual request).
   */
  clientMessageIds?: ClientMessageIdEntry[];
  /** Why Segment would drop each message, all but the duplicate check. */
  dropReasons: DropReason[][];
  /** Summary fields (see summaryFrom). */
  types: string[];
  names: string[];
  userIds: (string | undefined)[];
  anonymousIds: (string | undefined)[];
  /** freshsuccessAccountOf each message: the store pairs userIds with accounts across messages. */
  accounts: (string | undefined)[];
  /** Finding tallies: message i has tallies[tallyOf[i]] (a batch's messages mostly share one). */
  tallies: FindingTally[];
  tallyOf: number[];
  /**
   * Each message as one line of JSON, receivedAt (and an assigned messageId) included, in two
   * parts: jsons[i] + jsonTails[i]. Kept apart so the encoder writes one after the other rather
   * than flatten the joined string into a copy first.
   */
  jsons: string[];
  jsonTails: string[];
  /**
   * Where jsons[i] starts in the body text when it is a slice of it (the message as sent, its
   * closing brace left for the tail), -1 when not: a writer can then copy the body's own bytes.
   */
  jsonStarts: number[];
}

/** [message index, the client's replaced messageId, its exact text when the value rounds it]. */
export type ClientMessageIdEntry = [number, unknown] | [number, unknown, string];

export type PrepareTrackingResult = PreparedTrackingRequest | Extract<ParsedTrackingRequest, { ok: false }>;

export interface ReceiptStamp {
  /** ISO-8601 receipt time, written into every message as receivedAt. */
  receivedAt: string;
  receivedAtMs: number;
  newMessageId: () => string;
}

const NO_REASONS: DropReason[] = [];

export function prepareTrackingRequest(input: TrackingRequestInput, stamp: ReceiptStamp): PrepareTrackingResult {
  const parsed = parseTrackingRequest(input);
  if (!parsed.ok) return parsed;
  const { messages, messageJson } = parsed;
  const n = messages.length;
  const ctx: PrepareContext = { receivedAt: stamp.receivedAt, receivedAtMs: stamp.receivedAtMs, newMessageId: stamp.newMessageId };
  const out: PreparedTrackingRequest = {
    ok: true,
    writeKey: parsed.writeKey,
    writeKeySource: parsed.writeKeySource,
    authWarning: parsed.authWarning,
    ...(parsed.writeKeyWarning ? { writeKeyWarning: parsed.writeKeyWarning } : {}),
    ...(parsed.replacedKeyRepeats ? { replacedKeyRepeats: parsed.replacedKeyRepeats } : {}),
    messageIds: new Array(n),
    messageIdAssigned: new Array(n),
    dropReasons: new Array(n),
    types: new Array(n),
    names: new Array(n),
    userIds: new Array(n),
    anonymousIds: new Array(n),
    accounts: new Array(n),
    tallies: [],
    tallyOf: new Array(n),
    jsons: new Array(n),
    jsonTails: new Array(n),
    jsonStarts: new Array(n),
  };
  let lastTally: FindingTally | undefined;
  // The few messages whose text may write a key twice (parse.ts): their stored text is walked for it.
  const repeatsKeys = messageJson.repeatsKeys;
  const replaced = parsed.replacedKeyRepeats;
  let nextRepeat = 0;
  for (let i = 0; i < n; i++) {
    const prepared = prepareOwnedMessage(messages[i], ctx, messageJson.sent[i], messageJson.added[i]);
    const message: JsonObject = prepared.message;
    out.messageIds[i] = message.messageId as string;
    out.messageIdAssigned[i] = prepared.messageIdAssigned;
    const replacedId = prepared.messageIdAssigned && 'clientMessageId' in prepared;
    if (replacedId) (out.clientMessageIds ??= []).push(prepared.clientMessageIdJson === undefined ? [i, prepared.clientMessageId] : [i, prepared.clientMessageId, prepared.clientMessageIdJson]);
    out.dropReasons[i] = prepared.dropReasons.length === 0 ? NO_REASONS : prepared.dropReasons;
    if (prepared.messageJsonHead !== undefined && prepared.messageJsonTail !== undefined) {
      out.jsons[i] = prepared.messageJsonHead; // sent[i] without its closing brace
      out.jsonTails[i] = prepared.messageJsonTail;
      out.jsonStarts[i] = messageJson.starts[i];
    } else {
      out.jsons[i] = prepared.messageJson;
      out.jsonTails[i] = '';
      out.jsonStarts[i] = -1;
    }
    let keysText: string | undefined;
    if (repeatsKeys !== undefined && repeatsKeys[nextRepeat] === i) {
      nextRepeat++;
      keysText = out.jsons[i] + out.jsonTails[i];
    }
    const findings = ingestFindings(message, out.jsons[i], keysText);
    // Keys the receiver took out or replaced, written twice (said on the request): this message's warnings.
    if (replaced !== undefined) findings.push(...replacedKeyFindings(replaced, i));
    if (replacedId) findings.push(clientMessageIdFinding(prepared.clientMessageId, message.messageId, prepared.clientMessageIdJson));
    const tally = tallyFindings(findings);
    if (tally !== lastTally) {
      out.tallies.push(tally);
      lastTally = tally;
    }
    out.tallyOf[i] = out.tallies.length - 1;
    // Ids (and a group's name, its groupId) with the client's digits, read from the text when JSON.parse rounded one.
    const ids = exactIdsOf(message, () => out.jsons[i] + out.jsonTails[i]);
    out.types[i] = str(message.type) ?? '?';
    out.names[i] = displayName(ids);
    out.userIds[i] = str(ids.userId);
    out.anonymousIds[i] = str(ids.anonymousId);
    out.accounts[i] = freshsuccessAccountOf(ids);
  }
  return out;
}
