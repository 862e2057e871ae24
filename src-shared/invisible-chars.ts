// Characters a reader cannot see in an id or an email: zero-width ones, the text-direction
// controls, a byte-order mark, a soft hyphen, control characters. Text copied from a web page, a
// chat or a spreadsheet carries them, and `ada@example.com` + U+200B then looks exactly like the
// email it never equals: the matching trace said "no user has it" of text identical on screen to
// a user's, and a right-to-left override showed `ada@example.com` as `moc.elpmaxe@ada`.
// Tabs and line breaks are left alone: they show as space, and the trace names them as whitespace.

const NAMES: Record<number, string> = {
  0x0000: 'a NUL character',
  0x00ad: 'a soft hyphen',
  0x061c: 'an Arabic letter mark',
  0x180e: 'a Mongolian vowel separator',
  0x200b: 'a zero-width space',
  0x200c: 'a zero-width non-joiner',
  0x200d: 'a zero-width joiner',
  0x200e: 'a left-to-right mark',
  0x200f: 'a right-to-left mark',
  0x202a: 'a left-to-right embedding',
  0x202b: 'a right-to-left embedding',
  0x202c: 'a pop directional formatting',
  0x202d: 'a left-to-right override',
  0x202e: 'a right-to-left override',
  0x2060: 'a word joiner',
  0x2066: 'a left-to-right isolate',
  0x2067: 'a right-to-left isolate',
  0x2068: 'a first strong isolate',
  0x2069: 'a pop directional isolate',
  0xfeff: 'a byte-order mark',
};

const INVISIBLE = /[\u0000-\u0008\u000b\u000c\u000e-\u001f\u007f-\u009f\u00ad\u061c\u115f\u1160\u180e\u200b-\u200f\u202a-\u202e\u2060-\u2064\u2066-\u206f\u3164\ufeff\ufff9-\ufffb]/;
const INVISIBLE_ALL = new RegExp(INVISIBLE.source, 'g');
/** A joiner between two characters of a script or an emoji is part of how they are written (Persian text, 👩‍💻). */
const JOINED = /[^\x00-\x7f]/;

const hex = (code: number) => `U+${code.toString(16).toUpperCase().padStart(4, '0')}`;

function isInvisibleAt(text: string, i: number): boolean {
  const code = text.charCodeAt(i);
  if (code !== 0x200c && code !== 0x200d) return true;
  return !(i > 0 && i < text.length - 1 && JOINED.test(text[i - 1]) && JOINED.test(text[i + 1]));
}

export interface InvisibleChar {
  /** Its position, in UTF-16 code units from the start. */
  index: number;
  /** `U+200B`. */
  code: string;
  /** "a zero-width space"; "a control character" or "an invisible formatting character" when it has no name here. */
  name: string;
}

/** The invisible characters of a text, in order (none: an empty array). */
export function invisibleChars(text: string): InvisibleChar[] {
  if (!INVISIBLE.test(text)) return [];
  const out: InvisibleChar[] = [];
  for (const m of text.matchAll(INVISIBLE_ALL)) {
    if (!isInvisibleAt(text, m.index)) continue;
    const code = m[0].charCodeAt(0);
    const name = NAMES[code] ?? (code < 0xa0 ? 'a control character' : 'an invisible formatting character');
    out.push({ index: m.index, code: hex(code), name });
  }
  return out;
}

/**
 * The text with each invisible character written as `[U+200B]`, so it can be seen, and a
 * right-to-left override cannot turn the rest of the text around.
 */
export function withInvisiblesShown(text: string): string {
  if (!INVISIBLE.test(text)) return text;
  return text.replace(INVISIBLE_ALL, (c, index: number) => (isInvisibleAt(text, index) ? `[${hex(c.charCodeAt(0))}]` : c));
}

/** The text with its invisible characters removed (a joiner that is part of how a script is written stays). */
export function withoutInvisibles(text: string): string {
  if (!INVISIBLE.test(text)) return text;
  return text.replace(INVISIBLE_ALL, (c, index: number) => (isInvisibleAt(text, index) ? '' : c));
}
