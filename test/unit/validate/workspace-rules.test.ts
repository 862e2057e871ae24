// The workspace's and the delivered form's rules, one table per function. Every expected value is
// written out by hand from ../shared/domain.md (Segment's delivered form, the clock-skew formula,
// what Freshsuccess accepts) and the documented intent in src-shared/workspace.ts and
// src-shared/delivered.ts (the README's "The workspace" section): none is read back from the code.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { JsonObject } from '../../../src-shared/capture';
import { exampleMessage, listEvents } from '../../../src-shared/catalogs/index';
import { deliveredForm, deliveredOriginalTimestamp } from '../../../src-shared/delivered';
import { tallyFindings } from '../../../src-shared/summary';
import { findingsFor, receiverFindings, validate } from '../../../src-shared/validate/validate';
import type { ProfileId } from '../../../src-shared/validate/finding';
import {
  composeFindings,
  effectiveTally,
  explicitOnlyFinding,
  forwardBase,
  hasProblems,
  parseWorkspace,
  planFor,
  profilesOfSource,
  sourceOf,
  type Workspace,
  type WorkspaceSource,
} from '../../../src-shared/workspace';

const NOW = '2025-03-14T09:26:53.000Z';

describe('forwardBase: where a forwarded batch is posted ({base}/v1/batch)', () => {
  it.each([
    ['us', 'https://api.segment.io'],
    ['eu', 'https://events.eu1.segmentapis.com'],
    ['https://proxy.example.com', 'https://proxy.example.com'],
    ['https://proxy.example.com/', 'https://proxy.example.com'],
    ['https://proxy.example.com///', 'https://proxy.example.com'],
    ['http://127.0.0.1:9000/segment/', 'http://127.0.0.1:9000/segment'],
  ])('%s → %s', (to, base) => {
    expect(forwardBase(to)).toBe(base);
  });
});

