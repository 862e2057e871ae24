// Directory values holding a number a double cannot hold (a trait sent as 9007199254740993). The
// engine keeps such a number as an exact-json marker, whose random prefix is the engine process's
// own: it cannot cross to the renderer (another process, or a browser) nor go into a JSON answer as
// it is. Over the contract such a user carries its properties once more as JSON text with the
// client's digits (propertiesJson), and such a change its values (beforeJson, afterJson), as a
// captured message carries messageJson; the plain fields hold what JSON.parse reads (the nearest
// double). Values without such a number go as they are, with no text beside them.
import { exactText, holdsExactNumbers, isExactNumber, parseExact, stringifyExact } from '../exact-json';
import type { ChangedUser } from './compare';
import type { DirectoryUser, FieldChange } from './types';

/** Whether a user's properties hold a marker: values looked at one by one (most are text), objects through holdsExactNumbers. */
function propertiesHoldExact(properties: Readonly<Record<string, unknown>>): boolean {
  for (const k in properties) {
    const v = properties[k];
    if (typeof v === 'string' ? isExactNumber(v) : typeof v === 'object' && v !== null && holdsExactNumbers(v)) return true;
  }
  return false;
}

/** A value as JSON.parse reads its text: each marker the nearest double. */
const plain = (v: unknown): unknown => (v === undefined ? undefined : JSON.parse(stringifyExact(v)));

/** The user (of the directory or the starting one) as the contract carries it (engine side): markers out of `properties`, their digits in propertiesJson. */
export function userForContract<U extends Pick<DirectoryUser, 'properties' | 'propertiesJson'>>(u: U): U {
  if (!propertiesHoldExact(u.properties)) return u;
  const propertiesJson = stringifyExact(u.properties);
  return { ...u, properties: JSON.parse(propertiesJson) as Record<string, unknown>, propertiesJson };
}

/** The change as the contract carries it (engine side): a value holding a marker also as its JSON text. */
export function changeForContract(c: FieldChange): FieldChange {
  const before = holdsExactNumbers(c.before);
  const after = holdsExactNumbers(c.after);
  if (!before && !after) return c;
  return {
    ...c,
    ...(before ? { before: plain(c.before), beforeJson: stringifyExact(c.before) } : {}),
    ...(after ? { after: plain(c.after), afterJson: stringifyExact(c.after) } : {}),
  };
}

/** A what-if's changed user as the contract carries it (engine side): a value holding a marker also as its JSON text. */
export function changedUserForContract(u: ChangedUser): ChangedUser {
  if (!u.fields.some((f) => holdsExactNumbers(f.now) || holdsExactNumbers(f.then))) return u;
  return {
    ...u,
    fields: u.fields.map((f) => {
      const now = holdsExactNumbers(f.now);
      const then = holdsExactNumbers(f.then);
      return { ...f, ...(now ? { now: plain(f.now), nowJson: stringifyExact(f.now) } : {}), ...(then ? { then: plain(f.then), thenJson: stringifyExact(f.then) } : {}) };
    }),
  };
}

/** A what-if field's value with the client's digits (as markers of the reading process). */
export function exactFieldValue(f: ChangedUser['fields'][number], which: 'now' | 'then'): unknown {
  const text = which === 'now' ? f.nowJson : f.thenJson;
  return typeof text === 'string' ? parseExact(text) : f[which];
}

/** A user's properties with the client's digits (as markers of the reading process): from propertiesJson when there is one. */
export function exactPropertiesOf(u: Pick<DirectoryUser, 'properties' | 'propertiesJson'>): Record<string, unknown> {
  return typeof u.propertiesJson === 'string' ? (parseExact(u.propertiesJson) as Record<string, unknown>) : u.properties;
}

/** A change's value with the client's digits (as markers of the reading process). */
export function exactChangeValue(c: FieldChange, which: 'before' | 'after'): unknown {
  const text = which === 'before' ? c.beforeJson : c.afterJson;
  return typeof text === 'string' ? parseExact(text) : c[which];
}

/** The user as a JSON answer writes it (stringifyExact): properties with their digits, no propertiesJson. */
export function userWithExactProperties(u: DirectoryUser): DirectoryUser {
  if (u.propertiesJson === undefined) return u;
  const { propertiesJson: _text, ...rest } = u;
  return { ...rest, properties: exactPropertiesOf(u) };
}

/** The change as a JSON answer writes it (stringifyExact): values with their digits, no beforeJson/afterJson. */
export function changeWithExactValues(c: FieldChange): FieldChange {
  if (c.beforeJson === undefined && c.afterJson === undefined) return c;
  const { beforeJson: _before, afterJson: _after, ...rest } = c;
  return { ...rest, before: exactChangeValue(c, 'before'), after: exactChangeValue(c, 'after') };
}

/** A property value as a line of text shows it: text as is, a marker as its digits, anything else its JSON with the digits. */
export function valueText(v: unknown): string {
  if (typeof v === 'string') return isExactNumber(v) ? exactText(v) : v;
  return v === undefined ? 'undefined' : stringifyExact(v);
}
