// The catalogs against an independent table, typed out by hand from the partners' documents
// (../shared/reference/: produktly-source.md, provesource-source.md, freshsuccess-segment.txt,
// and ../shared/domain.md for the Title Case spellings of Segment's catalog page). Nothing here
// is read back from src-shared/catalogs: a typo or a lost field in the catalog fails a test.
// Each row is checked twice: in the catalog data (what the composer offers) and in the
// validator's behaviour (what the inspector reports).
import { describe, expect, it } from 'vitest';
import type { JsonObject } from '../../../src-shared/capture';
import { exampleMessage, fieldsFor, findEvent, listEvents, setPath } from '../../../src-shared/catalogs/index';
import type { Finding } from '../../../src-shared/validate/finding';
import { validate } from '../../../src-shared/validate/validate';

const OPTS = { now: '2025-03-14T09:26:53.000Z', messageId: 'msg-ref-1' };

// produktly-source.md, "Events" table, in its order: the partner template's snake_case.
const PRODUKTLY_TEMPLATE = [
  'tour_available',
  'tour_start',
  'tour_auto_start',
  'tour_continue',
  'tour_finish',
  'tour_step',
  'checklist_step_completed',
  'checklist_finished',
  'smart_tip_available',
  'smart_tip_open',
  'announcement_shown',
  'announcement_action_clicked',
  'announcement_closed',
  'nps_widget_shown',
];
// Segment's catalog page (domain.md): the same events in Title Case, e.g. "Tour Start", "Nps Widget Shown".
const PRODUKTLY_CATALOG_PAGE = [
  'Tour Available',
  'Tour Start',
  'Tour Auto Start',
  'Tour Continue',
  'Tour Finish',
  'Tour Step',
  'Checklist Step Completed',
  'Checklist Finished',
  'Smart Tip Available',
  'Smart Tip Open',
  'Announcement Shown',
  'Announcement Action Clicked',
  'Announcement Closed',
  'Nps Widget Shown',
];
// produktly-source.md, "Event Properties" (the email table: a documentation defect, still listed).
const PRODUKTLY_TEMPLATE_PROPERTIES = ['properties.email_id', 'properties.from_id', 'properties.email_subject', 'properties.link'];

// provesource-source.md, "Events" and "Event Properties".
const PROVESOURCE_EVENTS: Record<string, [path: string, type: string][]> = {
  'Notification Viewed': [['properties.notificationId', 'string'], ['properties.notificationName', 'string']],
  'Notification Hovered': [['properties.notificationId', 'string'], ['properties.notificationName', 'string']],
  'Notification Clicked': [['properties.notificationId', 'string'], ['properties.notificationName', 'string']],
  'Goal Completed': [['properties.goalId', 'string'], ['properties.goalName', 'string'], ['properties.events', 'array']],
};
// events.notificationId, events.view ("true/false"), events.hover, events.click.
const PROVESOURCE_EVENT_ROW: [string, string][] = [['notificationId', 'string'], ['view', 'boolean'], ['hover', 'boolean'], ['click', 'boolean']];

// freshsuccess-segment.txt: Segment property, Type, Required ("yes" -> required, "yes for
// insert" -> required, "recommended", "no" -> optional). Email fields are typed `email` (strings
// holding an address); the 512-character description limit is from the same table.
type Req = 'required' | 'recommended' | 'optional';
const FS_BASE: [string, string, Req][] = [
  ['type', 'string', 'required'],
  ['anonymousId', 'string', 'required'],
  ['originalTimestamp', 'iso8601', 'required'],
  ['userId', 'string', 'required'],
  ['groupId', 'string', 'recommended'],
];
const FS_CALLS: Record<'track' | 'identify' | 'group', [string, string, Req][]> = {
  track: [
    ['event', 'string', 'required'],
    ['properties.module', 'string', 'recommended'],
  ],
  identify: [
    ['traits.first_name', 'string', 'recommended'],
    ['traits.last_name', 'string', 'recommended'],
    ['traits.email', 'email', 'recommended'],
    ['traits.phone', 'string', 'optional'],
    ['traits.mobile_phone', 'string', 'optional'],
    ['traits.salutation', 'string', 'optional'],
    ['traits.title', 'string', 'optional'],
    ['traits.role', 'string', 'optional'],
    ['traits.department', 'string', 'optional'],
    ['traits.mailing_street', 'string', 'optional'],
    ['traits.mailing_city', 'string', 'optional'],
    ['traits.mailing_state', 'string', 'optional'],
    ['traits.mailing_postal', 'string', 'optional'],
    ['traits.mailing_country', 'string', 'optional'],
  ],
  group: [
    ['groupId', 'string', 'required'],
    ['traits.name', 'string', 'required'],
    ['traits.createdAt', 'iso8601', 'required'],
    ['traits.email', 'email', 'recommended'],
    ['traits.description', 'string', 'optional'],
    ['traits.phone', 'string', 'optional'],
    ['traits.website', 'string', 'optional'],
    ['traits.industry', 'string', 'optional'],
    ['traits.employees', 'number', 'optional'],
    ['traits.tier', 'string', 'optional'],
    ['traits.lifecycle_stage', 'string', 'optional'],
    ['traits.billing_street', 'string', 'optional'],
    ['traits.biling_city', 'string', 'optional'], // sic, as published
    ['traits.billing_state', 'string', 'optional'],
    ['traits.billing_postal', 'string', 'optional'],
    ['traits.billing_country', 'string', 'optional'],
    ['traits.is_churned', 'boolean', 'optional'],
  ],
};
/** The table for one call: its own rows win over the base rows (group makes groupId required). */
function fsTable(call: keyof typeof FS_CALLS): [string, string, Req][] {
  const own = new Map(FS_CALLS[call].map((r) => [r[0], r]));
  return [...FS_BASE.map((r) => own.get(r[0]) ?? r), ...FS_CALLS[call].filter((r) => !FS_BASE.some((b) => b[0] === r[0]))];
}

