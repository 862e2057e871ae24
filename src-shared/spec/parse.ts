// Parsing of Tracking API requests: body text + headers -> messages, or the 400 Segment would give.
// STUB: signatures fixed; implementation owned by the spec work.
import type { JsonObject } from '../capture';

export type TrackingPath = 'track' | 'identify' | 'group' | 'page' | 'screen' | 'alias' | 'batch';

export type ParseErrorCode =
  | 'invalid-json'
  | 'not-an-object'
  | 'batch-not-array'
  | 'batch-item-not-object'
  | 'message-too-large'
  | 'request-too-large'
  | 'too-many-messages';

export type ParsedTrackingRequest =
  | {
      ok: true;
      messages: JsonObject[];
      writeKey?: string;
      writeKeySource: 'basic' | 'body' | 'none';
    }
  | {
      ok: false;
      status: 400;
      code: ParseErrorCode;
      /** Names the problem and where, e.g. "batch[3] is 40123 bytes; Segment's limit is 32 KB per message". */
      error: string;
    };

export interface TrackingRequestInput {
  path: TrackingPath;
  /** Body already decompressed and decoded as UTF-8. */
  bodyText: string;
  /** Size of the decompressed body in bytes (checked against the 500 KB request limit). */
  bodyBytes: number;
  authorizationHeader?: string;
}

export function parseTrackingRequest(input: TrackingRequestInput): ParsedTrackingRequest {
  let body: unknown;
  try {
    body = JSON.parse(input.bodyText);
  } catch (e) {
    return { ok: false, status: 400, code: 'invalid-json', error: `Invalid JSON: ${(e as Error).message}` };
  }
  if (typeof body !== 'object' || body === null || Array.isArray(body)) {
    return { ok: false, status: 400, code: 'not-an-object', error: 'Body must be a JSON object' };
  }
  const obj = body as JsonObject;
  const messages = input.path === 'batch' ? ((obj.batch as JsonObject[]) ?? []) : [{ ...obj, type: obj.type ?? input.path }];
  return { ok: true, messages, writeKey: obj.writeKey as string | undefined, writeKeySource: obj.writeKey ? 'body' : 'none' };
}
