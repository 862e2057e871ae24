// One line of the capture log <-> CapturedMessage. Lines are written by hand-assembled JSON so a
// message is stringified once and the same text feeds the log line and the search index.
import type { CapturedMessage, JsonObject } from '../../src-shared/capture';

/** Pre-serialized parts; origin and headers are shared by every message of one request. */
export interface SerializedParts {
  messageJson: string;
  originJson: string;
  headersJson: string;
}

// Ingest speed: most messages have no drop reasons, and requestId/receivedAt repeat per request.
function jsonStringCache(): (s: string) => string {
  let key = '';
  let json = '""';
  return (s) => {
    if (key !== s) {
      key = s;
      json = JSON.stringify(s);
    }
    return json;
  };
}
const requestIdJson = jsonStringCache();
const receivedAtJson = jsonStringCache();

export function serializeCapture(c: CapturedMessage, parts: SerializedParts): string {
  return (
    `{"seq":${c.seq},"requestId":${requestIdJson(c.requestId)},"receivedAt":${receivedAtJson(c.receivedAt)}` +
    `,"origin":${parts.originJson},"headers":${parts.headersJson},"message":${parts.messageJson}` +
    `,"messageIdAssigned":${c.messageIdAssigned},"dropReasons":${c.dropReasons.length ? JSON.stringify(c.dropReasons) : '[]'}` +
    `,"findings":${c.findings.length ? JSON.stringify(c.findings) : '[]'}}\n`
  );
}

function isObject(v: unknown): v is JsonObject {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

/**
 * Checks a parsed log line and fills optional fields. Returns an error sentence naming the first
 * missing or malformed field when the line is not a captured message.
 */
export function toCapturedMessage(v: unknown): CapturedMessage | string {
  if (!isObject(v)) return 'not a JSON object';
  if (typeof v.seq !== 'number' || !Number.isInteger(v.seq) || v.seq < 1) return '"seq" must be a positive integer';
  if (!isObject(v.message)) return '"message" must be an object';
  if (typeof v.receivedAt !== 'string') return '"receivedAt" must be a string';
  const origin = v.origin;
  if (!isObject(origin) || (origin.kind !== 'tracking' && origin.kind !== 'webhook') || typeof origin.endpoint !== 'string') {
    return '"origin" must be {kind: "tracking"|"webhook", endpoint, ...}';
  }
  if (origin.kind === 'webhook' && (typeof origin.webhook !== 'string' || !isObject(origin.signature))) {
    return 'a webhook "origin" needs "webhook" and "signature"';
  }
  return {
    seq: v.seq,
    requestId: typeof v.requestId === 'string' ? v.requestId : '',
    receivedAt: v.receivedAt,
    origin: origin as unknown as CapturedMessage['origin'],
    headers: isObject(v.headers) ? (v.headers as Record<string, string>) : {},
    message: v.message,
    messageIdAssigned: v.messageIdAssigned === true,
    dropReasons: Array.isArray(v.dropReasons) ? v.dropReasons : [],
    findings: Array.isArray(v.findings) ? v.findings : [],
  };
}
