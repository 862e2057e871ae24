import { describe, expect, it } from 'vitest';
import type { JsonObject } from '../../../src-shared/capture';
import { exampleMessage, setPath } from '../../../src-shared/catalogs/index';
import type { Finding } from '../../../src-shared/validate/finding';
import { editDistance, normalizeEventName } from '../../../src-shared/validate/event-names';
import { validate } from '../../../src-shared/validate/validate';

const OPTS = { now: '2025-03-14T09:26:53.000Z', messageId: 'msg-src-1' };
const track = (event: string, properties: JsonObject = {}): JsonObject => ({ type: 'track', event, userId: 'u1', properties });
const pick = (f: Finding) => ({ rule: f.rule, path: f.path, severity: f.severity });

describe('event names: did you mean', () => {
  it.each([
    ['Notification Clikced', 'provesource', 'Notification Clicked'],
    ['notification viewd', 'provesource', 'Notification Viewed'],
    ['Goal Complete', 'provesource', 'Goal Completed'],
    ['tour strat', 'produktly', 'tour_start'],
    ['Tour Strat', 'produktly', 'Tour Start'],
    ['nps_widget_shwon', 'produktly', 'nps_widget_shown'],
    ['Checklist Step Complete', 'produktly', 'Checklist Step Completed'],
  ] as const)('"%s" -> %s suggests %s, in both modes', (name, profile, suggestion) => {
    for (const mode of ['explicit', 'auto'] as const) {
      const findings = validate(track(name), [profile], { mode });
      expect(findings.map(pick)).toEqual([{ rule: `${profile}.event.unknown`, path: 'event', severity: 'warning' }]);
      expect(findings[0].message).toBe(`"${name}" is not a ${profile === 'provesource' ? 'ProveSource' : 'Produktly'} event; did you mean ${suggestion}?`);
    }
  });

  it('a name differing only in case or separators is named as an undocumented spelling', () => {
    const [f] = validate(track('Tour start'), ['produktly']);
    expect(f.message).toBe('"Tour start" is not a documented spelling of a Produktly event; did you mean Tour Start?');
  });

  it('explicit mode lists the known events when nothing is close', () => {
    const [f] = validate(track('Signed Up'), ['provesource']);
    expect(f.rule).toBe('provesource.event.unknown');
    expect(f.message).toBe('"Signed Up" is not a ProveSource event; known events: Notification Viewed, Notification Hovered, Notification Clicked, Goal Completed.');
  });

  it('edit distance counts a swapped pair as one edit and gives up past the limit', () => {
    expect(editDistance('clikced', 'clicked')).toBe(1);
    expect(editDistance('kitten', 'sitting')).toBe(3);
    expect(editDistance('abcdefgh', 'zzzzzzzz', 2)).toBe(3);
    expect(normalizeEventName('Nps Widget_Shown')).toBe('npswidgetshown');
  });
});

describe('auto mode stays quiet on unrelated traffic', () => {
  it.each(['Order Completed', 'Signed Up', 'Page Viewed', 'Tour Started', 'Product Added', 'Notification Settings Updated', 'x'])('"%s"', (name) => {
    expect(validate(track(name), ['provesource', 'produktly'], { mode: 'auto' })).toEqual([]);
  });
  it('on non-track calls and on track without event', () => {
    expect(validate({ type: 'identify', userId: 'u1', traits: {} }, ['provesource', 'produktly'], { mode: 'auto' })).toEqual([]);
    expect(validate({ type: 'track', userId: 'u1' }, ['provesource', 'produktly'], { mode: 'auto' })).toEqual([]);
  });
  it('but reports fully on a known event', () => {
    const findings = validate(track('Notification Clicked', { notificationName: 'Recent signups' }), ['provesource'], { mode: 'auto' });
    expect(findings.map(pick)).toEqual([{ rule: 'provesource.event.properties.notificationId.recommended', path: 'properties.notificationId', severity: 'warning' }]);
  });
});

describe('explicit mode on the wrong call', () => {
  it('warns that the source sends only track', () => {
    const findings = validate({ type: 'identify', userId: 'u1' }, ['provesource']);
    expect(findings.map(pick)).toEqual([{ rule: 'provesource.call.unexpected', path: 'type', severity: 'warning' }]);
    expect(validate({ type: 'track', userId: 'u1' }, ['produktly']).map(pick)).toEqual([{ rule: 'produktly.event.required', path: 'event', severity: 'error' }]);
  });
});