const findingsAt = (findings: Finding[], path: string) => findings.filter((f) => f.path === path);
const unknownEvent = (findings: Finding[]) => findings.filter((f) => f.rule.endsWith('.event.unknown'));

describe('Produktly: every spelling the documents use', () => {
  it('the catalog holds exactly the 14 events, each under both spellings, in the template order', () => {
    const spellings = listEvents('produktly').map((e) => e.spellings!.map((s) => s.name));
    expect(spellings).toEqual(PRODUKTLY_CATALOG_PAGE.map((title, i) => [title, PRODUKTLY_TEMPLATE[i]]));
  });

  it.each(PRODUKTLY_TEMPLATE.map((snake, i) => [snake, PRODUKTLY_CATALOG_PAGE[i]]))('%s and %s are the same event, known to the validator', (snake, title) => {
    expect(findEvent('produktly', snake)?.event.name).toBe(title);
    expect(findEvent('produktly', title)?.event.name).toBe(title);
    expect(findEvent('produktly', snake)?.spelling).toMatchObject({ style: 'snake_case', origin: 'partner template' });
    expect(findEvent('produktly', title)?.spelling).toMatchObject({ style: 'Title Case', origin: 'Segment catalog page' });
    for (const name of [snake, title]) {
      for (const mode of ['auto', 'explicit'] as const) {
        expect(unknownEvent(validate({ type: 'track', userId: 'u1', event: name, properties: {} }, ['produktly'], { mode }))).toEqual([]);
      }
    }
  });

  it('a one-letter change is not a Produktly event (the validator suggests the documented one)', () => {
    const findings = validate({ type: 'track', userId: 'u1', event: 'smart_tip_opened', properties: {} }, ['produktly'], { mode: 'explicit' });
    expect(unknownEvent(findings).map((f) => f.message)).toEqual(['"smart_tip_opened" is not a Produktly event; did you mean smart_tip_open?']);
  });

  it("every event lists the template's property table, marked as the template's", () => {
    for (const name of PRODUKTLY_CATALOG_PAGE) {
      const fields = fieldsFor('produktly', name);
      for (const path of PRODUKTLY_TEMPLATE_PROPERTIES) expect(fields.find((f) => f.path === path)?.origin, `${name} ${path}`).toBe('partner template');
    }
  });
});

describe('ProveSource: every event and property of the document', () => {
  it('the catalog holds exactly the four events, in the document order', () => {
    expect(listEvents('provesource').map((e) => [e.name, e.call])).toEqual(Object.keys(PROVESOURCE_EVENTS).map((n) => [n, 'track']));
  });

  it.each(Object.entries(PROVESOURCE_EVENTS))('%s carries its documented properties with their types', (name, properties) => {
    const fields = fieldsFor('provesource', name);
    expect(fields.filter((f) => f.path.startsWith('properties.')).map((f) => [f.path, f.type])).toEqual(properties);
    expect(unknownEvent(validate({ type: 'track', userId: 'u1', event: name, properties: {} }, ['provesource'], { mode: 'explicit' }))).toEqual([]);
    // The example the composer fills in is clean against the catalog.
    const example = exampleMessage('provesource', name, OPTS);
    for (const [path] of properties) expect(JSON.stringify(example)).toContain(`"${path.split('.').pop()}"`);
    expect(validate(example, ['provesource']).filter((f) => f.severity === 'error')).toEqual([]);
  });

  it('Goal Completed: each events[] row is { notificationId, view, hover, click } with booleans', () => {
    const rows = fieldsFor('provesource', 'Goal Completed').find((f) => f.path === 'properties.events')!;
    expect(rows.items!.map((f) => [f.path, f.type])).toEqual(PROVESOURCE_EVENT_ROW);
    // The validator checks those types in every row.
    const m = exampleMessage('provesource', 'Goal Completed', OPTS);
    (m.properties as JsonObject).events = [{ notificationId: 'n-1', view: 'true', hover: false, click: 1 }];
    const paths = validate(m, ['provesource']).map((f) => f.path);
    expect(paths).toEqual(expect.arrayContaining(['properties.events[0].view', 'properties.events[0].click']));
    expect(paths).not.toContain('properties.events[0].hover');
  });
});

