// Source catalogs (source-rules.ts), what sources.test.ts leaves out: the base fields' rule ids,
// the sentences for a wrong call and a missing event name, a blank event name, "did you mean" in
// explicit mode for a name within a third of its letters (not only a close one), which messages auto
// mode checks at all, and the spelling note for a catalog whose events have one, two or three
// spellings (a small catalog written here, so the rule does not rest on Produktly having two of each).
import { describe, expect, it } from 'vitest';
import type { JsonObject } from '../../../src-shared/capture';
import type { EventSpec, ProfileSpec } from '../../../src-shared/catalogs/types';
import type { Finding } from '../../../src-shared/validate/finding';
import { checkSource, compileSource, sourceAutoRelevant } from '../../../src-shared/validate/source-rules';
import { compiledSourceOf, validate } from '../../../src-shared/validate/validate';

const pick = (f: Finding) => ({ rule: f.rule, path: f.path, severity: f.severity });

describe('base fields', () => {
  it.each([
    ['provesource', 'userId'],
    ['produktly', 'userId'],
    ['produktly', 'anonymousId'],
  ] as const)('%s: a %s that is not a string is a warning under "<id>.base"', (profile, path) => {
    const findings = validate({ type: 'track', event: profile === 'provesource' ? 'Notification Viewed' : 'Tour Start', [path]: { id: 1 }, properties: {} } as JsonObject, [profile]);
    expect(findings.filter((f) => f.path === path).map(pick)).toEqual([{ rule: `${profile}.base.${path}.type`, path, severity: 'warning' }]);
  });
});

describe('the sentences of the gate', () => {
  it.each<[string, JsonObject, string]>([
    ['an identify', { type: 'identify', userId: 'u' }, 'ProveSource sends only track calls, but this message is "identify".'],
    ['no type', { userId: 'u' }, 'ProveSource sends only track calls, but this message is null.'],
  ])('%s', (_label, message, text) => {
    expect(validate(message, ['provesource']).map((f) => f.message)).toEqual([text]);
  });

  it.each<[string, unknown]>([
    ['no event', undefined],
    ['an empty event', ''],
    ['a blank event', '   '],
    ['a numeric event', 5],
  ])('%s: the event name is required', (_label, event) => {
    const findings = validate({ type: 'track', userId: 'u', ...(event === undefined ? {} : { event }) } as JsonObject, ['produktly']);
    expect(findings).toEqual([{ severity: 'error', path: 'event', rule: 'produktly.event.required', message: "The track call has no event name; pick one of Produktly's events.", profile: 'produktly' }]);
  });

  it('a blank event in auto mode: quiet', () => {
    expect(validate({ type: 'track', userId: 'u', event: '   ' }, ['produktly'], { mode: 'auto' })).toEqual([]);
  });
});

describe('did you mean, explicit mode: any name within a third of its letters', () => {
  // "notfcationclckd" is 4 edits from "notificationclicked" (19 letters: up to 7 allowed), more than
  // the 3 that make it close enough for auto mode to treat the message as ProveSource's.
  it('explicit mode suggests it', () => {
    const findings = validate({ type: 'track', userId: 'u', event: 'Notfcation Clckd' }, ['provesource']);
    expect(findings.map((f) => f.message)).toEqual(['"Notfcation Clckd" is not a ProveSource event; did you mean Notification Clicked?']);
  });
  it('auto mode keeps quiet about it', () => {
    expect(validate({ type: 'track', userId: 'u', event: 'Notfcation Clckd' }, ['provesource'], { mode: 'auto' })).toEqual([]);
  });
});

