// Keys that exclude each other, in the JSON Schema editors read: `count` with `atLeast`, `codes`
// with `none: true`, `rules` with `count`, a `via: sender` target's key its kind does not use (or
// without the one it needs). The schema took them all, so an editor flagged nothing, and only
// `eventbench run` said so. The examples (scenarios/ and the README's) are still valid.
import { readdirSync, readFileSync } from 'node:fs';
import Ajv from 'ajv';
import { parse } from 'yaml';
import { describe, expect, it } from 'vitest';
import { loadScenario } from '../../../src-main/replay/load';

const root = new URL('../../../', import.meta.url);
const schema = JSON.parse(readFileSync(new URL('scenarios/scenario.schema.json', root), 'utf8')) as object;
// As parse.ts and the editors judge: every error, formats left to the parser.
const validate = new Ajv({ allErrors: true, strict: false, validateFormats: false }).compile(schema);
const valid = (doc: unknown) => {
  validate(doc);
  return (validate.errors ?? []).map((e) => `${e.instancePath} ${e.message ?? ''}`);
};
const withExpect = (expect: object) => ({ name: 'x', steps: [{ send: { message: { type: 'track', userId: 'u', event: 'E' } } }, { expect }] });
const withTarget = (target: unknown) => ({ name: 'x', steps: [{ send: { via: 'sender', target, message: { type: 'track', userId: 'u', event: 'E' } } }] });

describe('the schema refuses keys that exclude each other', () => {
  it.each([
    ['messages count with atLeast', withExpect({ messages: { count: 1, atLeast: 2 } })],
    ['dropReasons codes with none: true', withExpect({ dropReasons: { codes: ['missing-event'], none: true } })],
    ['findings rules with count', withExpect({ findings: { rules: ['r'], count: 0 } })],
    ['a webhook target with a host', withTarget({ kind: 'webhook', url: 'http://x', host: 'http://y' })],
    ['a custom target with a region', withTarget({ kind: 'custom', host: 'http://y', region: 'eu' })],
    ['a local target with a url', withTarget({ kind: 'local', url: 'http://y' })],
    ['a segment target with a secret', withTarget({ kind: 'segment', region: 'us', secret: 's' })],
    ['a webhook target without its url', withTarget({ kind: 'webhook', secret: 's' })],
    ['a custom target without its host', withTarget({ kind: 'custom' })],
    ['a segment target without its region', withTarget({ kind: 'segment', writeKey: 'k' })],
  ])('%s', (_, doc) => {
    expect(valid(doc)).not.toEqual([]);
  });

  it('and takes each alone, as parse does (codes: [] with none: true says nothing against it)', () => {
    for (const doc of [
      withExpect({ messages: { count: 1 } }),
      withExpect({ messages: { atLeast: 2 } }),
      withExpect({ dropReasons: { codes: ['missing-event'], none: false } }),
      withExpect({ dropReasons: { codes: [], none: true } }),
      withExpect({ findings: { rules: ['r'] } }),
      withExpect({ findings: { count: 0 } }),
      withTarget('local'),
      withTarget({ kind: 'local', asSource: 'web' }),
      withTarget({ kind: 'webhook', url: 'http://x', secret: 's' }),
      withTarget({ kind: 'custom', host: 'http://y', writeKey: 'k' }),
      withTarget({ kind: 'segment', region: 'eu', writeKey: 'k' }),
    ]) {
      expect(valid(doc), JSON.stringify(doc.steps)).toEqual([]);
      expect(loadScenario(JSON.stringify(doc), '/tmp/x.scenario.json').ok, JSON.stringify(doc.steps)).toBe(true);
    }
  });

  it('parse still says each in its own words, at the key', () => {
    const errors = (doc: object) => {
      const r = loadScenario(JSON.stringify(doc, null, 1), '/tmp/x.scenario.json');
      return r.ok ? [] : r.errors.map((e) => e.message);
    };
    expect(errors(withExpect({ messages: { count: 1, atLeast: 2 } }))).toEqual(['step 2: expect.messages.atLeast: count and atLeast exclude each other: give count (exactly this many) or atLeast (at least this many), not both']);
    expect(errors(withTarget({ kind: 'webhook', url: 'http://x', host: 'http://y' }))).toEqual([expect.stringMatching(/target\.host: is used only with kind: custom/)]);
  });
});

describe('every example is still valid', () => {
  const examples = readdirSync(new URL('scenarios/', root)).filter((f) => /\.scenario\.(ya?ml|json)$/.test(f));
  it.each(examples)('scenarios/%s', (file) => {
    expect(valid(parse(readFileSync(new URL(`scenarios/${file}`, root), 'utf8')))).toEqual([]);
  });

  it("the README's scenarios", () => {
    const readme = readFileSync(new URL('README.md', root), 'utf8');
    const blocks = [...readme.matchAll(/```ya?ml\n([\s\S]*?)```/g)].map((m) => parse(m[1]) as unknown).filter((d) => d && typeof d === 'object' && 'steps' in d);
    expect(blocks.length).toBeGreaterThan(0);
    for (const doc of blocks) expect(valid(doc)).toEqual([]);
  });
});