describe('Freshsuccess: every requirement of the document', () => {
  for (const call of ['track', 'identify', 'group'] as const) {
    it(`${call}: the catalog's fields are the document's, with its types and requirements`, () => {
      expect(fieldsFor('freshsuccess', call).map((f) => [f.path, f.type, f.requirement])).toEqual(fsTable(call));
    });

    it.each(fsTable(call))(`${call} without %s: required is an error, recommended a warning, optional nothing`, (path, _type, requirement) => {
      const m = exampleMessage('freshsuccess', call, OPTS);
      setPath(m, path, 'placeholder'); // make sure it is there first, then take it away
      const parts = path.split('.');
      const parent = parts.slice(0, -1).reduce<JsonObject>((o, k) => o[k] as JsonObject, m);
      delete parent[parts.at(-1)!];
      if (path === 'originalTimestamp') {
        // Segment always delivers one (domain.md: the client's timestamp, else the receipt time),
        // so absent is no finding; sent blank, it is missing.
        expect(findingsAt(validate(m, ['freshsuccess']), path)).toEqual([]);
        m.originalTimestamp = '';
        delete m.timestamp;
      }
      const at = findingsAt(validate(m, ['freshsuccess']), path).filter((f) => f.profile === 'freshsuccess');
      if (requirement === 'optional') expect(at).toEqual([]);
      else expect(at.map((f) => f.severity)).toEqual([requirement === 'required' ? 'error' : 'warning']);
    });
  }

  it('types are checked as documented: ISO-8601 dates, numbers, booleans, emails, 512-character descriptions', () => {
    const group = (traits: JsonObject) => {
      const m = exampleMessage('freshsuccess', 'group', OPTS);
      Object.assign(m.traits as JsonObject, traits);
      return validate(m, ['freshsuccess']).filter((f) => f.profile === 'freshsuccess');
    };
    expect(group({})).toEqual([]);
    expect(findingsAt(group({ createdAt: 'last tuesday' }), 'traits.createdAt')).toHaveLength(1);
    expect(findingsAt(group({ employees: '42' }), 'traits.employees')).toHaveLength(1);
    expect(findingsAt(group({ is_churned: 'yes' }), 'traits.is_churned')).toHaveLength(1);
    expect(findingsAt(group({ email: 'not an address' }), 'traits.email')).toHaveLength(1);
    expect(findingsAt(group({ description: 'd'.repeat(512) }), 'traits.description')).toEqual([]);
    expect(findingsAt(group({ description: 'd'.repeat(513) }), 'traits.description')).toHaveLength(1);
    const m = exampleMessage('freshsuccess', 'track', OPTS);
    m.originalTimestamp = '14/03/2025';
    expect(findingsAt(validate(m, ['freshsuccess']), 'originalTimestamp')).toHaveLength(1);
  });

  it('type must be one of track, identify, group', () => {
    const m = exampleMessage('freshsuccess', 'track', OPTS);
    expect(findingsAt(validate({ ...m, type: 'page', name: 'Home' }, ['freshsuccess']), 'type').length).toBeGreaterThan(0);
  });
});

// freshsuccess-segment.txt lines 43-47 name only `groupId` ("it is highly recommended that the
// groupId accompany every event"); nothing there mentions context.groupId. The catalog's note (catalog
// data) said "context.groupId where Segment libraries put it on track calls": no
// Segment library puts it there by itself. Segment's spec documents context.groupId as the place for
// the account on calls other than group; reading it is Eventbench's choice, and the note says so.
describe('Freshsuccess notes claim no more than the document', () => {
  it('the context.groupId reading is named as Eventbench’s choice, not the document’s or the libraries’', async () => {
    const { getProfile } = await import('../../../src-shared/catalogs/index');
    const notes = getProfile('freshsuccess').notes.filter((n) => n.includes('context.groupId'));
    expect(notes).toHaveLength(1);
    expect(notes[0]).not.toMatch(/libraries put it/);
    expect(notes[0]).toMatch(/document names only groupId/);
    expect(notes[0]).toMatch(/Eventbench's choice/);
  });
});
