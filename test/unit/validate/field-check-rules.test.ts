// The generic catalog field check (field-check.ts), the parts the profile tests leave out. From the
// catalog model (catalogs/types.ts) and domain.md: a required field that is missing is an error, a
// recommended one a warning, an optional one nothing; "missing" is absent, null, or an empty or blank
// string. A present value of the wrong type, outside its enum or longer than its maxLength (a string
// length) is an error when the field is required, else a warning, unless the field says otherwise
// (invalidSeverity). An array field with items checks each row, naming it by index. Rule ids are
// "<prefix>.<path>" plus what failed; a missing field beside a key that is probably it misspelled
// (same but for case and separators, or one or two edits away in a name of five letters or more)
// says "did you mean", except where the hints are switched off (ingest, which only counts findings).
import { describe, expect, it } from 'vitest';
import type { JsonObject } from '../../../src-shared/capture';
import type { FieldSpec } from '../../../src-shared/catalogs/types';
import { checkField, checkFields, compileFields, getAt, isIso8601, isPlainObject, withNearKeyHints } from '../../../src-shared/validate/field-check';
import type { Finding, ProfileId } from '../../../src-shared/validate/finding';
import { validate } from '../../../src-shared/validate/validate';

const spec = (extra: Partial<FieldSpec>): FieldSpec => ({ path: 'v', label: 'Value', type: 'string', requirement: 'required', description: 'What v is.', example: 'x', origin: 'Segment spec', ...extra });
const one = (extra: Partial<FieldSpec>, prefix = 'p') => compileFields([spec(extra)], prefix)[0];
const check = (field: ReturnType<typeof one>, root: unknown, profile: ProfileId = 'segment', profileName = 'Segment'): Finding[] => {
  const out: Finding[] = [];
  checkField(root, field, profile, profileName, '', out);
  return out;
};

describe('presence, by requirement', () => {
  it.each<[string, unknown]>([
    ['absent', undefined],
    ['null', null],
    ['the empty string', ''],
    ['spaces', '   '],
    ['a tab and a newline', '\t\n'],
    ['a no-break space', '\u00a0'],
  ])('%s is missing: an error when required, a warning when recommended, nothing when optional', (_label, value) => {
    const root = value === undefined ? {} : { v: value };
    expect(check(one({ requirement: 'required' }), root)).toEqual([
      { severity: 'error', path: 'v', rule: 'p.v.required', message: 'Value (v) is missing; Segment requires it: What v is.', profile: 'segment' },
    ]);
    expect(check(one({ requirement: 'recommended' }), root)).toEqual([
      { severity: 'warning', path: 'v', rule: 'p.v.recommended', message: 'Value (v) is missing; Segment recommends it: What v is.', profile: 'segment' },
    ]);
    expect(check(one({ requirement: 'optional' }), root)).toEqual([]);
  });

  it.each<FieldSpec['type']>(['string', 'number', 'boolean', 'iso8601', 'email', 'array', 'object'])('a %s field that is absent or null is missing, before any value was seen', (type) => {
    for (const root of [{}, { v: null }]) expect(check(one({ type }), root).map((f) => [f.rule, f.severity])).toEqual([['p.v.required', 'error']]);
  });

  it.each<[string, FieldSpec['type'], unknown]>([
    ['zero', 'number', 0],
    ['false', 'boolean', false],
    ['a one-character string', 'string', 'x'],
    ['a string with a space around it', 'string', ' x '],
    ['an empty object', 'object', {}],
    ['an empty array', 'array', []],
  ])('%s is present', (_label, type, value) => {
    expect(check(one({ type }), { v: value })).toEqual([]);
  });

  it('a dotted path is read step by step; a step that is not an object makes the field missing', () => {
    const field = one({ path: 'traits.address.city', label: 'City' });
    expect(check(field, { traits: { address: { city: 'Austin' } } })).toEqual([]);
    for (const root of [{}, { traits: null }, { traits: 'x' }, { traits: { address: 3 } }, { traits: { address: {} } }])
      expect(check(field, root).map((f) => [f.path, f.rule])).toEqual([['traits.address.city', 'p.traits.address.city.required']]);
  });

  it('getAt: the value at a split path, undefined past a missing or non-object step', () => {
    expect(getAt({ a: { b: 0 } }, ['a', 'b'])).toBe(0);
    expect(getAt({ a: { b: 0 } }, [])).toEqual({ a: { b: 0 } });
    expect(getAt({ a: null }, ['a', 'b'])).toBeUndefined();
    expect(getAt({ a: 'str' }, ['a', 'length'])).toBeUndefined();
    expect(getAt(null, ['a'])).toBeUndefined();
    expect(getAt(undefined, ['a'])).toBeUndefined();
  });

  it('isPlainObject: objects only, not arrays or null', () => {
    expect([{}, { a: 1 }, [], null, 'x', 1, undefined].map(isPlainObject)).toEqual([true, true, false, false, false, false, false]);
  });
});

