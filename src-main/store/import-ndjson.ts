// NDJSON import: each line is a capture log line as exported (a request line and the message
// lines after it, or a full CapturedMessage record of the older form) or a plain Segment message
// (captured afresh, as if posted to the receiver). Bad lines are reported by number.
import type { CapturedMessage, JsonObject } from '../../src-shared/capture';
import { isRequestLine, toCapturedMessage, toRequestRecord, type RequestRecord } from './record';
import { maxNestingDepth } from '../../src-shared/spec/batch-scan';
import { formatCount, MAX_MESSAGE_BYTES, MAX_NESTING_DEPTH, tooDeepMessage } from '../../src-shared/spec/limits';

export type ImportLine =
  | { line: number; kind: 'captured'; capture: CapturedMessage }
  | { line: number; kind: 'raw'; message: JsonObject }
  | { line: number; kind: 'error'; message: string };

export function* parseImportLines(ndjson: string): Generator<ImportLine> {
  let start = 0;
  let line = 0;
  /** The last request line read: the message lines after it belong to it. */
  let request: RequestRecord | undefined;
  while (start <= ndjson.length) {
    let end = ndjson.indexOf('\n', start);
    if (end < 0) end = ndjson.length;
    line++;
    const text = ndjson.slice(start, end).replace(/\r$/, '');
    start = end + 1;
    if (text.trim() === '') continue;
    let value: unknown;
    try {
      value = JSON.parse(text);
    } catch (e) {
      yield { line, kind: 'error', message: `not valid JSON: ${(e as Error).message}` };
      continue;
    }
    if (typeof value !== 'object' || value === null || Array.isArray(value)) {
      yield { line, kind: 'error', message: 'not a JSON object' };
      continue;
    }
    const depth = maxNestingDepth(text);
    if (depth > MAX_NESTING_DEPTH) {
      yield { line, kind: 'error', message: tooDeepMessage(depth, 'the line') };
      continue;
    }
    const obj = value as JsonObject;
    if (isRequestLine(obj)) {
      const record = toRequestRecord(obj);
      request = typeof record === 'string' ? undefined : record;
      if (typeof record === 'string') yield { line, kind: 'error', message: `not a request line: ${record}` };
      continue;
    }
    if ('origin' in obj || 'seq' in obj) {
      const capture = toCapturedMessage(obj, 'origin' in obj ? undefined : request);
      if (typeof capture === 'string') yield { line, kind: 'error', message: `not a captured message: ${capture}` };
      else yield { line, kind: 'captured', capture };
    } else if (typeof obj.type === 'string') {
      // The same rule as the Tracking API: a message over 32 KB is refused, here by line.
      const bytes = Buffer.byteLength(text);
      if (bytes > MAX_MESSAGE_BYTES) yield { line, kind: 'error', message: `the message is ${formatCount(bytes)} bytes; Segment's limit is 32 KB (${formatCount(MAX_MESSAGE_BYTES)} bytes) per message` };
      else yield { line, kind: 'raw', message: obj };
    } else {
      yield { line, kind: 'error', message: 'neither a capture log line (request, or seq and message) nor a Segment message (type)' };
    }
  }
}
