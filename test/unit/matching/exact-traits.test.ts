// A trait past 2^53 (a Java Long account id, a Go int64) is kept as the digits the client sent, in
// the directory, the trace and what the contract carries: JSON.parse reads 9007199254740993 as
// …992, and the trace said "set to 9007199254740992". The engine feeds each capture whose text may
// hold such a number with that text (messageJson); these captures are built the same way.
import { describe, expect, it } from 'vitest';
import type { CapturedMessage } from '../../../src-shared/capture';
import { exactText, isExactNumber, mayHoldRoundedTrait, stringifyExact } from '../../../src-shared/exact-json';
import { explainDecision } from '../../../src-shared/matching/explain';
import { changeForContract, changeWithExactValues, changedUserForContract, exactChangeValue, exactFieldValue, exactPropertiesOf, userForContract, userWithExactProperties, valueText } from '../../../src-shared/matching/exact-values';
import { compareMatching } from '../../../src-shared/matching/compare';
import { MatchInputs } from '../../../src-shared/matching/match-inputs';
import { deriveMatching } from '../../../src-shared/matching/matcher';
import { traceSentences } from '../../../src-shared/matching/trace-text';
import { DEFAULTS } from './helpers';

const WEBHOOK = { kind: 'webhook', endpoint: '/webhook/pf', webhook: 'pf', signature: { status: 'no-secret' } } as const;
const BIG = '9007199254740993'; // 2^53 + 1: JSON.parse reads …992

/** A capture as the feed gives it: the parsed message, and its text when it may hold a number JSON.parse rounds. */
function capture(seq: number, text: string): Pick<CapturedMessage, 'seq' | 'receivedAt' | 'origin' | 'message' | 'messageJson'> {
  return { seq, receivedAt: `2026-01-01T00:00:0${seq}.000Z`, origin: WEBHOOK, message: JSON.parse(text), messageJson: text };
}
const identify = (seq: number, traits: string) => capture(seq, `{"type":"identify","messageId":"m-${seq}","userId":"ada","traits":{"email":"ada@example.com",${traits}}}`);

describe('a trait past 2^53 is kept as its digits', () => {
  it('the input reads the trait from the text: traits and context.traits, top level and nested', () => {
    const inputs = MatchInputs.from([
      capture(1, `{"type":"identify","userId":"ada","traits":{"account_id":${BIG},"company":{"id":${BIG}}},"context":{"traits":{"org":12345678901234567890}}}`),
    ]);
    const traits = inputs.traits(0);
    expect(isExactNumber(traits.account_id) && exactText(traits.account_id)).toBe(BIG);
    expect(stringifyExact(traits)).toBe(`{"org":12345678901234567890,"account_id":${BIG},"company":{"id":${BIG}}}`);
  });

  it('a message whose text holds no such number is read as parsed (no second parse)', () => {
    const c = identify(1, `"plan":"pro","seats":42`);
    const inputs = MatchInputs.from([c]);
    expect(inputs.traits(0)).toEqual({ plan: 'pro', seats: 42 });
    expect(Object.values(inputs.traits(0)).some(isExactNumber)).toBe(false);
  });

  it('the directory keeps the digits and the trace says "set to 9007199254740993"', () => {
    const inputs = MatchInputs.from([identify(1, `"account_id":${BIG}`), identify(2, `"account_id":${BIG}`), identify(3, `"account_id":9007199254740992`)]);
    const result = deriveMatching([], DEFAULTS, inputs);
    const first = result.decisions[0].changes.find((c) => c.field === 'properties.account_id')!;
    expect(exactText(first.after as string)).toBe(BIG);
    expect(exactText(deriveMatching([], DEFAULTS, MatchInputs.from([identify(1, `"account_id":${BIG}`)])).users[0].properties.account_id as string)).toBe(BIG);
    const steps = (i: number) => traceSentences(explainDecision(result.decisions[i], inputs.at(i), DEFAULTS)).join('\n');
    expect(steps(0)).toContain(`properties.account_id set to \`${BIG}\``);
    expect(steps(0)).not.toContain('9007199254740992');
    // The same digits again change nothing; …992 (one double with …993) is another value.
    expect(result.decisions[1].changes).toEqual([]);
    expect(steps(2)).toContain(`properties.account_id \`${BIG}\` → \`9007199254740992\``);
  });
});

