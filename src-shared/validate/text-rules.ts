// Damaged text, which Segment passes on as it is, so every destination shows it:
// - U+FFFD, the replacement character: a reader put it where bytes were not UTF-8 (Windows-1252
//   text from Windows PowerShell 5.1 or Java's platform charset, a string cut by bytes), here or
//   somewhere upstream: "Caf� opened".
// - Text encoded twice ("mojibake"): UTF-8 bytes read as Windows-1252 and encoded again, as a
//   latin1 database connection or PHP's utf8_encode on UTF-8 text does: "CafÃ© opened". Checked
//   for text holding Ã, Â, â, Ð or Ñ, the first characters of the twice-encoded forms of
//   U+0080–U+00FF (accented Latin letters, ©, °), U+0400–U+047F (Cyrillic: "ÐŸÑ€Ð¸Ð²ÐµÑ‚") and
//   U+2000–U+2FFF (’ “ ” – — … € ™): other scripts' twice-encoded forms begin elsewhere and are
//   not looked for (a scan for every first character costs every message; seven `includes` do not).
import type { JsonObject } from '../capture';
import { undoDoubleEncoding } from '../tracking-api/utf8';
import type { Finding } from './finding';

export const REPLACEMENT_CHARACTER_RULE = 'segment.text.replacement-character';
export const DOUBLE_ENCODED_RULE = 'segment.text.double-encoded';
const REPLACEMENT = '\uFFFD';
/** Paths named one by one, per rule; past it, one more finding counts the rest. */
const MAX_PATHS = 5;
const EXCERPT_CHARS = 60;

/**
 * False when a message's JSON text cannot hold text these rules report, neither as characters nor
 * as \u escapes: the message then need not be walked (a walk costs about 0.8 µs a message; seven
 * `includes`, about 0.06 µs).
 */
export function mayHoldDamagedText(text: string): boolean {
  return (
    text.includes(REPLACEMENT) ||
    holdsDoubleEncodingLead(text) ||
    (text.includes('\\u') && /\\u(?:[fF][fF][fF][dD]|00[cC][23]|00[eE]2|00[dD][01])/.test(text))
  );
}

function holdsDoubleEncodingLead(text: string): boolean {
  return text.includes('\u00C3') || text.includes('\u00C2') || text.includes('\u00E2') || text.includes('\u00D0') || text.includes('\u00D1');
}

/**
 * What is wrong with one string: it holds U+FFFD, or it is text encoded twice (then what it was);
 * undefined for anything else. The one definition of damaged text (the matching trace reads it too).
 */
export function textDamage(text: string): { replaced: true } | { was: string } | undefined {
  if (text.includes(REPLACEMENT)) return { replaced: true };
  if (!holdsDoubleEncodingLead(text)) return undefined;
  const was = undoDoubleEncoding(text);
  return was === undefined ? undefined : { was };
}

interface Damage {
  path: string;
  text: string;
  isKey: boolean;
  /** For text encoded twice: what it was. */
  was?: string;
}

/** One warning per string or key with damaged text (the first MAX_PATHS of each kind, then a count of the rest). */
export function checkDamagedText(message: JsonObject, out: Finding[]): void {
  const replaced: Damage[] = [];
  const doubled: Damage[] = [];
  let replacedCount = 0;
  let doubledCount = 0;
  const check = (text: string, path: string, isKey: boolean) => {
    const damage = textDamage(text);
    if (damage === undefined) return;
    if ('replaced' in damage) {
      if (replacedCount++ < MAX_PATHS) replaced.push({ path, text, isKey });
    } else if (doubledCount++ < MAX_PATHS) doubled.push({ path, text, isKey, was: damage.was });
  };
  const visit = (value: unknown, path: string): void => {
    if (typeof value === 'string') check(value, path, false);
    else if (Array.isArray(value)) {
      for (let i = 0; i < value.length; i++) visit(value[i], `${path}[${i}]`);
    } else if (typeof value === 'object' && value !== null) {
      for (const key of Object.keys(value)) {
        const at = path === '' ? key : `${path}.${key}`;
        check(key, at, true);
        visit((value as Record<string, unknown>)[key], at);
      }
    }
  };
  visit(message, '');
  for (const d of replaced) {
    warn(
      out,
      REPLACEMENT_CHARACTER_RULE,
      d.path,
      `${subject(d)} holds U+FFFD (\u{FFFD}), the replacement character: a reader put it where the text's bytes were not UTF-8 (Windows-1252 text, say, or a character cut in two), and every destination will show it. Send the text encoded as UTF-8.`,
    );
  }
  if (replacedCount > MAX_PATHS) {
    const more = replacedCount - MAX_PATHS;
    warn(out, REPLACEMENT_CHARACTER_RULE, '', `${more} more ${more === 1 ? 'string holds' : 'strings hold'} U+FFFD (\u{FFFD}) besides the ${MAX_PATHS} named.`);
  }
  for (const d of doubled) {
    warn(
      out,
      DOUBLE_ENCODED_RULE,
      d.path,
      `${subject(d)} looks encoded twice: its UTF-8 bytes were read as Windows-1252 (or Latin-1) and encoded again, and every destination will show it so. It was ${quoted(d.was ?? '')}: encode the text once.`,
    );
  }
  if (doubledCount > MAX_PATHS) {
    const more = doubledCount - MAX_PATHS;
    warn(out, DOUBLE_ENCODED_RULE, '', `${more} more ${more === 1 ? 'string looks' : 'strings look'} encoded twice besides the ${MAX_PATHS} named.`);
  }
}

function warn(out: Finding[], rule: string, path: string, message: string): void {
  out.push({ severity: 'warning', path, rule, message, profile: 'segment' });
}

function subject(d: Damage): string {
  return d.isKey ? `The key ${d.path}` : `${d.path} (${quoted(d.text)})`;
}

function quoted(text: string): string {
  return JSON.stringify(text.length > EXCERPT_CHARS ? `${text.slice(0, EXCERPT_CHARS)}…` : text);
}
