// Properties of the rule over random directories, messages and settings (fast-check).
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { explainDecision } from '../../../src-shared/matching/explain';
import { Matcher, conflictLoser, deriveMatching } from '../../../src-shared/matching/matcher';
import { traceSentences } from '../../../src-shared/matching/trace-text';
import { MATCH_OUTCOMES, type MatchInput, type MatchingSettings, type StartingUser } from '../../../src-shared/matching/types';
import { MatchInputs } from '../../../src-shared/matching/match-inputs';
import { DEFAULT_MATCHING_SETTINGS } from '../../../src-shared/matching/settings';
import { input } from './helpers';
import { referenceMatching } from './reference';

// Small pools so that lookups hit, miss, collide and conflict often.
// René's email composed (NFC) and decomposed (NFD): the same email ignoring case and space, two exactly.
const email = fc.constantFrom('ada@example.com', 'Ada@Example.com ', 'bob@example.com', 'BOB@example.com', 'cy@example.com', '   ', '', 'rené@example.com'.normalize('NFC'), 'René@example.com'.normalize('NFD'));
const id = fc.constantFrom('ada', 'bob', 'cy', 'ada@example.com', '42');
const oddValue = fc.constantFrom<unknown>(42, true, null, { a: 1 }, ['x']);
const maybe = <T>(a: fc.Arbitrary<T>) => fc.option(a, { nil: undefined });

const settingsArb: fc.Arbitrary<MatchingSettings> = fc.record({
  emailComparison: fc.constantFrom('ignore-case-and-space', 'exact'),
  noIdentity: fc.constantFrom('unmatched', 'create-anonymous'),
  conflict: fc.constantFrom('email-wins', 'userId-wins'),
  scope: fc.constantFrom('webhook', 'webhook-and-tracking'),
});

const startArb: fc.Arbitrary<StartingUser[]> = fc
  .array(fc.record({ username: maybe(id), email: maybe(email), plan: maybe(fc.constantFrom('free', 'pro')) }), { maxLength: 6 })
  .map((rows) => rows.map((r, i) => ({ id: `s${i}`, ...(r.username !== undefined ? { username: r.username } : {}), ...(r.email !== undefined ? { email: r.email } : {}), properties: r.plan ? { plan: r.plan } : {} })));

const messageArb = fc.record({
  type: fc.constantFrom('identify', 'track', 'page', 'group'),
  userId: maybe(fc.oneof(id, oddValue)),
  anonymousId: maybe(fc.constantFrom('anon-1', 'anon-2')),
  traitsEmail: maybe(fc.oneof(email, oddValue)),
  contextEmail: maybe(email),
  propertiesEmail: maybe(email),
  plan: maybe(fc.constantFrom('free', 'pro', 'team')),
  origin: fc.constantFrom<'webhook' | 'tracking'>('webhook', 'tracking'),
});

type GeneratedMessage = typeof messageArb extends fc.Arbitrary<infer T> ? T : never;
const messagesArb = fc.array(messageArb, { maxLength: 30 });
const toInputs = (ms: GeneratedMessage[], inputs?: MatchInputs): MatchInput[] =>
  ms.map((m, i) =>
    input(
      i + 1,
      {
        type: m.type,
        ...(m.userId !== undefined ? { userId: m.userId } : {}),
        ...(m.anonymousId !== undefined ? { anonymousId: m.anonymousId } : {}),
        ...(m.traitsEmail !== undefined || m.plan !== undefined ? { traits: { email: m.traitsEmail, plan: m.plan } } : {}),
        ...(m.contextEmail !== undefined ? { context: { traits: { email: m.contextEmail } } } : {}),
        ...(m.propertiesEmail !== undefined ? { properties: { email: m.propertiesEmail } } : {}),
      },
      m.origin,
      inputs,
    ),
  );
const inputsArb: fc.Arbitrary<MatchInput[]> = messagesArb.map((ms) => toInputs(ms));

const inScope = (s: MatchingSettings, inputs: MatchInput[]) => inputs.filter((i) => s.scope === 'webhook-and-tracking' || i.origin === 'webhook');

