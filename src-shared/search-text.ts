// Text search over payloads that does not care how the JSON was spaced. Payloads are searched as
// the client sent them: `{"plan": "pro"}` from one client, `{"plan":"pro"}` from another. A search
// for a JSON fragment (it has a quote) also compares both sides with the whitespace between JSON
// tokens taken out, so `"plan": "pro"` finds either. Whitespace inside strings always counts.
// Pure: no I/O.

/** The search is for a JSON fragment (and whitespace between its tokens should not matter). */
export function isJsonFragment(needle: string): boolean {
  return needle.includes('"');
}

const MAYBE_SPACED = /[:,{[] |[\n\r\t]| [}\],:]/;
const QUOTE = 0x22;
const BACKSLASH = 0x5c;

function isJsonWhitespace(c: number): boolean {
  return c === 0x20 || c === 0x0a || c === 0x0d || c === 0x09;
}

/**
 * `text` without the whitespace outside strings. `startsInString`: the text begins inside a string
 * (a fragment cut from the middle of one). Returns `text` itself when there is nothing to take out
 * (no copy: most payloads come compact).
 */
export function compactJsonText(text: string, startsInString = false): string {
  // Whitespace between JSON tokens touches a structural character (or is a line break or tab): a
  // text without any such pair has none, whatever its strings hold. A native test settles most
  // payloads (compact JSON) without walking them.
  if (!startsInString && !MAYBE_SPACED.test(text)) return text;
  let inString = startsInString;
  let out: string[] | undefined;
  let runStart = 0;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (inString) {
      if (c === BACKSLASH) i++;
      else if (c === QUOTE) inString = false;
      continue;
    }
    if (c === QUOTE) inString = true;
    else if (isJsonWhitespace(c)) {
      out ??= [];
      if (i > runStart) out.push(text.slice(runStart, i));
      runStart = i + 1;
    }
  }
  if (out === undefined) return text;
  if (runStart < text.length) out.push(text.slice(runStart));
  return out.join('');
}

/**
 * The compact forms a fragment may take: it may begin outside a string or inside one (`plan": "pro`),
 * and which it is cannot be told from the fragment alone, so both are tried.
 */
export function compactNeedles(needle: string): string[] {
  const outside = compactJsonText(needle, false);
  const inside = compactJsonText(needle, true);
  return outside === inside ? [outside] : [outside, inside];
}

const SHORT_ESCAPES: Readonly<Record<number, string>> = { 0x08: '\\b', 0x09: '\\t', 0x0a: '\\n', 0x0c: '\\f', 0x0d: '\\r', 0x22: '\\"', 0x5c: '\\\\' };

/** The text JSON.stringify writes for the UTF-16 code unit `code` inside a string. */
function stringifiedUnit(code: number): string {
  const short = SHORT_ESCAPES[code];
  if (short !== undefined) return short;
  // Control characters and lone surrogates stay escaped, in lower-case hex, as JSON.stringify writes them.
  if (code < 0x20 || (code >= 0xd800 && code <= 0xdfff)) return `\\u${code.toString(16).padStart(4, '0')}`;
  return String.fromCharCode(code);
}

function hexUnit(text: string, at: number): number {
  if (at + 4 > text.length) return -1;
  let code = 0;
  for (let i = at; i < at + 4; i++) {
    const c = text.charCodeAt(i);
    const digit = c >= 0x30 && c <= 0x39 ? c - 0x30 : c >= 0x61 && c <= 0x66 ? c - 0x57 : c >= 0x41 && c <= 0x46 ? c - 0x37 : -1;
    if (digit < 0) return -1;
    code = code * 16 + digit;
  }
  return code;
}

/**
 * A JSON text with its string escapes as JSON.stringify writes them: `\u00fc` becomes `ü` (a
 * surrogate pair's two escapes the one character), `\u0022` becomes `\"`, a control character's
 * escape its short or lower-case form, and `\/` becomes `/`. Clients that escape what JSON does
 * not require (analytics-python: json.dumps escapes every non-ASCII character; PHP's json_encode
 * escapes slashes) then read as the others do, so a search for `Zürich` finds `"Z\u00fcrich"`.
 * Returns `text` itself when it has no such escape (no copy: most payloads).
 */
export function canonicalJsonEscapes(text: string): string {
  if (text.indexOf('\\u') === -1 && text.indexOf('\\/') === -1) return text;
  let out = '';
  let runStart = 0;
  for (let i = text.indexOf('\\'); i !== -1 && i < text.length - 1; i = text.indexOf('\\', i)) {
    const next = text.charCodeAt(i + 1);
    if (next === 0x2f /* / */) {
      out += text.slice(runStart, i) + '/';
      i += 2;
      runStart = i;
      continue;
    }
    const code = next === 0x75 /* u */ ? hexUnit(text, i + 2) : -1;
    if (code < 0) {
      i += 2; // another escape (\" \\ \n ...), kept as it is
      continue;
    }
    let written: string;
    let end = i + 6;
    const low = code >= 0xd800 && code <= 0xdbff && text.charCodeAt(end) === 0x5c && text.charCodeAt(end + 1) === 0x75 ? hexUnit(text, end + 2) : -1;
    if (low >= 0xdc00 && low <= 0xdfff) {
      written = String.fromCharCode(code, low);
      end += 6;
    } else written = stringifiedUnit(code);
    out += text.slice(runStart, i) + written;
    i = end;
    runStart = end;
  }
  return runStart === 0 ? text : out + text.slice(runStart);
}

// A control character other than the tab and the line breaks, or a lone surrogate (a pair is matched too, and skipped below).
const HELD_ESCAPED = /[\u0000-\u0008\u000b\u000c\u000e-\u001f\ud800-\udfff]/;

/**
 * A searched text as payloads' JSON text holds it: a control character and a lone surrogate, which
 * JSON holds only escaped, written as JSON.stringify writes them (U+0000 as `\u0000`, U+0008 as
 * `\b`), the form canonicalJsonEscapes keeps them in. So a search for U+0000 (`text=%00`, or pasted
 * into the search box) finds the message holding it. The tab and the line breaks stay as they are:
 * they are also whitespace between JSON tokens (`{\n  "plan": "pro"\n}`), which a fragment's search
 * takes out. Returns `text` itself when there is nothing to write (no copy: most searches).
 */
export function escapedForSearch(text: string): string {
  if (!HELD_ESCAPED.test(text)) return text;
  let out = '';
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c >= 0xd800 && c <= 0xdbff && i + 1 < text.length) {
      const low = text.charCodeAt(i + 1);
      if (low >= 0xdc00 && low <= 0xdfff) {
        out += text.slice(i, i + 2);
        i++;
        continue;
      }
    }
    out += (c < 0x20 && c !== 0x09 && c !== 0x0a && c !== 0x0d) || (c >= 0xd800 && c <= 0xdfff) ? stringifiedUnit(c) : text[i];
  }
  return out;
}
