// The rest of what an expected value written in JavaScript may hold, and how a failed expectation
// writes it (survivors of the mutation run on src-shared/scenario/expected-value.ts): a symbol in
// a sentence, an invalid Date, an object of a class without a name, and an object without a
// prototype (what a parser or Object.create(null) gives), which is as plain as {}.
import { describe, expect, it } from 'vitest';
import { expectedValueProblem, shownValue } from '../../../src-shared/scenario/expected-value';
import { mismatches } from '../../../src-shared/scenario/match';

describe('expectedValueProblem, more values', () => {
  it('an invalid Date is refused with an example text, not a RangeError from toISOString', () => {
    expect(expectedValueProblem({ at: new Date('not a date') }, 'match')).toBe('match.at is a Date: write the text expected, such as "2026-01-01T00:00:00.000Z"');
  });

  it('an object of a class without a name is named "non-plain"; a named class by its name', () => {
    const Anonymous = (() => class {})();
    expect(expectedValueProblem({ x: new Anonymous() }, 'match')).toBe('match.x is a non-plain object, not a plain object or array: give the fields expected as a plain object');
    class Plan {
      name = 'pro';
    }
    expect(expectedValueProblem([new Plan()], 'expect')).toBe('expect[0] is a Plan object, not a plain object or array: give the fields expected as a plain object');
    // A prototype without a constructor at all (made with Object.create): named the same way, no TypeError.
    expect(expectedValueProblem({ x: Object.create(Object.create(null) as object) as object }, 'match')).toBe('match.x is a non-plain object, not a plain object or array: give the fields expected as a plain object');
  });

  it('an object without a prototype is a plain object: accepted, and its fields checked', () => {
    const bare = Object.assign(Object.create(null) as Record<string, unknown>, { plan: 'pro', seats: 3 });
    expect(expectedValueProblem({ properties: bare }, 'match')).toBeUndefined();
    expect(expectedValueProblem(bare, 'match')).toBeUndefined();
    bare.when = () => 1;
    expect(expectedValueProblem({ properties: bare }, 'match')).toBe('match.properties.when is a function, which no message holds: give the value expected');
    delete bare.when;
    expect(mismatches({ plan: 'free', seats: 3 }, bare)).toEqual(['plan is "free", expected "pro"']);
  });

  it('a top-level undefined or one in an array: refused, saying no message holds it; in an object only when not allowed', () => {
    expect(expectedValueProblem(undefined, 'match')).toBe('match is undefined, which no message holds');
    expect(expectedValueProblem([1, undefined], 'match')).toBe('match[1] is undefined, which no message holds');
    expect(expectedValueProblem({ a: undefined }, 'filter', false)).toBe('filter.a is undefined');
  });

  it('Infinity, -Infinity: refused as JSON cannot hold them; a number or a string is fine', () => {
    expect(expectedValueProblem({ n: Infinity }, 'match')).toBe('match.n is Infinity, which JSON cannot hold (a message never has it)');
    expect(expectedValueProblem({ n: -Infinity }, 'match')).toBe('match.n is -Infinity, which JSON cannot hold (a message never has it)');
    expect(expectedValueProblem({ n: 1.5, s: 'x', b: false, z: null }, 'match')).toBeUndefined();
  });

  it('the first problem met is the one named, in the order written', () => {
    expect(expectedValueProblem({ a: 1, b: [2, () => 3], c: 4n }, 'match')).toBe('match.b[1] is a function, which no message holds: give the value expected');
  });

  it('the same object twice side by side is no cycle; inside itself, deep in an array, it is', () => {
    const item = { sku: 'a' };
    expect(expectedValueProblem([item, item, [item]], 'match')).toBeUndefined();
    const list: unknown[] = [1];
    list.push({ back: list });
    expect(expectedValueProblem({ list }, 'match')).toBe('match.list[1].back refers back to an object that contains it (a cycle)');
  });
});

describe('shownValue: how a sentence writes a value', () => {
  it('a symbol as its description in brackets, inside an object or alone', () => {
    expect(shownValue({ s: Symbol('plan') })).toBe('{"s":"(Symbol(plan))"}');
    expect(shownValue([Symbol.for('k')])).toBe('["(Symbol(k))"]');
  });

  it('a function, a BigInt, an absent key; undefined alone is "undefined"', () => {
    expect(shownValue({ f() {}, n: 10n, gone: undefined })).toBe('{"f":"(a function)","n":"10n","gone":"(absent)"}');
    expect(shownValue(undefined)).toBe('undefined');
    expect(shownValue(() => 1)).toBe('"(a function)"');
  });

  it('an exact number as its digits; JSON as JSON', () => {
    expect(shownValue({ a: [1, 'x', null, true] })).toBe('{"a":[1,"x",null,true]}');
  });
});