describe('matching properties', () => {
  it('every matched message gets exactly one outcome', () => {
    fc.assert(
      fc.property(startArb, settingsArb, inputsArb, (start, settings, inputs) => {
        const { decisions } = deriveMatching(start, settings, inputs);
        expect(decisions.map((d) => d.seq)).toEqual(inScope(settings, inputs).map((i) => i.seq));
        for (const d of decisions) {
          expect(MATCH_OUTCOMES).toContain(d.outcome);
          expect(d.userId === undefined).toBe(d.outcome === 'unmatched');
        }
      }),
    );
  });

  it('users created equal the messages with outcome created', () => {
    fc.assert(
      fc.property(startArb, settingsArb, inputsArb, (start, settings, inputs) => {
        const { decisions, users } = deriveMatching(start, settings, inputs);
        const created = decisions.filter((d) => d.outcome === 'created');
        expect(users.filter((u) => u.createdBy !== null).map((u) => u.createdBy)).toEqual(created.map((d) => d.seq));
        expect(users.length).toBe(start.length + created.length);
      }),
    );
  });

  it('re-deriving with unchanged settings changes nothing', () => {
    fc.assert(
      fc.property(startArb, settingsArb, inputsArb, (start, settings, inputs) => {
        expect(deriveMatching(start, settings, inputs)).toEqual(deriveMatching(start, settings, inputs));
      }),
    );
  });

  it('the directory after N messages fed in any chunks equals replaying them from the start', () => {
    fc.assert(
      fc.property(startArb, settingsArb, inputsArb, fc.array(fc.nat(30), { maxLength: 5 }), (start, settings, inputs, cuts) => {
        const m = new Matcher(start, settings);
        const points = [...new Set([...cuts.map((c) => Math.min(c, inputs.length)), inputs.length])].sort((a, b) => a - b);
        let from = 0;
        for (const to of points) {
          for (const i of inputs.slice(from, to)) m.add(i);
          from = to;
          const replay = deriveMatching(start, settings, inputs.slice(0, to));
          expect(m.users).toEqual(replay.users);
          expect(m.decisions).toEqual(replay.decisions);
        }
      }),
    );
  });

  it('the rebuilt trace names the user as the directory has it right after the message, and ends with the outcome', () => {
    fc.assert(
      fc.property(startArb, settingsArb, inputsArb, (start, settings, inputs) => {
        const m = new Matcher(start, settings);
        for (const input of inputs) {
          const d = m.add(input);
          if (!d) continue;
          const explained = explainDecision(d, input, settings);
          const last = explained.trace.at(-1)!;
          if (d.outcome === 'unmatched') {
            expect(['created', 'updated']).not.toContain(last.kind);
          } else {
            expect(last.kind).toBe(d.outcome === 'created' ? 'created' : 'updated');
            const user = m.users.find((u) => u.id === d.userId)!;
            expect((last as { user: unknown }).user).toEqual({ id: user.id, username: user.username, email: user.email });
          }
          expect(explained.trace.filter((s) => s.kind === 'read-email').map((s) => (s as { path: string }).path)).toEqual(['traits.email', 'context.traits.email', 'properties.email']);
          expect(traceSentences(explained).at(-1)).toMatch(/^Outcome: /);
        }
      }),
    );
  });

  it('the matcher gives the same decisions and directory as a straightforward reference implementation', () => {
    fc.assert(
      fc.property(startArb, settingsArb, inputsArb, (start, settings, inputs) => {
        const expected = referenceMatching(start, settings, inputs);
        const m = deriveMatching(start, settings, inputs);
        expect(m.decisions).toEqual(expected.decisions);
        expect(m.users).toEqual(expected.users);
      }),
      { numRuns: 500 },
    );
  });

  it('a conflict has exactly one loser: the user of the two lookups the setting did not choose; no other decision has one', () => {
    fc.assert(
      fc.property(startArb, settingsArb, inputsArb, (start, settings, inputs) => {
        // From the reference implementation's decisions (their byEmail and byUsername), not the matcher's columns.
        const expected = referenceMatching(start, settings, inputs).decisions;
        const m = deriveMatching(start, settings, inputs);
        expected.forEach((d, i) => {
          const loser = d.conflict ? (settings.conflict === 'email-wins' ? d.byUsername!.id : d.byEmail!.id) : undefined;
          expect(m.loserAt(i)).toBe(loser);
          expect(conflictLoser(m.decisionAt(i))).toBe(loser);
          if (loser !== undefined) expect(loser).not.toBe(m.userIdAt(i));
          for (const id of new Set([d.userId, loser, ...start.map((u) => u.id)])) {
            if (id !== undefined) expect(m.involves(i, id)).toBe(id === d.userId || id === loser);
          }
        });
      }),
      { numRuns: 300 },
    );
  });

  it('the starting directory is never changed by matching', () => {
    fc.assert(
      fc.property(startArb, settingsArb, inputsArb, (start, settings, inputs) => {
        const copy = structuredClone(start);
        deriveMatching(start, settings, inputs);
        expect(start).toEqual(copy);
      }),
    );
  });
});

describe('interned keys', () => {
  it('a matcher refuses an input kept in other inputs than it reads (its keys would mean other texts)', () => {
    const other = new MatchInputs();
    const m = new Matcher([], DEFAULT_MATCHING_SETTINGS, other);
    expect(() => m.match(input(1, { type: 'identify', userId: 'ada' }))).toThrow(/other inputs than the matcher reads/);
  });

  it('the same messages give the same decisions and directory whatever inputs (interner) they were extracted into', () => {
    fc.assert(
      fc.property(startArb, settingsArb, messagesArb, (start, settings, ms) => {
        const fresh = new MatchInputs();
        // Pre-fill the fresh interner in another order, so that the same texts get other numbers.
        for (const t of ['cy', 'bob', 'ada@example.com', 'anon-2', '42']) fresh.interner.id(t);
        const again = toInputs(ms, fresh);
        const a = deriveMatching(start, settings, toInputs(ms));
        const b = deriveMatching(start, settings, again, fresh);
        expect(b.decisions).toEqual(a.decisions);
        expect(b.users).toEqual(a.users);
      }),
      { numRuns: 200 },
    );
  });
});
