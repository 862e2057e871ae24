// Segment webhook signatures: X-Signature = hex HMAC-SHA1(secret, JSON.stringify(payload)).
// Signatures are made and checked only in the engine (the receiver, the webhook sender), so they
// use node:crypto rather than a hash written by hand.
import { plural } from '../../src-shared/plural';
import { createHmac, timingSafeEqual } from 'node:crypto';
import type { SignatureBasis, SignatureCheck } from '../../src-shared/capture';
import { stringifyExact } from '../../src-shared/exact-json';
import { signatureShapeFault } from '../../src-shared/signature-shape';

export function hmacSha1Hex(key: string, data: string | Uint8Array): string {
  return createHmac('sha1', key).update(data).digest('hex');
}

/** The X-Signature Segment would send for this payload (first element for an array). */
export function signWebhookPayload(secret: string, payload: unknown): string {
  // An empty array has no first element; sign the array itself rather than the text "undefined".
  const signed = Array.isArray(payload) && payload.length > 0 ? payload[0] : payload;
  // stringifyExact: a number kept as its digits (src-shared/exact-json.ts) is signed as it is sent.
  return hmacSha1Hex(secret, (signed === undefined ? undefined : stringifyExact(signed)) ?? '');
}

export interface SignatureInput {
  secret?: string;
  /**
   * The X-Signature header's value, or each X-Signature header as it came (Node's
   * headersDistinct); one holding several comma-joined is those several (signaturesSent). Different
   * ones are invalid whatever they hold (see SEVERAL_SIGNATURES); the same one repeated (a proxy) is
   * checked once.
   */
  header?: string | readonly string[];
  rawBody: Uint8Array;
  /** The parsed body (object or array). */
  payload: unknown;
}

const SHA1_HEX = /^[0-9a-f]{40}$/;

/**
 * An X-Signature value as Eventbench keeps it, in the recorded headers and in an invalid check
 * alike: never the value, only its shape ("[redacted: 40 hex digits]"), so the two never differ.
 */
export function redactedSignature(value: string): string {
  const v = value.trim();
  if (v === '') return '[redacted: empty]';
  if (/^[0-9a-fA-F]{40}$/.test(v)) return '[redacted: 40 hex digits]';
  // An HMAC-SHA256's length is its fault (signatureShapeFault), not a secret.
  if (/^[0-9a-fA-F]{64}$/.test(v)) return '[redacted: 64 hex digits]';
  // A digest in base64 (as Svix and Shopify sign): its length says which, and no character is kept.
  if (/^[A-Za-z0-9+/]{27}=$/.test(v) || /^[A-Za-z0-9+/]{43}=$/.test(v)) return `[redacted: ${v.length} characters of base64]`;
  // An algorithm prefix is no secret, and it is what is wrong: "sha1=" + 40 hex digits (GitHub's form).
  const prefixed = PREFIXED_HEX.exec(v);
  if (prefixed) return `[redacted: "${prefixed[1]}=" then ${prefixed[2].length} hex digits]`;
  return `[redacted: ${plural(v.length, 'character')}, not 40 hex digits]`;
}

const PREFIXED_HEX = /^([A-Za-z][A-Za-z0-9-]{0,15})=([0-9a-fA-F]+)$/;

/**
 * What is wrong with the form of an X-Signature that matched nothing, when its form says it
 * ("it starts with "sha1="…"); undefined for 40 hex digits, which are simply the wrong ones.
 * Read from its redacted shape, as the inspector reads the kept one.
 */
export function signatureFormFault(value: string): string | undefined {
  return signatureShapeFault(redactedSignature(value));
}

/** Whether a recorded X-Signature is already redacted (older logs kept an invalid one in clear). */
export function isRedactedSignature(value: string): boolean {
  return value.startsWith('[redacted');
}

/** Compares two hex strings in time that does not depend on where they differ. */
export function timingSafeEqualHex(a: string, b: string): boolean {
  if (a.length !== b.length) return false;
  return timingSafeEqual(Buffer.from(a, 'latin1'), Buffer.from(b, 'latin1'));
}

/**
 * Checks X-Signature against the three byte forms a receiver can meet (domain.md): the raw body,
 * the re-serialized payload (what Segment signs), and for an array its first element (Actions
 * batch mode). Says which one matched. Hex is compared case-insensitively.
 */
/**
 * Whether X-Signature headers sent together differ. A proxy that repeats the header sends the same
 * value twice, which is one signature; different ones cannot be told apart as the sender's.
 * (Hex compares case-insensitively, as the check does.)
 */
export function differentSignatures(sent: readonly string[]): boolean {
  return sent.length > 1 && new Set(sent.map((s) => s.trim().toLowerCase())).size > 1;
}

/**
 * Each signature the X-Signature header(s) carry. Node joins repeated headers with ", " in
 * req.headers, and some proxies fold them into one header the same way: "a, b" is two signatures
 * (a signature holds no comma), judged as two headers are. An empty part stays, as an empty
 * repeated header does ("a, " is [a, '']), so folded and separate headers are judged alike.
 */
export function signaturesSent(header: string | readonly string[] | undefined): string[] {
  const headers = typeof header === 'string' ? [header] : (header ?? []);
  return headers.flatMap((h) => h.split(',').map((s) => s.trim()));
}

export function checkSignature(input: SignatureInput): SignatureCheck {
  const sent = signaturesSent(input.header);
  if (differentSignatures(sent)) {
    // Several different ones came: none is checked (a good first one made the request valid
    // whatever followed it). Each is kept by its shape, joined as the recorded headers join them.
    const shapes = sent.map(redactedSignature).join(', ');
    return input.secret ? { status: 'invalid', received: shapes } : { status: 'no-secret', received: shapes };
  }
  const header = sent[0];
  const received = header?.trim();
  // Nothing to check against; whether a signature came is still worth saying (by its shape only).
  if (!input.secret) return received ? { status: 'no-secret', received: redactedSignature(header ?? '') } : { status: 'no-secret' };
  if (!received) return { status: 'missing' };
  const wanted = received.toLowerCase();
  // Not 40 hex digits: cannot match anything, so skip hashing (still answers 'invalid').
  if (!SHA1_HEX.test(wanted)) return { status: 'invalid', received: redactedSignature(header ?? '') };

  const candidates: Array<[SignatureBasis, () => string | Uint8Array]> = [
    ['raw-body', () => input.rawBody],
    ['serialized', () => JSON.stringify(input.payload) ?? ''],
  ];
  if (Array.isArray(input.payload) && input.payload.length > 0) {
    const first: unknown = input.payload[0];
    candidates.push(['first-element', () => JSON.stringify(first) ?? '']);
  }
  for (const [basis, bytesOf] of candidates) {
    if (timingSafeEqualHex(hmacSha1Hex(input.secret, bytesOf()), wanted)) return { status: 'valid', basis };
  }
  return { status: 'invalid', received: redactedSignature(header ?? '') };
}
