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
