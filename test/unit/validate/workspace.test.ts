import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { JsonObject } from '../../../src-shared/capture';
import { exampleMessage, listEvents } from '../../../src-shared/catalogs/index';
import { deliveredForm } from '../../../src-shared/delivered';
import { displayName, str, tallyFindings } from '../../../src-shared/summary';
import { findingsFor, receiverFindings, validate } from '../../../src-shared/validate/validate';
import { effectiveTally, EVERY_PARTNER_NOTE, hasProblems, parseWorkspace, planFor, profilesOfSource, type Workspace } from '../../../src-shared/workspace';

const NOW = '2025-03-14T09:26:53.000Z';

const WORKSPACE: Workspace = {
  sources: [
    { id: 'ps', name: 'Marketing site', kind: 'provesource', writeKey: 'psk…123', destinations: [] },
    { id: 'ps-fs', name: 'App', kind: 'provesource', writeKey: 'app…456', destinations: ['freshsuccess', 'Mixpanel'] },
    { id: 'pk', name: 'Tours', kind: 'produktly', writeKey: 'pk1…789', destinations: ['freshsuccess'] },
    { id: 'custom', name: 'Backend', kind: 'custom', writeKey: 'bck…000', destinations: ['freshsuccess'] },
    { id: 'pf', name: 'Product Fruits hook', kind: 'custom', webhook: 'pf', destinations: ['productfruits'] },
  ],
};

describe('planFor: which checks apply to a message', () => {
  it('checks every partner in auto mode while nothing is configured, and says so', () => {
    const plan = planFor({ sources: [] }, { writeKeyMasked: 'abc…xyz' });
    expect(plan).toMatchObject({ profiles: ['segment', 'provesource', 'produktly', 'freshsuccess'], mode: 'auto' });
    expect(plan.note).toBe(EVERY_PARTNER_NOTE);
  });
  it("applies a source's catalog and its connected destinations only", () => {
    expect(planFor(WORKSPACE, { writeKeyMasked: 'psk…123' }).profiles).toEqual(['segment', 'provesource']);
    expect(planFor(WORKSPACE, { writeKeyMasked: 'app…456' }).profiles).toEqual(['segment', 'provesource', 'freshsuccess']);
    expect(planFor(WORKSPACE, { writeKeyMasked: 'pk1…789' }).profiles).toEqual(['segment', 'produktly', 'freshsuccess']);
    expect(planFor(WORKSPACE, { writeKeyMasked: 'bck…000' }).profiles).toEqual(['segment', 'freshsuccess']);
    expect(planFor(WORKSPACE, { webhook: 'pf' })).toMatchObject({ profiles: ['segment'], mode: 'explicit', source: { id: 'pf' } });
  });
  it("checks a source that is not in a configured workspace against Segment's spec only", () => {
    const plan = planFor(WORKSPACE, { writeKeyMasked: 'zzz…zzz' });
    expect(plan.profiles).toEqual(['segment']);
    expect(plan.note).toContain('not in the workspace');
  });
});

