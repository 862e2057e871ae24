// Client write keys are never kept in clear: captures hold a masked form ("abc…xyz", for people)
// and a fingerprint (the first 12 hex digits of the key's SHA-256, for grouping by source). The
// same key always gives the same fingerprint; the fingerprint does not give the key back.
import { createHash } from 'node:crypto';
import type { CaptureOrigin } from '../../src-shared/capture';
import { maskWriteKey } from '../../src-shared/summary';
import { isRedactedSignature, redactedSignature } from '../receiver/signature';

export const FINGERPRINT_LENGTH = 12;
const FINGERPRINT = /^[0-9a-f]{12}$/;

export function writeKeyFingerprint(key: string): string {
  return createHash('sha256').update(key, 'utf8').digest('hex').slice(0, FINGERPRINT_LENGTH);
}

type Protected = { writeKey?: string; writeKeyFingerprint?: string };

// A client sends the same key request after request: remember the last one.
let lastKey: string | undefined;
let lastProtected: Protected = {};

/** The origin fields for a key as received: masked and fingerprinted, or nothing without one. */
export function protectWriteKey(key: string | undefined): Protected {
  if (!key) return {};
  if (key !== lastKey) {
    lastKey = key;
    lastProtected = { writeKey: maskWriteKey(key), writeKeyFingerprint: writeKeyFingerprint(key) };
  }
  return lastProtected;
}

/** A Tracking API origin that holds a key in clear (logs written before keys were masked). */
export function hasClearWriteKey(origin: unknown): boolean {
  if (typeof origin !== 'object' || origin === null) return false;
  const o = origin as Record<string, unknown>;
  return o.kind === 'tracking' && typeof o.writeKey === 'string' && o.writeKey !== '' && o.writeKeyFingerprint === undefined;
}

/**
 * A webhook signature kept in clear: an invalid one (logs written before it was redacted), or an
 * unchecked one (no secret set) in a file written by hand or by another tool.
 */
function hasClearSignature(origin: unknown): boolean {
  const o = origin as { kind?: unknown; signature?: { status?: unknown; received?: unknown } } | null;
  return o?.kind === 'webhook' && (o.signature?.status === 'invalid' || o.signature?.status === 'no-secret') && typeof o.signature.received === 'string' && !isRedactedSignature(o.signature.received);
}

/** Whether an origin read from the log holds what is no longer kept: a write key or a signature in clear. */
export function needsMasking(origin: unknown): boolean {
  return hasClearWriteKey(origin) || hasClearSignature(origin);
}

/**
 * The origin with a clear write key masked and fingerprinted, and a received signature (invalid
 * or unchecked) redacted as the headers redact it (the same object when there is nothing to hide).
 */
export function maskOrigin<T extends CaptureOrigin>(origin: T): T {
  if (hasClearWriteKey(origin)) return { ...origin, ...protectWriteKey((origin as { writeKey: string }).writeKey) };
  if (hasClearSignature(origin)) {
    const { status, received } = (origin as { signature: { status: 'invalid' | 'no-secret'; received: string } }).signature;
    return { ...origin, signature: { status, received: redactedSignature(received) } };
  }
  return origin;
}

/**
 * A webhook origin read back with the unchecked signature its request's headers show: logs written
 * before the check kept what came ({status: 'no-secret'} alone) still hold the X-Signature header,
 * redacted to its shape, so such a request reads "not checked" rather than "unsigned". The check
 * takes the first X-Signature (headers joined with ", " when one came twice); an empty one is none.
 */
export function withUncheckedSignature<T extends CaptureOrigin>(origin: T, headers: Record<string, string>): T {
  if (origin.kind !== 'webhook' || origin.signature.status !== 'no-secret' || origin.signature.received !== undefined) return origin;
  const header = Object.hasOwn(headers, 'x-signature') ? headers['x-signature'] : undefined;
  if (typeof header !== 'string') return origin;
  const first = isRedactedSignature(header) ? header.slice(0, header.indexOf(']') + 1) : header.split(',')[0];
  const received = isRedactedSignature(first) ? first : redactedSignature(first);
  if (received === '[redacted: empty]') return origin;
  return { ...origin, signature: { status: 'no-secret', received } };
}

/**
 * What a write-key filter matches: the fingerprint of the text as a key, and the text itself
 * when it is a fingerprint already (copied from a capture).
 */
export function fingerprintsFor(keyOrFingerprint: string): string[] {
  const own = writeKeyFingerprint(keyOrFingerprint);
  return FINGERPRINT.test(keyOrFingerprint) && keyOrFingerprint !== own ? [own, keyOrFingerprint] : [own];
}
