// Client write keys are never kept in clear: captures hold a masked form ("abc…xyz", for people)
// and a fingerprint (the first 12 hex digits of the key's SHA-256, for grouping by source). The
// same key always gives the same fingerprint; the fingerprint does not give the key back.
import { createHash } from 'node:crypto';
import type { CaptureOrigin } from '../../src-shared/capture';
import { maskWriteKey } from '../../src-shared/summary';

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

/** The origin with a clear key masked and fingerprinted (the same object when there is none). */
export function maskOrigin<T extends CaptureOrigin>(origin: T): T {
  if (!hasClearWriteKey(origin)) return origin;
  return { ...origin, ...protectWriteKey((origin as { writeKey: string }).writeKey) };
}

/**
 * What a write-key filter matches: the fingerprint of the text as a key, and the text itself
 * when it is a fingerprint already (copied from a capture).
 */
export function fingerprintsFor(keyOrFingerprint: string): string[] {
  const own = writeKeyFingerprint(keyOrFingerprint);
  return FINGERPRINT.test(keyOrFingerprint) && keyOrFingerprint !== own ? [own, keyOrFingerprint] : [own];
}
