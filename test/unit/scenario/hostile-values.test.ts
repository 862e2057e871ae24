// A value a test in JavaScript passes as an expected shape (or a message a comparison writes) may
// have a getter that throws, be a Proxy whose key listing throws, or nest thousands of levels deep.
// shownValue, formatDiff, namedParts, mismatches and expectedValueProblem threw the getter's error
// or "Maximum call stack size exceeded" out of a failure message; now each names what it met and
// keeps writing the rest of the value.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { expectedValueProblem, shownValue } from '../../../src-shared/scenario/expected-value';
import { expectMessages } from '../../../src-shared/scenario/expect';
import { mismatches } from '../../../src-shared/scenario/match';
import { formatDiff, namedParts } from '../../../src-shared/scenario/report';
import { MAX_NESTING_DEPTH } from '../../../src-shared/tracking-api/limits';

const throwing = (): Record<string, unknown> => ({
  plan: 'pro',
  get x(): unknown {
    throw new Error('boom');
  },
});
const keyless = (): object =>
  new Proxy({}, {
    ownKeys() {
      throw new Error('no keys');
    },
  });
/** { d: { d: … { leaf: 1 } } }, `levels` objects around the leaf's. */
function nested(levels: number, wrap: (inner: unknown) => unknown = (inner) => ({ d: inner })): unknown {
  let v: unknown = { leaf: 1 };
  for (let i = 0; i < levels; i++) v = wrap(v);
  return v;
}
const DEEP = `(nested deeper than ${MAX_NESTING_DEPTH} levels)`;

describe('shownValue writes a value with a throwing getter, a throwing Proxy, a deep nest', () => {
  it('names the getter that threw and keeps the other fields', () => {
    expect(shownValue(throwing())).toBe('{"plan":"pro","x":"(reading it threw Error: boom)"}');
    expect(shownValue({ a: [throwing()] })).toBe('{"a":[{"plan":"pro","x":"(reading it threw Error: boom)"}]}');
  });

  it('names a Proxy whose keys cannot be listed', () => {
    expect(shownValue({ p: keyless() })).toBe('{"p":"(listing its keys threw Error: no keys)"}');
  });

  it('a thrown value that is no Error, or one that cannot be written either', () => {
    const odd = {
      get s(): unknown {
        throw 'plain text';
      },
      get o(): unknown {
        throw { toString: () => { throw new Error('again'); } };
      },
    };
    expect(shownValue(odd)).toBe('{"s":"(reading it threw plain text)","o":"(reading it threw a value that cannot be written)"}');
  });

  it('cuts a value nested 5,000 levels deep at the deepest a message may be, saying so', () => {
    const text = shownValue(nested(5000));
    expect(text.startsWith('{"d":{"d":')).toBe(true);
    expect(text).toContain(`"d":"${DEEP}"`);
    expect(text.split('{').length - 1).toBe(MAX_NESTING_DEPTH);
    expect(shownValue(nested(5000, (inner) => [inner]))).toContain(`["${DEEP}"]`);
  });

  it('a value JSON writes as it is stays as it was', () => {
    expect(shownValue(nested(3))).toBe('{"d":{"d":{"d":{"leaf":1}}}}');
    expect(shownValue({ at: new Date('2026-01-02T03:04:05.000Z'), n: 2n })).toBe('{"at":"2026-01-02T03:04:05.000Z","n":"2n"}');
  });
});

describe('a failure message with such a value still says what was expected and what was there', () => {
  it('mismatches names the path, the value there and the expected one', () => {
    expect(mismatches({ x: 1 }, { x: throwing() })).toEqual(['x is 1, expected {"plan":"pro","x":"(reading it threw Error: boom)"}']);
    const [deep] = mismatches({ x: nested(5000) }, { x: 1 });
    expect(deep.startsWith('x is {"d":{"d":')).toBe(true);
    expect(deep).toContain(DEEP);
    expect(deep.endsWith(', expected 1')).toBe(true);
    expect(mismatches({ x: 1 }, { x: keyless() })).toEqual(['x is 1, expected "(listing its keys threw Error: no keys)"']);
  });

  it('formatDiff and namedParts show the value beside the expected one', () => {
    const expected = throwing();
    const diff = formatDiff(expected, namedParts({ plan: 'free', x: 1 }, expected));
    expect(diff).toContain('-   "plan": "pro"');
    expect(diff).toContain('+   "plan": "free"');
    expect(diff).toContain('-   "x": "(reading it threw Error: boom)"');
    expect(diff).toContain('+   "x": 1');
    expect(formatDiff({ d: 1 }, nested(5000))).toContain(DEEP);
    expect(formatDiff(keyless(), { a: 1 })).toContain('- "(listing its keys threw Error: no keys)"');
    // namedParts over a deep shape and a deep message: the message's part as deep as both go.
    const parts = namedParts(nested(5000), nested(5000));
    expect(formatDiff({ d: 1 }, parts)).toContain(DEEP);
    expect(namedParts({ x: 1 }, keyless())).toEqual({ x: 1 });
  });

  it("a scenario expectation's sentence", () => {
    expect(expectMessages({ match: throwing() } as never, 0, []).message).toBe('expected at least 1 message matching {"plan":"pro","x":"(reading it threw Error: boom)"}, got 0');
    expect(expectMessages({ match: nested(5000) } as never, 0, []).message).toContain(DEEP);
  });
});

describe('expectedValueProblem refuses them, naming where', () => {
  it('a getter that throws, a Proxy whose keys cannot be listed', () => {
    expect(expectedValueProblem({ properties: throwing() }, 'match')).toBe('match.properties.x could not be read: reading it threw Error: boom');
    expect(expectedValueProblem({ properties: keyless() }, 'match')).toBe('match.properties could not be read: listing its keys threw Error: no keys');
  });

  it('a value deeper than any message', () => {
    expect(expectedValueProblem(nested(MAX_NESTING_DEPTH - 1), 'match')).toBeUndefined();
    const problem = expectedValueProblem(nested(5000), 'match');
    expect(problem).toMatch(new RegExp(`^match nests objects and arrays more than ${MAX_NESTING_DEPTH} levels deep \\(past match\\.d\\.d\\.d.*…\\); a message nests at most ${MAX_NESTING_DEPTH}, so none would match$`));
    expect(problem!.length).toBeLessThan(300);
  });
});

describe('properties: no value, however hostile or deep, throws out of a written comparison', () => {
  // Any JSON-like value with getters that throw and nests of any depth put in at random places.
  const hostile: fc.Arbitrary<unknown> = fc.letrec<{ v: unknown }>((tie) => ({
    v: fc.oneof(
      { depthSize: 'small', withCrossShrink: true },
      fc.jsonValue({ maxDepth: 2 }),
      fc.constant(throwing()),
      fc.constant(keyless()),
      fc.integer({ min: 0, max: 6000 }).map((n) => nested(n)),
      fc.array(tie('v'), { maxLength: 3 }),
      fc.dictionary(fc.string({ maxLength: 3 }), tie('v'), { maxKeys: 3 }),
    ),
  })).v;

  it('shownValue, formatDiff, namedParts, mismatches, expectedValueProblem', () => {
    fc.assert(
      fc.property(hostile, hostile, (a, b) => {
        expect(typeof shownValue(a)).toBe('string');
        expect(typeof formatDiff(a, namedParts(b, a))).toBe('string');
        for (const m of mismatches(b, a)) expect(typeof m).toBe('string');
        const problem = expectedValueProblem(a, 'match');
        expect(problem === undefined || typeof problem === 'string').toBe(true);
      }),
      { numRuns: 150 },
    );
  });
});