describe('types', () => {
  // [type, a value that passes, a value that does not, how the finding names the bad value, rule suffix]
  it.each<[FieldSpec['type'], unknown, unknown, string, string]>([
    ['string', 'abc', 5, 'the number 5', 'type'],
    ['string', 'abc', { a: 1 }, 'an object', 'type'],
    ['string', 'abc', ['abc'], 'an array', 'type'],
    ['number', -1.5, '5', 'the string "5"', 'type'],
    ['number', 0, Number.NaN, 'the number NaN', 'type'],
    ['number', 1e9, Number.POSITIVE_INFINITY, 'the number Infinity', 'type'],
    ['boolean', true, 'true', 'the string "true"', 'type'],
    ['boolean', false, 0, 'the number 0', 'type'],
    ['iso8601', '2025-03-14T09:26:53.000Z', '14/03/2025', 'the string "14/03/2025"', 'iso8601'],
    ['iso8601', '2025-03-14', 1741944413000, 'the number 1741944413000', 'iso8601'],
    ['email', 'dana@acme.example', 'dana@acme', 'the string "dana@acme"', 'email'],
    ['email', ' dana@acme.example ', 'dana smith@acme.example', 'the string "dana smith@acme.example"', 'email'],
    ['email', 'a@b.co', true, 'the boolean true', 'email'],
    ['array', [1], { 0: 1 }, 'an object', 'type'],
    ['object', { a: 1 }, [1], 'an array', 'type'],
    ['object', {}, 'x', 'the string "x"', 'type'],
  ])('%s: %j passes, %j is reported', (type, good, bad, described, suffix) => {
    const words: Record<FieldSpec['type'], string> = {
      string: 'a string',
      number: 'a number',
      boolean: 'a boolean (true or false)',
      iso8601: 'an ISO-8601 date-time string, e.g. "2025-03-14T09:26:53.000Z"',
      email: 'an email address',
      array: 'an array',
      object: 'an object',
    };
    expect(check(one({ type }), { v: good })).toEqual([]);
    expect(check(one({ type }), { v: bad })).toEqual([
      { severity: 'error', path: 'v', rule: `p.v.${suffix}`, message: `Value (v) must be ${words[type]} for Segment, but it is ${described}.`, profile: 'segment' },
    ]);
  });

  it.each<[string, boolean]>([
    ['dana@acme.example', true],
    ['first.last+tag@sub.acme.example', true],
    ['  dana@acme.example\n', true], // space around it is not part of it
    ['dana@acme', false],
    ['dana smith@acme.example', false],
    ['dana@ac me.example', false],
    ['dana@acme.ex ample', false],
    ['a@b@c.de', false],
    ['dana@acme.ex@ample', false],
    ['@acme.example', false],
    ['dana@', false],
    ['dana@.example', false],
    ['dana@acme.', false],
    ['dana@acme.example more', false],
    ['more dana@acme.example', false],
  ])('email %j: %s', (value, ok) => {
    expect(check(one({ type: 'email' }), { v: value }).map((f) => f.rule)).toEqual(ok ? [] : ['p.v.email']);
  });

  it('a long string is quoted up to 40 characters, then an ellipsis', () => {
    const forty = 'abcdefghij'.repeat(4);
    const say = (value: string) => check(one({ type: 'number' }), { v: value })[0].message;
    expect(say(forty)).toBe(`Value (v) must be a number for Segment, but it is the string "${forty}".`);
    expect(say(forty + 'k')).toBe(`Value (v) must be a number for Segment, but it is the string "${forty}…".`);
    expect(say('say "hi"')).toBe('Value (v) must be a number for Segment, but it is the string "say \\"hi\\"".');
  });

  it.each<[string, Partial<FieldSpec>, string]>([
    ['required', { requirement: 'required' }, 'error'],
    ['recommended', { requirement: 'recommended' }, 'warning'],
    ['optional', { requirement: 'optional' }, 'warning'],
    ['optional, invalid is an error', { requirement: 'optional', invalidSeverity: 'error' }, 'error'],
    ['required, invalid is a warning', { requirement: 'required', invalidSeverity: 'warning' }, 'warning'],
  ])('a wrong value of a field %s is a(n) %s… (severity column)', (_label, extra, severity) => {
    const wrongType = check(one({ type: 'number', ...extra }), { v: 'x' });
    const notInEnum = check(one({ enum: ['a'], ...extra }), { v: 'b' });
    const tooLong = check(one({ maxLength: 1, ...extra }), { v: 'bb' });
    expect([...wrongType, ...notInEnum, ...tooLong].map((f) => f.severity)).toEqual([severity, severity, severity]);
  });
});

