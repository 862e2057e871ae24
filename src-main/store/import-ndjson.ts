// NDJSON import: each line is either a CapturedMessage (as exported) or a plain Segment message
// (captured afresh, as if posted to the receiver). Bad lines are reported by number.
import type { CapturedMessage, JsonObject } from '../../src-shared/capture';
import { toCapturedMessage } from './record';

export type ImportLine =
  | { line: number; kind: 'captured'; capture: CapturedMessage }
  | { line: number; kind: 'raw'; message: JsonObject }
  | { line: number; kind: 'error'; message: string };

export function* parseImportLines(ndjson: string): Generator<ImportLine> {
  let start = 0;
  let line = 0;
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
    const obj = value as JsonObject;
    if ('origin' in obj || 'seq' in obj) {
      const capture = toCapturedMessage(obj);
      if (typeof capture === 'string') yield { line, kind: 'error', message: `not a captured message: ${capture}` };
      else yield { line, kind: 'captured', capture };
    } else if (typeof obj.type === 'string') {
      yield { line, kind: 'raw', message: obj };
    } else {
      yield { line, kind: 'error', message: 'neither a captured message (seq, origin, message) nor a Segment message (type)' };
    }
  }
}
