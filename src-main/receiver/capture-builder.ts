// Raw messages of one request -> CapturedMessage entries ready for the store: receivedAt,
// messageId, drop reasons (prepareMessage), validator findings, a seq, and the JSON texts the
// log line and search index share. Must run in the same tick as store.append (seq order).
import { randomUUID } from 'node:crypto';
import type { CaptureOrigin, CapturedMessage, JsonObject } from '../../src-shared/capture';
import { prepareMessage } from '../../src-shared/spec/ingest';
import { ALL_PROFILES, validate } from '../../src-shared/validate/validate';
import type { CaptureEntry, CaptureStore } from '../store/capture-store';

export interface RequestContext {
  receivedAtMs: number;
  origin: CaptureOrigin;
  /** Recorded headers (lower-cased, credentials redacted). */
  headers: Record<string, string>;
}

export function buildCaptures(store: CaptureStore, raws: JsonObject[], ctx: RequestContext): CaptureEntry[] {
  const requestId = randomUUID();
  const receivedAt = new Date(ctx.receivedAtMs).toISOString();
  const originJson = JSON.stringify(ctx.origin);
  const headersJson = JSON.stringify(ctx.headers);
  const duplicates = ctx.origin.kind === 'tracking' ? store.duplicates : store.webhookDuplicates;
  const prepareCtx = { receivedAt, receivedAtMs: ctx.receivedAtMs, newMessageId: randomUUID, duplicates };
  const entries: CaptureEntry[] = new Array(raws.length);
  for (let i = 0; i < raws.length; i++) {
    const prepared = prepareMessage(raws[i], prepareCtx);
    const capture: CapturedMessage = {
      seq: store.allocateSeq(),
      requestId,
      receivedAt,
      origin: ctx.origin,
      headers: ctx.headers,
      message: prepared.message,
      messageIdAssigned: prepared.messageIdAssigned,
      dropReasons: prepared.dropReasons,
      findings: validate(prepared.message, ALL_PROFILES, { mode: 'auto' }),
    };
    entries[i] = { capture, parts: { messageJson: JSON.stringify(prepared.message), originJson, headersJson } };
  }
  return entries;
}
