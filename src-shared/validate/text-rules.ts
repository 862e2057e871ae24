// Text holding U+FFFD, the replacement character: a reader put it where bytes were not UTF-8
// (Windows-1252 text from Windows PowerShell 5.1 or Java's platform charset, a string cut by
// bytes), here or somewhere upstream. Segment keeps it, so every destination shows "Caf� opened".
import type { JsonObject } from '../capture';
import type { Finding } from './finding';

export const REPLACEMENT_CHARACTER_RULE = 'segment.text.replacement-character';
const REPLACEMENT = '\uFFFD';
/** Paths named one by one; past it, one more finding counts the rest. */
const MAX_PATHS = 5;
const EXCERPT_CHARS = 60;

/**
 * False when a message's JSON text cannot hold U+FFFD, neither as itself nor as a \ufffd escape:
 * the check then need not walk the message (a walk costs about 0.8 µs a message; this, nothing).
 */
export function mayHoldReplacementCharacter(text: string): boolean {
  return text.includes(REPLACEMENT) || (text.includes('\\u') && /\\u[fF]{3}[dD]/.test(text));
}

/** One warning per string or key holding U+FFFD (the first MAX_PATHS, then a count of the rest). */
export function checkReplacementCharacters(message: JsonObject, out: Finding[]): void {
  const found: { path: string; text: string; isKey: boolean }[] = [];
  let count = 0;
  const visit = (value: unknown, path: string): void => {
    if (typeof value === 'string') {
      if (value.includes(REPLACEMENT) && count++ < MAX_PATHS) found.push({ path, text: value, isKey: false });
    } else if (Array.isArray(value)) {
      for (let i = 0; i < value.length; i++) visit(value[i], `${path}[${i}]`);
    } else if (typeof value === 'object' && value !== null) {
      for (const key of Object.keys(value)) {
        const at = path === '' ? key : `${path}.${key}`;
        if (key.includes(REPLACEMENT) && count++ < MAX_PATHS) found.push({ path: at, text: key, isKey: true });
        visit((value as Record<string, unknown>)[key], at);
      }
    }
  };
  visit(message, '');
  for (const f of found) {
    const what = f.isKey ? `The key ${f.path}` : `${f.path} (${quoted(f.text)})`;
    out.push({
      severity: 'warning',
      path: f.path,
      rule: REPLACEMENT_CHARACTER_RULE,
      message: `${what} holds U+FFFD (\u{FFFD}), the replacement character: a reader put it where the text's bytes were not UTF-8 (Windows-1252 text, say, or a character cut in two), and every destination will show it. Send the text encoded as UTF-8.`,
      profile: 'segment',
    });
  }
  if (count > MAX_PATHS) {
    out.push({
      severity: 'warning',
      path: '',
      rule: REPLACEMENT_CHARACTER_RULE,
      message: `${count - MAX_PATHS} more ${count - MAX_PATHS === 1 ? 'string holds' : 'strings hold'} U+FFFD (\u{FFFD}) besides the ${MAX_PATHS} named.`,
      profile: 'segment',
    });
  }
}

function quoted(text: string): string {
  return JSON.stringify(text.length > EXCERPT_CHARS ? `${text.slice(0, EXCERPT_CHARS)}…` : text);
}