describe('parseWorkspace: what it refuses, naming where', () => {
  const GIVE_ONE = 'give exactly one of "writeKey" (a Tracking API source) or "webhook" (a webhook name)';
  const NEED_KEY = 'sources[0].writeKey: required: the source\'s write key (or "webhook", a webhook name, for a webhook source)';
  const NEED_HOOK = 'sources[0].webhook: required: the name of the webhook (as in /webhook/<name>)';
  const NAME = 'must be a non-empty string of at most 120 characters';
  const FORWARD = 'must be "us", "eu" or an http(s) URL such as https://proxy.example.com';
  const FINGERPRINT = 'must be 12 lower-case hex digits (as the receiver shows it)';
  const many = (n: number) => ({ sources: Array.from({ length: n }, (_, i) => ({ name: `S${i}`, webhook: `w${i}` })) });
  it.each<[string, unknown, string[]]>([
    ['null', null, ['the workspace must be a JSON object with a "sources" array, such as {"sources": []}, not null']],
    ['a string', 'sources', ['the workspace must be a JSON object with a "sources" array, such as {"sources": []}, not "sources"']],
    ['an array', [{ name: 'A', webhook: 'w' }], ['the workspace must be a JSON object with a "sources" array, such as {"sources": []}, not [{"name":"A","webhook":"w"}]']],
    ['no sources', {}, ['"sources" must be an array; the workspace has none']],
    ['sources an object', { sources: { name: 'A' } }, ['"sources" must be an array, not {"name":"A"}']],
    ['201 sources', many(201), ['"sources" has 201 entries; at most 200']],
    ['a source that is null', { sources: [null] }, ['sources[0]: must be an object']],
    ['a source that is an array', { sources: [[]] }, ['sources[0]: must be an object']],
    ['a name of spaces', { sources: [{ name: '   ', webhook: 'w' }] }, [`sources[0].name: ${NAME}`]],
    ['a name that is a number', { sources: [{ name: 5, webhook: 'w' }] }, [`sources[0].name: ${NAME}, not 5`]],
    ['a name of 121 characters', { sources: [{ name: 'n'.repeat(121), webhook: 'w' }] }, [`sources[0].name: ${NAME}, not 121`]],
    ['no name', { sources: [{ webhook: 'w' }] }, [`sources[0].name: ${NAME}, not undefined`]],
    ['an unknown kind', { sources: [{ name: 'A', kind: 'mixpanel', webhook: 'w' }] }, ['sources[0].kind: must be one of provesource, produktly, custom, not "mixpanel"']],
    ['a kind that is a number', { sources: [{ name: 'A', kind: 1, webhook: 'w' }] }, ['sources[0].kind: must be one of provesource, produktly, custom, not 1']],
    ['neither key nor webhook', { sources: [{ name: 'A' }] }, [NEED_KEY]],
    ['both key and webhook', { sources: [{ name: 'A', writeKey: 'k', webhook: 'w' }] }, [`sources[0]: ${GIVE_ONE}`]],
    ['a key of spaces', { sources: [{ name: 'A', writeKey: '  ' }] }, [NEED_KEY]],
    ['a webhook of spaces', { sources: [{ name: 'A', webhook: ' ' }] }, [NEED_HOOK]],
    ['a key that is a number', { sources: [{ name: 'A', writeKey: 42 }] }, ['sources[0].writeKey: must be a string, not 42', NEED_KEY]],
    ['a webhook that is a number', { sources: [{ name: 'A', webhook: 42 }] }, ['sources[0].webhook: must be a string, not 42', NEED_HOOK]],
    ['an upper-case fingerprint', { sources: [{ name: 'A', writeKey: 'k', writeKeyFingerprint: '0123456789AB' }] }, [`sources[0].writeKeyFingerprint: ${FINGERPRINT}, not "0123456789AB"`]],
    ['a short fingerprint', { sources: [{ name: 'A', writeKey: 'k', writeKeyFingerprint: '0123456789a' }] }, [`sources[0].writeKeyFingerprint: ${FINGERPRINT}, not "0123456789a"`]],
    ['a long fingerprint', { sources: [{ name: 'A', writeKey: 'k', writeKeyFingerprint: '0123456789abc' }] }, [`sources[0].writeKeyFingerprint: ${FINGERPRINT}, not "0123456789abc"`]],
    ['a fingerprint inside text', { sources: [{ name: 'A', writeKey: 'k', writeKeyFingerprint: 'x0123456789ab' }] }, [`sources[0].writeKeyFingerprint: ${FINGERPRINT}, not "x0123456789ab"`]],
    ['a fingerprint that is a number', { sources: [{ name: 'A', writeKey: 'k', writeKeyFingerprint: 123456789012 }] }, [`sources[0].writeKeyFingerprint: ${FINGERPRINT}, not 123456789012`]],
    ['destinations a string', { sources: [{ name: 'A', webhook: 'w', destinations: 'freshsuccess' }] }, ['sources[0].destinations: must be an array of destination names, not "freshsuccess"']],
    [
      'bad destinations',
      { sources: [{ name: 'A', webhook: 'w', destinations: ['freshsuccess', 7, '', '  ', 'd'.repeat(121), null] }] },
      ['sources[0].destinations[1]: must be a non-empty string, not 7', 'sources[0].destinations[2]: must be a non-empty string, not ""', 'sources[0].destinations[3]: must be a non-empty string, not "  "', `sources[0].destinations[4]: must be a non-empty string of at most 120 characters, not "${'d'.repeat(78)}…`, 'sources[0].destinations[5]: must be a non-empty string, not null'],
    ],
    ['forward to ftp', { sources: [{ name: 'A', webhook: 'w', forward: { to: 'ftp://x.example.com' } }] }, [`sources[0].forward.to: ${FORWARD}, not "ftp://x.example.com"`]],
    ['forward to a URL without a host', { sources: [{ name: 'A', webhook: 'w', forward: { to: 'https://' } }] }, [`sources[0].forward.to: ${FORWARD}, not "https://"`]],
    ['forward to a URL with a password (fetch refuses it, and its error repeated the password)', { sources: [{ name: 'A', webhook: 'w', forward: { to: 'https://qa:hunter2@proxy.example.com' } }] }, ['sources[0].forward.to: must not hold a user name or password (the forward write key authenticates); give the URL without "…@"']],
    ['forward to a region name', { sources: [{ name: 'A', webhook: 'w', forward: { to: 'US' } }] }, [`sources[0].forward.to: ${FORWARD}, not "US"`]],
    ['forward to text before a URL', { sources: [{ name: 'A', webhook: 'w', forward: { to: 'see https://x.example.com' } }] }, [`sources[0].forward.to: ${FORWARD}, not "see https://x.example.com"`]],
    ['forward to a URL whose host is a space', { sources: [{ name: 'A', webhook: 'w', forward: { to: 'https:// x.example.com' } }] }, [`sources[0].forward.to: ${FORWARD}, not "https:// x.example.com"`]],
    ['forward to a URL with a third slash', { sources: [{ name: 'A', webhook: 'w', forward: { to: 'https:///x.example.com' } }] }, [`sources[0].forward.to: ${FORWARD}, not "https:///x.example.com"`]],
    ['forward with no target', { sources: [{ name: 'A', webhook: 'w', forward: {} }] }, [`sources[0].forward.to: ${FORWARD}, not undefined`]],
    ['forward a bare string', { sources: [{ name: 'A', webhook: 'w', forward: 'us' }] }, ['sources[0].forward: must be an object such as {"to": "us"}, not "us"']],
    ['forward a list (it read "not undefined")', { sources: [{ name: 'A', webhook: 'w', forward: ['us'] }] }, ['sources[0].forward: must be an object such as {"to": "us"}, not ["us"]']],
    ['the same webhook twice', { sources: [{ name: 'A', webhook: 'pf' }, { name: 'B', webhook: ' pf ' }] }, ['sources[1]: the same webhook pf as sources[0]']],
    ['the same masked key twice', { sources: [{ name: 'A', writeKey: 'abc…xyz' }, { name: 'B', writeKey: 'abc…xyz' }] }, ['sources[1]: the same writeKey abc…xyz as sources[0]']],
    [
      'the same fingerprint under two masks',
      { sources: [{ name: 'A', writeKey: 'abc…xyz', writeKeyFingerprint: '0123456789ab' }, { name: 'B', writeKey: 'abd…xyz', writeKeyFingerprint: '0123456789ab' }] },
      ['sources[1]: the same writeKey 0123456789ab as sources[0]'],
    ],
    [
      'errors of several sources, in order',
      { sources: [{ name: 'A', webhook: 'w' }, 3, { name: '', webhook: 'w' }] },
      ['sources[1]: must be an object', `sources[2].name: ${NAME}`, 'sources[2]: the same webhook w as sources[0]'],
    ],
  ])('%s', (_, value, errors) => {
    expect(parseWorkspace(value)).toEqual({ ok: false, errors });
  });
});

