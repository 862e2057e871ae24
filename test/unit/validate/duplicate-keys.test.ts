// A key written twice in one object: found in the text (JSON.parse keeps the last and shows nothing),
// named by path with every value and the one Segment reads; the cheap count comparison that spares
// the walk says "may" for every text that has one, and "no" for texts that have none.
import { describe, expect, it } from 'vitest';
import {
  countParsedKeys,
  countTextKeys,
  DUPLICATE_KEY_RULE,
  duplicateKeys,
  mayRepeatKeys,
} from '../../../src-shared/validate/duplicate-keys';
import { findingsFor, ingestFindings, receiverFindings } from '../../../src-shared/validate/validate';
import { composeFindings } from '../../../src-shared/workspace';
import { randomObject, rng } from '../tracking-api/random-json';
import type { JsonObject } from '../../../src-shared/capture';

const dupFindings = (text: string) => receiverFindings(JSON.parse(text) as JsonObject, undefined, text).filter((f) => f.rule === DUPLICATE_KEY_RULE);
const paths = (text: string) => duplicateKeys(text).map((d) => d.path);

describe('duplicateKeys', () => {
  it('finds a top-level key written twice, names both values and the one Segment reads', () => {
    const text = '{"type":"track","userId":"u1","event":"Signed Up","properties":{},"event":"Order Completed"}';
    expect(dupFindings(text)).toEqual([
      {
        severity: 'warning',
        path: 'event',
        rule: 'segment.json.duplicate-key',
        message: 'event appears twice in one object ("Signed Up", then "Order Completed"); the last, "Order Completed", is what Segment reads, and what Eventbench shows. Send the key once.',
        profile: 'segment',
      },
    ]);
    // What the parse (and so the inspector, and Segment) reads is the last.
    expect((JSON.parse(text) as JsonObject).event).toBe('Order Completed');
  });

  it('finds keys at any depth and in arrays of objects, in text order', () => {
    const text = JSON.stringify({ type: 'identify', userId: 'u' })
      .slice(0, -1)
      .concat(',"context":{"traits":{"email":"a@x.io","name":"A","email":"b@x.io"}},"properties":{"products":[{"sku":"1"},{"sku":"2","sku":"3"}],"plan":"free","plan":"pro"}}');
    expect(paths(text)).toEqual(['context.traits.email', 'properties.products[1].sku', 'properties.plan']);
    const found = dupFindings(text);
    expect(found.map((f) => f.message)).toEqual([
      'context.traits.email appears twice in one object ("a@x.io", then "b@x.io"); the last, "b@x.io", is what Segment reads, and what Eventbench shows. Send the key once.',
      'properties.products[1].sku appears twice in one object ("2", then "3"); the last, "3", is what Segment reads, and what Eventbench shows. Send the key once.',
      'properties.plan appears twice in one object ("free", then "pro"); the last, "pro", is what Segment reads, and what Eventbench shows. Send the key once.',
    ]);
  });

  it('takes the same key in two different objects for what it is: no duplicate', () => {
    expect(duplicateKeys('{"a":{"id":1},"b":{"id":1},"c":[{"id":1},{"id":2}],"id":3}')).toEqual([]);
    expect(duplicateKeys('[{"a":1},{"a":2}]')).toEqual([]);
    expect(duplicateKeys('"a"')).toEqual([]);
    expect(duplicateKeys('{}')).toEqual([]);
  });

  it('compares keys as JSON.parse reads them: "ev\\u0065nt" is "event", and says how each was written', () => {
    const text = '{"event":"Signed Up","ev\\u0065nt":"Order Completed"}';
    expect(JSON.parse(text)).toEqual({ event: 'Order Completed' });
    const [d] = duplicateKeys(text);
    expect(d.path).toBe('event');
    expect(d.occurrences.map((o) => o.key)).toEqual(['"event"', '"ev\\u0065nt"']);
    expect(dupFindings(text)[0].message).toBe(
      'event, written "event" and "ev\\u0065nt", appears twice in one object ("Signed Up", then "Order Completed"); the last, "Order Completed", is what Segment reads, and what Eventbench shows. Send the key once.',
    );
    // An escaped quote, slash or backslash in a key, and the same key escaped otherwise.
    expect(paths('{"a\\"b":1,"a\\u0022b":2,"x\\/y":1,"x/y":2,"c\\\\d":1,"c\\u005cd":2}')).toEqual(['a"b', 'x/y', 'c\\d']);
  });

  it('keeps keys apart that differ only by escapes that read differently', () => {
    // A backslash written escaped (the key is a\u0065, six characters) is not "ae"; é composed is not e + combining acute.
    const text = '{"a\\\\u0065":1,"ae":2,"\\u00e9":3,"e\\u0301":4,"\\u00E9t\\u00e9":5,"été":6}';
    expect(Object.keys(JSON.parse(text))).toHaveLength(5);
    expect(paths(text)).toEqual(['ét\u00e9']);
    expect(mayRepeatKeys('{"a\\\\u0065":1,"ae":2,"\\u00e9":3,"e\\u0301":4}', JSON.parse('{"a\\\\u0065":1,"ae":2,"\\u00e9":3,"e\\u0301":4}'))).toBe(false);
  });

  it('lists three or more values: the first two, how many more, then the last', () => {
    expect(dupFindings('{"plan":"a","plan":"b","plan":"c"}')[0].message).toContain('appears 3 times in one object ("a", "b", then "c"); the last, "c"');
    expect(dupFindings('{"n":1,"n":2,"n":3,"n":4,"n":5}')[0].message).toContain('appears 5 times in one object (1, 2, 2 more, then 5); the last, 5,');
  });

  it('shows each value compact, with the digits sent, escapes read, and cut when long', () => {
    const text = '{"id":9007199254740993,"id":1e400,"o":{ "a" : [ 1 , 2 ] },"o":"\\u00e9","s":"x","s":"' + 'y'.repeat(100) + '"}';
    const [id, o, s] = dupFindings(text).map((f) => f.message);
    expect(id).toContain('(9007199254740993, then 1e400); the last, 1e400,');
    expect(o).toContain('({"a":[1,2]}, then "é")');
    expect(s).toContain(`("x", then "${'y'.repeat(60)}…"); the last, "${'y'.repeat(60)}…",`);
  });

  it('names three spellings of a key, and says there are more past three', () => {
    const three = dupFindings('{"plan":1,"pl\\u0061n":2,"\\u0070lan":3}')[0].message;
    expect(three).toContain('plan, written "plan" and "pl\\u0061n" and "\\u0070lan", appears 3 times');
    const four = dupFindings('{"plan":1,"pl\\u0061n":2,"\\u0070lan":3,"pla\\u006e":4}')[0].message;
    expect(four).toContain('plan, written "plan" and "pl\\u0061n" and "\\u0070lan" and more, appears 4 times in one object (1, 2, 1 more, then 4)');
  });

  it('cuts any value past 60 characters, text or not, and leaves one of exactly 60 whole', () => {
    const text60 = 'z'.repeat(60);
    const list60 = `["${'a'.repeat(56)}"]`; // 60 characters as shown
    const list61 = `["${'a'.repeat(57)}"]`;
    const [s, l] = dupFindings(`{"s":"x","s":"${text60}","l":${list60},"l":${list61}}`).map((f) => f.message);
    expect(s).toContain(`("x", then "${text60}"); the last, "${text60}",`);
    expect(l).toContain(`(${list60}, then ${list61.slice(0, 60)}…); the last, ${list61.slice(0, 60)}…,`);
  });

  it('names exactly five keys without a count; a sixth is counted as one more key', () => {
    const members = (k: number) => Array.from({ length: k }, (_, i) => `"k${i}":1,"k${i}":2`).join(',');
    expect(dupFindings(`{${members(5)}}`).map((f) => f.path)).toEqual(['k0', 'k1', 'k2', 'k3', 'k4']);
    const six = dupFindings(`{${members(6)}}`);
    expect(six.map((f) => f.path)).toEqual(['k0', 'k1', 'k2', 'k3', 'k4', '']);
    expect(six[5].message).toBe('1 more key appears more than once in one object besides the 5 named; in each, the last value is what Segment reads.');
  });

  it('names five keys, then counts the rest in one more finding', () => {
    const members = Array.from({ length: 12 }, (_, i) => `"k${i}":1,"k${i}":2`).join(',');
    const found = dupFindings(`{${members}}`);
    expect(found.map((f) => f.path)).toEqual(['k0', 'k1', 'k2', 'k3', 'k4', '']);
    expect(found[5].message).toBe('7 more keys appear more than once in one object besides the 5 named; in each, the last value is what Segment reads.');
  });

  it('finds a key written twice 256 levels deep, and walks far deeper text without a stack of its own', () => {
    const open = '{"a":'.repeat(255);
    const close = '}'.repeat(255);
    const text = `${open}{"x":1,"x":2}${close}`;
    expect(paths(text)).toEqual([`${'a.'.repeat(255)}x`]);
    expect(mayRepeatKeys(text, JSON.parse(text))).toBe(true);
    const clean = `${open}{"x":1,"y":2}${close}`;
    expect(mayRepeatKeys(clean, JSON.parse(clean))).toBe(false);
    // Far past any call stack: the walk is iterative; the count comparison says "may" rather than throw.
    const deep = `${'['.repeat(50_000)}{"x":1,"x":2}${']'.repeat(50_000)}`;
    expect(duplicateKeys(deep).map((d) => d.path)).toEqual([`${'[0]'.repeat(50_000)}.x`]);
    expect(mayRepeatKeys(deep, JSON.parse(deep))).toBe(true);
  });

  it('handles a huge object: 50,000 keys, one of them written again at the end', () => {
    const members = Array.from({ length: 50_000 }, (_, i) => `"key${i}":${i}`);
    const clean = `{"properties":{${members.join(',')}}}`;
    expect(mayRepeatKeys(clean, JSON.parse(clean))).toBe(false);
    expect(duplicateKeys(clean)).toEqual([]);
    const text = `{"properties":{${members.join(',')},"key0":"again"}}`;
    expect(mayRepeatKeys(text, JSON.parse(text))).toBe(true);
    expect(dupFindings(text).map((f) => f.message)).toEqual([
      'properties.key0 appears twice in one object (0, then "again"); the last, "again", is what Segment reads, and what Eventbench shows. Send the key once.',
    ]);
  });

  it('means nothing on text that is not JSON, but ends without throwing', () => {
    for (const bad of ['{"a":1,"a"', '{"a":[1,{"b":', '{"a\\', '}}]]', '', '{"a" "b"}']) expect(() => duplicateKeys(bad)).not.toThrow();
  });
});