describe('ISO-8601 calendar bounds', () => {
  it.each<[string, boolean]>([
    ['2025-03-00', false],
    ['2025-03-01', true],
    ['2025-03-31', true],
    ['2025-03-32', false],
    ['2025-00-14', false],
    ['2025-01-14', true],
    ['2025-12-14', true],
    ['2025-13-14', false],
    ['2025-03-00T09:26:53Z', false],
  ])('%s: %s (months 01-12, days 01-31)', (value, ok) => {
    expect(isIso8601(value)).toBe(ok);
  });
});

describe('enum and maxLength', () => {
  it('a value outside the enum names the allowed values', () => {
    const field = one({ path: 'properties.metadata.type', label: 'Step direction', enum: ['next', 'previous'], requirement: 'recommended' });
    expect(check(field, { properties: { metadata: { type: 'next' } } }, 'produktly', 'Produktly')).toEqual([]);
    expect(check(field, { properties: { metadata: { type: 'Next' } } }, 'produktly', 'Produktly')).toEqual([
      {
        severity: 'warning',
        path: 'properties.metadata.type',
        rule: 'p.properties.metadata.type.enum',
        message: 'Step direction (properties.metadata.type) is "Next"; Produktly expects one of: next, previous.',
        profile: 'produktly',
      },
    ]);
  });

  it('maxLength: the limit itself passes, one more character is reported with both numbers', () => {
    const field = one({ maxLength: 5 });
    expect(check(field, { v: '12345' })).toEqual([]);
    expect(check(field, { v: '123456' })).toEqual([{ severity: 'error', path: 'v', rule: 'p.v.maxLength', message: 'Value (v) is 6 characters; Segment allows at most 5.', profile: 'segment' }]);
  });

  // domain.md: "`messageId` (at most 100 characters)"; freshsuccess-segment.txt line 95:
  // "traits.description ... short company description (512 chars)". A character outside the Basic
  // Multilingual Plane (an emoji) is one character but two UTF-16 units: 60 emoji in a messageId
  // were reported as "120 characters" (an error) while the drop reasons, counting characters, said
  // Segment keeps the message.
  it('a pair counts once only when a high surrogate (D800–DBFF) is followed by a low one (DC00–DFFF); a lone or reversed one counts as one each', () => {
    const findings = (messageId: string) => validate({ type: 'track', event: 'x', userId: 'u1', messageId }, ['segment']).filter((f) => f.path === 'messageId').map((f) => f.message);
    // 100 pairs at the ranges' edges: 100 characters, no finding.
    const pairs = ['\uD800\uDC00', '\uDBFF\uDFFF', '\uD800\uDFFF', '\uDBFF\uDC00'];
    expect(findings(pairs.join('').repeat(25))).toEqual([]);
    // Two code units that are no pair, each: 50 of them and one more character are 101 characters.
    const noPairs = ['\uD800a', 'a\uDC00', '\uDBFF\uE000', '\uD7FF\uDC00', '\uDC00\uDC00'];
    expect(findings(noPairs.join('').repeat(10) + 'x')).toEqual(['Message ID (messageId) is 101 characters; Segment allows at most 100.']);
  });

  it('maxLength counts characters, not UTF-16 units: an emoji is one character', () => {
    const emoji = '\u{1F600}';
    const messageId = emoji.repeat(60);
    const message = { type: 'track', event: 'x', userId: 'u1', messageId };
    expect(validate(message, ['segment']).filter((f) => f.path === 'messageId')).toEqual([]);
    const over = validate({ ...message, messageId: emoji.repeat(101) }, ['segment']).filter((f) => f.path === 'messageId');
    expect(over.map((f) => [f.rule, f.message])).toEqual([['segment.base.messageId.maxLength', 'Message ID (messageId) is 101 characters; Segment allows at most 100.']]);
    const group = { type: 'group', groupId: 'g', userId: 'u1', anonymousId: 's', originalTimestamp: '2025-03-14T09:26:53.000Z', traits: { name: 'A', createdAt: '2024-01-01', email: 'a@b.co' } };
    expect(validate({ ...group, traits: { ...group.traits, description: emoji.repeat(512) } }, ['freshsuccess'])).toEqual([]);
    expect(validate({ ...group, traits: { ...group.traits, description: emoji.repeat(513) } }, ['freshsuccess']).map((f) => f.message)).toEqual([
      'Description (traits.description) is 513 characters; Freshsuccess allows at most 512.',
    ]);
  });

  it('a value both outside the enum and too long gets both findings, enum first', () => {
    expect(check(one({ enum: ['a'], maxLength: 2 }), { v: 'bbb' }).map((f) => f.rule)).toEqual(['p.v.enum', 'p.v.maxLength']);
  });

  it('maxLength counts string characters only: an array of any length, or a number of any size, passes', () => {
    expect(check(one({ type: 'array', maxLength: 1 }), { v: [1, 2, 3] })).toEqual([]);
    const number = one({ type: 'number', maxLength: 1 });
    expect([12345, -0.5, 0].map((v) => check(number, { v }))).toEqual([[], [], []]);
    expect(['12', Number.NaN, true].map((v) => check(number, { v }).map((f) => f.rule))).toEqual([['p.v.type'], ['p.v.type'], ['p.v.type']]);
    const object = one({ type: 'object', maxLength: 1 });
    expect(check(object, { v: { a: 1, b: 2 } })).toEqual([]);
    expect(check(object, { v: 'ab' }).map((f) => f.rule)).toEqual(['p.v.type']);
  });

  it('a value of the wrong type gets only the type finding, not the enum or length one', () => {
    expect(check(one({ enum: ['a'], maxLength: 1 }), { v: 12345 }).map((f) => f.rule)).toEqual(['p.v.type']);
    expect(check(one({ type: 'iso8601', maxLength: 10 }), { v: 'not a date at all' }).map((f) => f.rule)).toEqual(['p.v.iso8601']);
  });

  it('domain limits from the catalogs: Freshsuccess description ≤ 512, Segment messageId ≤ 100', () => {
    const GROUP = { type: 'group', anonymousId: 's', userId: 'u', groupId: 'g', originalTimestamp: '2026-03-01T10:00:00.000Z', traits: { name: 'Acme', createdAt: '2023-06-01T00:00:00.000Z', email: 'a@acme.example' } };
    const withDescription = (n: number) => validate({ ...GROUP, traits: { ...GROUP.traits, description: 'd'.repeat(n) } } as JsonObject, ['freshsuccess']).map((f) => f.rule);
    expect(withDescription(512)).toEqual([]);
    expect(withDescription(513)).toEqual(['freshsuccess.group.traits.description.maxLength']);
    const withId = (n: number) => validate({ type: 'track', event: 'A', userId: 'u', messageId: 'm'.repeat(n) }, ['segment']).filter((f) => f.path === 'messageId');
    expect(withId(100)).toEqual([]);
    expect(withId(101).map((f) => [f.rule, f.severity])).toEqual([['segment.base.messageId.maxLength', 'error']]); // optional, but invalid is an error
  });
});