describe('parseWorkspace', () => {
  it('a known destination written by its name (any case, spacing) is that destination, so its rules apply', () => {
    // "Freshsuccess" in PUT /api/workspace (or typed in the "others" field) was kept as a custom
    // destination of that name: the Freshsuccess box stayed unticked and no Freshsuccess rule ran.
    const parsed = parseWorkspace({ sources: [{ name: 'App', writeKey: 'abc…xyz', destinations: ['Freshsuccess', 'product fruits', 'ProductFruits', 'Mixpanel', 'FRESHSUCCESS'] }] });
    expect(parsed.ok && parsed.workspace.sources[0].destinations).toEqual(['freshsuccess', 'productfruits', 'Mixpanel']);
    expect(parsed.ok && profilesOfSource(parsed.workspace.sources[0])).toContain('freshsuccess');
  });
  it('accepts a valid workspace and fills defaults', () => {
    const parsed = parseWorkspace({ sources: [{ name: ' Site ', writeKey: 'abc…xyz' }] });
    expect(parsed).toEqual({ ok: true, workspace: { sources: [{ id: 'source-1', name: 'Site', kind: 'custom', writeKey: 'abc…xyz', destinations: [] }] } });
  });
  it('names every field at fault', () => {
    const parsed = parseWorkspace({
      sources: [{ name: '', kind: 'segment', writeKey: 'k', webhook: 'w', destinations: 'freshsuccess' }, 'x', { name: 'B', writeKey: 'k' }, { name: 'C', webhook: 'w' }],
    });
    expect(parsed.ok).toBe(false);
    if (parsed.ok) return;
    expect(parsed.errors).toEqual([
      'sources[0].name: must be a non-empty string of at most 120 characters',
      'sources[0].kind: must be one of provesource, produktly, custom, not "segment"',
      'sources[0]: give exactly one of "writeKey" (a Tracking API source) or "webhook" (a webhook name)',
      'sources[0].destinations: must be an array of destination names, not "freshsuccess"',
      'sources[1]: must be an object',
      'sources[2]: the same writeKey k as sources[0]',
    ]);
    expect(parseWorkspace([])).toEqual({ ok: false, errors: ['the workspace must be a JSON object with a "sources" array, such as {"sources": []}, not []'] });
  });
});

// Messages a source could send: catalog examples of every source event and call, then mangled.
const EXAMPLES: JsonObject[] = [
  ...listEvents('provesource').map((e) => exampleMessage('provesource', e.name, { now: NOW, messageId: 'm' })),
  ...listEvents('produktly').map((e) => exampleMessage('produktly', e.name, { now: NOW, messageId: 'm' })),
  ...(['track', 'identify', 'group'] as const).map((c) => exampleMessage('freshsuccess', c, { now: NOW, messageId: 'm' })),
];
const EVENT_NAMES = [...new Set(EXAMPLES.map((m) => m.event).filter((e): e is string => typeof e === 'string'))];

const message = fc
  .record({
    base: fc.constantFrom(...EXAMPLES),
    type: fc.option(fc.constantFrom('track', 'identify', 'group', 'page', 'screen', 'alias', 'bogus'), { nil: undefined }),
    event: fc.option(fc.oneof(fc.constantFrom(...EVENT_NAMES), fc.constantFrom(...EVENT_NAMES).map((e) => e.toLowerCase().replace(/ /g, '_')), fc.constantFrom(...EVENT_NAMES).map((e) => e.slice(1)), fc.string(), fc.constant('')), { nil: undefined }),
    drop: fc.subarray(['userId', 'anonymousId', 'properties', 'traits', 'timestamp', 'groupId', 'event']),
    sentAt: fc.option(fc.constantFrom(NOW, '2025-03-14T10:30:00.000Z', 'garbage'), { nil: undefined }),
  })
  .map(({ base, type, event, drop, sentAt }) => {
    const m: JsonObject = structuredClone(base);
    if (type !== undefined) m.type = type;
    if (event !== undefined) m.event = event;
    for (const k of drop) delete m[k];
    if (sentAt !== undefined) m.sentAt = sentAt;
    m.receivedAt = NOW;
    return m;
  });

const counts = (t: { profiles: string[]; counts: number[]; errorCount: number; warningCount: number }) => ({ profiles: t.profiles, counts: t.counts, errorCount: t.errorCount, warningCount: t.warningCount });

describe('effectiveTally', () => {
  it('gives the counts of the findings under the plan, from the stored auto tally, type and name alone', () => {
    const identities = [{ writeKeyMasked: 'psk…123' }, { writeKeyMasked: 'app…456' }, { writeKeyMasked: 'pk1…789' }, { writeKeyMasked: 'bck…000' }, { writeKeyMasked: 'zzz…zzz' }];
    fc.assert(
      fc.property(message, fc.constantFrom(...identities), (m, identity) => {
        const plan = planFor(WORKSPACE, identity);
        const stored = tallyFindings(receiverFindings(m));
        const derived = effectiveTally(stored, str(m.type) ?? '?', displayName(m), plan);
        expect(counts(derived)).toEqual(counts(tallyFindings(findingsFor(m, plan))));
      }),
      { numRuns: 600 },
    );
  });
  it('is the stored tally itself while nothing is configured', () => {
    const m = EXAMPLES[0];
    const stored = tallyFindings(receiverFindings(m));
    expect(effectiveTally(stored, 'track', String(m.event), planFor({ sources: [] }, {}))).toBe(stored);
  });
});