describe('mayRepeatKeys: the count comparison that spares the walk', () => {
  it('counts keys as written (colons outside strings) and as parsed', () => {
    const text = '{"a":"x:y","b":[{"c":":"},{"d\\":":{"e":null}}],"f":"\\\\"}';
    expect(countTextKeys(text)).toBe(6);
    expect(countParsedKeys(JSON.parse(text))).toBe(6);
    expect(countParsedKeys([1, 'a', null, [{ a: 1 }]])).toBe(1);
    expect(countParsedKeys('a')).toBe(0);
    expect(countParsedKeys({ ['__proto__']: 1, constructor: 2 })).toBe(2);
    expect(countParsedKeys(JSON.parse('{"__proto__":{"a":1}}'))).toBe(2);
  });

  it('says "may" exactly when the walk finds a key written twice, over random messages', () => {
    const next = rng(20261207);
    for (let round = 0; round < 400; round++) {
      const o = randomObject(next, 0);
      const text = JSON.stringify(o);
      expect(mayRepeatKeys(text, JSON.parse(text))).toBe(false);
      expect(duplicateKeys(text)).toEqual([]);
      // One of its objects (picked at random) given its first key again, as its last member.
      const objects = objectsIn(o).filter((x) => Object.keys(x).length > 0);
      if (objects.length === 0) continue;
      const target = objects[Math.floor(next() * objects.length)];
      const withDup = stringifyRepeating(o, target);
      const parsed = JSON.parse(withDup) as unknown;
      expect(mayRepeatKeys(withDup, parsed)).toBe(true);
      expect(duplicateKeys(withDup).map((d) => d.occurrences.length)).toEqual([2]);
    }
  });
});