describe('labels', () => {
  it.each<[string, string, string, string]>([
    ['a plain label gets the path after it', 'Account ID', '', 'Account ID (groupId)'],
    ['a label that already names the path is not repeated', 'Account ID (groupId)', '', 'Account ID (groupId)'],
    ['a row: the path in the label becomes the full row path', 'Account ID (groupId)', 'rows[2].', 'Account ID (rows[2].groupId)'],
    ['a row, plain label', 'Account ID', 'rows[2].', 'Account ID (rows[2].groupId)'],
    ['a label naming another path keeps it and adds the path', 'Account ID (id)', '', 'Account ID (id) (groupId)'],
    ['a label that names the full row path is not repeated', 'Account ID (rows[2].groupId)', 'rows[2].', 'Account ID (rows[2].groupId)'],
    ['a label with other brackets: only the last one, the path, is replaced', 'Created (UTC) (groupId)', 'rows[0].', 'Created (UTC) (rows[0].groupId)'],
  ])('%s', (_label, label, prefix, named) => {
    const out: Finding[] = [];
    checkField({}, one({ path: 'groupId', label }), 'segment', 'Segment', prefix, out);
    expect(out.map((f) => f.message)).toEqual([`${named} is missing; Segment requires it: What v is.`]);
  });
});

describe('array rows (items)', () => {
  const events = compileFields(
    [
      {
        path: 'properties.events',
        label: 'Notification events',
        type: 'array',
        requirement: 'recommended',
        description: 'Rows.',
        example: [],
        items: [
          spec({ path: 'notificationId', label: 'Notification ID', description: 'Which notification.' }),
          spec({ path: 'click', label: 'Clicked', type: 'boolean', description: 'Clicked or not.' }),
        ],
      },
    ],
    'provesource.event',
  )[0];
  const run = (value: unknown) => check(events, { properties: { events: value } }, 'provesource', 'ProveSource');

  it('each row is checked, with its index in the path and [] in the rule', () => {
    expect(run([{ notificationId: 'n1', click: true }, { notificationId: 'n2', click: 'yes' }, { click: false }, { notificationId: 'n4' }])).toEqual([
      {
        severity: 'error',
        path: 'properties.events[1].click',
        rule: 'provesource.event.properties.events[].click.type',
        message: 'Clicked (properties.events[1].click) must be a boolean (true or false) for ProveSource, but it is the string "yes".',
        profile: 'provesource',
      },
      {
        severity: 'error',
        path: 'properties.events[2].notificationId',
        rule: 'provesource.event.properties.events[].notificationId.required',
        message: 'Notification ID (properties.events[2].notificationId) is missing; ProveSource requires it: Which notification.',
        profile: 'provesource',
      },
      {
        severity: 'error',
        path: 'properties.events[3].click',
        rule: 'provesource.event.properties.events[].click.required',
        message: 'Clicked (properties.events[3].click) is missing; ProveSource requires it: Clicked or not.',
        profile: 'provesource',
      },
    ]);
  });

  it('the same field missing in two rows is reported once per row, each with its own path', () => {
    expect(run([{ click: true }, { click: false }]).map((f) => f.path)).toEqual(['properties.events[0].notificationId', 'properties.events[1].notificationId']);
  });

  it.each<[unknown, string]>([
    [null, 'null'],
    [['n1'], 'an array'],
    ['n1', 'the string "n1"'],
    [7, 'the number 7'],
  ])('a row that is not an object (%j) is one finding, and its fields are not checked', (row, described) => {
    expect(run([{ notificationId: 'n0', click: true }, row])).toEqual([
      {
        severity: 'warning', // the array field is recommended
        path: 'properties.events[1]',
        rule: 'provesource.event.properties.events[].type',
        message: `Each row of Notification events (properties.events) must be an object, but row 1 is ${described}.`,
        profile: 'provesource',
      },
    ]);
  });

  it('an empty array has no rows to check; a non-array gets only the type finding', () => {
    expect(run([])).toEqual([]);
    expect(run({ notificationId: 'n1' }).map((f) => f.rule)).toEqual(['provesource.event.properties.events.type']);
  });

  it('the ProveSource catalog: Goal Completed rows', () => {
    const goal = (rows: unknown) => validate({ type: 'track', event: 'Goal Completed', userId: 'u', properties: { goalId: 'g', goalName: 'Trial', events: rows } } as JsonObject, ['provesource']);
    expect(goal([{ notificationId: 'n', view: true, hover: false, click: true }])).toEqual([]);
    expect(goal([{ notificationId: 'n', view: true, hover: false, click: true }, { notificationId: 'n', view: 1, hover: false }]).map((f) => [f.path, f.rule])).toEqual([
      ['properties.events[1].view', 'provesource.event.properties.events[].view.type'],
      ['properties.events[1].click', 'provesource.event.properties.events[].click.recommended'],
    ]);
  });
});

