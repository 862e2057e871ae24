// {{name}} in any string of a step: a scenario variable, the repeat counter {{i}}, or a generated
// value ({{uuid}}, {{email}}, {{id}}). Generated values come from a seeded generator, so the same
// file gives the same ids and emails every run.
import { textOf } from '../exact-json';
import { hasOwn, setOwn } from '../own-property';

export class SeededIds {
  private state: number;
  constructor(seed: number) {
    this.state = seed >>> 0 || 1;
  }
  /** mulberry32: small, fast, and the same on every platform. */
  next(): number {
    let t = (this.state = (this.state + 0x6d2b79f5) >>> 0);
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  }
  hex(n: number): string {
    let s = '';
    while (s.length < n) s += Math.floor(this.next() * 0x100000000).toString(16).padStart(8, '0');
    return s.slice(0, n);
  }
  uuid(): string {
    const h = this.hex(32);
    return `${h.slice(0, 8)}-${h.slice(8, 12)}-4${h.slice(13, 16)}-${((parseInt(h[16], 16) & 3) | 8).toString(16)}${h.slice(17, 20)}-${h.slice(20, 32)}`;
  }
}

/** A seed from a string (the scenario's name), so each scenario has its own stable sequence. */
export function seedOf(text: string): number {
  let h = 2166136261;
  for (let i = 0; i < text.length; i++) h = Math.imul(h ^ text.charCodeAt(i), 16777619);
  return h >>> 0;
}

export type TemplateValues = Record<string, string | number | boolean>;

/**
 * What one fillTemplate call may do: variables that use each other many times over multiply
 * (three levels of a thousand uses is a billion), and filled strings until V8 refused one
 * ("Invalid string length", a gigabyte later) or, with empty values, ran for minutes.
 */
export const MAX_FILLED_CHARS = 1_000_000;
export const MAX_FILLS = 1_000_000;

/** Why a fill stopped: over MAX_FILLED_CHARS or MAX_FILLS. */
export type TemplateLimit = 'chars' | 'fills';

class FillLimit extends Error {
  constructor(readonly limit: TemplateLimit) {
    super(limit);
  }
}
const PLACEHOLDER = /\{\{\s*([A-Za-z_][A-Za-z0-9_]*)\s*\}\}/g;

/**
 * Fills placeholders in every string of a value, keys included. A string that is exactly one
 * placeholder takes the variable's own type (a number stays a number). A variable whose value
 * holds placeholders is filled in turn, where it is used (so "user-{{i}}" follows the repeat, and
 * "{{uuid}}" gives a new id at each use); it was sent as its raw text. Unknown names are reported,
 * not guessed, and so are variables that name each other in a circle (`circular`, with the circle).
 */
export function fillTemplate(
  value: unknown,
  vars: TemplateValues,
  ids: SeededIds,
  unknown: (name: string) => void,
  circular: (names: string[]) => void = () => undefined,
  overLimit: (limit: TemplateLimit) => void = () => undefined,
): unknown {
  /** The variables being filled in, outermost first: one met again closes a circle. */
  const filling: string[] = [];
  let fills = 0;
  const lookup = (name: string): string | number | boolean | undefined => {
    if (hasOwn(vars, name)) {
      const v = vars[name];
      if (typeof v !== 'string' || !v.includes('{{')) return v;
      if (filling.includes(name)) {
        circular([...filling.slice(filling.indexOf(name)), name]);
        return v;
      }
      filling.push(name);
      try {
        return fill(v) as string | number | boolean;
      } finally {
        filling.pop();
      }
    }
    if (name === 'uuid') return ids.uuid();
    if (name === 'id') return ids.hex(12);
    if (name === 'email') return `user-${ids.hex(8)}@example.test`;
    unknown(name);
    return undefined;
  };
  const fillText = (text: string): string => {
    let length = text.length;
    return text.replace(PLACEHOLDER, (m, name: string) => {
      if (++fills > MAX_FILLS) throw new FillLimit('fills');
      const v = lookup(name);
      const filled = v === undefined ? m : textOf(v);
      length += filled.length - m.length;
      if (length > MAX_FILLED_CHARS) throw new FillLimit('chars');
      return filled;
    });
  };
  const fill = (value: unknown): unknown => {
    if (typeof value === 'string') {
      const whole = /^\{\{\s*([A-Za-z_][A-Za-z0-9_]*)\s*\}\}$/.exec(value);
      if (whole) return lookup(whole[1]) ?? value;
      return fillText(value);
    }
    if (Array.isArray(value)) return value.map(fill);
    if (value && typeof value === 'object') {
      const out: Record<string, unknown> = {};
      for (const [k, v] of Object.entries(value)) setOwn(out, k.includes('{{') ? fillText(k) : k, fill(v));
      return out;
    }
    return value;
  };
  try {
    return fill(value);
  } catch (e) {
    if (!(e instanceof FillLimit)) throw e;
    overLimit(e.limit);
    return value;
  }
}