describe('parseWorkspace: what it keeps', () => {
  const one = (source: Record<string, unknown>) => {
    const parsed = parseWorkspace({ sources: [source] });
    if (!parsed.ok) throw new Error(parsed.errors.join('; '));
    return parsed.workspace.sources[0];
  };
  it.each<[string, Record<string, unknown>, WorkspaceSource]>([
    ['trims name and key; kind defaults to custom', { name: ' Site ', writeKey: ' abc…xyz ' }, { id: 'source-1', name: 'Site', kind: 'custom', writeKey: 'abc…xyz', destinations: [] }],
    ['a name of exactly 120 characters', { name: 'n'.repeat(120), webhook: 'w' }, { id: 'source-1', name: 'n'.repeat(120), kind: 'custom', webhook: 'w', destinations: [] }],
    ['each kind', { name: 'T', kind: 'produktly', writeKey: 'k' }, { id: 'source-1', name: 'T', kind: 'produktly', writeKey: 'k', destinations: [] }],
    ['a null kind is no kind: custom', { name: 'T', kind: null, writeKey: 'k' }, { id: 'source-1', name: 'T', kind: 'custom', writeKey: 'k', destinations: [] }],
    [
      'destinations trimmed, each once, known or not',
      { name: 'PF', webhook: ' pf ', destinations: [' productfruits ', 'productfruits', 'Mixpanel', 'd'.repeat(120)] },
      { id: 'source-1', name: 'PF', kind: 'custom', webhook: 'pf', destinations: ['productfruits', 'Mixpanel', 'd'.repeat(120)] },
    ],
    [
      'a destination given again with spaces counts once',
      { name: 'PF', webhook: 'pf', destinations: ['productfruits', ' productfruits '] },
      { id: 'source-1', name: 'PF', kind: 'custom', webhook: 'pf', destinations: ['productfruits'] },
    ],
    ["a key's fingerprint", { name: 'A', writeKey: 'abc…xyz', writeKeyFingerprint: '0123456789ab' }, { id: 'source-1', name: 'A', kind: 'custom', writeKey: 'abc…xyz', writeKeyFingerprint: '0123456789ab', destinations: [] }],
    ['no key fingerprint on a webhook source', { name: 'W', webhook: 'w', writeKeyFingerprint: '0123456789ab' }, { id: 'source-1', name: 'W', kind: 'custom', webhook: 'w', destinations: [] }],
    ['the local key fingerprint the engine sets', { name: 'A', writeKey: 'k', localKeyFingerprint: 'abcdef012345' }, { id: 'source-1', name: 'A', kind: 'custom', writeKey: 'k', destinations: [], localKeyFingerprint: 'abcdef012345' }],
    ['a malformed local key fingerprint is dropped, not an error', { name: 'A', writeKey: 'k', localKeyFingerprint: 'ABCDEF012345' }, { id: 'source-1', name: 'A', kind: 'custom', writeKey: 'k', destinations: [] }],
    ['a local key fingerprint inside text is dropped', { name: 'A', writeKey: 'k', localKeyFingerprint: 'xabcdef012345' }, { id: 'source-1', name: 'A', kind: 'custom', writeKey: 'k', destinations: [] }],
    ['a local key fingerprint of 13 digits is dropped', { name: 'A', writeKey: 'k', localKeyFingerprint: 'abcdef0123456' }, { id: 'source-1', name: 'A', kind: 'custom', writeKey: 'k', destinations: [] }],
    ['a local key fingerprint of 11 digits is dropped', { name: 'A', writeKey: 'k', localKeyFingerprint: 'abcdef01234' }, { id: 'source-1', name: 'A', kind: 'custom', writeKey: 'k', destinations: [] }],
    ['forward to us', { name: 'A', writeKey: 'k', forward: { to: 'us' } }, { id: 'source-1', name: 'A', kind: 'custom', writeKey: 'k', destinations: [], forward: { to: 'us' } }],
    ['forward to eu', { name: 'A', writeKey: 'k', forward: { to: 'eu' } }, { id: 'source-1', name: 'A', kind: 'custom', writeKey: 'k', destinations: [], forward: { to: 'eu' } }],
    ['forward to a URL', { name: 'A', writeKey: 'k', forward: { to: 'http://proxy.example.com/x' } }, { id: 'source-1', name: 'A', kind: 'custom', writeKey: 'k', destinations: [], forward: { to: 'http://proxy.example.com/x' } }],
    ['forward null: none', { name: 'A', writeKey: 'k', forward: null }, { id: 'source-1', name: 'A', kind: 'custom', writeKey: 'k', destinations: [] }],
    ['its own id', { id: 'app', name: 'A', writeKey: 'k' }, { id: 'app', name: 'A', kind: 'custom', writeKey: 'k', destinations: [] }],
  ])('%s', (_, source, expected) => {
    expect(one(source)).toEqual(expected);
  });

  it('gives ids: its own, else source-<n>; a taken one gets -<n> appended', () => {
    const parsed = parseWorkspace({
      sources: [
        { id: 'a', name: 'A', webhook: 'w1' },
        { id: 'a', name: 'B', webhook: 'w2' },
        { id: '', name: 'C', webhook: 'w3' },
        { name: 'D', webhook: 'w4' },
        { id: 'source-6', name: 'E', webhook: 'w5' },
        { name: 'F', webhook: 'w6' },
        { id: 7, name: 'G', webhook: 'w7' },
      ],
    });
    expect(parsed.ok && parsed.workspace.sources.map((s) => s.id)).toEqual(['a', 'a-2', 'source-3', 'source-4', 'source-6', 'source-6-6', 'source-7']);
  });

  it('takes 200 sources; the same mask under two fingerprints is two sources', () => {
    const parsed = parseWorkspace({ sources: Array.from({ length: 200 }, (_, i) => ({ name: `S${i}`, webhook: `w${i}` })) });
    expect(parsed.ok && parsed.workspace.sources.length).toBe(200);
    const two = parseWorkspace({ sources: [{ name: 'A', writeKey: 'abc…xyz', writeKeyFingerprint: '0123456789ab' }, { name: 'B', writeKey: 'abc…xyz', writeKeyFingerprint: 'ba9876543210' }] });
    expect(two.ok && two.workspace.sources.map((s) => s.id)).toEqual(['source-1', 'source-2']);
  });
});