function objectsIn(v: unknown): Record<string, unknown>[] {
  if (typeof v !== 'object' || v === null) return [];
  if (Array.isArray(v)) return v.flatMap(objectsIn);
  return [v as Record<string, unknown>, ...Object.values(v).flatMap(objectsIn)];
}

/** JSON.stringify, but `target` ends with its first member written again (the same key, the value 0). */
function stringifyRepeating(v: unknown, target: object): string {
  if (typeof v !== 'object' || v === null) return JSON.stringify(v);
  if (Array.isArray(v)) return `[${v.map((x) => stringifyRepeating(x, target)).join(',')}]`;
  const members = Object.entries(v).map(([k, x]) => `${JSON.stringify(k)}:${stringifyRepeating(x, target)}`);
  if (v === target) members.push(`${JSON.stringify(Object.keys(v)[0])}:0`);
  return `{${members.join(',')}}`;
}

describe('the validator', () => {
  const text = '{"type":"track","userId":"u1","event":"Signed Up","event":"Order Completed"}';
  const message = JSON.parse(text) as JsonObject;

  it('reports it as a Segment-spec warning when given the text, and not without it', () => {
    expect(receiverFindings(message).some((f) => f.rule === DUPLICATE_KEY_RULE)).toBe(false);
    expect(receiverFindings(message, text).some((f) => f.rule === DUPLICATE_KEY_RULE)).toBe(false);
    const found = receiverFindings(message, undefined, text).filter((f) => f.rule === DUPLICATE_KEY_RULE);
    expect(found.map((f) => [f.profile, f.severity, f.path])).toEqual([['segment', 'warning', 'event']]);
    expect(ingestFindings(message, text, text).filter((f) => f.rule === DUPLICATE_KEY_RULE)).toEqual(found);
  });

  it('reports it under any plan that checks the Segment spec, and in the composer', () => {
    expect(findingsFor(message, { profiles: ['segment'], mode: 'explicit' }, undefined, text).filter((f) => f.rule === DUPLICATE_KEY_RULE)).toHaveLength(1);
    expect(findingsFor(message, { profiles: ['produktly'], mode: 'explicit' }, undefined, text).filter((f) => f.rule === DUPLICATE_KEY_RULE)).toHaveLength(0);
    // The composer checks its catalog's rules and the Segment spec as well as the plan: reported once.
    const composed = composeFindings(message, 'provesource', { profiles: ['segment', 'provesource'], mode: 'explicit' }, '2026-12-07T00:00:00.000Z', text);
    expect(composed.filter((f) => f.rule === DUPLICATE_KEY_RULE).map((f) => f.path)).toEqual(['event']);
    expect(composeFindings(message, 'provesource', { profiles: ['segment'], mode: 'explicit' }, '2026-12-07T00:00:00.000Z').some((f) => f.rule === DUPLICATE_KEY_RULE)).toBe(false);
  });
});
