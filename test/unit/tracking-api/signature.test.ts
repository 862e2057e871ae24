import { createHmac } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { checkSignature, isRedactedSignature, redactedSignature, signaturesSent, signWebhookPayload, timingSafeEqualHex } from '../../../src-main/receiver/signature';
import { signatureShapeFault } from '../../../src-shared/signature-shape';

const secret = 'shh-🔑-secret';
const sign = (text: string, key = secret) => createHmac('sha1', Buffer.from(key, 'utf8')).update(Buffer.from(text, 'utf8')).digest('hex');
const bytes = (text: string) => new TextEncoder().encode(text);

// Raw body as a client might format it: indented, with an escaped character JSON.stringify would not escape.
const event = { type: 'track', event: 'Café Visited', userId: 'u1', properties: { city: 'Zürich' } };
const prettyBody = JSON.stringify(event, null, 2).replace('Café', 'Caf\\u00e9');
const arrayPayload = [event, { type: 'identify', userId: 'u2', traits: { email: 'a@b.c' } }];
const arrayBody = JSON.stringify(arrayPayload, null, 1);

describe('checkSignature', () => {
  it('accepts a signature over the raw body bytes and says so', () => {
    const result = checkSignature({ secret, header: sign(prettyBody), rawBody: bytes(prettyBody), payload: JSON.parse(prettyBody) });
    expect(result).toEqual({ status: 'valid', basis: 'raw-body' });
  });

  it('accepts a signature over JSON.stringify(payload) when the raw body differs (what Segment signs)', () => {
    const payload = JSON.parse(prettyBody);
    const result = checkSignature({ secret, header: sign(JSON.stringify(payload)), rawBody: bytes(prettyBody), payload });
    expect(result).toEqual({ status: 'valid', basis: 'serialized' });
  });

  it("accepts a signature over an array's first element (Actions batch mode)", () => {
    const payload = JSON.parse(arrayBody);
    const result = checkSignature({ secret, header: sign(JSON.stringify(payload[0])), rawBody: bytes(arrayBody), payload });
    expect(result).toEqual({ status: 'valid', basis: 'first-element' });
  });

  it('agrees with signWebhookPayload for objects and arrays', () => {
    expect(signWebhookPayload(secret, event)).toBe(sign(JSON.stringify(event)));
    expect(signWebhookPayload(secret, arrayPayload)).toBe(sign(JSON.stringify(arrayPayload[0])));
    const body = JSON.stringify(arrayPayload);
    expect(checkSignature({ secret, header: signWebhookPayload(secret, arrayPayload), rawBody: bytes(body), payload: arrayPayload })).toEqual({
      status: 'valid',
      basis: 'first-element',
    });
  });

  it('compares hex case-insensitively and ignores surrounding space', () => {
    const header = ` ${sign(prettyBody).toUpperCase()} `;
    expect(checkSignature({ secret, header, rawBody: bytes(prettyBody), payload: JSON.parse(prettyBody) })).toEqual({ status: 'valid', basis: 'raw-body' });
  });

  it('rejects a tampered body', () => {
    const header = sign(prettyBody);
    const tampered = prettyBody.replace('Zürich', 'Zurich');
    const result = checkSignature({ secret, header, rawBody: bytes(tampered), payload: JSON.parse(tampered) });
    expect(result).toEqual({ status: 'invalid', received: '[redacted: 40 hex digits]' });
  });

  it('rejects a signature made with another secret', () => {
    const header = sign(prettyBody, 'other-secret');
    expect(checkSignature({ secret, header, rawBody: bytes(prettyBody), payload: JSON.parse(prettyBody) }).status).toBe('invalid');
  });

  it('rejects a header that is not 40 hex digits', () => {
    for (const [header, received] of [
      ['abc', '[redacted: 3 characters, not 40 hex digits]'],
      ['sha1=' + sign(prettyBody), '[redacted: "sha1=" then 40 hex digits]'],
      ['sha1=' + 'f'.repeat(39), '[redacted: "sha1=" then 39 hex digits]'],
      ['z'.repeat(40), '[redacted: 40 characters, not 40 hex digits]'],
      // base64 of an HMAC-SHA1 (20 bytes: 27 characters and one "=") and of an HMAC-SHA256 (43 and one "=")
      ['a+/'.repeat(9) + '=', '[redacted: 28 characters of base64]'],
      ['A'.repeat(43) + '=', '[redacted: 44 characters of base64]'],
      // the same lengths without base64's padding, or with a character base64 has not: only their length
      ['a'.repeat(28), '[redacted: 28 characters, not 40 hex digits]'],
      ['a-_'.repeat(9) + '=', '[redacted: 28 characters, not 40 hex digits]'],
    ]) {
      expect(checkSignature({ secret, header, rawBody: bytes(prettyBody), payload: JSON.parse(prettyBody) })).toEqual({ status: 'invalid', received });
    }
  });

  it('reports a missing header when a secret is set', () => {
    for (const header of [undefined, '', '   ']) {
      expect(checkSignature({ secret, header, rawBody: bytes(prettyBody), payload: event })).toEqual({ status: 'missing' });
    }
  });

  it('reports no-secret without a secret, whatever the header; a header that came is kept by its shape, unchecked', () => {
    expect(checkSignature({ header: sign(prettyBody), rawBody: bytes(prettyBody), payload: event })).toEqual({ status: 'no-secret', received: '[redacted: 40 hex digits]' });
    expect(checkSignature({ secret: '', header: `sha1=${sign(prettyBody)}`, rawBody: bytes(prettyBody), payload: event })).toEqual({ status: 'no-secret', received: '[redacted: "sha1=" then 40 hex digits]' });
    expect(checkSignature({ secret: '', rawBody: bytes(prettyBody), payload: event })).toEqual({ status: 'no-secret' });
    for (const header of ['', '   ']) expect(checkSignature({ header, rawBody: bytes(prettyBody), payload: event })).toEqual({ status: 'no-secret' });
  });

  // Node keeps each X-Signature header apart (headersDistinct): when the first alone was checked,
  // a good first one made a request valid whatever came after it.
  it('takes a request with different X-Signature headers as invalid, whatever their order and whichever matches', () => {
    const good = sign(prettyBody);
    const check = (header: string[], withSecret = true) => checkSignature({ secret: withSecret ? secret : undefined, header, rawBody: bytes(prettyBody), payload: JSON.parse(prettyBody) });
    for (const header of [[good, 'b'.repeat(40)], ['b'.repeat(40), good], ['', good], [good, ''], [good, 'sha1=abc'], [good, good, 'b'.repeat(40)]]) {
      expect(check(header)).toEqual({ status: 'invalid', received: header.map(redactedSignature).join(', ') });
    }
    expect(check([good, 'b'.repeat(40)], false)).toEqual({ status: 'no-secret', received: '[redacted: 40 hex digits], [redacted: 40 hex digits]' });
    // The same one repeated (a proxy that copies the header; hex in either case) is one signature.
    expect(check([good, good])).toEqual({ status: 'valid', basis: 'raw-body' });
    expect(check([good, ` ${good.toUpperCase()}`])).toEqual({ status: 'valid', basis: 'raw-body' });
    expect(check(['b'.repeat(40), 'b'.repeat(40)])).toEqual({ status: 'invalid', received: '[redacted: 40 hex digits]' });
    expect(check([good, good], false)).toEqual({ status: 'no-secret', received: '[redacted: 40 hex digits]' });
    // One header, as a list or as text, is checked as before.
    expect(check([good])).toEqual({ status: 'valid', basis: 'raw-body' });
    expect(check([])).toEqual({ status: 'missing' });
    expect(check([''])).toEqual({ status: 'missing' });
  });

  // Node joins repeated headers with ", " in req.headers, and some proxies fold them into one
  // header the same way: "a, b" is two signatures, not one 82-character invalid one.
  it('takes one X-Signature header holding comma-joined signatures as those signatures', () => {
    const good = sign(prettyBody);
    const other = 'b'.repeat(40);
    const check = (header: string | string[], withSecret = true) => checkSignature({ secret: withSecret ? secret : undefined, header, rawBody: bytes(prettyBody), payload: JSON.parse(prettyBody) });
    for (const header of [`${good}, ${other}`, `${other},${good}`, [`${good}, ${other}`], `${good}, `, `${good}, sha1=abc`]) {
      const parts = (Array.isArray(header) ? header[0] : header).split(',');
      expect(check(header), String(header)).toEqual({ status: 'invalid', received: parts.map(redactedSignature).join(', ') });
    }
    expect(check(`${good}, ${other}`, false)).toEqual({ status: 'no-secret', received: '[redacted: 40 hex digits], [redacted: 40 hex digits]' });
    // Folded and distinct alike: a header "a, b" and a second header "c" are three signatures.
    expect(check([`${good}, ${good}`, other])).toEqual({ status: 'invalid', received: '[redacted: 40 hex digits], [redacted: 40 hex digits], [redacted: 40 hex digits]' });
    // The same one folded twice is one signature, checked once.
    expect(check(`${good}, ${good}`)).toEqual({ status: 'valid', basis: 'raw-body' });
    expect(check(`${good},${good.toUpperCase()}`)).toEqual({ status: 'valid', basis: 'raw-body' });
    expect(check(`${other}, ${other}`)).toEqual({ status: 'invalid', received: '[redacted: 40 hex digits]' });
    expect(signaturesSent([`${good}, ${other}`, good])).toEqual([good, other, good]);
    expect(signaturesSent(undefined)).toEqual([]);
  });

  it('handles an empty array payload without throwing', () => {
    const header = sign('[]');
    expect(checkSignature({ secret, header, rawBody: bytes('[]'), payload: [] })).toEqual({ status: 'valid', basis: 'raw-body' });
    expect(signWebhookPayload(secret, [])).toBe(header);
  });

  it('an empty array has no first element: a signature over nothing does not match it', () => {
    expect(checkSignature({ secret, header: sign(''), rawBody: bytes('[]'), payload: [] })).toEqual({ status: 'invalid', received: '[redacted: 40 hex digits]' });
  });
});

