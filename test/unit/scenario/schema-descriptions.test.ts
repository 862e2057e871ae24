// The scenario schema as an editor shows it: hovering or completing any key of a scenario file
// shows what the key does. Every property of every object the schema describes carries a
// description (its own, or that of the definition it refers to).
import { readFileSync } from 'node:fs';
import Ajv from 'ajv';
import { describe, expect, it } from 'vitest';

const schema = JSON.parse(readFileSync(new URL('../../../scenarios/scenario.schema.json', import.meta.url), 'utf8')) as Record<string, unknown>;

type Node = Record<string, unknown>;
const resolve = (node: Node): Node => (typeof node.$ref === 'string' ? (node.$ref.slice(2).split('/').reduce<unknown>((n, k) => (n as Node)[k], schema) as Node) : node);

/** Every "a.b.c" property path of the schema whose value has no description. */
function undescribed(node: Node, path: string, seen = new Set<Node>()): string[] {
  if (seen.has(node)) return [];
  seen.add(node);
  const out: string[] = [];
  const props = (node.properties ?? {}) as Record<string, Node>;
  for (const [key, value] of Object.entries(props)) {
    if (key === '$schema') continue;
    const described = typeof value.description === 'string' || typeof resolve(value).description === 'string';
    if (!described) out.push(`${path}${key}`);
    out.push(...walkValue(resolve(value), `${path}${key}.`, seen));
  }
  for (const key of ['items', 'additionalProperties'] as const) {
    const v = node[key];
    if (v && typeof v === 'object') out.push(...walkValue(resolve(v as Node), path, seen));
  }
  return out;
}

function walkValue(node: Node, path: string, seen: Set<Node>): string[] {
  const out = undescribed(node, path, seen);
  for (const key of ['oneOf', 'anyOf'] as const) for (const branch of (node[key] as Node[] | undefined) ?? []) out.push(...undescribed(resolve(branch), path, seen));
  return out;
}

describe('scenario.schema.json', () => {
  it('describes every key a scenario file can have', () => {
    expect(undescribed(schema, '')).toEqual([]);
  });
});

describe('scenario.schema.json in an editor', () => {
  // Editors (the YAML and JSON language servers) show one branch of a oneOf: "advance: 30 mins"
  // came out as "Incorrect type. Expected "integer"". A duration is one schema, integer or string,
  // whose pattern carries the message an editor shows (patternErrorMessage).
  const errorsFor = (step: unknown) => {
    // validateFormats off, as parse.ts has it: without it Ajv warns "unknown format date-time" on stderr each compile.
    const validate = new Ajv({ allErrors: true, strict: false, validateFormats: false, verbose: true }).compile(schema);
    validate({ name: 'a', steps: [step] });
    return validate.errors ?? [];
  };

  it('a duration in words fails on the pattern alone, with a message that says how a duration is written', () => {
    const errors = errorsFor({ advance: '30 mins' });
    expect(errors.map((e) => e.keyword)).toEqual(['pattern']);
    expect((errors[0].parentSchema as { patternErrorMessage?: string }).patternErrorMessage).toMatch(/"12m"/);
  });

  it('a duration of the wrong type or below 0 is still refused; ms and "1h30m" are taken', () => {
    expect(errorsFor({ advance: 1.5 }).map((e) => e.keyword)).toEqual(['type']);
    expect(errorsFor({ advance: true }).map((e) => e.keyword)).toEqual(['type']);
    expect(errorsFor({ advance: -5 }).map((e) => e.keyword)).toEqual(['minimum']);
    expect(errorsFor({ advance: 90000 })).toEqual([]);
    expect(errorsFor({ advance: '1h30m' })).toEqual([]);
    expect(errorsFor({ advance: '{{i}}m' })).toEqual([]);
  });
});

describe('a step of two kinds in an editor', () => {
  // Editors said "Matches multiple schemas when only one must validate" for a forgotten "- "
  // (advance and expect in one step). Each kind forbids the others, with a message an editor shows at the key.
  const KINDS = ['send', 'advance', 'set', 'users', 'repeat', 'expect'];
  const step = (schema.definitions as Record<string, Node>).step;

  it('each kind of step forbids the other kinds, saying a step does one thing', () => {
    const deps = step.dependencies as Record<string, Node>;
    for (const kind of KINDS) {
      expect(Object.keys(deps[kind].properties as Node).sort(), kind).toEqual(KINDS.filter((k) => k !== kind).sort());
      expect(Object.values(deps[kind].properties as Node).every((v) => v === false), kind).toBe(true);
      expect(deps[kind].errorMessage, kind).toMatch(/^A step does one thing/);
    }
  });
});