describe('the missing finding reused at the message root', () => {
  it('follows the profile it is asked for, and is frozen so that no reader can change it for the next', () => {
    const field = one({ requirement: 'recommended' });
    const a = check(field, {}, 'segment', 'Segment');
    const b = check(field, {}, 'freshsuccess', 'Freshsuccess');
    const c = check(field, {}, 'segment', 'Segment');
    expect(a[0]).toEqual({ severity: 'warning', path: 'v', rule: 'p.v.recommended', message: 'Value (v) is missing; Segment recommends it: What v is.', profile: 'segment' });
    expect(b[0]).toEqual({ severity: 'warning', path: 'v', rule: 'p.v.recommended', message: 'Value (v) is missing; Freshsuccess recommends it: What v is.', profile: 'freshsuccess' });
    expect(c).toEqual(a);
    expect(Object.isFrozen(a[0])).toBe(true);
  });

  it('a field below a prefix is named with the prefix every time', () => {
    const field = one({});
    const at = (prefix: string) => {
      const out: Finding[] = [];
      checkField({}, field, 'segment', 'Segment', prefix, out);
      return out.map((f) => f.path);
    };
    expect([...at(''), ...at('rows[0].'), ...at('rows[1].'), ...at('')]).toEqual(['v', 'rows[0].v', 'rows[1].v', 'v']);
  });
});

