// Parsing of Tracking API requests: body text + headers -> messages, or the 400 Segment would give.
// Runs on every request, so the happy path does one JSON.parse and one scan of the body text
// (scanBatchItems: where each batch item's text is), and nothing else that scales with the body. Each
// message's text is its slice of the body, as the client sent it: that is what Segment's 32 KB
// limit measures, and it is handed on with the message so the receiver never stringifies it for
// its log line. A message is stringified only where its slice cannot serve (see singleMessage, batchMessages).
import type { JsonObject } from '../capture';
import { mayHoldLossyNumber, parseExact, stringifyExact } from '../exact-json';
import { keysOfLastScan, maxNestingDepth, scanBatchItems } from './batch-scan';
import { editMembers, membersNamed, membersWhere, valuesNamed } from './json-text';
import { countParsedKeys, duplicateKeys, listedValues, timesWritten } from '../validate/duplicate-keys';
import { locateJsonError, notUtf8JsonReason, snippetAround } from './json-error';
import { countedItemsText } from '../validate/replaced-keys';
import { formatCount, MAX_BATCH_FIELD_COPY_BYTES, MAX_BATCH_MESSAGES, MAX_MESSAGE_BYTES, MAX_NESTING_DEPTH, MAX_REQUEST_BYTES, tooDeepMessage } from './limits';
import { utf8ByteLength, utf8ByteLengthOver } from './utf8';

export type TrackingPath = 'track' | 'identify' | 'group' | 'page' | 'screen' | 'alias' | 'batch';

export const TRACKING_PATHS: readonly TrackingPath[] = ['track', 'identify', 'group', 'page', 'screen', 'alias', 'batch'];

export function isTrackingPath(value: string): value is TrackingPath {
  return (TRACKING_PATHS as readonly string[]).includes(value);
}

/**
 * The short paths analytics.js 2.0 (@segment/analytics-next) posts to, and /v1/b, where it and
 * Segment's mobile libraries post batches: the same calls as the long ones.
 */
export const SHORT_TRACKING_PATHS: Readonly<Record<string, TrackingPath>> = { t: 'track', i: 'identify', g: 'group', p: 'page', s: 'screen', a: 'alias', b: 'batch' };

/**
 * Older names Segment's Tracking API still answers to: /v1/import is its batch endpoint under the
 * name analytics-ruby (2.x, `Defaults::Request::PATH`) posts every batch to by default ("internally
 * they're aliases", segmentio/analytics-ruby#142; the same in analytics-go#71, analytics-php#171).
 */
export const LEGACY_TRACKING_PATHS: Readonly<Record<string, TrackingPath>> = { import: 'batch' };

/**
 * "track" or "t" -> "track", "import" -> "batch"; anything else -> undefined. One trailing slash
 * names the same path ("import/" -> "batch"): analytics-java posts every batch to /v1/import/
 * (Analytics.Builder's DEFAULT_PATH, "/v1/import/", after `endpoint(host)`), and Segment takes it.
 */
export function trackingPathOf(segment: string): TrackingPath | undefined {
  if (segment.length > 1 && segment.endsWith('/')) segment = segment.slice(0, -1);
  if (isTrackingPath(segment)) return segment;
  if (Object.hasOwn(SHORT_TRACKING_PATHS, segment)) return SHORT_TRACKING_PATHS[segment];
  return Object.hasOwn(LEGACY_TRACKING_PATHS, segment) ? LEGACY_TRACKING_PATHS[segment] : undefined;
}

export type ParseErrorCode =
  | 'invalid-json'
  | 'not-an-object'
  | 'batch-not-array'
  | 'batch-item-not-object'
  | 'message-too-large'
  | 'request-too-large'
  | 'too-many-messages'
  | 'too-deep'
  | 'batch-repeated';