describe('Produktly spellings', () => {
  it('names the snake_case template spelling', () => {
    const findings = validate(exampleMessage('produktly', 'tour_start', OPTS), ['produktly']);
    expect(findings.map(pick)).toEqual([{ rule: 'produktly.event.spelling', path: 'event', severity: 'info' }]);
    expect(findings[0].message).toBe('"tour_start" is the snake_case spelling, from the partner template; also documented as Tour Start (Title Case, Segment catalog page).');
  });
  it('names the Title Case catalog-page spelling', () => {
    const [f] = validate(exampleMessage('produktly', 'Nps Widget Shown', OPTS), ['produktly'], { mode: 'auto' });
    expect(f.message).toBe('"Nps Widget Shown" is the Title Case spelling, from the Segment catalog page; also documented as nps_widget_shown (snake_case, partner template).');
  });
  it('does not report users\' own properties, and checks metadata.type', () => {
    const m = exampleMessage('produktly', 'Tour Step', OPTS);
    setPath(m, 'properties.my_custom_flag', { anything: true });
    expect(validate(m, ['produktly']).filter((f) => f.severity !== 'info')).toEqual([]);
    setPath(m, 'properties.metadata.type', 'forward');
    expect(validate(m, ['produktly']).filter((f) => f.severity !== 'info').map(pick)).toEqual([
      { rule: 'produktly.event.properties.metadata.type.enum', path: 'properties.metadata.type', severity: 'warning' },
    ]);
  });
  it('recommends the catalog page ids', () => {
    const m = exampleMessage('produktly', 'checklist_step_completed', OPTS);
    delete (m.properties as JsonObject).checklist_id;
    expect(validate(m, ['produktly']).filter((f) => f.severity !== 'info').map(pick)).toEqual([
      { rule: 'produktly.event.properties.checklist_id.recommended', path: 'properties.checklist_id', severity: 'warning' },
    ]);
  });
});

// provesource-source.md lines 45-90: one table, "the properties included in the events listed
// above" (notificationId, notificationName, goalId, goalName, events, events.notificationId,
// events.view/hover/click), with no required/optional column. notificationId and goalId were
// errors ("ProveSource requires it") while notificationName and goalName were warnings: a
// distinction the document does not make. Every documented property is now treated alike, and the
// finding says what the document says (it lists the property for the event), not that it requires it.
describe('ProveSource: the document lists its properties without ranking them', () => {
  const missing = (event: string, drop: (p: JsonObject) => void) => {
    const m = exampleMessage('provesource', event, OPTS);
    drop(m.properties as JsonObject);
    return validate(m, ['provesource']);
  };
  it('every documented property, when missing, gets the same finding', () => {
    const cases: [string, (p: JsonObject) => void, string][] = [
      ['Notification Viewed', (p) => delete p.notificationId, 'properties.notificationId'],
      ['Notification Viewed', (p) => delete p.notificationName, 'properties.notificationName'],
      ['Goal Completed', (p) => delete p.goalId, 'properties.goalId'],
      ['Goal Completed', (p) => delete p.goalName, 'properties.goalName'],
      ['Goal Completed', (p) => delete p.events, 'properties.events'],
      ['Goal Completed', (p) => delete (p.events as JsonObject[])[0].notificationId, 'properties.events[0].notificationId'],
      ['Goal Completed', (p) => delete (p.events as JsonObject[])[0].view, 'properties.events[0].view'],
    ];
    for (const [event, drop, path] of cases) {
      const findings = missing(event, drop);
      expect(findings.map((f) => [f.path, f.severity, f.rule.endsWith('.recommended')])).toEqual([[path, 'warning', true]]);
      expect(findings[0].message).toMatch(/ is missing; ProveSource's documentation lists it for this event: /);
      expect(findings[0].message).not.toMatch(/requires|recommends/);
    }
  });
});

describe('ProveSource Goal Completed events[] rows', () => {
  it('checks each row and names the row in the path', () => {
    const m = exampleMessage('provesource', 'Goal Completed', OPTS);
    const rows = (m.properties as { events: JsonObject[] }).events;
    rows[1].click = 'yes';
    delete rows[0].notificationId;
    rows.push('oops' as unknown as JsonObject);
    expect(validate(m, ['provesource']).map(pick)).toEqual([
      { rule: 'provesource.event.properties.events[].notificationId.recommended', path: 'properties.events[0].notificationId', severity: 'warning' },
      { rule: 'provesource.event.properties.events[].click.type', path: 'properties.events[1].click', severity: 'warning' },
      { rule: 'provesource.event.properties.events[].type', path: 'properties.events[2]', severity: 'warning' },
    ]);
  });
  it('keeps checking the rows after a row that is not an object (the bad row first, not last)', () => {
    const m = exampleMessage('provesource', 'Goal Completed', OPTS);
    const rows = (m.properties as { events: JsonObject[] }).events;
    expect(rows.length).toBeGreaterThanOrEqual(1);
    const good = rows[0];
    (m.properties as { events: unknown[] }).events = [
      42,
      { ...good, click: 'yes' },
      null,
      (({ notificationId: _n, ...rest }) => rest)(good),
    ];
    expect(validate(m, ['provesource']).map(pick)).toEqual([
      { rule: 'provesource.event.properties.events[].type', path: 'properties.events[0]', severity: 'warning' },
      { rule: 'provesource.event.properties.events[].click.type', path: 'properties.events[1].click', severity: 'warning' },
      { rule: 'provesource.event.properties.events[].type', path: 'properties.events[2]', severity: 'warning' },
      { rule: 'provesource.event.properties.events[].notificationId.recommended', path: 'properties.events[3].notificationId', severity: 'warning' },
    ]);
  });
  it('a missing goalId is a warning naming the field', () => {
    const m = exampleMessage('provesource', 'Goal Completed', OPTS);
    delete (m.properties as JsonObject).goalId;
    const [f] = validate(m, ['provesource']);
    expect(pick(f)).toEqual({ rule: 'provesource.event.properties.goalId.recommended', path: 'properties.goalId', severity: 'warning' });
    expect(f.message).toBe("Goal ID (properties.goalId) is missing; ProveSource's documentation lists it for this event: ID of the goal completed.");
  });
});