describe("sourceOf: a message's source", () => {
  const src = (s: Partial<WorkspaceSource> & { id: string }): WorkspaceSource => ({ name: s.id, kind: 'custom', destinations: [], ...s });
  const ws: Workspace = {
    sources: [
      src({ id: 'local', writeKey: 'aaa…111', localKeyFingerprint: '111111111111' }),
      src({ id: 'hook', webhook: 'pf' }),
      src({ id: 'fp', writeKey: 'same…key', writeKeyFingerprint: '222222222222' }),
      src({ id: 'masked', writeKey: 'same…key' }),
    ],
  };
  it.each<[string, Parameters<typeof sourceOf>[1], string | undefined]>([
    ["the composer's local key, by fingerprint", { writeKeyMasked: 'eve…l.x', writeKeyFingerprint: '111111111111' }, 'local'],
    ["the source's own key, by mask", { writeKeyMasked: 'aaa…111' }, 'local'],
    ['a webhook by name', { webhook: 'pf' }, 'hook'],
    ['another webhook', { webhook: 'other' }, undefined],
    ['a webhook source never by key', { writeKeyMasked: 'pf' }, undefined],
    ['the fingerprint wins over a shared mask', { writeKeyMasked: 'same…key', writeKeyFingerprint: '222222222222' }, 'fp'],
    ['another key with the same mask: the source known by mask only', { writeKeyMasked: 'same…key', writeKeyFingerprint: '333333333333' }, 'masked'],
    ['no fingerprint known: the first source with that mask', { writeKeyMasked: 'same…key' }, 'fp'],
    ['an unknown key', { writeKeyMasked: 'zzz…zzz', writeKeyFingerprint: '444444444444' }, undefined],
    ['nothing to go by', {}, undefined],
  ])('%s', (_, identity, id) => {
    expect(sourceOf(ws, identity)?.id).toBe(id);
  });
});