export type ParsedTrackingRequest =
  | {
      ok: true;
      messages: JsonObject[];
      /**
       * Each message's JSON text, so that nothing downstream stringifies a message again: `sent[i]`
       * is messages[i] as the client sent it (its slice of the body, or JSON.stringify of it where
       * the slice cannot serve), `added[i]` the members filled in afterwards (batch-level fields,
       * or the type a single call takes from its path; '' when none, the same string for every
       * message that got the same ones). So sent[i] with added[i] appended inside its braces is a
       * JSON text that parses to messages[i], on one line (no line breaks).
       */
      messageJson: MessageJson;
      writeKey?: string;
      writeKeySource: 'basic' | 'body' | 'none';
      /**
       * Set when an Authorization header was present but unusable (not Basic, bad base64, empty
       * user name); the write key then comes from the body if there is one. Segment still answers 200.
       */
      authWarning?: string;
      /**
       * Set when the body had a writeKey that could not be taken (not text, or empty) and no key
       * came from Basic auth, or one that is another key than the one taken (Basic auth's, or a
       * batch item's that differs from the first): the writeKey is taken out of the stored
       * message, so without this a key sent as a number read as "none sent", and a wrong key
       * beside the right one went unseen. Never holds the value.
       */
      writeKeyWarning?: string;
      /**
       * One sentence per key the body writes twice that the receiver takes out of the message or
       * replaces (a writeKey, the body's or an item's; a message's receivedAt; a single call's
       * type other than its path's): the stored message cannot show such a repeat, as it shows
       * any other, so this says it. Never holds a write key's value. Absent when none.
       */
      replacedKeyRepeats?: string[];
    }
  | {
      ok: false;
      status: 400;
      code: ParseErrorCode;
      /** Names the problem and where, e.g. "batch[3] is 40,123 bytes; Segment's limit is 32 KB (32,768 bytes) per message". */
      error: string;
    };

export interface MessageJson {
  sent: string[];
  added: string[];
  /** Where sent[i] starts in the body text when it is a slice of it (as sent); -1 when not (stringified). */
  starts: number[];
  /**
   * The messages whose text as sent may write a key twice in one object (the scan's key count
   * differs from the parsed message's: validate/duplicate-keys.ts), by index; absent when none.
   * Only their stored text is walked for the duplicate-key warning.
   */
  repeatsKeys?: number[];
}

export interface TrackingRequestInput {
  path: TrackingPath;
  /** Body already decompressed and decoded as UTF-8. */
  bodyText: string;
  /** Size of the decompressed body in bytes (checked against the 500 KB request limit). */
  bodyBytes: number;
  authorizationHeader?: string;
  /**
   * The path as the client called it ("/v1/import", "/v1/b"), for answers that name it; `/v1/${path}`
   * when not given.
   */
  endpoint?: string;
}

/** Fields of a batch request that apply to every item lacking its own (analytics-node puts sentAt there). */
const BATCH_DEFAULT_FIELDS = ['sentAt', 'context', 'integrations'] as const;
/**
 * Batch-level objects Segment merges into each item's own ("merged with any context inside each
 * of the items"): the item's keys win.
 */
const BATCH_MERGED_FIELDS = ['context', 'integrations'] as const;

export function parseTrackingRequest(input: TrackingRequestInput): ParsedTrackingRequest {
  if (input.bodyBytes > MAX_REQUEST_BYTES) {
    return fail(
      'request-too-large',
      `the request body is ${formatCount(input.bodyBytes)} bytes; Segment's limit is 500 KB (${formatCount(MAX_REQUEST_BYTES)} bytes) per request`,
    );
  }
  let body: unknown;
  try {
    body = JSON.parse(input.bodyText);
  } catch (e) {
    return fail('invalid-json', describeInvalidJson(input.bodyText, e));
  }
  if (!isJsonObject(body)) {
    const expected = input.path === 'batch' ? '{"batch": [ ...messages ]}' : 'a message object';
    return fail('not-an-object', `the body must be a JSON object (${expected}), but it is ${describeJsonType(body)}`);
  }

  const messages =
    input.path === 'batch'
      ? batchMessages(body, input.bodyText, input.endpoint ?? '/v1/batch')
      : singleMessage(input.path, body, input.bodyText, input.endpoint ?? `/v1/${input.path}`);
  if ('error' in messages) return messages.error;
  const fromItems = body.writeKey === undefined && messages.itemWriteKey !== undefined;
  const auth = resolveWriteKey(input.authorizationHeader, fromItems ? messages.itemWriteKey : body.writeKey, fromItems ? "the writeKey in the batch's items" : "the body's writeKey");
  if (auth.writeKey !== undefined && auth.writeKeyWarning === undefined && messages.itemKeys) {
    // An item's key that is not the one taken is dropped with the others: say so.
    const taken = auth.writeKey;
    const other = messages.itemKeys.find((k) => k.key !== taken);
    if (other) {
      const takenFrom =
        auth.writeKeySource === 'basic'
          ? 'the one in the Authorization header (Basic auth)'
          : fromItems
            ? `batch[${messages.itemKeys.find((k) => k.key === taken)?.index ?? 0}]'s`
            : "the body's writeKey";
      auth.writeKeyWarning = `batch[${other.index}]'s writeKey is another key than ${takenFrom}, which was taken for the whole request: batch[${other.index}]'s was ignored`;
    }
  }
  return { ok: true, messages: messages.list, messageJson: messages.json, ...auth, ...(messages.replacedKeyRepeats ? { replacedKeyRepeats: messages.replacedKeyRepeats } : {}) };
}

