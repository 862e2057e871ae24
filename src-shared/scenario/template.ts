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
const PLACEHOLDER = /\{\{\s*([A-Za-z_][A-Za-z0-9_]*)\s*\}\}/g;

/**
 * Fills placeholders in every string of a value. A string that is exactly one placeholder takes
 * the variable's own type (a number stays a number). Unknown names are reported, not guessed.
 */
export function fillTemplate(value: unknown, vars: TemplateValues, ids: SeededIds, unknown: (name: string) => void): unknown {
  const lookup = (name: string): string | number | boolean | undefined => {
    if (hasOwn(vars, name)) return vars[name];
    if (name === 'uuid') return ids.uuid();
    if (name === 'id') return ids.hex(12);
    if (name === 'email') return `user-${ids.hex(8)}@example.test`;
    unknown(name);
    return undefined;
  };
  if (typeof value === 'string') {
    const whole = /^\{\{\s*([A-Za-z_][A-Za-z0-9_]*)\s*\}\}$/.exec(value);
    if (whole) return lookup(whole[1]) ?? value;
    return value.replace(PLACEHOLDER, (m, name: string) => {
      const v = lookup(name);
      return v === undefined ? m : textOf(v);
    });
  }
  if (Array.isArray(value)) return value.map((v) => fillTemplate(v, vars, ids, unknown));
  if (value && typeof value === 'object') {
    const out: Record<string, unknown> = {};
    for (const [k, v] of Object.entries(value)) setOwn(out, k, fillTemplate(v, vars, ids, unknown));
    return out;
  }
  return value;
}