describe('planFor: the checks of each source, and the sentence that says so', () => {
  const source = (kind: WorkspaceSource['kind'], destinations: string[]): WorkspaceSource => ({ id: 's', name: 'Site', kind, writeKey: 'abc…xyz', destinations });
  it.each<[WorkspaceSource['kind'], string[], ProfileId[], string]>([
    ['custom', [], ['segment'], `Source "Site": checked against Segment's spec.`],
    ['custom', ['productfruits', 'Mixpanel'], ['segment'], `Source "Site": checked against Segment's spec.`],
    ['custom', ['freshsuccess'], ['segment', 'freshsuccess'], `Source "Site": checked against Segment's spec, Freshsuccess (as Segment delivers it).`],
    ['provesource', [], ['segment', 'provesource'], `Source "Site": checked against Segment's spec, ProveSource's catalog.`],
    ['produktly', [], ['segment', 'produktly'], `Source "Site": checked against Segment's spec, Produktly's catalog.`],
    [
      'provesource',
      ['Mixpanel', 'freshsuccess', 'productfruits'],
      ['segment', 'provesource', 'freshsuccess'],
      `Source "Site": checked against Segment's spec, ProveSource's catalog, Freshsuccess (as Segment delivers it).`,
    ],
    ['produktly', ['freshsuccess'], ['segment', 'produktly', 'freshsuccess'], `Source "Site": checked against Segment's spec, Produktly's catalog, Freshsuccess (as Segment delivers it).`],
  ])('%s → %j', (kind, destinations, profiles, note) => {
    const s = source(kind, destinations);
    expect(profilesOfSource(s)).toEqual(profiles);
    expect(planFor({ sources: [s] }, { writeKeyMasked: 'abc…xyz' })).toEqual({ profiles, mode: 'explicit', source: s, note });
  });
  it('a destination listed twice counts once', () => {
    expect(profilesOfSource(source('custom', ['freshsuccess', 'freshsuccess']))).toEqual(['segment', 'freshsuccess']);
  });
  it('a source not in a configured workspace: Segment only, and what to do about it', () => {
    expect(planFor({ sources: [source('provesource', [])] }, { writeKeyMasked: 'zzz…zzz' })).toEqual({
      profiles: ['segment'],
      mode: 'explicit',
      note: "This message's source is not in the workspace: only Segment's own spec is checked. Add the source in the Workspace tab to check it against its partners.",
    });
  });
});

describe('explicitOnlyFinding: what explicit mode adds for a call type and event name', () => {
  const PS_EVENT = listEvents('provesource')[0].name;
  it.each<[ProfileId, string, string, { rule: string; severity: string; path: string } | null]>([
    // Freshsuccess's document covers track, identify and group only: another Segment call is a
    // note (info), never a problem; a type that is no Segment call lacks the required field.
    ['freshsuccess', 'page', '', { rule: 'freshsuccess.base.type.not-used', severity: 'info', path: 'type' }],
    ['freshsuccess', 'screen', 'Home', { rule: 'freshsuccess.base.type.not-used', severity: 'info', path: 'type' }],
    ['freshsuccess', 'alias', '', { rule: 'freshsuccess.base.type.not-used', severity: 'info', path: 'type' }],
    ['freshsuccess', 'pageview', '', { rule: 'freshsuccess.base.type.unsupported', severity: 'error', path: 'type' }],
    ['freshsuccess', 'track', 'Anything', null],
    ['freshsuccess', 'identify', '', null],
    ['freshsuccess', 'group', '', null],
    ['segment', 'page', '', null],
    // ProveSource sends track calls only, each one of its events.
    ['provesource', 'identify', '', { rule: 'provesource.call.unexpected', severity: 'warning', path: 'type' }],
    ['provesource', 'track', '', { rule: 'provesource.event.required', severity: 'error', path: 'event' }],
    ['provesource', 'track', 'Totally Unrelated Thing', { rule: 'provesource.event.unknown', severity: 'warning', path: 'event' }],
    ['provesource', 'track', PS_EVENT, null], // its own event: auto mode checks it already
  ])('%s %s %j', (profile, type, name, expected) => {
    const f = explicitOnlyFinding(profile, type, name);
    if (expected === null) expect(f).toBeNull();
    else expect(f).toMatchObject({ ...expected, profile });
  });
  it('says what Freshsuccess accepts, in the words the detail pane shows (validate)', () => {
    for (const type of ['page', 'screen', 'alias', 'pageview']) {
      const detail = validate({ type, anonymousId: 'a', userId: 'u' }, ['freshsuccess']);
      expect(explicitOnlyFinding('freshsuccess', type, '')).toEqual(detail[0]);
    }
  });
  it('a web source wired to Freshsuccess: its page() is not a problem (the tally counts no error or warning)', () => {
    const auto = { profiles: [], counts: [], errorCount: 0, warningCount: 0 };
    expect(effectiveTally(auto, 'page', '', { profiles: ['segment', 'freshsuccess'], mode: 'explicit' })).toMatchObject({ errorCount: 0, warningCount: 0 });
    expect(effectiveTally(auto, 'pageview', '', { profiles: ['segment', 'freshsuccess'], mode: 'explicit' })).toMatchObject({ errorCount: 1 });
  });
});

