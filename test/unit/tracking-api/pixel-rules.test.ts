// The Tracking Pixel API's pure part: which path names a pixel, and the body a query stands for.
// Written after a mutation run of pixel.ts (tested only over HTTP before) left 40 of 103 alive.
import { describe, expect, it } from 'vitest';

import { PIXEL_GIF_BASE64, pixelBody, pixelCallOf, UNKNOWN_PIXEL_PATH } from '../../../src-shared/tracking-api/pixel';

const b64 = (text: string) => Buffer.from(text, 'utf8').toString('base64');
const body = (query: string) => {
  const r = pixelBody(query);
  if (!r.ok) throw new Error(r.error);
  return JSON.parse(r.bodyText) as unknown;
};
const error = (query: string) => {
  const r = pixelBody(query);
  if (r.ok) throw new Error(`taken: ${r.bodyText}`);
  return r.error;
};

describe('pixelCallOf', () => {
  it('names each call, with or without one trailing slash', () => {
    for (const call of ['identify', 'group', 'alias', 'page', 'screen', 'track']) {
      expect(pixelCallOf(`/v1/pixel/${call}`)).toBe(call);
      expect(pixelCallOf(`/v1/pixel/${call}/`)).toBe(call);
    }
  });
  it('another pixel path is null; a path outside /v1/pixel/ is undefined', () => {
    for (const p of ['/v1/pixel/batch', '/v1/pixel/', '/v1/pixel//', '/v1/pixel/track//', '/v1/pixel/Track', '/v1/pixel/track/x']) expect(pixelCallOf(p), p).toBeNull();
    for (const p of ['/v1/track', '/v1/pixel', '/x/v1/pixel/track', '']) expect(pixelCallOf(p), p).toBeUndefined();
  });
  it('the unknown-path text names the path and the six calls', () => {
    expect(UNKNOWN_PIXEL_PATH('/v1/pixel/batch')).toBe('unknown Tracking API path /v1/pixel/batch; the pixel paths are /v1/pixel/identify, group, alias, page, screen and track');
  });
  it('the answer is a 1x1 GIF', () => {
    const gif = Buffer.from(PIXEL_GIF_BASE64, 'base64');
    expect(gif.subarray(0, 6).toString('latin1')).toBe('GIF89a');
    expect([gif.readUInt16LE(6), gif.readUInt16LE(8)]).toEqual([1, 1]);
  });
});

