// exact-values.ts at its edges (written against the survivors of a mutation run, test/RECORD.md): a
// number past 2^53 nested in an object property, on the before or then side only, one field of
// several, and values that hold none going through as they are.
import { describe, expect, it } from 'vitest';
import { parseExact, stringifyExact } from '../../../src-shared/exact-json';
import type { ChangedUser } from '../../../src-shared/matching/compare';
import { changeForContract, changeWithExactValues, changedUserForContract, exactFieldValue, userForContract, userWithExactProperties, valueText } from '../../../src-shared/matching/exact-values';
import type { DirectoryUser, FieldChange } from '../../../src-shared/matching/types';

const BIG = '9007199254740993'; // 2^53 + 1: JSON.parse reads …992
const NEAREST = 9007199254740992;
/** A value as the engine holds it: the number as an exact-json marker. */
const exact = (json: string): unknown => parseExact(json);
const STARTING = { sources: {}, createdBy: null, touchedBy: [] };

describe('a user over the contract', () => {
  it('carries the digits of a number nested in an object property', () => {
    const user: DirectoryUser = { id: 'u', ...STARTING, properties: { plan: 'pro', n: 5, none: null, account: exact(`{"id":${BIG}}`) } };
    const sent = userForContract(user);
    expect(sent.properties).toEqual({ plan: 'pro', n: 5, none: null, account: { id: NEAREST } });
    expect(sent.propertiesJson).toBe(`{"plan":"pro","n":5,"none":null,"account":{"id":${BIG}}}`);
  });

  it('goes as it is with objects, null and numbers that hold no such number, and back as it is without propertiesJson', () => {
    const user: DirectoryUser = { id: 'u', ...STARTING, properties: { account: { id: 5 }, none: null, n: 1.5 } };
    expect(userForContract(user)).toBe(user);
    expect(userWithExactProperties(user)).toBe(user);
  });
});

describe('a change over the contract', () => {
  it('carries the digits of the value before, the one after as it is', () => {
    const change: FieldChange = { field: 'properties.seats', before: exact(BIG), after: 3 };
    const sent = changeForContract(change);
    expect(sent).toEqual({ field: 'properties.seats', before: NEAREST, beforeJson: BIG, after: 3 });
    // The JSON answer writes the digits back, from beforeJson alone.
    expect(stringifyExact(changeWithExactValues(structuredClone(sent)))).toBe(`{"field":"properties.seats","before":${BIG},"after":3}`);
  });

  it('goes back as it is without beforeJson or afterJson', () => {
    const change: FieldChange = { field: 'properties.plan', before: 'free', after: 'pro' };
    expect(changeWithExactValues(change)).toBe(change);
  });
});

describe("a what-if's changed user over the contract", () => {
  it('carries the digits of the then side, and of only the field that holds such a number', () => {
    const user: ChangedUser = {
      id: 'u',
      fields: [
        { field: 'properties.plan', now: 'pro', then: 'free' },
        { field: 'properties.seats', now: 3, then: exact(BIG) },
      ],
    };
    const sent = changedUserForContract(user);
    expect(sent.fields).toEqual([
      { field: 'properties.plan', now: 'pro', then: 'free' },
      { field: 'properties.seats', now: 3, then: NEAREST, thenJson: BIG },
    ]);
    const seats = structuredClone(sent.fields[1]);
    expect(valueText(exactFieldValue(seats, 'then'))).toBe(BIG);
    expect(exactFieldValue(seats, 'now')).toBe(3);
  });
});

describe('valueText', () => {
  it('writes undefined as the word (JSON has none)', () => {
    expect(valueText(undefined)).toBe('undefined');
  });
});
