// Pure composer logic: paths, form <-> JSON values, JSON errors with line/column, skeletons.
import { describe, expect, it } from 'vitest';
import {
  blankRow,
  catalogNotes,
  editMessage,
  eventChoices,
  formMessageOf,
  formatPath,
  formLayout,
  fromInputValue,
  getPath,
  jsonOffsetOfPath,
  originTags,
  messageFromForm,
  parseMessageJson,
  parseSubtreeText,
  parsePath,
  pathCandidates,
  setPath,
  skeletonMessage,
  toInputValue,
} from '../../../src-renderer/src/composer/composer-logic';
import { exactText, isExactNumber } from '../../../src-shared/exact-json';
import { validate } from '../../../src-shared/validate/validate';

describe('paths', () => {
  it('parses and formats dot paths with array indices', () => {
    expect(parsePath('properties.events[1].click')).toEqual(['properties', 'events', 1, 'click']);
    expect(parsePath('a[0][2]')).toEqual(['a', 0, 2]);
    expect(formatPath(['properties', 'events', 1, 'click'])).toBe('properties.events[1].click');
  });

  it('gets values, undefined on the way', () => {
    const m = { properties: { events: [{ click: true }, { click: false }] } };
    expect(getPath(m, 'properties.events[1].click')).toBe(false);
    expect(getPath(m, 'properties.events[5].click')).toBeUndefined();
    expect(getPath(m, 'traits.name')).toBeUndefined();
  });

  it('sets immutably, creating objects and arrays, and removes with undefined', () => {
    const m = { type: 'track', properties: { goalId: 'g', events: [{ view: true }] } };
    const next = setPath(m, 'properties.events[0].click', true);
    expect(next).toEqual({ type: 'track', properties: { goalId: 'g', events: [{ view: true, click: true }] } });
    expect(m.properties.events[0]).toEqual({ view: true }); // original untouched
    expect(next.properties).not.toBe(m.properties);
    expect(setPath({}, 'traits.address.city', 'Oslo')).toEqual({ traits: { address: { city: 'Oslo' } } });
    expect(setPath({}, 'list[1]', 'x')).toEqual({ list: [undefined, 'x'] });
    expect(setPath(m, 'properties.goalId', undefined)).toEqual({ type: 'track', properties: { events: [{ view: true }] } });
  });

  it('lists a path and its parents for focusing', () => {
    expect(pathCandidates('properties.events[1].click')).toEqual(['properties.events[1].click', 'properties.events[1]', 'properties.events', 'properties']);
  });
});

describe('form values', () => {
  it('maps typed inputs to JSON values and back', () => {
    expect(fromInputValue({ type: 'number' }, '250')).toBe(250);
    expect(fromInputValue({ type: 'number' }, '2x')).toBe('2x'); // kept, so the validator can flag it
    // Decimal only: hex, binary, octal and Infinity stay as typed (they were sent as 31, 1, 7, Infinity → null).
    for (const typed of ['0x1F', '0b1', '0o7', 'Infinity', '1_000']) expect(fromInputValue({ type: 'number' }, typed)).toBe(typed);
    for (const [typed, n] of [[' 42 ', 42], ['-3.5', -3.5], ['.5', 0.5], ['+7', 7], ['1e3', 1000], ['2.', 2]] as const) expect(fromInputValue({ type: 'number' }, typed)).toBe(n);
    expect(fromInputValue({ type: 'string' }, '')).toBeUndefined();
    expect(fromInputValue({ type: 'boolean' }, true)).toBe(true);
    expect(fromInputValue({ type: 'iso8601' }, '2025-01-01T00:00:00Z')).toBe('2025-01-01T00:00:00Z');
    expect(toInputValue({ type: 'number' }, 250)).toBe('250');
    expect(toInputValue({ type: 'boolean' }, undefined)).toBe(false);
    expect(toInputValue({ type: 'string' }, undefined)).toBe('');
    expect(toInputValue({ type: 'object' }, { a: 1 })).toBe('{\n  "a": 1\n}');
  });

  it('makes typed blank rows for array items', () => {
    const layout = formLayout('provesource', 'Goal Completed');
    const events = layout.fields.find((f) => f.path === 'properties.events')!;
    expect(blankRow(events.items)).toEqual({ notificationId: '', view: false, hover: false, click: false });
  });
});