type Failure = Extract<ParsedTrackingRequest, { ok: false }>;

function fail(code: ParseErrorCode, error: string): Failure {
  return { ok: false, status: 400, code, error };
}

/**
 * itemWriteKey: the first write key found inside a batch's items (analytics.js puts one in each);
 * itemKeys: the first item holding each different text key (at most a few), to name one that
 * disagrees with the key taken.
 */
type MessageList = { list: JsonObject[]; json: MessageJson; itemWriteKey?: unknown; itemKeys?: ItemKey[]; replacedKeyRepeats?: string[] } | { error: Failure };
type ItemKey = { index: number; key: string };
/** Enough different keys to find one that is not the key taken (the taken one is among the first two). */
const ITEM_KEYS_KEPT = 2;

function singleMessage(path: Exclude<TrackingPath, 'batch'>, body: JsonObject, bodyText: string, endpoint: string): MessageList {
  // The write key is request authentication, not message content (and must not show unmasked in
  // the raw JSON view). Segment takes the type from the path, whatever the body says.
  const depth = maxNestingDepth(bodyText);
  if (depth > MAX_NESTING_DEPTH) return { error: fail('too-deep', tooDeepMessage(depth, `the ${path} message`)) };
  const repeatsKeys = keysOfLastScan() !== countParsedKeys(body) ? [0] : undefined;
  const { writeKey: _writeKey, ...rest } = body;
  const message: JsonObject = { ...rest, type: path };
  // The body is the message's text unless a key has to go (writeKey) or change (another type),
  // or it spans lines (the log keeps one message per line).
  let sent: string;
  let added = '';
  let start = -1;
  const ownType = hasOwn(body, 'type');
  const trimmed = bodyText.trim(); // JSON.parse accepted it, so any whitespace around it is JSON whitespace
  const typeDropped = ownType && body.type !== path;
  const rewrite = hasOwn(body, 'writeKey') || typeDropped;
  // The members the receiver takes out or replaces, each written twice: said apart (the log cannot show them).
  const replaced = repeatsKeys && (rewrite || hasOwn(body, 'receivedAt')) ? replacedRepeats(trimmed, '', typeDropped ? SINGLE_CALL_REPLACED_KEYS : REPLACED_KEYS, { endpoint, path }) : [];
  if (repeatsKeys && (rewrite || hasLineBreak(trimmed))) {
    // Writing a key twice, and spread over lines or rewritten: kept as written, on one line, less
    // the writeKey and another type, so the log still shows the key twice (written anew, it would
    // hold the last one only).
    sent = oneLine(rewrite ? editMembers(trimmed, typeDropped ? ['writeKey', 'type'] : ['writeKey']) : trimmed);
    if (!ownType || typeDropped) added = `"type":${JSON.stringify(path)}`;
  } else if (rewrite || hasLineBreak(trimmed)) {
    // Written anew; a number JSON.parse rounded is written with the client's digits (exact-json).
    if (mayHoldLossyNumber(trimmed)) {
      const { writeKey: _key, ...exact } = parseExact(trimmed) as JsonObject;
      sent = stringifyExact({ ...exact, type: path });
    } else sent = JSON.stringify(message);
  } else {
    sent = trimmed;
    start = bodyText.indexOf('{');
    if (!ownType) added = `"type":${JSON.stringify(path)}`;
  }
  const tooLarge = messageTooLarge(sent, `the ${path} message`);
  if (tooLarge) return { error: tooLarge };
  return { list: [message], json: { sent: [sent], added: [added], starts: [start], ...(repeatsKeys ? { repeatsKeys } : {}) }, ...(replaced.length > 0 ? { replacedKeyRepeats: replaced } : {}) };
}

