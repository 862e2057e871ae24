// The small value rules scenario files rely on: durations as written, partial matching of
// messages, and {{placeholders}} with seeded generated values. Expected values come from what a
// scenario author writes (docs/scenarios, the comments of the file format), and for the seed from
// FNV-1a's published test vectors.
import { describe, expect, it } from 'vitest';
import { parseDuration } from '../../../src-shared/scenario/duration';
import { matchesPartial, mismatches, nearestMisses } from '../../../src-shared/scenario/match';
import { fillTemplate, SeededIds, seedOf } from '../../../src-shared/scenario/template';

describe('durations as written', () => {
  it.each([
    // numbers are milliseconds
    [0, 0],
    [2.5, 2.5],
    [Number.POSITIVE_INFINITY, undefined],
    [Number.NaN, undefined],
    [-0.5, undefined],
    // anything else that is not a string is not a duration
    [true, undefined],
    [null, undefined],
    [undefined, undefined],
    [{ ms: 5 }, undefined],
    // parts, with spaces around and between them, and between a number and its unit
    ['1h 30m', 5_400_000],
    ['  12m  ', 720_000],
    ['12 m', 720_000],
    ['1h  30m 15s', 5_415_000],
    ['1d2h', 93_600_000],
    ['0.5s', 500],
    ['1.25s', 1250],
    ['0.125h', 450_000],
    ['0s', 0],
    // fractions of a millisecond round to the nearest one
    ['1.4ms', 1],
    ['1.6ms', 2],
    // a number without a unit, a unit without a number, or trailing text: not a duration
    ['12m30', undefined],
    ['m', undefined],
    ['12x', undefined],
    ['1h30mfoo', undefined],
    ['x12m', undefined],
    ['   ', undefined],
    ['-5m', undefined],
  ])('%j -> %j', (input, ms) => expect(parseDuration(input)).toBe(ms));
});

describe('partial matching', () => {
  it.each([
    // strings: exactly, or as /regex/flags
    ['Paid', 'Paid', true],
    ['paid', 'Paid', false],
    ['Paid', '/^pa/', false],
    ['Paid', '/^pa/i', true],
    ['PAID\nX', '/^paid$/im', true],
    // a slash inside the text does not make it a regex: only a leading one does
    ['y', 'x/y/', false],
    ['x/y/', 'x/y/', true],
    ['line one\nline two', '/one.line/s', true],
    ['line one\nline two', '/one.line/', false],
    // a regex only matches strings
    [12, '/12/', false],
    // an invalid regex matches nothing (and does not throw)
    ['(', '/(/', false],
    ['/(/', '/(/', false],
    // "/" alone or "//" is not a regex: compared as text
    ['/', '/', true],
    ['//', '//', true],
    ['/x/', '/x/q', false],
    ['/x/q', '/x/q', true],
    // arrays: every expected element is contained in some actual element
    [[1, 2, 3], [3, 1], true],
    [[1, 2], [1, 4], false],
    [{ 0: 1 }, [1], false],
    ['1', [], false],
    [[], [], true],
    // objects: a subset of the keys; an array or a non-object is not an object
    [[1], {}, false],
    ['x', {}, false],
    [null, {}, false],
    [{}, {}, true],
    [{ a: 1 }, { a: undefined }, false],
    [{ b: 1 }, { a: undefined }, true],
    [{ a: undefined }, { a: undefined }, true],
    // a key that is present but undefined does not satisfy an expected value
    [{ a: undefined }, { a: null }, false],
    // everything else by identity
    [1, 1, true],
    [1, 2, false],
    [Number.NaN, Number.NaN, true],
    [true, true, true],
    [true, 1, false],
    [null, null, true],
    [undefined, null, false],
    [0, false, false],
  ])('%j contains %j: %s', (actual, expected, result) => expect(matchesPartial(actual, expected)).toBe(result));

  it('near misses name each differing path, nested, or the message itself', () => {
    expect(mismatches({ a: 1 }, { a: 1 })).toEqual([]);
    expect(mismatches({ context: { traits: { email: 'a@x' } } }, { context: { traits: { email: 'b@x', plan: 'pro' } } })).toEqual(['context.traits.email is "a@x", expected "b@x"', 'context.traits.plan is missing']);
    expect(mismatches('text', { a: 1 })).toEqual(['(the message) is "text", expected {"a":1}']);
    expect(mismatches({ list: [1] }, { list: [2] })).toEqual(['list is [1], expected [2]']);
    expect(mismatches({ a: [1] }, { a: { b: 1 } })).toEqual(['a is [1], expected {"b":1}']);
    expect(mismatches([1], { b: 1 })).toEqual(['(the message) is [1], expected {"b":1}']);
    expect(mismatches({ b: 1 }, [1])).toEqual(['(the message) is {"b":1}, expected [1]']);
    expect(mismatches({ a: 1 }, 'x')).toEqual(['(the message) is {"a":1}, expected "x"']);
  });
});