describe('which captures the feed hands with their text (mayHoldRoundedTrait)', () => {
  const read = (text: string) => mayHoldRoundedTrait(JSON.parse(text));
  it('a user property that may be a rounded number: past 2^53, a decimal, zero (-0, 1e-400), at any depth', () => {
    expect(read(`{"type":"identify","traits":{"account_id":${BIG}}}`)).toBe(true);
    expect(read(`{"type":"track","context":{"traits":{"org":{"ids":[1,${BIG}]}}}}`)).toBe(true);
    expect(read(`{"type":"identify","traits":{"score":0.30000000000000004}}`)).toBe(true);
    expect(read(`{"type":"identify","traits":{"balance":-0}}`)).toBe(true);
    expect(read(`{"type":"identify","traits":{"tiny":1e-400}}`)).toBe(true);
  });
  it('none: text, safe integers, no traits, and traits matching does not read (a track\'s or a group\'s own)', () => {
    expect(read(`{"type":"identify","traits":{"email":"a@b.c","seats":12,"tags":["x",3],"n":null}}`)).toBe(false);
    expect(read(`{"type":"track","event":"x","properties":{"price":${BIG}}}`)).toBe(false);
    expect(read(`{"type":"group","groupId":"g","traits":{"employees":${BIG}}}`)).toBe(false);
    expect(read(`{"type":"page","traits":{"x":${BIG}}}`)).toBe(false);
  });
});

describe('exact values over the contract', () => {
  const inputs = MatchInputs.from([identify(1, `"account_id":${BIG},"plan":"pro"`)]);
  const result = deriveMatching([], DEFAULTS, inputs);
  const user = result.users[0];

  it('a user holding such a property carries its digits as propertiesJson, the nearest double in properties', () => {
    const sent = userForContract(user);
    expect(sent.properties).toEqual({ account_id: 9007199254740992, plan: 'pro' });
    expect(sent.propertiesJson).toBe(`{"account_id":${BIG},"plan":"pro"}`);
    // What crosses holds no marker (another process has another prefix): a structured clone keeps it as it is.
    expect(JSON.stringify(structuredClone(sent))).not.toContain('exact-');
    expect(valueText(exactPropertiesOf(structuredClone(sent)).account_id)).toBe(BIG);
    expect(stringifyExact(userWithExactProperties(sent))).toContain(`"properties":{"account_id":${BIG},"plan":"pro"}`);
    expect(stringifyExact(userWithExactProperties(sent))).not.toContain('propertiesJson');
  });

  it('a user without one goes as it is', () => {
    const plain = { ...user, properties: { plan: 'pro', n: 42, o: { a: 1 } } };
    expect(userForContract(plain)).toBe(plain);
  });

  it('a change holding such a value carries its digits as afterJson', () => {
    const [change] = result.decisions[0].changes.filter((c) => c.field === 'properties.account_id');
    const sent = changeForContract(change);
    expect(sent).toEqual({ field: 'properties.account_id', before: undefined, after: 9007199254740992, afterJson: BIG });
    expect(valueText(exactChangeValue(structuredClone(sent), 'after'))).toBe(BIG);
    expect(stringifyExact(changeWithExactValues(sent))).toBe(`{"field":"properties.account_id","after":${BIG}}`);
    const plan = result.decisions[0].changes.find((c) => c.field === 'properties.plan')!;
    expect(changeForContract(plan)).toBe(plan);
  });

  it("a what-if's changed user holding such a value carries its digits as nowJson", () => {
    // Ignoring case, BEA@example.com finds u-bea and sets its seats; exactly, it finds nobody (unmatched).
    const start = [{ id: 'u-bea', username: 'bea', email: 'bea@example.com', properties: {} }];
    const bea = MatchInputs.from([capture(1, `{"type":"identify","anonymousId":"anon-bea","traits":{"email":"BEA@example.com","seats":${BIG}}}`)]);
    const c = compareMatching(deriveMatching(start, DEFAULTS, bea), deriveMatching(start, { ...DEFAULTS, emailComparison: 'exact' }, bea));
    const [changed] = c.users.changed.map(changedUserForContract);
    expect(changed.fields).toEqual([{ field: 'properties.seats', now: 9007199254740992, then: undefined, nowJson: BIG }]);
    expect(valueText(exactFieldValue(structuredClone(changed.fields[0]), 'now'))).toBe(BIG);
    const plan = { id: 'u', fields: [{ field: 'properties.plan', now: 'pro', then: 'free' }] };
    expect(changedUserForContract(plan)).toBe(plan);
  });

  it('valueText writes text as is, markers as digits, anything else as JSON', () => {
    expect([valueText('a b'), valueText(user.properties.account_id), valueText({ id: user.properties.account_id }), valueText(null), valueText(1.5)]).toEqual(['a b', BIG, `{"id":${BIG}}`, 'null', '1.5']);
  });
});