function batchMessages(body: JsonObject, bodyText: string, endpoint: string): MessageList {
  const items = body.batch;
  if (!Array.isArray(items)) {
    const error =
      items === undefined
        ? `the body has no "batch" field; ${endpoint} expects {"batch": [ ...messages ]}`
        : `"batch" must be an array of messages, but it is ${describeJsonType(items)}`;
    return { error: fail('batch-not-array', error) };
  }
  if (items.length > MAX_BATCH_MESSAGES) {
    return {
      error: fail(
        'too-many-messages',
        `"batch" has ${formatCount(items.length)} messages; Segment's limit is ${formatCount(MAX_BATCH_MESSAGES)} messages per batch`,
      ),
    };
  }
  const spans = scanBatchItems(bodyText);
  const depth = spans ? spans.maxDepth : maxNestingDepth(bodyText);
  if (depth > MAX_NESTING_DEPTH) return { error: fail('too-deep', tooDeepMessage(depth, 'the batch request')) };
  // Cannot differ for text JSON.parse accepted; checked so a scanner bug costs speed, not data.
  const starts = spans !== undefined && spans.starts.length === items.length ? spans.starts : undefined;
  const ends = spans?.ends ?? [];
  // A key written twice outside the items (rare: the scan's count against the parsed body's).
  let outsideText: string | undefined;
  if (spans !== undefined && starts !== undefined && spans.outerKeys !== outerParsedKeys(body)) {
    outsideText = starts.length > 0 ? `${bodyText.slice(0, starts[0])}0${bodyText.slice(ends[ends.length - 1])}` : bodyText;
    const arrays = valuesNamed(outsideText, 'batch');
    if (arrays.length > 1) return { error: fail('batch-repeated', batchRepeated(arrays, items.length)) };
  }
  // The items' writeKeys and receivedAts written twice, and the batch's writeKey (said apart: none is kept).
  const replaced: string[] = outsideText !== undefined && hasOwn(body, 'writeKey') ? replacedRepeats(outsideText, '', ['writeKey']) : [];
  let replacedMore = 0;
  /** The items whose keys replacedMore counts: listed, so the other items are not told they may be among them. */
  let countedItems: number[] | undefined;
  const defaults = BATCH_DEFAULT_FIELDS.filter((field) => body[field] !== undefined);
  // Made only for the rare items written anew, or a batch-level context (see ExactBatch).
  let exact: ExactBatch | undefined;
  // Each default's JSON member, stringified once per request; most items lack all of them, and
  // share one string for the lot. A string (sentAt) cannot hold a number JSON.parse rounds; a
  // batch-level context (analytics-go's) could, and is then written with the client's digits.
  const defaultMembers: string[] = new Array(defaults.length);
  for (let d = 0; d < defaults.length; d++) {
    const value = body[defaults[d]];
    const exactValue = typeof value === 'string' ? undefined : (exact ??= new ExactBatch(body, bodyText, starts, ends, defaults)).batchLevel()?.[defaults[d]];
    defaultMembers[d] = `${JSON.stringify(defaults[d])}:${exactValue === undefined ? JSON.stringify(value) : stringifyExact(exactValue)}`;
  }
  // A batch-level field written twice, or holding a key written twice, is copied into the items
  // as written (each occurrence, in order), so each item that takes it shows the repeat and gets
  // the duplicate-key warning: the last value is the one Segment copies in.
  let outsideRepeats = false;
  if (outsideText !== undefined) {
    for (let d = 0; d < defaults.length; d++) {
      const written = membersNamed(outsideText, defaults[d]);
      if (written.length > 1 || duplicateKeys(`{${written[0]}}`).length > 0) {
        defaultMembers[d] = oneLine(written.join(','));
        outsideRepeats = true;
      }
    }
  }
  const allDefaults = defaultMembers.join(',');
  // Checked before any item is copied: the copies, not the request, are what would be stored.
  if (allDefaults !== '' && items.length * allDefaults.length > MAX_BATCH_FIELD_COPY_BYTES / 3) {
    const copied = items.length * utf8ByteLength(allDefaults);
    if (copied > MAX_BATCH_FIELD_COPY_BYTES) {
      return {
        error: fail(
          'request-too-large',
          `the batch-level ${defaults.join(', ')} (${formatCount(utf8ByteLength(allDefaults))} bytes) would be copied into each of the ${formatCount(items.length)} messages, ${formatCount(copied)} bytes in all; Eventbench stores at most ${formatCount(MAX_BATCH_FIELD_COPY_BYTES)} bytes of such copies per request: send a smaller batch-level ${defaults.join(', ')} or fewer messages per batch`,
        ),
      };
    }
  }
  const lineBreaks = new LineBreakFinder(bodyText);
  const sent: string[] = new Array(items.length);
  const added: string[] = new Array(items.length);
  const sentStarts: number[] = new Array(items.length);
  let itemWriteKey: unknown;
  const itemKeys: ItemKey[] = [];
  let repeatsKeys: number[] | undefined;
  const keyCounts = spans?.keyCounts;
  for (let i = 0; i < items.length; i++) {
    const item: unknown = items[i];
    if (!isJsonObject(item)) {
      return { error: fail('batch-item-not-object', `batch[${i}] must be a message object, but it is ${describeJsonType(item)}`) };
    }
    // Its keys as written against its keys as parsed, before anything is set on it.
    if (outsideRepeats || (starts && keyCounts && keyCounts[i] !== countParsedKeys(item))) (repeatsKeys ??= []).push(i);
    // Measured as the client sent it (bytes as sent), before batch-level fields are copied in.
    const start = starts ? starts[i] : 0;
    const end = starts ? ends[i] : 0;
    const text = starts ? bodyText.slice(start, end) : JSON.stringify(item);
    const tooLarge = messageTooLarge(text, `batch[${i}]`);
    if (tooLarge) return { error: tooLarge };
    // The log keeps a message on one line: an item spread over lines is stringified instead.
    let rewritten = !starts || lineBreaks.within(start, end);
    sent[i] = text;
    sentStarts[i] = rewritten ? -1 : start;
    const ownWriteKey = Object.prototype.hasOwnProperty.call(item, 'writeKey');
    if (ownWriteKey) {
      // analytics.js, batching, puts the write key in every event: it authenticates the request,
      // it is not message content, and it is never kept in clear (as for a single call).
      if (itemWriteKey === undefined) itemWriteKey = item.writeKey;
      const key = item.writeKey;
      if (typeof key === 'string' && key !== '' && itemKeys.length < ITEM_KEYS_KEPT && !itemKeys.some((k) => k.key === key)) itemKeys.push({ index: i, key });
      delete item.writeKey;
      rewritten = true;
      sentStarts[i] = -1;
    }
    // Writing a key twice: a rewrite edits its text (editMembers), so the log still shows the key twice.
    const repeats = starts !== undefined && repeatsKeys !== undefined && repeatsKeys[repeatsKeys.length - 1] === i;
    if (repeats && (ownWriteKey || hasOwn(item, 'receivedAt'))) {
      const found = replacedRepeats(text, `batch[${i}].`, REPLACED_KEYS);
      const room = Math.max(0, MAX_REPLACED_SAID - replaced.length);
      replaced.push(...found.slice(0, room));
      replacedMore += found.length - Math.min(room, found.length);
      if (found.length > room) (countedItems ??= []).push(i);
    }
    // The items are fresh from JSON.parse and owned by us: fill in place rather than copy.
    let merged = false;
    let mergedInto: Record<string, string> | undefined;
    for (const field of BATCH_MERGED_FIELDS) {
      const outer = body[field];
      const own = item[field];
      if (isJsonObject(outer) && isJsonObject(own)) {
        if (repeats) {
          // The batch's object as written when it holds a repeat (outsideRepeats): its members the item lacks, each occurrence.
          const written = outsideRepeats && outsideText !== undefined ? valuesNamed(outsideText, field).pop() : undefined;
          const members =
            written !== undefined
              ? oneLine(membersWhere(written, (k) => !hasOwn(own, k)).join(','))
              : outerMembers(outer, own, (exact ??= new ExactBatch(body, bodyText, starts, ends, defaults)).batchLevel()?.[field]);
          if (members !== '') (mergedInto ??= {})[field] = members;
        }
        item[field] = { ...outer, ...own };
        merged = true;
      }
    }
    if (repeats && (rewritten || merged)) {
      sent[i] = oneLine(editMembers(text, ownWriteKey ? ['writeKey'] : [], mergedInto));
      sentStarts[i] = -1;
    } else if (merged) {
      // Rare (a client that sends context both per batch and per item): this item is written as a
      // whole, with every batch-level field in it, instead of its text plus the added members.
      for (const field of defaults) if (!Object.prototype.hasOwnProperty.call(item, field)) item[field] = body[field];
      sent[i] = (exact ??= new ExactBatch(body, bodyText, starts, ends, defaults)).rewritten(item, i, text, ownWriteKey, true);
      sentStarts[i] = -1;
      added[i] = '';
      continue;
    } else if (rewritten) sent[i] = (exact ??= new ExactBatch(body, bodyText, starts, ends, defaults)).rewritten(item, i, text, ownWriteKey, false);
    let filled = '';
    let filledAll = true;
    for (let d = 0; d < defaults.length; d++) {
      if (Object.prototype.hasOwnProperty.call(item, defaults[d])) {
        filledAll = false;
        continue;
      }
      item[defaults[d]] = body[defaults[d]];
      filled = filled === '' ? defaultMembers[d] : `${filled},${defaultMembers[d]}`;
    }
    added[i] = filledAll ? allDefaults : filled;
  }
  if (replacedMore > 0) {
    const items = countedItemsText(countedItems ?? []);
    replaced.push(`and ${formatCount(replacedMore)} more such ${replacedMore === 1 ? 'key' : 'keys'} in this batch's messages${items === undefined ? '' : `, in ${items}`}`);
  }
  return {
    list: items as JsonObject[],
    json: { sent, added, starts: sentStarts, ...(repeatsKeys ? { repeatsKeys } : {}) },
    itemWriteKey,
    itemKeys,
    ...(replaced.length > 0 ? { replacedKeyRepeats: replaced } : {}),
  };
}