describe('JSON editor parsing', () => {
  it('accepts an object', () => {
    expect(parseMessageJson('{"type":"track"}')).toEqual({ ok: true, value: { type: 'track' } });
  });

  it('reports line and column of a syntax error', () => {
    const result = parseMessageJson('{\n  "type": "track",\n  "event": ,\n}');
    expect(result.ok).toBe(false);
    if (!result.ok) {
      expect(result.error.line).toBe(3);
      expect(result.error.column).toBe(12);
      expect(result.error.message.length).toBeGreaterThan(0);
    }
  });

  it('rejects a non-object root', () => {
    const result = parseMessageJson('[1, 2]');
    expect(result.ok).toBe(false);
    if (!result.ok) expect(result.error.message).toMatch(/JSON object/);
  });

  it('finds where a key is in the pretty-printed text', () => {
    const text = JSON.stringify({ properties: { goalId: 'g', events: [] } }, null, 2);
    expect(text.slice(jsonOffsetOfPath(text, 'properties.goalId'))).toMatch(/^"goalId":/);
  });

  it('puts the caret on the row and the level a finding names, not on the first key of that name', () => {
    const text = JSON.stringify(
      {
        context: { traits: { userId: 'nested' } },
        userId: 'top',
        properties: { events: [{ notificationId: 'n-1', click: true }, { notificationId: 'n-2', click: 'yes' }] },
      },
      null,
      2,
    );
    expect(text.slice(jsonOffsetOfPath(text, 'userId'))).toMatch(/^"userId": "top"/);
    expect(text.slice(jsonOffsetOfPath(text, 'properties.events[1].click'))).toMatch(/^"click": "yes"/);
    // A row itself (an item that is not an object): the caret goes to its value.
    const rows = JSON.stringify({ properties: { events: ['a', 42] } }, null, 2);
    expect(rows.slice(jsonOffsetOfPath(rows, 'properties.events[1]'))).toMatch(/^42/);
    // A path the text lacks past some point: the deepest part it has.
    expect(text.slice(jsonOffsetOfPath(text, 'properties.events[1].view'))).toMatch(/^\{\s*"notificationId": "n-2"/);
  });
});

describe('form layout and skeletons', () => {
  it('offers catalog events (both Produktly spellings) or call types', () => {
    expect(eventChoices('provesource').map((e) => e.value)).toEqual(['Notification Viewed', 'Notification Hovered', 'Notification Clicked', 'Goal Completed']);
    const produktly = eventChoices('produktly').map((e) => e.value);
    expect(produktly).toContain('tour_start');
    expect(produktly).toContain('Tour Start');
    expect(eventChoices('freshsuccess').map((e) => e.value)).toEqual(['track', 'identify', 'group']);
  });

  it('splits identity and time from the event fields', () => {
    const layout = formLayout('freshsuccess', 'group');
    expect(layout.identity.map((f) => f.path)).toEqual(['userId', 'anonymousId', 'groupId']);
    expect(layout.time.map((f) => f.path)).toEqual(['timestamp', 'originalTimestamp']);
    expect(layout.fields.map((f) => f.path)).toContain('traits.createdAt');
    expect(layout.fields.map((f) => f.path)).not.toContain('userId');
    expect(formLayout('segment', 'track').eventNameField?.path).toBe('event');
  });

  it('starts a new event from a skeleton that keeps identity and lists what is required', () => {
    const m = skeletonMessage('provesource', 'Goal Completed', { userId: 'u-9', anonymousId: 'a-1', properties: { old: 1 } }, '2025-03-01T10:00:00.000Z', 'm-1');
    expect(m).toEqual({ type: 'track', event: 'Goal Completed', userId: 'u-9', anonymousId: 'a-1', messageId: 'm-1', timestamp: '2025-03-01T10:00:00.000Z', properties: {} });
    // provesource-source.md lists these properties for the event, ranking none above the others.
    const findings = validate(m, ['provesource', 'segment'], { mode: 'explicit' });
    expect(findings.filter((f) => f.severity === 'error')).toEqual([]);
    expect(findings.filter((f) => f.severity === 'warning').map((f) => f.path)).toEqual(['properties.goalId', 'properties.goalName', 'properties.events']);
    const fs = skeletonMessage('freshsuccess', 'identify', {}, '2025-03-01T10:00:00.000Z', 'm-2');
    expect(fs).toMatchObject({ type: 'identify', originalTimestamp: '2025-03-01T10:00:00.000Z', traits: {} });
  });
});

// The JSON editor's text is what is sent: a number JSON.parse rounds (9007199254740993 -> ...992)
// keeps the digits written there through every form edit and a new event's skeleton, and one
// typed in the form gets into the text as typed. use-composer.ts strings these together.
describe('numbers past 2^53: the text keeps its digits through the form', () => {
  const ID = '9007199254740993';
  const text = `{\n  "type": "track",\n  "event": "Order",\n  "userId": ${ID},\n  "properties": {\n    "orderId": ${ID},\n    "note": "x"\n  }\n}`;
  const plain = (t: string) => {
    const r = parseMessageJson(t);
    if (!r.ok) throw new Error(r.error.message);
    return r.value;
  };

  it('the form shows the digits the text has: a number field and an object field', () => {
    const form = formMessageOf(text, plain(text));
    expect(toInputValue({ type: 'number' }, getPath(form, 'userId'))).toBe(ID);
    expect(toInputValue({ type: 'object' }, getPath(form, 'properties'))).toBe(`{\n  "orderId": ${ID},\n  "note": "x"\n}`);
    // The plain parse, which findings read, is JSON.parse's.
    expect(plain(text).userId).toBe(9007199254740992);
    // A text without a 16-digit run: the form reads the message itself.
    const small = plain('{"type":"track","n":5}');
    expect(formMessageOf('{"type":"track","n":5}', small)).toBe(small);
  });

  it('an edit in the object field keeps the digits of the numbers it did not touch', () => {
    const form = formMessageOf(text, plain(text));
    const shown = toInputValue({ type: 'object' }, getPath(form, 'properties')) as string;
    const edited = editMessage(text, plain(text), 'properties', parseSubtreeText(shown.replace('"x"', '"y"')));
    expect(edited.jsonText).toContain(`"orderId": ${ID}`);
    expect(edited.jsonText).toContain(`"userId": ${ID}`);
    expect(edited.jsonText).toContain('"note": "y"');
    expect(edited.message.properties).toEqual({ orderId: 9007199254740992, note: 'y' });
  });

  it('a long number typed in a number field goes into the text as typed; a short one as before', () => {
    const start = '{\n  "type": "track",\n  "properties": {}\n}';
    const typed = fromInputValue({ type: 'number' }, ` ${ID} `);
    expect(isExactNumber(typed) && exactText(typed)).toBe(ID);
    const edited = editMessage(start, plain(start), 'properties.amount', typed);
    expect(edited.jsonText).toContain(`"amount": ${ID}`);
    expect(edited.message).toEqual({ type: 'track', properties: { amount: 9007199254740992 } });
    expect(toInputValue({ type: 'number' }, getPath(formMessageOf(edited.jsonText, edited.message), 'properties.amount'))).toBe(ID);
    // Numbers a double holds, and text that is not a JSON number, are as before.
    expect(fromInputValue({ type: 'number' }, '9007199254740992')).toBe(9007199254740992);
    expect(fromInputValue({ type: 'number' }, '+9007199254740993')).toBe(9007199254740992);
    const small = editMessage(start, plain(start), 'properties.amount', 12.5);
    expect(small.jsonText).toBe('{\n  "type": "track",\n  "properties": {\n    "amount": 12.5\n  }\n}');
  });

  it("a new event's skeleton carries the identity over with its digits", () => {
    const skeleton = skeletonMessage('segment', 'identify', formMessageOf(text, plain(text)), '2026-01-01T00:00:00.000Z', 'm-1');
    const { message, jsonText } = messageFromForm(skeleton);
    expect(jsonText).toContain(`"userId": ${ID}`);
    expect(jsonText).not.toContain('9007199254740992');
    expect(message.userId).toBe(9007199254740992);
    const small = skeletonMessage('segment', 'identify', { userId: 'u' }, '2026-01-01T00:00:00.000Z', 'm-1');
    expect(messageFromForm(small)).toEqual({ message: small, jsonText: JSON.stringify(small, null, 2) });
  });
});

// domain.md: where a document is silent "the UI and the docs must say so"; for Produktly "the
// catalog carries both [documents], marking where each comes from".
describe('where each field is documented, and the catalog notes the form shows', () => {
  it('Produktly: every event field is tagged with its document (Segment catalog page or partner template)', () => {
    const tags = originTags('produktly', 'tour_step');
    expect(Object.fromEntries(tags)).toEqual({
      'properties.tour_id': 'Segment catalog page',
      'properties.metadata.stepIndex': 'Segment catalog page',
      'properties.metadata.type': 'Segment catalog page',
      'properties.email_id': 'partner template',
      'properties.from_id': 'partner template',
      'properties.email_subject': 'partner template',
      'properties.link': 'partner template',
    });
  });

  it('a profile whose fields all come from one document gets no tags (they would all say the same)', () => {
    expect(originTags('provesource', 'Goal Completed').size).toBe(0);
    expect(originTags('freshsuccess', 'group').size).toBe(0);
    expect(originTags('segment', 'track').size).toBe(0);
  });

  it("the notes name each choice Eventbench made where a document is silent", () => {
    const text = (id: Parameters<typeof catalogNotes>[0]) => catalogNotes(id).join('\n');
    // ProveSource lists its properties without a required column: a missing one is a warning.
    expect(text('provesource')).toMatch(/without saying which are required/);
    expect(text('provesource')).toMatch(/warning/);
    // Freshsuccess: context.groupId is read as Eventbench's choice; page/screen/alias get a note only.
    expect(text('freshsuccess')).toMatch(/context\.groupId[^\n]*Eventbench's choice/);
    expect(text('freshsuccess')).toMatch(/page, screen (or|and) alias/);
    expect(text('freshsuccess')).toMatch(/traits\.name and traits\.createdAt[^\n]*insert/);
    // Produktly: both spellings, the template's defect.
    expect(text('produktly')).toMatch(/snake_case/);
    expect(text('produktly')).toMatch(/documentation defect/);
  });
});
