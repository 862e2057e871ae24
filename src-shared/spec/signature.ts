// Segment webhook signatures: X-Signature = hex HMAC-SHA1(secret, JSON.stringify(payload)).
// Pure TypeScript (no node:crypto) so the app, CLI and tests share it.
// STUB: signatures fixed; implementation owned by the spec work.
import type { SignatureCheck } from '../capture';

export function hmacSha1Hex(_key: string, _data: string | Uint8Array): string {
  throw new Error('not implemented');
}

/** The X-Signature Segment would send for this payload (first element for an array). */
export function signWebhookPayload(secret: string, payload: unknown): string {
  const signed = Array.isArray(payload) ? payload[0] : payload;
  return hmacSha1Hex(secret, JSON.stringify(signed));
}

export interface SignatureInput {
  secret?: string;
  /** Value of the X-Signature header, if any. */
  header?: string;
  rawBody: Uint8Array;
  /** The parsed body (object or array). */
  payload: unknown;
}

export function checkSignature(input: SignatureInput): SignatureCheck {
  if (!input.secret) return { status: 'no-secret' };
  if (!input.header) return { status: 'missing' };
  return { status: 'invalid', received: input.header };
}
