// Segment's Tracking Pixel API (pixel-tracking-api in Segment's docs): `GET /v1/pixel/<call>?data=…`
// from an <img> in an email, or a page that cannot POST, answered with a 1x1 GIF even when the
// request is wrong. `data` is the message as base64 JSON (Segment's example leaves out the "="
// padding), or the JSON itself ("the base64 encoding is optional"); without `data`, the query
// parameters are the message, a dotted name for a nested field (`properties.subject=…`).
// Pure: the receiver passes the query string and gets the JSON text it ingests as a POST's body.
import type { JsonObject } from '../capture';

/** The calls Segment has a pixel for (no batch). */
export const PIXEL_CALLS = ['identify', 'group', 'alias', 'page', 'screen', 'track'] as const;
export type PixelCall = (typeof PIXEL_CALLS)[number];

/** "/v1/pixel/track" (or with one trailing slash) → "track"; another /v1/pixel/ path → null; anything else → undefined. */
export function pixelCallOf(pathname: string): PixelCall | null | undefined {
  if (!pathname.startsWith('/v1/pixel/')) return undefined;
  let call = pathname.slice('/v1/pixel/'.length);
  if (call.length > 1 && call.endsWith('/')) call = call.slice(0, -1);
  return (PIXEL_CALLS as readonly string[]).includes(call) ? (call as PixelCall) : null;
}

export const UNKNOWN_PIXEL_PATH = (pathname: string) =>
  `unknown Tracking API path ${pathname}; the pixel paths are /v1/pixel/identify, group, alias, page, screen and track`;

/** A 1x1 transparent GIF, what Segment answers every pixel request with. */
export const PIXEL_GIF_BASE64 = 'R0lGODlhAQABAIAAAAAAAP///yH5BAEAAAAALAAAAAABAAEAAAIBRAA7';

const BASE64 = /^[A-Za-z0-9+/_-]+={0,2}$/;
const fatalUtf8 = new TextDecoder('utf-8', { fatal: true });

/**
 * What text `data` holds: its JSON, decoded from base64 (standard or URL-safe, padded or not)
 * unless it is JSON already; undefined when it is neither, NOT_UTF8 when its base64 decodes to
 * bytes that are not UTF-8 (JSON saved in Latin-1 or Windows-1252, then encoded).
 */
function dataText(data: string): string | typeof NOT_UTF8 | undefined {
  const trimmed = data.trim();
  if (trimmed.startsWith('{')) return trimmed;
  // A "+" of standard base64 that was not percent-encoded arrives as a space.
  const b64 = trimmed.replace(/ /g, '+');
  if (!BASE64.test(b64)) return undefined;
  const standard = b64.replace(/-/g, '+').replace(/_/g, '/').replace(/=+$/, '');
  if (standard.length % 4 === 1) return undefined;
  let binary: string;
  try {
    binary = atob(standard + '='.repeat((4 - (standard.length % 4)) % 4));
  } catch {
    return undefined;
  }
  const bytes = new Uint8Array(binary.length);
  for (let i = 0; i < binary.length; i++) bytes[i] = binary.charCodeAt(i);
  try {
    return fatalUtf8.decode(bytes);
  } catch {
    return NOT_UTF8;
  }
}

const NOT_UTF8 = Symbol('base64 of bytes that are not UTF-8');

/**
 * A parameter's value as sent, %-escapes and all: `data=%E9%E9` (not UTF-8) reads as "\uFFFD\uFFFD",
 * and the error quoted that, not what the client wrote.
 */
function rawParam(query: string, name: string): string | undefined {
  return query
    .split('&')
    .find((part) => part.startsWith(`${name}=`))
    ?.slice(name.length + 1);
}

function quoted(text: string): string {
  return JSON.stringify(text.length > 60 ? `${text.slice(0, 60)}…` : text);
}

/**
 * The body a pixel request stands for, as the JSON text a POST to /v1/<call> would carry (its
 * parsing, limits and checks are then the Tracking API's), or why there is none.
 */
export function pixelBody(query: string): { ok: true; bodyText: string } | { ok: false; error: string } {
  const params = new URLSearchParams(query);
  const data = params.get('data');
  if (data !== null) {
    const text = dataText(data);
    if (text === undefined) return { ok: false, error: `the pixel's data parameter is neither base64 nor JSON: ${quoted(data.includes('\uFFFD') ? rawParam(query, 'data') ?? data : data)}` };
    // It was "neither base64 nor JSON", though it is base64: of text in another encoding than UTF-8.
    if (text === NOT_UTF8) return { ok: false, error: `the pixel's data parameter is base64, but what it decodes to is not UTF-8 text (JSON saved in Latin-1 or Windows-1252?): encode the JSON as UTF-8, then as base64: ${quoted(data)}` };
    return { ok: true, bodyText: text };
  }
  const message: JsonObject = {};
  for (const [name, value] of params) {
    const path = name.split('.');
    if (path.some((p) => p === '' || p === '__proto__')) return { ok: false, error: `the pixel's query parameter ${quoted(name)} is not a field name (nor a dotted path of them)` };
    let into: JsonObject = message;
    for (let i = 0; i < path.length - 1; i++) {
      const next = Object.hasOwn(into, path[i]) ? into[path[i]] : undefined;
      if (next !== undefined && (typeof next !== 'object' || next === null || Array.isArray(next))) {
        return { ok: false, error: `the pixel's query parameter ${quoted(name)} nests under ${quoted(path.slice(0, i + 1).join('.'))}, which another parameter gives a value` };
      }
      into = (next as JsonObject | undefined) ?? (into[path[i]] = {});
    }
    const last = path[path.length - 1];
    if (Object.hasOwn(into, last)) return { ok: false, error: `the pixel's query parameter ${quoted(name)} is given twice (or also as a parent of another)` };
    into[last] = value;
  }
  if (Object.keys(message).length === 0) return { ok: false, error: 'the pixel request has no data parameter and no query parameters: nothing to track' };
  return { ok: true, bodyText: JSON.stringify(message) };
}