/** Members the receiver takes out of a message (writeKey) or replaces (receivedAt), whatever the client wrote. */
const REPLACED_KEYS = ['writeKey', 'receivedAt'] as const;
/** A single call's too when its type is not the path's: the path's replaces it. */
const SINGLE_CALL_REPLACED_KEYS = ['writeKey', 'receivedAt', 'type'] as const;
/** Sentences kept per request (a batch's items each writing one twice would say the same 2,500 times); then a count. */
const MAX_REPLACED_SAID = 5;

/**
 * What replacedKeyRepeats says of a message's text (known valid; an imported line's): its writeKey
 * or receivedAt written twice. Callers on hot paths first check that the text may repeat a key.
 */
export function messageReplacedKeyRepeats(text: string): string[] {
  return replacedRepeats(text, '', REPLACED_KEYS);
}

/**
 * One sentence per key of `keys` that an object's text (known valid) writes more than once at its
 * top level, named `${where}${key}`, in the duplicate-key warning's words: where it appears, how
 * often, its values (never a write key's), and why none is kept. `call`: the single call whose
 * path replaces the type (only with 'type' among the keys).
 */
function replacedRepeats(text: string, where: string, keys: readonly string[], call?: { endpoint: string; path: TrackingPath }): string[] {
  const said: string[] = [];
  for (const key of keys) {
    const values = valuesNamed(text, key);
    if (values.length < 2) continue;
    const appears = `${where}${key} appears ${timesWritten(values.length)} in one object`;
    const neither = values.length === 2 ? 'neither' : 'none of them';
    if (key === 'writeKey') said.push(`${appears} (values not shown: a write key never is); the last is what Segment reads. Send the key once`);
    else if (key === 'receivedAt')
      said.push(`${appears} (${listedValues(values)}); the receiver sets it to the time it received the message, as Segment does, so ${neither} is kept. Send it once, or leave it out`);
    else said.push(`${appears} (${listedValues(values)}); a call to ${call?.endpoint} is a ${call?.path} whatever its body says, as at Segment, so ${neither} is kept. Send it once, or leave it out`);
  }
  return said;
}

