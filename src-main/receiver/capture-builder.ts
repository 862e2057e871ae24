// Raw messages of one request -> CapturedMessage entries ready for the store: receivedAt,
// messageId, drop reasons (prepareOwnedMessage), validator findings, a seq, and the JSON texts the
// log line and search index share. Must run in the same tick as store.append (seq order).
import { randomUUID } from 'node:crypto';
import type { CaptureOrigin, CapturedMessage, JsonObject } from '../../src-shared/capture';
import { prepareOwnedMessage, type PrepareContext } from '../../src-shared/tracking-api/ingest';
import type { MessageJson } from '../../src-shared/tracking-api/parse';
import { receiverFindings } from '../../src-shared/validate/validate';
import { mayRepeatKeys } from '../../src-shared/validate/duplicate-keys';
import { replacedKeyFindings } from '../../src-shared/validate/replaced-keys';
import { clientMessageIdFindings } from '../../src-shared/tracking-api/client-message-id';
import type { CaptureEntry, CaptureStore } from '../store/capture-store';

export interface RequestContext {
  receivedAtMs: number;
  origin: CaptureOrigin;
  /** Recorded headers (lower-cased, credentials redacted). */
  headers: Record<string, string>;
}

/**
 * `raws` become the captured messages themselves (fields are set on them, no copy): pass objects
 * fresh from JSON.parse that nothing else holds on to. `json`, when given, is their JSON text as
 * parseTrackingRequest returns it (messageJson); it saves a stringify per message.
 */
export function buildCaptures(store: CaptureStore, raws: JsonObject[], ctx: RequestContext, json?: MessageJson): CaptureEntry[] {
  const requestId = randomUUID();
  const receivedAt = new Date(ctx.receivedAtMs).toISOString();
  const originJson = JSON.stringify(ctx.origin);
  const headersJson = JSON.stringify(ctx.headers);
  const duplicates = ctx.origin.kind === 'tracking' ? store.duplicates : store.webhookDuplicates;
  const prepareCtx: PrepareContext = { receivedAt, receivedAtMs: ctx.receivedAtMs, newMessageId: randomUUID, duplicates };
  const entries: CaptureEntry[] = new Array(raws.length);
  const replaced = ctx.origin.kind === 'tracking' ? ctx.origin.replacedKeyRepeats : undefined;
  for (let i = 0; i < raws.length; i++) {
    const prepared = json ? prepareOwnedMessage(raws[i], prepareCtx, json.sent[i], json.added[i]) : prepareOwnedMessage(raws[i], prepareCtx);
    const capture: CapturedMessage = {
      seq: store.allocateSeq(),
      requestId,
      receivedAt,
      origin: ctx.origin,
      headers: ctx.headers,
      message: prepared.message,
      messageIdAssigned: prepared.messageIdAssigned,
      dropReasons: prepared.dropReasons,
      // A key written twice shows only in the text (duplicate-keys.ts): walked when the counts differ.
      findings: receiverFindings(prepared.message, undefined, mayRepeatKeys(prepared.messageJson, prepared.message) ? prepared.messageJson : undefined),
    };
    // Keys the receiver took out or replaced, written twice (an imported line's, said on its origin).
    if (replaced !== undefined) capture.findings.push(...replacedKeyFindings(replaced, i));
    // The rare message whose client messageId was replaced keeps the value beside the capture.
    if (prepared.messageIdAssigned && 'clientMessageId' in prepared) {
      capture.clientMessageId = prepared.clientMessageId;
      if (prepared.clientMessageIdJson !== undefined) capture.clientMessageIdJson = prepared.clientMessageIdJson;
      capture.findings.push(...clientMessageIdFindings(capture));
    }
    entries[i] = {
      capture,
      parts: {
        messageJson: prepared.messageJson,
        messageJsonHead: prepared.messageJsonHead,
        messageJsonTail: prepared.messageJsonTail,
        originJson,
        headersJson,
      },
    };
  }
  return entries;
}