describe('effectiveTally: memoized per stored tally', () => {
  const stored = tallyFindings(receiverFindings({ type: 'track', event: 'Some Event', userId: 'u', receivedAt: NOW }));
  const plan = { profiles: ['segment', 'freshsuccess'] as ProfileId[], mode: 'explicit' as const };
  it('answers the same object for the same plan, call type and event (a page name is no part of it)', () => {
    expect(effectiveTally(stored, 'track', 'Some Event', plan)).toBe(effectiveTally(stored, 'track', 'Some Event', plan));
    expect(effectiveTally(stored, 'page', 'Home', plan)).toBe(effectiveTally(stored, 'page', 'Pricing', plan));
    expect(effectiveTally(stored, 'track', 'A', plan)).not.toBe(effectiveTally(stored, 'track', 'B', plan));
    expect(effectiveTally(stored, 'track', 'A', plan)).not.toBe(effectiveTally(stored, 'track', 'A', { ...plan, mode: 'auto' }));
  });
  it('keeps at most 4,096 answers per stored tally', () => {
    const own = { ...tallyFindings(receiverFindings({ type: 'track', event: 'Own', userId: 'u', receivedAt: NOW })) }; // a tally of its own (equal tallies may be one object)
    const first = effectiveTally(own, 'track', 'E0', plan);
    for (let i = 1; i < 4096; i++) effectiveTally(own, 'track', `E${i}`, plan);
    expect(effectiveTally(own, 'track', 'E0', plan)).toBe(first); // 4,096 kept
    effectiveTally(own, 'track', 'E4096', plan); // one more: the memo starts over
    const again = effectiveTally(own, 'track', 'E0', plan);
    expect(again).not.toBe(first);
    expect(again).toEqual(first);
  });
  it('an auto plan over some profiles only keeps those', () => {
    const all = tallyFindings(receiverFindings({ type: 'identify', userId: 'u', receivedAt: NOW }));
    expect(all.profiles).toContain('freshsuccess');
    const only = effectiveTally(all, 'identify', '', { profiles: ['segment'], mode: 'auto' });
    expect(only.profiles).toEqual([]);
    expect([only.errorCount, only.warningCount]).toEqual([0, 0]);
  });
});

describe('hasProblems: each reason alone', () => {
  const clean = { dropCodes: [] as never[], errorCount: 0, warningCount: 0 };
  it.each<[string, Parameters<typeof hasProblems>[0], boolean]>([
    ['clean', clean, false],
    ['signature missing', { ...clean, signature: 'missing' }, true],
    ['signature invalid', { ...clean, signature: 'invalid' }, true],
    ['signature valid', { ...clean, signature: 'valid' }, false],
    ['no secret to check with', { ...clean, signature: 'no-secret' }, false],
    ['a drop', { ...clean, dropCodes: ['missing-identity'] as never[] }, true],
    ['an error', { ...clean, errorCount: 1 }, true],
    ['a warning', { ...clean, warningCount: 1 }, true],
  ])('%s → %s', (_, s, expected) => {
    expect(hasProblems(s)).toBe(expected);
  });
});

describe("composeFindings: the inspector's checks plus the catalog's, never less", () => {
  const EXAMPLES: [ProfileId, JsonObject][] = [
    ...listEvents('provesource').map((e) => ['provesource', exampleMessage('provesource', e.name, { now: NOW, messageId: 'm' })] as [ProfileId, JsonObject]),
    ...listEvents('produktly').map((e) => ['produktly', exampleMessage('produktly', e.name, { now: NOW, messageId: 'm' })] as [ProfileId, JsonObject]),
  ];
  const plans = [
    { profiles: ['segment', 'provesource', 'produktly', 'freshsuccess'] as ProfileId[], mode: 'auto' as const },
    { profiles: ['segment'] as ProfileId[], mode: 'explicit' as const },
    { profiles: ['segment', 'freshsuccess'] as ProfileId[], mode: 'explicit' as const },
    { profiles: ['segment', 'provesource'] as ProfileId[], mode: 'explicit' as const },
  ];
  const key = (f: { profile: string; rule: string; path: string }) => `${f.profile} ${f.rule} ${f.path}`;
  it('has every finding of the plan and of the catalog checked explicitly, each once', () => {
    fc.assert(
      fc.property(fc.constantFrom(...EXAMPLES), fc.constantFrom(...plans), fc.subarray(['userId', 'anonymousId', 'properties', 'event']), fc.constantFrom<ProfileId>('provesource', 'produktly', 'segment'), ([, base], plan, drop, catalog) => {
        const m: JsonObject = structuredClone(base);
        for (const k of drop) delete m[k];
        const out = composeFindings(m, catalog, plan, NOW);
        const keys = out.map(key);
        for (const f of findingsFor(m, plan, NOW)) expect(keys).toContain(key(f));
        const own = catalog === 'segment' ? ['segment'] : [catalog, 'segment'];
        for (const f of findingsFor(m, { profiles: own as ProfileId[], mode: 'explicit' }, NOW)) expect(keys).toContain(key(f));
        expect(new Set(keys).size).toBe(keys.length);
        // Nothing but those: no profile outside the plan and the catalog.
        for (const f of out) expect([...plan.profiles, ...own]).toContain(f.profile);
      }),
      { numRuns: 200 },
    );
  });
  it('a ProveSource event composed from Produktly is told it is not a Produktly event', () => {
    const m = exampleMessage('provesource', listEvents('provesource')[0].name, { now: NOW, messageId: 'm' });
    const rules = composeFindings(m, 'produktly', { profiles: ['segment'], mode: 'explicit' }, NOW).map((f) => f.rule);
    expect(rules).toContain('produktly.event.unknown');
    expect(composeFindings(m, 'segment', { profiles: ['segment'], mode: 'explicit' }, NOW).every((f) => f.profile === 'segment')).toBe(true);
  });
});

