// What a users CSV cannot carry exactly. A CSV file is saved as UTF-8, and a lone UTF-16 surrogate
// (half of an emoji, as a client that cut a string in the middle of one sends it) has no UTF-8 form:
// it is written as U+FFFD, so a CSV round trip silently changed those users. JSON escapes it
// (`"\ud83d"`) and reads it back. The Directory's Export CSV names them and suggests JSON.

const LONE_SURROGATE = /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/;

/** Whether a text holds a lone surrogate (UTF-8 cannot write it). */
export function hasLoneSurrogate(s: string): boolean {
  return LONE_SURROGATE.test(s);
}

/** Where a value holds one: '' for the value itself, else the path under it (`.a`, `[2]`), the first found. */
function surrogateAt(v: unknown): string | undefined {
  if (typeof v === 'string') return hasLoneSurrogate(v) ? '' : undefined;
  if (Array.isArray(v)) {
    for (let i = 0; i < v.length; i++) {
      const at = surrogateAt(v[i]);
      if (at !== undefined) return `[${i}]${at}`;
    }
    return undefined;
  }
  if (v !== null && typeof v === 'object') {
    for (const [k, x] of Object.entries(v)) {
      // A property's name is written in the header row: a lone surrogate there is lost too.
      if (hasLoneSurrogate(k)) return `.${k}`;
      const at = surrogateAt(x);
      if (at !== undefined) return `.${k}${at}`;
    }
  }
  return undefined;
}

export interface UnwritableField {
  /** The user's id as it is (it may itself hold the surrogate). */
  id: string;
  /** `id`, `username`, `email` or `properties.<name>`. */
  field: string;
}

/** The users' fields a CSV saved as UTF-8 cannot write exactly, in directory order. */
export function csvUnwritable(users: readonly { id: string; username?: string; email?: string; properties?: Record<string, unknown> }[]): UnwritableField[] {
  const out: UnwritableField[] = [];
  for (const u of users) {
    for (const f of ['id', 'username', 'email'] as const) if (typeof u[f] === 'string' && hasLoneSurrogate(u[f]!)) out.push({ id: u.id, field: f });
    for (const [name, value] of Object.entries(u.properties ?? {})) {
      if (hasLoneSurrogate(name) || surrogateAt(value) !== undefined) out.push({ id: u.id, field: `properties.${name}` });
    }
  }
  return out;
}

/** Shows a text with its lone surrogates as \uXXXX (a pair, an emoji, is kept), so a sentence naming it can be written as UTF-8. */
export function showSurrogates(s: string): string {
  let out = '';
  for (const c of s) {
    // for…of yields a whole pair as one string of length 2; a lone half alone, of length 1.
    const code = c.charCodeAt(0);
    out += c.length === 1 && code >= 0xd800 && code <= 0xdfff ? `\\u${code.toString(16)}` : c;
  }
  return out;
}

/** The warning Export CSV gives, or undefined when every field can be written exactly. */
export function csvUnwritableWarning(fields: readonly UnwritableField[]): string | undefined {
  if (fields.length === 0) return undefined;
  const named = fields.slice(0, 5).map((f) => `user ${showSurrogates(f.id)} (${showSurrogates(f.field)})`);
  const more = fields.length > 5 ? ` and ${fields.length - 5} more` : '';
  const values = fields.length === 1 ? '1 value' : `${fields.length} values`;
  return `The CSV was saved, but it cannot hold ${values} exactly: ${named.join(', ')}${more} hold${fields.length === 1 ? 's' : ''} a lone UTF-16 surrogate (half of an emoji), which UTF-8 writes as U+FFFD (\uFFFD), so importing this CSV would change ${fields.length === 1 ? 'it' : 'them'}. Export JSON keeps ${fields.length === 1 ? 'it' : 'them'} exactly.`;
}