describe('redactedSignature', () => {
  it('keeps only the shape: empty, 40 hex digits (either case), or how many characters', () => {
    expect(redactedSignature('')).toBe('[redacted: empty]');
    expect(redactedSignature('   ')).toBe('[redacted: empty]');
    expect(redactedSignature('a'.repeat(40))).toBe('[redacted: 40 hex digits]');
    expect(redactedSignature(` ${'AbCdEf0123'.repeat(4)} `)).toBe('[redacted: 40 hex digits]');
    expect(redactedSignature('a'.repeat(41))).toBe('[redacted: 41 characters, not 40 hex digits]');
    expect(redactedSignature(`x${'a'.repeat(40)}`)).toBe('[redacted: 41 characters, not 40 hex digits]');
    expect(redactedSignature(' abc ')).toBe('[redacted: 3 characters, not 40 hex digits]');
    // An HMAC-SHA256's length is kept as such: the inspector says it is one (signatureShapeFault).
    expect(redactedSignature('F'.repeat(64))).toBe('[redacted: 64 hex digits]');
    expect(redactedSignature('f'.repeat(63))).toBe('[redacted: 63 characters, not 40 hex digits]');
  });

  it('names a 64-digit or prefixed form only when that is the whole value', () => {
    const hex40 = 'ab'.repeat(20);
    expect(redactedSignature(`sha1=${hex40}`)).toBe('[redacted: "sha1=" then 40 hex digits]');
    expect(redactedSignature(`x${'f'.repeat(64)}`)).toBe('[redacted: 65 characters, not 40 hex digits]');
    expect(redactedSignature(`${'f'.repeat(64)}x`)).toBe('[redacted: 65 characters, not 40 hex digits]');
    // A prefix starts with a letter, and nothing but hex digits follows the "=".
    expect(redactedSignature(`1sha1=${hex40}`)).toBe('[redacted: 46 characters, not 40 hex digits]');
    expect(redactedSignature(`sha1=${hex40}x`)).toBe('[redacted: 46 characters, not 40 hex digits]');
    expect(redactedSignature(`sha1=${hex40},t=1`)).toBe('[redacted: 49 characters, not 40 hex digits]');
  });

  it('isRedactedSignature knows its own output, and only by its start', () => {
    for (const v of ['', 'a'.repeat(40), 'abc', 'a'.repeat(41)]) expect(isRedactedSignature(redactedSignature(v))).toBe(true);
    expect(isRedactedSignature('a'.repeat(40))).toBe(false);
    expect(isRedactedSignature('sig[redacted')).toBe(false);
  });
});