describe('sourceAutoRelevant: does auto mode check the message against the source at all', () => {
  const ps = compiledSourceOf('provesource')!;
  const pk = compiledSourceOf('produktly')!;
  it.each<[string, ReturnType<typeof compiledSourceOf>, unknown, unknown, boolean]>([
    ['a known event', ps, 'track', 'Notification Clicked', true],
    ['a close misspelling', ps, 'track', 'Notification Clikced', true],
    ['a name in another spelling', pk, 'track', 'tour_start', true],
    ['an unrelated event', ps, 'track', 'Order Completed', false],
    ['a far misspelling', ps, 'track', 'Notfcation Clckd', false],
    ['a known event on another call', ps, 'identify', 'Notification Clicked', false],
    ['no event', pk, 'track', undefined, false],
    ['a blank event', pk, 'track', ' ', false],
  ])('%s: %s', (_label, source, type, event, relevant) => {
    expect(sourceAutoRelevant(source!, type, event)).toBe(relevant);
  });
});

describe('the spelling note, for a catalog with one, two and three spellings per event', () => {
  const event = (name: string, spellings?: EventSpec['spellings']): EventSpec => ({ name, spellings, description: name, call: 'track', fields: [], origin: 'Segment catalog page' });
  const profile = (events: EventSpec[]): ProfileSpec => ({ id: 'produktly', name: 'Testly', kind: 'source', calls: ['track'], baseFields: [], events, notes: [], origin: 'Segment catalog page' });
  const TWO = event('Tour Start', [
    { name: 'Tour Start', style: 'Title Case', origin: 'Segment catalog page' },
    { name: 'tour_start', style: 'snake_case', origin: 'partner template' },
  ]);
  const THREE = event('Tour End', [
    { name: 'Tour End', style: 'Title Case', origin: 'Segment catalog page' },
    { name: 'tour_end', style: 'snake_case', origin: 'partner template' },
    { name: 'Tour Ended', style: 'Title Case', origin: 'partner template' },
  ]);
  const ONE_LISTED = event('Tour Skip', [{ name: 'Tour Skip', style: 'Title Case', origin: 'Segment catalog page' }]);
  const UNLISTED = event('Tour Stop');
  const notes = (p: ProfileSpec, name: string) => {
    const out: Finding[] = [];
    checkSource(compileSource(p), { type: 'track', userId: 'u', event: name }, true, out);
    return out.map((f) => f.message);
  };

  it('a catalog with some events in several spellings names the one seen, and the others joined by "or"', () => {
    const p = profile([TWO, THREE, ONE_LISTED, UNLISTED]);
    expect(notes(p, 'tour_start')).toEqual(['"tour_start" is the snake_case spelling, from the partner template; also documented as Tour Start (Title Case, Segment catalog page).']);
    expect(notes(p, 'Tour Ended')).toEqual([
      '"Tour Ended" is the Title Case spelling, from the partner template; also documented as Tour End (Title Case, Segment catalog page) or tour_end (snake_case, partner template).',
    ]);
    // An event with one spelling in such a catalog: the spelling, and nothing about others.
    expect(notes(p, 'Tour Skip')).toEqual(['"Tour Skip" is the Title Case spelling, from the Segment catalog page.']);
    expect(notes(p, 'Tour Stop')).toEqual(['"Tour Stop" is the Title Case spelling, from the Segment catalog page.']);
  });

  it('a source of several calls names them all when a message is of another call', () => {
    const out: Finding[] = [];
    checkSource(compileSource({ ...profile([TWO]), calls: ['track', 'identify'] }), { type: 'page', userId: 'u' }, true, out);
    expect(out.map((f) => f.message)).toEqual(['Testly sends only track, identify calls, but this message is "page".']);
  });

  it('a catalog where every event has one spelling says nothing about spellings', () => {
    expect(compileSource(profile([ONE_LISTED, UNLISTED])).namesSpelling).toBe(false);
    expect(notes(profile([ONE_LISTED, UNLISTED]), 'Tour Skip')).toEqual([]);
    expect(compileSource(profile([TWO, ONE_LISTED])).namesSpelling).toBe(true);
    expect(compileSource(profile([])).namesSpelling).toBe(false);
  });
});