/**
 * For the rare batch items written anew (spread over lines, carrying a write key, merged with the
 * batch's context) and a batch-level context copied into items: text that could hold a number
 * JSON.parse rounds (a run of 16 digits, exact-json) is read again with parseExact, so the stored
 * text has the client's digits. Otherwise the parsed values are written, as before.
 */
class ExactBatch {
  /** The batch-level fields as parseExact reads them; null: their text has no 16-digit run. */
  private outer: JsonObject | null | undefined;

  constructor(
    private readonly body: JsonObject,
    private readonly bodyText: string,
    private readonly starts: number[] | undefined,
    private readonly ends: number[],
    private readonly defaults: readonly string[],
  ) {}

  /** The body read exactly without its items ('"batch":[0]'), or whole when the items' places are unknown; null when not needed. */
  batchLevel(): JsonObject | null {
    if (this.outer === undefined) {
      const { bodyText, starts, ends } = this;
      const outside = starts && starts.length > 0 ? `${bodyText.slice(0, starts[0])}0${bodyText.slice(ends[ends.length - 1])}` : bodyText;
      this.outer = mayHoldLossyNumber(outside) ? (parseExact(outside) as JsonObject) : null;
    }
    return this.outer;
  }

  /**
   * The text of item i written anew: JSON.stringify of the item as changed, or, when its text
   * (merged: or the batch-level text) could hold a rounded number, the same changes made to the
   * item as parseExact reads it (`text`: its slice of the body), with the client's digits.
   */
  rewritten(item: JsonObject, i: number, text: string, dropWriteKey: boolean, merged: boolean): string {
    let exact: JsonObject;
    let outer: JsonObject | null = null;
    if (this.starts) {
      if (merged) outer = this.batchLevel();
      if (outer === null && !mayHoldLossyNumber(text)) return JSON.stringify(item);
      exact = parseExact(text) as JsonObject;
    } else {
      // The items' places unknown (text is the item stringified): read from the whole body.
      outer = this.batchLevel();
      if (outer === null) return JSON.stringify(item);
      exact = (outer.batch as JsonObject[])[i];
    }
    if (dropWriteKey) delete exact.writeKey;
    if (merged) {
      const batch = outer ?? this.body;
      for (const field of BATCH_MERGED_FIELDS) {
        const from = batch[field];
        const own = exact[field];
        if (isJsonObject(from) && isJsonObject(own)) exact[field] = { ...from, ...own };
      }
      for (const field of this.defaults) if (!hasOwn(exact, field)) exact[field] = batch[field];
    }
    return stringifyExact(exact);
  }
}