describe('signatureShapeFault', () => {
  it('reads only a whole redacted shape: a kept text with more before or after it says nothing', () => {
    // A hand-written log keeps a received that starts with "[redacted" as it is (isRedactedSignature).
    expect(signatureShapeFault('[redacted: 64 hex digits]')).toMatch(/^it is 64 hex digits/);
    expect(signatureShapeFault('[redacted: "sha1=" then 40 hex digits]')).toMatch(/^it starts with "sha1="/);
    for (const shape of ['[redacted: 64 hex digits]', '[redacted: "sha1=" then 40 hex digits]']) {
      expect(signatureShapeFault(`${shape} (edited)`)).toBeUndefined();
      expect(signatureShapeFault(`${shape}x`)).toBeUndefined();
      expect(signatureShapeFault(`[redacted] ${shape}`)).toBeUndefined();
    }
  });

  it('names a base64 digest by its length: 28 characters an HMAC-SHA1, 44 an HMAC-SHA256; other lengths and a kept text around it say nothing', () => {
    const tail = "written in base64 is; Segment's X-Signature is the HMAC-SHA1 in hex, 40 digits";
    expect(signatureShapeFault('[redacted: 28 characters of base64]')).toBe(`it is 28 characters of base64, as an HMAC-SHA1 ${tail}`);
    expect(signatureShapeFault('[redacted: 44 characters of base64]')).toBe(`it is 44 characters of base64, as an HMAC-SHA256 ${tail}`);
    // What redactedSignature keeps for the two digests, read back.
    expect(signatureShapeFault(redactedSignature('a+/'.repeat(9) + '='))).toMatch(/HMAC-SHA1 written/);
    expect(signatureShapeFault(redactedSignature('A'.repeat(43) + '='))).toMatch(/HMAC-SHA256 written/);
    for (const other of ['[redacted: 24 characters of base64]', '[redacted: 288 characters of base64]', '[redacted: 28 characters of base64] (edited)', 'x[redacted: 44 characters of base64]', '[redacted: 28 characters, not 40 hex digits]']) {
      expect(signatureShapeFault(other)).toBeUndefined();
    }
  });
});

describe('timingSafeEqualHex', () => {
  it('is true only for identical strings', () => {
    expect(timingSafeEqualHex('ab12', 'ab12')).toBe(true);
    expect(timingSafeEqualHex('ab12', 'ab13')).toBe(false);
    expect(timingSafeEqualHex('ab12', 'ab1')).toBe(false);
  });
});
