// What counts as a secret kept in clear in an origin read from the log, and what a write-key filter
// matches (issue #15: the mutation run over src-main/store/write-key.ts left these unchecked).
// A fingerprint is the first 12 hex digits of the key's SHA-256 (README, "write keys").
import { createHash } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import type { CaptureOrigin } from '../../../src-shared/capture';
import { fingerprintsFor, hasClearWriteKey, maskOrigin, needsMasking } from '../../../src-main/store/write-key';

const sha12 = (text: string) => createHash('sha256').update(text, 'utf8').digest('hex').slice(0, 12);

describe('hasClearWriteKey', () => {
  it('is false for anything that is not an object', () => {
    for (const v of [null, undefined, 'wk_live', 42, true]) expect(hasClearWriteKey(v), String(v)).toBe(false);
  });

  it('only a Tracking API origin with a non-empty string key and no fingerprint', () => {
    expect(hasClearWriteKey({ kind: 'tracking', endpoint: '/v1/track', writeKey: 'wk_live_1', writeKeySource: 'basic' })).toBe(true);
    expect(hasClearWriteKey({ kind: 'webhook', endpoint: '/webhook/pf', writeKey: 'wk_live_1' })).toBe(false);
    expect(hasClearWriteKey({ kind: 'tracking', endpoint: '/v1/track', writeKey: 12345 })).toBe(false);
    expect(hasClearWriteKey({ kind: 'tracking', endpoint: '/v1/track', writeKey: '' })).toBe(false);
    expect(hasClearWriteKey({ kind: 'tracking', endpoint: '/v1/track', writeKey: 'wk_…e_1', writeKeyFingerprint: sha12('wk_live_1') })).toBe(false);
    expect(hasClearWriteKey({ kind: 'tracking', endpoint: '/v1/track', writeKeySource: 'none' })).toBe(false);
  });
});

describe('needsMasking and maskOrigin', () => {
  const valid: CaptureOrigin = { kind: 'webhook', endpoint: '/webhook/pf', webhook: 'pf', signature: { status: 'valid', basis: 'raw-body' } };
  const redacted: CaptureOrigin = { kind: 'webhook', endpoint: '/webhook/pf', webhook: 'pf', signature: { status: 'invalid', received: '[redacted: 40 hex digits]' } };
  const clear: CaptureOrigin = { kind: 'webhook', endpoint: '/webhook/pf', webhook: 'pf', signature: { status: 'invalid', received: 'a'.repeat(40) } };
  const masked: CaptureOrigin = { kind: 'tracking', endpoint: '/v1/track', writeKey: 'wk_…e_1', writeKeyFingerprint: sha12('wk_live_1'), writeKeySource: 'basic' };

  it('an origin with nothing in clear needs nothing and is given back as it is', () => {
    for (const o of [valid, redacted, masked]) {
      expect(needsMasking(o)).toBe(false);
      expect(maskOrigin(o)).toBe(o);
    }
    expect(needsMasking({ kind: 'webhook', endpoint: '/webhook/pf', webhook: 'pf', signature: { status: 'missing' } })).toBe(false);
  });

  it('an invalid signature in clear is redacted to its shape', () => {
    expect(needsMasking(clear)).toBe(true);
    expect(maskOrigin(clear)).toEqual({ ...clear, signature: { status: 'invalid', received: '[redacted: 40 hex digits]' } });
  });

  it('an unchecked signature (no secret) in clear is redacted too, keeping its status; one kept by its shape is left alone', () => {
    const unchecked: CaptureOrigin = { kind: 'webhook', endpoint: '/webhook/pf', webhook: 'pf', signature: { status: 'no-secret', received: 'b'.repeat(40) } };
    expect(needsMasking(unchecked)).toBe(true);
    expect(maskOrigin(unchecked)).toEqual({ ...unchecked, signature: { status: 'no-secret', received: '[redacted: 40 hex digits]' } });
    const shaped: CaptureOrigin = { ...unchecked, signature: { status: 'no-secret', received: '[redacted: 40 hex digits]' } };
    expect(needsMasking(shaped)).toBe(false);
    expect(maskOrigin(shaped)).toBe(shaped);
  });

  it('a key in clear is masked and fingerprinted', () => {
    const old: CaptureOrigin = { kind: 'tracking', endpoint: '/v1/track', writeKey: 'wk_live_1', writeKeySource: 'basic' };
    expect(needsMasking(old)).toBe(true);
    expect(maskOrigin(old)).toEqual({ ...old, writeKey: 'wk_…e_1', writeKeyFingerprint: sha12('wk_live_1') });
  });
});

describe('fingerprintsFor', () => {
  it('a key: its fingerprint alone', () => {
    expect(fingerprintsFor('wk_live_SECRET')).toEqual([sha12('wk_live_SECRET')]);
    // 13 hex digits, or 12 with more around them, are not a fingerprint.
    expect(fingerprintsFor('0123456789abc')).toEqual([sha12('0123456789abc')]);
    expect(fingerprintsFor('x0123456789ab')).toEqual([sha12('x0123456789ab')]);
    expect(fingerprintsFor('0123456789abx')).toEqual([sha12('0123456789abx')]);
  });

  it('a fingerprint copied from a capture: that too', () => {
    const fp = sha12('wk_live_SECRET');
    expect(fingerprintsFor(fp)).toEqual([sha12(fp), fp]);
  });
});