/** How many keys a parsed batch body holds outside its "batch" array: its own, and those in its other values, at every depth. */
function outerParsedKeys(body: JsonObject): number {
  let n = 0;
  for (const k in body) {
    n++;
    if (k !== 'batch') n += countParsedKeys(body[k]);
  }
  return n;
}

/**
 * Why a body writing "batch" more than once is refused: JSON.parse, as Segment's Tracking API,
 * keeps the last array, so the earlier arrays' messages would be dropped without a word.
 * `arrays`: each "batch" value as written (the last one's items cut out); `taken`: the last's length.
 */
function batchRepeated(arrays: string[], taken: number): string {
  const sizes = arrays.map((text, k) => {
    if (k === arrays.length - 1) return `${formatCount(taken)} message${taken === 1 ? '' : 's'}`;
    let value: unknown;
    try {
      value = JSON.parse(text);
    } catch {
      return 'a value';
    }
    return Array.isArray(value) ? `${formatCount(value.length)} message${value.length === 1 ? '' : 's'}` : describeJsonType(value);
  });
  const times = arrays.length === 2 ? 'twice' : `${arrays.length} times`;
  return `the body writes "batch" ${times} (${sizes.slice(0, -1).join(', ')}, then ${sizes[sizes.length - 1]}); Segment's Tracking API reads only the last and would drop the others without a word, so Eventbench refuses the request rather than store part of it: send every message in one "batch" array`;
}

/**
 * The members of a batch-level object (context, integrations) that an item's own lacks, as JSON
 * text ('"k":v,…', '' when none): what merging adds to the item's. `exactOuter`: the same object
 * as parseExact reads it, when its text could hold a number JSON.parse rounds (the client's digits).
 */
function outerMembers(outer: JsonObject, own: JsonObject, exactOuter: unknown): string {
  const exactObject = isJsonObject(exactOuter) ? exactOuter : undefined;
  let members = '';
  for (const k of Object.keys(outer)) {
    if (hasOwn(own, k)) continue;
    const value = exactObject ? stringifyExact(exactObject[k]) : JSON.stringify(outer[k]);
    members += `${members === '' ? '' : ','}${JSON.stringify(k)}:${value}`;
  }
  return members;
}

function hasOwn(o: object, key: string): boolean {
  return Object.prototype.hasOwnProperty.call(o, key);
}

/** JSON text with each line break (JSON whitespace: a string cannot hold one unescaped) made a space. */
function oneLine(text: string): string {
  return text.replace(/\r\n?|\n/g, ' ');
}

function hasLineBreak(text: string): boolean {
  return text.indexOf('\n') !== -1 || text.indexOf('\r') !== -1;
}

/** Answers "is there a line break in [start, end)?" for ascending ranges, in one pass over the text. */
class LineBreakFinder {
  // Positions of the next \n and \r at or after the last query's start (Infinity: none left).
  private nextLf = -1;
  private nextCr = -1;
  constructor(private readonly text: string) {}

  within(start: number, end: number): boolean {
    if (this.nextLf < start) this.nextLf = this.find('\n', start);
    if (this.nextCr < start) this.nextCr = this.find('\r', start);
    return this.nextLf < end || this.nextCr < end;
  }

  private find(char: string, from: number): number {
    const at = this.text.indexOf(char, from);
    return at === -1 ? Infinity : at;
  }
}

function messageTooLarge(json: string, where: string): Failure | undefined {
  const bytes = utf8ByteLengthOver(json, MAX_MESSAGE_BYTES);
  if (bytes === undefined) return undefined;
  return fail(
    'message-too-large',
    `${where} is ${formatCount(bytes)} bytes; Segment's limit is 32 KB (${formatCount(MAX_MESSAGE_BYTES)} bytes) per message`,
  );
}