describe('a value given instead of the one at the path', () => {
  it('is the one checked', () => {
    const field = one({ type: 'number' });
    const out: Finding[] = [];
    checkField({ v: 'not read' }, field, 'segment', 'Segment', '', out, 3);
    expect(out).toEqual([]);
    checkField({ v: 3 }, field, 'segment', 'Segment', '', out, 'x');
    expect(out.map((f) => f.rule)).toEqual(['p.v.type']);
  });
});

describe('a valid date or email remembered', () => {
  it('a value that failed is reported again each time, and a different valid value passes', () => {
    const field = one({ type: 'email' });
    const rules = (v: unknown) => check(field, { v }).map((f) => f.rule);
    expect([rules('a@b.co'), rules('a@b.co'), rules('a@b'), rules('a@b'), rules('c@d.org'), rules(5), rules('a@b.co')]).toEqual([[], [], ['p.v.email'], ['p.v.email'], [], ['p.v.email'], []]);
  });

  it('a string field does not remember: a string equal to a past value is still checked against its enum', () => {
    const field = one({ enum: ['a'] });
    expect([check(field, { v: 'a' }), check(field, { v: 'b' }), check(field, { v: 'b' })].map((o) => o.map((f) => f.rule))).toEqual([[], ['p.v.enum'], ['p.v.enum']]);
  });

  it('an email field with an enum checks the enum on a remembered value', () => {
    const field = one({ type: 'email', enum: ['a@b.co'] });
    expect([check(field, { v: 'c@d.co' }), check(field, { v: 'c@d.co' })].map((o) => o.map((f) => f.rule))).toEqual([['p.v.enum'], ['p.v.enum']]);
  });
});