describe('deliveredForm: the message as Segment delivers it (domain.md)', () => {
  const T = '2025-03-14T09:00:00.000Z';
  const SENT = '2025-03-14T09:00:10.000Z'; // the client's clock, 10 s after its event
  const RECEIVED = '2025-03-14T09:05:10.000Z'; // Segment's clock: the client is 5 min behind
  const CORRECTED = '2025-03-14T09:05:00.000Z'; // receivedAt − (sentAt − originalTimestamp)
  const SKEW = 'corrected for clock skew: receivedAt − (sentAt − originalTimestamp)';
  const base = { type: 'track', event: 'E', userId: 'u', messageId: 'm' };
  it.each<[string, JsonObject, string | undefined, JsonObject, { path: string; from?: string; why: string }[], number | undefined]>([
    [
      'timestamp, sentAt, receivedAt: original from timestamp, timestamp corrected',
      { ...base, timestamp: T, sentAt: SENT, receivedAt: RECEIVED },
      undefined,
      { originalTimestamp: T, timestamp: CORRECTED, receivedAt: RECEIVED },
      [
        { path: 'originalTimestamp', from: 'timestamp', why: "set from the client's timestamp" },
        { path: 'timestamp', from: 'timestamp', why: SKEW },
      ],
      -300_000,
    ],
    [
      'clocks agree: the timestamp stays',
      { ...base, timestamp: T, sentAt: SENT, receivedAt: SENT },
      undefined,
      { originalTimestamp: T, timestamp: T },
      [{ path: 'originalTimestamp', from: 'timestamp', why: "set from the client's timestamp" }],
      0,
    ],
    [
      'a server library sent originalTimestamp and timestamp: the correction starts from originalTimestamp',
      { ...base, originalTimestamp: '2025-03-14T08:59:00.000Z', timestamp: T, sentAt: SENT, receivedAt: RECEIVED },
      undefined,
      { originalTimestamp: '2025-03-14T08:59:00.000Z', timestamp: '2025-03-14T09:04:00.000Z' },
      [{ path: 'timestamp', from: 'timestamp', why: SKEW }],
      -300_000,
    ],
    [
      'originalTimestamp and sentAt, no timestamp: timestamp set, corrected, from no client field',
      { ...base, originalTimestamp: T, sentAt: SENT, receivedAt: RECEIVED },
      undefined,
      { originalTimestamp: T, timestamp: CORRECTED },
      [{ path: 'timestamp', why: SKEW }],
      -300_000,
    ],
    [
      'timestamp without sentAt: no correction, no skew',
      { ...base, timestamp: T, receivedAt: RECEIVED },
      undefined,
      { originalTimestamp: T, timestamp: T },
      [{ path: 'originalTimestamp', from: 'timestamp', why: "set from the client's timestamp" }],
      undefined,
    ],
    [
      'originalTimestamp without sentAt: timestamp is the client time',
      { ...base, originalTimestamp: T, receivedAt: RECEIVED },
      undefined,
      { originalTimestamp: T, timestamp: T },
      [{ path: 'timestamp', why: 'set from the client time' }],
      undefined,
    ],
    [
      'an unreadable sentAt: no correction, no skew',
      { ...base, timestamp: T, sentAt: 'yesterday', receivedAt: RECEIVED },
      undefined,
      { originalTimestamp: T, timestamp: T },
      [{ path: 'originalTimestamp', from: 'timestamp', why: "set from the client's timestamp" }],
      undefined,
    ],
    [
      'sentAt but no client time: skew known, times are the receipt',
      { ...base, sentAt: SENT, receivedAt: RECEIVED },
      undefined,
      { originalTimestamp: RECEIVED, timestamp: RECEIVED },
      [
        { path: 'originalTimestamp', why: 'the client sent no time: Segment uses the receipt time' },
        { path: 'timestamp', why: 'the client sent no time: Segment uses the receipt time' },
      ],
      -300_000,
    ],
    [
      "the message's receivedAt wins over the caller's",
      { ...base, timestamp: T, sentAt: SENT, receivedAt: RECEIVED },
      '2030-01-01T00:00:00.000Z',
      { receivedAt: RECEIVED, timestamp: CORRECTED },
      [
        { path: 'originalTimestamp', from: 'timestamp', why: "set from the client's timestamp" },
        { path: 'timestamp', from: 'timestamp', why: SKEW },
      ],
      -300_000,
    ],
    [
      "the caller's receipt time when the message has none",
      { ...base, timestamp: T, sentAt: SENT },
      RECEIVED,
      { receivedAt: RECEIVED, originalTimestamp: T, timestamp: CORRECTED },
      [
        { path: 'receivedAt', why: 'set by Segment on receipt' },
        { path: 'originalTimestamp', from: 'timestamp', why: "set from the client's timestamp" },
        { path: 'timestamp', from: 'timestamp', why: SKEW },
      ],
      -300_000,
    ],
    ['no time anywhere: nothing to set', { ...base }, undefined, { ...base }, [], undefined],
    ['an empty messageId', { ...base, messageId: '', originalTimestamp: T, timestamp: T }, undefined, { messageId: '' }, [{ path: 'messageId', why: 'assigned by Segment (the message has none)' }], undefined],
    ['a null messageId', { ...base, messageId: null, originalTimestamp: T, timestamp: T }, undefined, { messageId: null }, [{ path: 'messageId', why: 'assigned by Segment (the message has none)' }], undefined],
    ['no messageId', { type: 'track', event: 'E', userId: 'u', originalTimestamp: T, timestamp: T }, undefined, { originalTimestamp: T }, [{ path: 'messageId', why: 'assigned by Segment (the message has none)' }], undefined],
  ])('%s', (_, message, receivedAt, fields, changes, skew) => {
    const before = structuredClone(message);
    const d = deliveredForm(message, receivedAt === undefined ? {} : { receivedAt });
    expect(d.message).toMatchObject(fields);
    expect(d.changes).toEqual(changes);
    expect(d.clockSkewMs).toBe(skew);
    expect(message).toEqual(before); // the client's message is not touched
    // Only what a change names differs from the message as sent.
    const changed = Object.keys(d.message).filter((k) => JSON.stringify(d.message[k]) !== JSON.stringify(message[k]));
    expect(changed.sort()).toEqual(changes.map((c) => c.path).filter((p) => p !== 'messageId').sort());
  });
});

