// Freshsuccess rules the catalog table cannot express (freshsuccess-rules.ts), the parts
// freshsuccess.test.ts leaves out. From domain.md and reference/freshsuccess-segment.txt: only
// track, identify and group are used; custom account dimensions come from "any other string, number
// or date field of group/identify" (so never from a track call); the billing city is published as
// biling_city (sic). Every trait name the catalog does not document is a custom dimension.
import { describe, expect, it } from 'vitest';
import type { JsonObject } from '../../../src-shared/capture';
import type { Finding } from '../../../src-shared/validate/finding';
import { validate } from '../../../src-shared/validate/validate';

const fs = (m: JsonObject): Finding[] => validate(m, ['freshsuccess']);
const BASE = { anonymousId: 'sess-1', userId: 'u1', groupId: 'acct_1', originalTimestamp: '2026-03-01T10:00:00.000Z' };
const GROUP = { ...BASE, type: 'group', traits: { name: 'Acme', createdAt: '2023-06-01T00:00:00.000Z', email: 'billing@acme.example' } };
const IDENTIFY = { ...BASE, type: 'identify', traits: { first_name: 'Dana', last_name: 'W', email: 'dana@acme.example' } };
const TRACK = { ...BASE, type: 'track', event: 'Export', properties: { module: 'Reports' } };

describe('calls Freshsuccess does not use', () => {
  // reference/freshsuccess-segment.txt, "Base Segment properties": type | string | yes | "Segment
  // event type, one of: 'track', 'identify', 'group'". Segment's own calls page, screen and alias
  // are not among them: the document describes no use of them (nor any harm), so a web source's
  // page() is a note (info, never a problem), not an error. A message without a type, or with one
  // that is no Segment call, lacks the required field: an error.
  it.each(['page', 'screen', 'alias'])('a %s call: one note (info) quoting the document, no base-field checks', (call) => {
    expect(fs({ type: call })).toEqual([
      {
        severity: 'info',
        path: 'type',
        rule: 'freshsuccess.base.type.not-used',
        message: `Freshsuccess's document covers only track, identify and group calls (type: "one of: 'track', 'identify', 'group'"), so none of its rules apply to a ${call} call; it does not say what Freshsuccess does with one.`,
        profile: 'freshsuccess',
      },
    ]);
  });
  it.each<[string, JsonObject, string]>([
    ['no type at all', { ...BASE }, 'none'],
    ['a null type', { ...BASE, type: null }, 'null'],
    ['a numeric type', { ...BASE, type: 3 }, '3'],
    ['a type that is no Segment call', { ...BASE, type: 'event' }, '"event"'],
  ])('%s: one error naming the three calls', (_label, message, what) => {
    expect(fs(message)).toEqual([
      {
        severity: 'error',
        path: 'type',
        rule: 'freshsuccess.base.type.unsupported',
        message: `Freshsuccess requires type, one of track, identify or group (its document: "Segment event type, one of: 'track', 'identify', 'group'"); this message's type is ${what}.`,
        profile: 'freshsuccess',
      },
    ]);
  });
  it('auto mode (no workspace) says nothing about calls Freshsuccess does not use', () => {
    for (const type of ['page', 'screen', 'alias', 'event', undefined]) expect(validate({ ...BASE, type } as JsonObject, ['freshsuccess'], { mode: 'auto' })).toEqual([]);
  });

  it('a complete message of each call has no finding (the type itself is never reported)', () => {
    for (const m of [GROUP, IDENTIFY, TRACK]) expect(fs(m as JsonObject)).toEqual([]);
  });
});

describe('custom dimensions come from group and identify only', () => {
  it('a track call’s traits are not read', () => {
    expect(fs({ ...TRACK, traits: { address: { city: 'Austin' }, tags: ['a'], vip: true, billing_city: 'Austin' } } as JsonObject)).toEqual([]);
  });

  it.each([
    ['group', GROUP],
    ['identify', IDENTIFY],
  ])('%s: an object, an array and a boolean do not map; strings and numbers do', (call, base) => {
    const m = { ...base, traits: { ...base.traits, plan: 'Pro', seats: 3, address: { city: 'Austin' }, tags: ['a'], vip: true } } as JsonObject;
    expect(fs(m)).toEqual(
      [
        ['address', 'an object'],
        ['tags', 'an array'],
        ['vip', 'a boolean'],
      ].map(([key, what]) => ({
        severity: 'info',
        path: `traits.${key}`,
        rule: `freshsuccess.${call}.traits.custom-dimension.type`,
        message: `traits.${key} is ${what}; Freshsuccess maps only string, number or date fields to custom account dimensions, so this one will not map.`,
        profile: 'freshsuccess',
      })),
    );
  });

  it('any name the catalog does not document is a custom dimension, the empty name too', () => {
    expect(fs({ ...GROUP, traits: { ...GROUP.traits, '': { x: 1 } } } as JsonObject).map((f) => f.path)).toEqual(['traits.']);
    expect(fs({ ...IDENTIFY, traits: { ...IDENTIFY.traits, '': ['x'] } } as JsonObject).map((f) => f.path)).toEqual(['traits.']);
  });
});

describe('billing_city (Freshsuccess publishes biling_city, sic)', () => {
  it('on group: one info finding saying so, whatever its value', () => {
    for (const value of ['Austin', { city: 'Austin' }]) {
      expect(fs({ ...GROUP, traits: { ...GROUP.traits, billing_city: value } } as JsonObject)).toEqual([
        {
          severity: 'info',
          path: 'traits.billing_city',
          rule: 'freshsuccess.group.traits.billing_city.published-as-biling_city',
          message:
            'Freshsuccess publishes the billing city field as biling_city (one l, sic). billing_city may not map to it: check your Freshsuccess mapping, or also send traits.biling_city.',
          profile: 'freshsuccess',
        },
      ]);
    }
  });

  it('biling_city itself is documented; billing_city on identify is an ordinary custom dimension', () => {
    expect(fs({ ...GROUP, traits: { ...GROUP.traits, biling_city: 'Austin' } } as JsonObject)).toEqual([]);
    expect(fs({ ...IDENTIFY, traits: { ...IDENTIFY.traits, billing_city: 'Austin' } } as JsonObject)).toEqual([]);
  });
});