/** What is wrong with text JSON.parse refused, and where: line, column and the text around it. */
export function describeInvalidJson(text: string, e: unknown): string {
  const notUtf8 = notUtf8JsonReason(text);
  if (notUtf8 !== undefined) return `invalid JSON: ${notUtf8}`;
  const location = locateJsonError(text);
  if (location) {
    if (text.trim() === '') return 'invalid JSON: the body is empty';
    return `invalid JSON at line ${location.line}, column ${location.column} (position ${location.offset}): ${location.reason}, near ${snippetAround(text, location.offset)}`;
  }
  // Our scanner found nothing the engine objected to (should not happen): report the engine's words.
  return `invalid JSON: ${e instanceof Error ? e.message : String(e)}`;
}

export function isJsonObject(value: unknown): value is JsonObject {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

export function describeJsonType(value: unknown): string {
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'an array';
  if (typeof value === 'object') return 'an object';
  return `a ${typeof value}`;
}

type WriteKeyResolution = Pick<Extract<ParsedTrackingRequest, { ok: true }>, 'writeKey' | 'writeKeySource' | 'authWarning' | 'writeKeyWarning'>;

/**
 * Basic auth first (write key as user name, empty password), else `writeKey` in the body.
 * `Authorization: Bearer <token>` is Segment's OAuth mode: the token authorizes, the write key
 * comes in the body, and that is no problem (a warning only when the body has no write key).
 */
export function resolveWriteKey(authorizationHeader: string | undefined, bodyWriteKey: unknown, bodyKeyNamed = "the body's writeKey"): WriteKeyResolution {
  let authWarning: string | undefined;
  const hasBodyKey = typeof bodyWriteKey === 'string' && bodyWriteKey !== '';
  if (authorizationHeader !== undefined && authorizationHeader.trim() !== '') {
    const bearer = /^\s*bearer(?:\s+(\S*))?/i.exec(authorizationHeader);
    if (bearer) {
      if (!bearer[1]) authWarning = 'the Authorization header says Bearer but carries no token';
      else if (!hasBodyKey) authWarning = 'the Authorization header carries a Bearer token (Segment\'s OAuth), which needs the write key in the body, and the body has none';
    } else {
      const basic = parseBasicAuth(authorizationHeader);
      if ('writeKey' in basic) {
        if (!hasBodyKey || bodyWriteKey === basic.writeKey) return { writeKey: basic.writeKey, writeKeySource: 'basic' };
        // Both name a key, different ones: the body's is dropped from the message, so say so (never either value).
        return {
          writeKey: basic.writeKey,
          writeKeySource: 'basic',
          writeKeyWarning: `${bodyKeyNamed} is another key than the one in the Authorization header (Basic auth): the header's was taken and the body's ignored (send the same key in both, or one of them)`,
        };
      }
      authWarning = basic.problem;
    }
  }
  const result: WriteKeyResolution = hasBodyKey ? { writeKey: bodyWriteKey, writeKeySource: 'body' } : { writeKeySource: 'none' };
  if (authWarning) result.authWarning = authWarning;
  if (!hasBodyKey && bodyWriteKey !== undefined) {
    // Its type only: a key written as a number is still the key.
    result.writeKeyWarning =
      bodyWriteKey === ''
        ? `${bodyKeyNamed} is empty`
        : `${bodyKeyNamed} is ${bodyWriteKey === null ? 'null' : Array.isArray(bodyWriteKey) ? 'a list' : typeof bodyWriteKey === 'object' ? 'an object' : `a ${typeof bodyWriteKey}`}, not text: it was not taken as the write key (send it as a string)`;
  }
  return result;
}

const utf8Decoder = new TextDecoder('utf-8');

export function parseBasicAuth(header: string): { writeKey: string } | { problem: string } {
  const match = /^\s*(\S+)\s*(.*?)\s*$/.exec(header);
  const scheme = match?.[1] ?? '';
  if (scheme.toLowerCase() !== 'basic') {
    return { problem: `the Authorization header uses the "${scheme.slice(0, 20)}" scheme; Segment expects "Basic base64(writeKey:)" (or "Bearer <token>" with the write key in the body)` };
  }
  const encoded = match?.[2] ?? '';
  if (encoded === '') return { problem: 'the Authorization header says Basic but carries no credentials' };
  let binary: string;
  try {
    binary = atob(encoded);
  } catch {
    return { problem: 'the Authorization: Basic credentials are not valid base64' };
  }
  const bytes = new Uint8Array(binary.length);
  for (let i = 0; i < binary.length; i++) bytes[i] = binary.charCodeAt(i);
  const decoded = utf8Decoder.decode(bytes);
  const colon = decoded.indexOf(':');
  const user = colon === -1 ? decoded : decoded.slice(0, colon);
  if (user === '') return { problem: 'the Authorization: Basic credentials have an empty user name (the write key goes there)' };
  return { writeKey: user };
}