describe('deliveredOriginalTimestamp: the delivered originalTimestamp alone', () => {
  const O = '2025-03-14T08:59:00.000Z';
  const T = '2025-03-14T09:00:00.000Z';
  const R = '2025-03-14T09:05:10.000Z';
  const R2 = '2030-01-01T00:00:00.000Z';
  it.each<[string, JsonObject, string | undefined, unknown]>([
    ['originalTimestamp first', { originalTimestamp: O, timestamp: T, receivedAt: R }, R2, O],
    ['else the timestamp', { timestamp: T, receivedAt: R }, R2, T],
    ["else the message's receipt time", { receivedAt: R }, R2, R],
    ["else the caller's", {}, R2, R2],
    ['else none', {}, undefined, undefined],
    ['whatever the client put there, as it is', { originalTimestamp: 12 }, R2, 12],
  ])('%s', (_, message, receivedAt, expected) => {
    expect(deliveredOriginalTimestamp(message, receivedAt)).toEqual(expected);
    if (typeof expected === 'string' || expected === undefined) expect(deliveredForm(message, { receivedAt }).message.originalTimestamp).toEqual(expected);
  });
});

describe('parseWorkspace from a client (a save): a field it has no place for', () => {
  // Dropped without a word: {"writekey": …} beside "writeKey" saved the source without what was meant.
  const A = { name: 'A', webhook: 'w' };
  it.each<[string, unknown, string[]]>([
    ['a top-level field', { sources: [], extra: 1 }, ['extra: the workspace has no field "extra"; it takes sources']],
    ['"source" for "sources"', { source: [] }, ['source: the workspace has no field "source" (did you mean "sources"?); it takes sources', '"sources" must be an array; the workspace has none']],
    ['a source field in the wrong case', { sources: [{ ...A, Webhook: 'x' }] }, ['sources[0].Webhook: a source has no field "Webhook" (did you mean "webhook"?); it takes id, name, kind, writeKey, writeKeyFingerprint, webhook, destinations, forward']],
    ['a forward field', { sources: [{ ...A, forward: { to: 'us', key: 'k' } }] }, ['sources[0].forward.key: forward has no field "key"; it takes to, writeKey']],
  ])('%s is refused by its path', (_, value, errors) => {
    expect(parseWorkspace(value, true)).toEqual({ ok: false, errors });
  });

  it('what the engine answers is taken back (localKeyFingerprint is its own); the file read at start-up is not held to it', () => {
    const source = { id: 's1', ...A, kind: 'custom', destinations: [], forward: { to: 'eu', writeKey: 'k' }, localKeyFingerprint: '0123456789ab' };
    expect(parseWorkspace({ sources: [source] }, true).ok).toBe(true);
    expect(parseWorkspace({ sources: [{ ...A, later: 1 }], later: 2 }).ok).toBe(true);
  });
});