describe('checkFields', () => {
  it('checks every field in order', () => {
    const fields = compileFields([spec({ path: 'a', label: 'A' }), spec({ path: 'b', label: 'B', requirement: 'recommended' }), spec({ path: 'c', label: 'C', type: 'number' })], 'p');
    const out: Finding[] = [];
    checkFields({ c: 'x' }, fields, 'segment', 'Segment', out);
    expect(out.map((f) => [f.rule, f.severity])).toEqual([
      ['p.a.required', 'error'],
      ['p.b.recommended', 'warning'],
      ['p.c.type', 'error'],
    ]);
  });
});

describe('"did you mean" on a missing field', () => {
  const hint = (path: string, root: unknown, prefix = '') => {
    const out: Finding[] = [];
    checkField(root, one({ path, label: 'L' }), 'segment', 'Segment', prefix, out);
    const m = /The message has (.*): did you mean (.*)\?$/.exec(out[0].message);
    return m ? `${m[1]} -> ${m[2]}` : null;
  };

  it.each<[string, string, unknown, string | null]>([
    ['case', 'notificationId', { notificationID: 1 }, 'notificationID -> notificationId'],
    ['separators', 'notificationId', { notification_id: 1 }, 'notification_id -> notificationId'],
    ['one letter dropped', 'notificationId', { notificatonId: 1 }, 'notificatonId -> notificationId'],
    ['two edits', 'notificationId', { notifcatonId: 1 }, 'notifcatonId -> notificationId'],
    ['three edits: not near', 'notificationId', { notifcatnId: 1 }, null],
    ['five letters, two edits (domain.md: clicked for click)', 'click', { clicked: true }, 'clicked -> click'],
    ['five letters, one edit', 'email', { emial: 'a@b.co' }, 'emial -> email'],
    ['four letters, one edit: too short to guess', 'name', { nam: 'Acme' }, null],
    ['a four-letter key one edit from a five-letter name: too short to guess', 'email', { emai: 'a@b.co' }, null],
    ['four letters, same but for case: still named', 'name', { Name: 'Acme' }, 'Name -> name'],
    ['three letters, same but for separators', 'url', { U_R_L: 'x' }, 'U_R_L -> url'],
    ['the closest of several near keys', 'notificationId', { notifcatonId: 1, notificatonId: 2 }, 'notificatonId -> notificationId'],
    ['the first of equally near keys', 'notificationId', { notificatonId: 1, notificationd: 2 }, 'notificatonId -> notificationId'],
    ['an exact normalized match beats a one-edit key seen first', 'notificationId', { notificatonId: 1, NotificationId: 2 }, 'NotificationId -> notificationId'],
    ['nothing near', 'notificationId', { other: 1 }, null],
    ['no other key', 'notificationId', {}, null],
  ])('%s', (_label, path, root, expected) => {
    expect(hint(path, root)).toBe(expected);
  });

  it('a nested field: looks beside it, and names the key with its parent path and the row prefix', () => {
    expect(hint('metadata.stepIndex', { metadata: { step_index: 2 } })).toBe('metadata.step_index -> stepIndex');
    expect(hint('metadata.stepIndex', { metadata: { step_index: 2 } }, 'rows[3].')).toBe('rows[3].metadata.step_index -> stepIndex');
    expect(hint('click', { clicked: true }, 'properties.events[0].')).toBe('properties.events[0].clicked -> click');
    expect(hint('metadata.stepIndex', { stepIndex: 2 })).toBeNull(); // not beside it
    expect(hint('metadata.stepIndex', { metadata: 'step_index' })).toBeNull();
    expect(hint('metadata.stepIndex', { metadata: ['stepindex'] })).toBeNull();
  });

  it('the whole sentence: the missing finding, then the hint', () => {
    const out: Finding[] = [];
    checkField({ notificationID: 'n-1' }, one({ path: 'notificationId', label: 'Notification ID', description: 'Which one.' }), 'provesource', 'ProveSource', '', out);
    expect(out).toEqual([
      {
        severity: 'error',
        path: 'notificationId',
        rule: 'p.notificationId.required',
        message: 'Notification ID (notificationId) is missing; ProveSource requires it: Which one. The message has notificationID: did you mean notificationId?',
        profile: 'provesource',
      },
    ]);
  });

  it('a key holding undefined is the field itself, not a misspelling of it', () => {
    expect(hint('notificationId', { notificationId: undefined, other: 1 })).toBeNull();
    expect(hint('notificationId', { notificationId: undefined, notificationID: 1 })).toBe('notificationID -> notificationId');
  });

  it('no hint when the field is there but null or blank, or optional', () => {
    expect(hint('notificationId', { notificationId: null, notificationID: 'n' })).toBeNull();
    expect(hint('notificationId', { notificationId: '', notificationID: 'n' })).toBeNull();
    expect(check(one({ path: 'notificationId', requirement: 'optional' }), { notificationID: 'n' })).toEqual([]);
  });

  it('the same key seen again (remembered distance) gets the same answer', () => {
    const field = one({ path: 'notificationId', label: 'L' });
    const say = (root: unknown) => check(field, root)[0].message.endsWith('did you mean notificationId?');
    expect([say({ notificationID: 1 }), say({ other: 1 }), say({ notificationID: 1, other: 2 }), say({ other: 1 })]).toEqual([true, false, true, false]);
  });

  it('stays right past a thousand different keys seen', () => {
    const field = one({ path: 'notificationId', label: 'L' });
    const say = (root: unknown) => check(field, root)[0].message.endsWith('did you mean notificationId?');
    for (let i = 0; i < 1100; i++) expect(say({ [`key${i}`]: 1 })).toBe(false);
    expect(say({ notificationID: 1 })).toBe(true);
  });

  it('withNearKeyHints(false) leaves them out (rule and severity unchanged), and restores them after, even after a throw', () => {
    const field = one({ path: 'notificationId', label: 'L' });
    const root = { notificationID: 'n' };
    const without = withNearKeyHints(false, () => check(field, root));
    expect(without.map((f) => [f.rule, f.severity, f.message])).toEqual([['p.notificationId.required', 'error', 'L (notificationId) is missing; Segment requires it: What v is.']]);
    expect(check(field, root)[0].message).toContain('did you mean');
    expect(() =>
      withNearKeyHints(false, () => {
        throw new Error('boom');
      }),
    ).toThrow('boom');
    expect(check(field, root)[0].message).toContain('did you mean');
    expect(withNearKeyHints(true, () => check(field, root)[0].message)).toContain('did you mean');
    expect(withNearKeyHints(false, () => (withNearKeyHints(true, () => 0), check(field, root)[0].message))).not.toContain('did you mean');
  });
});