describe('generated values and placeholders', () => {
  it('the seed of a name is its 32-bit FNV-1a hash', () => {
    // FNV-1a test vectors (Fowler, Noll, Vo): "" -> 0x811c9dc5, "a" -> 0xe40c292c, "foobar" -> 0xbf9cf968.
    expect(seedOf('')).toBe(0x811c9dc5);
    expect(seedOf('a')).toBe(0xe40c292c);
    expect(seedOf('foobar')).toBe(0xbf9cf968);
  });

  it('random numbers lie in [0, 1), the same sequence for the same seed, a seed of 0 works', () => {
    const seq = (seed: number) => {
      const ids = new SeededIds(seed);
      return Array.from({ length: 200 }, () => ids.next());
    };
    for (const seed of [0, 1, 42, 0xffffffff]) {
      const values = seq(seed);
      expect(values.every((v) => v >= 0 && v < 1)).toBe(true);
      expect(new Set(values).size).toBe(values.length);
      expect(seq(seed)).toEqual(values);
    }
    expect(seq(1)).not.toEqual(seq(2));
    // seeds are taken as unsigned 32-bit numbers
    expect(seq(-1)).toEqual(seq(0xffffffff));
  });

  it('the generator is mulberry32: the same numbers as its published reference code', () => {
    // Tommy Ettinger's mulberry32 as published (bryc/code, PRNGs.md), written out here as the reference.
    function mulberry32(a: number) {
      return () => {
        let t = (a += 0x6d2b79f5);
        t = Math.imul(t ^ (t >>> 15), t | 1);
        t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
        return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
      };
    }
    for (const seed of [1, 42, 123456789, 0x811c9dc5]) {
      const ids = new SeededIds(seed);
      const reference = mulberry32(seed);
      for (let i = 0; i < 20; i++) expect(ids.next()).toBe(reference());
    }
  });

  it('hex digits come 8 to a random number, zero-padded: n digits at once are n/8 blocks of 8', () => {
    const joined = new SeededIds(11).hex(8 * 64);
    const one = new SeededIds(11);
    expect(Array.from({ length: 64 }, () => one.hex(8)).join('')).toBe(joined);
    // among 64 blocks some start with a 0 (1 in 16): the padding is what keeps them 8 long
    expect(Array.from({ length: 64 }, (_, i) => joined.slice(i * 8, i * 8 + 1)).includes('0')).toBe(true);
  });

  it('hex strings have exactly the length asked for, beyond one 8-digit block too', () => {
    const ids = new SeededIds(7);
    for (const n of [1, 7, 8, 9, 12, 32, 33]) expect(ids.hex(n)).toMatch(new RegExp(`^[0-9a-f]{${n}}$`));
    expect(ids.hex(0)).toBe('');
  });

  it('uuids are version 4, RFC 4122 variant, and all differ', () => {
    const ids = new SeededIds(3);
    const all = Array.from({ length: 300 }, () => ids.uuid());
    for (const u of all) expect(u).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
    expect(new Set(all).size).toBe(all.length);
    // the variant nibble takes all four values it may have
    expect(new Set(all.map((u) => u[19]))).toEqual(new Set(['8', '9', 'a', 'b']));
  });

  it('fills every string of a value; a whole placeholder keeps the variable type', () => {
    const unknown: string[] = [];
    const vars = { n: 3, on: false, who: 'ada', blank: '' };
    const out = fillTemplate(
      { a: '{{n}}', b: '{{ n }}', c: 'n={{n}}', d: ['{{on}}', '{{who}}-{{ who }}', 7, null, true], e: { f: '{{blank}}', g: 'x{{blank}}y' }, h: '{{nope}}', i: 'a {{nope}} b', j: '{{1bad}}', k: '{{n}}{{n}}' },
      vars,
      new SeededIds(1),
      (name) => unknown.push(name),
    );
    expect(out).toEqual({ a: 3, b: 3, c: 'n=3', d: [false, 'ada-ada', 7, null, true], e: { f: '', g: 'xy' }, h: '{{nope}}', i: 'a {{nope}} b', j: '{{1bad}}', k: '33' });
    expect(unknown).toEqual(['nope', 'nope']);
  });

  // A scenario is YAML or JSON read into plain objects ("Save as scenario" writes a captured message
  // as it came): a "__proto__" key is data there. Assigned to a new object it set that object's
  // prototype instead, so the key vanished from the message sent; and a placeholder named like
  // what every object inherits ({{constructor}}) was filled with a function, not reported.
  it('keeps a "__proto__" key as data, and reports {{constructor}} and {{toString}} as unknown', () => {
    const unknown: string[] = [];
    const message = JSON.parse('{"properties":{"__proto__":{"isAdmin":true},"plan":"pro"},"context":{"a":"{{constructor}}","b":"x {{toString}}"}}') as unknown;
    const out = fillTemplate(message, {}, new SeededIds(1), (name) => unknown.push(name));
    expect(JSON.stringify(out)).toBe('{"properties":{"__proto__":{"isAdmin":true},"plan":"pro"},"context":{"a":"{{constructor}}","b":"x {{toString}}"}}');
    expect(Object.getPrototypeOf((out as { properties: object }).properties)).toBe(Object.prototype);
    expect(unknown).toEqual(['constructor', 'toString']);
    // A variable of that name, defined by the scenario, is its own: used.
    expect(fillTemplate('{{constructor}}', JSON.parse('{"constructor":"mine"}'), new SeededIds(1), () => undefined)).toBe('mine');
  });

  it('keys are filled too (a "{{k}}" key was sent as written)', () => {
    const unknown: string[] = [];
    expect(fillTemplate({ properties: { '{{k}}': 1, 'x_{{n}}': '{{k}}', '{{nope}}': 2 } }, { k: 'module', n: 3 }, new SeededIds(1), (name) => unknown.push(name))).toEqual({ properties: { module: 1, x_3: 'module', '{{nope}}': 2 } });
    expect(unknown).toEqual(['nope']);
  });

  it('a variable whose value uses placeholders is filled where it is used (its raw "{{b}}" was sent)', () => {
    const noUnknown = (name: string) => {
      throw new Error(`unexpected unknown ${name}`);
    };
    const vars = { a: '{{b}}', b: 'x-{{c}}', c: 5, whole: '{{c}}', u: 'user-{{i}}', fresh: '{{uuid}}' };
    expect(fillTemplate(['{{a}}', 'a={{a}}', '{{whole}}', '{{u}}'], { ...vars, i: 2 }, new SeededIds(1), noUnknown)).toEqual(['x-5', 'a=x-5', 5, 'user-2']);
    // A generated value in a variable is generated at each use, as it is written in place.
    const [first, second] = fillTemplate(['{{fresh}}', '{{fresh}}'], vars, new SeededIds(1), noUnknown) as string[];
    expect(first).not.toBe(second);
    expect([first, second]).toEqual(fillTemplate(['{{uuid}}', '{{uuid}}'], {}, new SeededIds(1), noUnknown));
  });

  it('variables that name each other in a circle are reported with the circle, not filled forever', () => {
    const circles: string[][] = [];
    const unknown: string[] = [];
    fillTemplate({ x: '{{a}}', y: '{{self}}' }, { a: 'A{{b}}', b: '{{a}}', self: 'me {{self}}' }, new SeededIds(1), (n) => unknown.push(n), (names) => circles.push(names));
    expect(circles).toEqual([['a', 'b', 'a'], ['self', 'self']]);
    expect(unknown).toEqual([]);
  });

  it('a variable named like a generated value wins over it; generated ones come from the seed', () => {
    const noUnknown = (name: string) => {
      throw new Error(`unexpected unknown ${name}`);
    };
    expect(fillTemplate('{{uuid}}', { uuid: 'mine' }, new SeededIds(1), noUnknown)).toBe('mine');
    const a = fillTemplate(['{{uuid}}', '{{id}}', '{{email}}'], {}, new SeededIds(9), noUnknown) as string[];
    const b = fillTemplate(['{{uuid}}', '{{id}}', '{{email}}'], {}, new SeededIds(9), noUnknown) as string[];
    expect(a).toEqual(b);
    expect(a[0]).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
    expect(a[1]).toMatch(/^[0-9a-f]{12}$/);
    expect(a[2]).toMatch(/^user-[0-9a-f]{8}@example\.test$/);
    expect(fillTemplate('id: {{id}}', {}, new SeededIds(9), noUnknown)).toMatch(/^id: [0-9a-f]{12}$/);
  });
});

describe('nearest misses', () => {
  it('names the captures with the fewest differing fields, the latest first among equals, at most three', () => {
    const want = { event: 'Goal Completed', properties: { goalId: 'g-1' } };
    const captures = [
      { seq: 1, message: { event: 'Goal Completed', properties: { goalId: 'g-2' } } },
      { seq: 2, message: { event: 'Page Viewed', properties: {} } },
      { seq: 3, message: { event: 'Goal Completed', properties: { goalId: 'g-1' } } },
      { seq: 4, message: { event: 'Page Viewed' } },
      { seq: 5, message: { event: 'Goal Completed', properties: { goalId: 'g-3' } } },
      { seq: 6, message: { event: 'Page Viewed', properties: { goalId: 'g-1' } } },
    ];
    expect(nearestMisses(captures, want)).toEqual(['#6: event is "Page Viewed", expected "Goal Completed"', '#5: properties.goalId is "g-3", expected "g-1"', '#1: properties.goalId is "g-2", expected "g-1"']);
    expect(nearestMisses(captures, want, 1)).toEqual(['#6: event is "Page Viewed", expected "Goal Completed"']);
    expect(nearestMisses([], want)).toEqual([]);
  });
});