describe('pixelBody: data', () => {
  const message = { userId: 'u-1', event: 'Opened é', properties: { n: 1 } };
  const text = JSON.stringify(message);

  it('base64 JSON, padded or not, standard or URL-safe, a "+" that arrived as a space', () => {
    const padded = b64(text + ' ');
    expect(padded.endsWith('=')).toBe(true);
    expect(body(`data=${encodeURIComponent(padded)}`)).toEqual(message);
    expect(body(`data=${padded.replace(/=+$/, '')}`)).toEqual(message);
    // Bytes whose base64 holds "+" and "/": URL-safe "-" and "_" read the same.
    const odd = JSON.stringify({ event: '\u00fb\u00ff\u00fe>>>???' });
    const standard = b64(odd);
    expect(standard).toMatch(/[+/]/);
    expect(body(`data=${encodeURIComponent(standard)}`)).toEqual(JSON.parse(odd));
    expect(body(`data=${standard.replace(/\+/g, '-').replace(/\//g, '_').replace(/=+$/, '')}`)).toEqual(JSON.parse(odd));
    // An unencoded "+" is a space in a query: read back as "+".
    expect(body(`data=${standard}`)).toEqual(JSON.parse(odd));
  });

  it('the JSON itself, with space around it', () => {
    expect(body(`data=${encodeURIComponent(`  ${text} `)}`)).toEqual(message);
    expect(pixelBody(`data=${encodeURIComponent(` ${text}`)}`)).toEqual({ ok: true, bodyText: text });
  });

  it('neither base64 nor JSON: said, quoted, a long value cut at 60 characters', () => {
    expect(error('data=not*base64')).toBe('the pixel\'s data parameter is neither base64 nor JSON: "not*base64"');
    expect(error('data=')).toBe('the pixel\'s data parameter is neither base64 nor JSON: ""');
    // %-escapes that are not UTF-8 are quoted as sent (they were quoted as the U+FFFD they read as).
    expect(error('data=%E9%E9&x=1')).toBe('the pixel\'s data parameter is neither base64 nor JSON: "%E9%E9"');
    // Wherever data sits in the query; escapes that are UTF-8 are quoted as they read.
    expect(error('x=1&data=%E9%E9')).toBe('the pixel\'s data parameter is neither base64 nor JSON: "%E9%E9"');
    expect(error('data=not%20base64!')).toBe('the pixel\'s data parameter is neither base64 nor JSON: "not base64!"');
    const long = 'x'.repeat(59) + '*yz';
    expect(error(`data=${long}`)).toBe(`the pixel's data parameter is neither base64 nor JSON: "${long.slice(0, 60)}…"`);
    const sixty = 'y'.repeat(59) + '*';
    expect(error(`data=${sixty}`)).toBe(`the pixel's data parameter is neither base64 nor JSON: "${sixty}"`);
    // A length base64 cannot have (4n + 1 characters), and "=" padding past two.
    expect(error('data=abcde')).toMatch(/neither base64 nor JSON/);
    expect(error('data=abc===')).toMatch(/neither base64 nor JSON/);
    // Base64 of bytes that are not UTF-8: base64 it is (it read "neither base64 nor JSON"); the text is in another encoding.
    expect(error(`data=${Buffer.from([0x7b, 0xff, 0x7d]).toString('base64')}`)).toBe('the pixel\'s data parameter is base64, but what it decodes to is not UTF-8 text (JSON saved in Latin-1 or Windows-1252?): encode the JSON as UTF-8, then as base64: "e/99"');
  });

  it('data wins over the other parameters', () => {
    expect(body(`userId=other&data=${b64(text)}`)).toEqual(message);
  });
});

describe('pixelBody: query parameters', () => {
  it('each parameter a field, a dotted name nested, values as text', () => {
    expect(body('type=track&event=Opened&userId=u&properties.subject=Hi&properties.n=1&context.campaign.name=c')).toEqual({
      type: 'track',
      event: 'Opened',
      userId: 'u',
      properties: { subject: 'Hi', n: '1' },
      context: { campaign: { name: 'c' } },
    });
  });

  it('no parameters: nothing to track', () => {
    expect(error('')).toBe('the pixel request has no data parameter and no query parameters: nothing to track');
  });

  it('a name that is no field path: empty parts, __proto__', () => {
    for (const name of ['.a', 'a.', 'a..b', '__proto__.x', 'a.__proto__']) {
      expect(error(`${encodeURIComponent(name)}=1`), name).toBe(`the pixel's query parameter ${JSON.stringify(name)} is not a field name (nor a dotted path of them)`);
    }
    // Object.prototype was not written through __proto__.x.
    expect(({} as Record<string, unknown>).x).toBeUndefined();
  });

  it('a name nested under one that has a value, either order', () => {
    expect(error('properties=1&properties.a=2')).toBe('the pixel\'s query parameter "properties.a" nests under "properties", which another parameter gives a value');
    expect(error('a.b=1&a.b.c=2')).toBe('the pixel\'s query parameter "a.b.c" nests under "a.b", which another parameter gives a value');
    expect(error('a.b=1&a=2')).toBe('the pixel\'s query parameter "a" is given twice (or also as a parent of another)');
  });

  it('a name given twice', () => {
    expect(error('event=a&event=b')).toBe('the pixel\'s query parameter "event" is given twice (or also as a parent of another)');
    expect(error('p.a=1&p.a=2')).toBe('the pixel\'s query parameter "p.a" is given twice (or also as a parent of another)');
  });

  it('a name that is an Object method is a field like any other', () => {
    expect(body('toString=1&constructor.name=x')).toEqual({ toString: '1', constructor: { name: 'x' } });
  });
});