describe('hasProblems: one meaning', () => {
  const clean = { dropCodes: [], errorCount: 0, warningCount: 0 };
  it('counts drops, bad signatures, errors and warnings; never info alone', () => {
    expect(hasProblems(clean)).toBe(false);
    expect(hasProblems({ ...clean, signature: 'no-secret' })).toBe(false);
    expect(hasProblems({ ...clean, signature: 'valid' })).toBe(false);
    expect(hasProblems({ ...clean, signature: 'invalid' })).toBe(true);
    expect(hasProblems({ ...clean, dropCodes: ['missing-event'] })).toBe(true);
    expect(hasProblems({ ...clean, warningCount: 1 })).toBe(true);
    expect(hasProblems({ ...clean, errorCount: 1 })).toBe(true);
  });
});

describe('deliveredForm', () => {
  it("sets originalTimestamp from the client's timestamp and corrects timestamp for clock skew", () => {
    const d = deliveredForm({ type: 'track', event: 'E', userId: 'u', timestamp: '2025-03-14T09:00:00.000Z', sentAt: '2025-03-14T09:00:10.000Z', receivedAt: '2025-03-14T09:05:10.000Z', messageId: 'm' });
    expect(d.message.originalTimestamp).toBe('2025-03-14T09:00:00.000Z');
    // receivedAt − (sentAt − originalTimestamp) = 09:05:10 − 10 s
    expect(d.message.timestamp).toBe('2025-03-14T09:05:00.000Z');
    expect(d.clockSkewMs).toBe(-300_000);
    expect(d.changes.map((c) => c.path)).toEqual(['originalTimestamp', 'timestamp']);
    expect(d.changes[0]).toMatchObject({ from: 'timestamp' });
  });
  it('uses the receipt time when the client sent no time, and names a missing messageId', () => {
    const d = deliveredForm({ type: 'track', event: 'E', userId: 'u' }, { receivedAt: NOW });
    expect(d.message).toMatchObject({ receivedAt: NOW, originalTimestamp: NOW, timestamp: NOW });
    expect(d.changes.map((c) => c.path)).toEqual(['receivedAt', 'originalTimestamp', 'timestamp', 'messageId']);
  });
  it('delivers a message that already has everything unchanged', () => {
    const m = { type: 'track', event: 'E', userId: 'u', originalTimestamp: NOW, timestamp: NOW, receivedAt: NOW, messageId: 'm' };
    expect(deliveredForm(m)).toEqual({ message: m, changes: [], clockSkewMs: undefined });
  });
  it('gives Freshsuccess findings equal to checking the delivered message itself', () => {
    fc.assert(
      fc.property(message, (m) => {
        const onDelivered = validate(deliveredForm(m).message, ['freshsuccess']).map((f) => f.rule);
        expect(validate(m, ['freshsuccess']).map((f) => f.rule)).toEqual(onDelivered);
      }),
      { numRuns: 300 },
    );
  });
});

describe('clock skew note', () => {
  it('is an info finding (never a problem) when sentAt is more than a minute off the receipt', () => {
    const m = { type: 'track', event: 'E', userId: 'u', sentAt: '2025-03-14T09:00:00.000Z', receivedAt: '2025-03-14T09:03:00.000Z' };
    const f = validate(m, ['segment']).find((x) => x.rule === 'segment.sentAt.clock-skew');
    expect(f).toMatchObject({ severity: 'info', path: 'sentAt' });
    expect(f?.message).toContain('3 min behind');
    expect(validate({ ...m, sentAt: '2025-03-14T09:02:30.000Z' }, ['segment']).some((x) => x.rule === 'segment.sentAt.clock-skew')).toBe(false);
  });
});
