// The matching settings (domain.md: "Choices the documents leave open, each a setting with this
// default: email comparison ignores case and surrounding space; a message with neither email nor
// userId creates no user and is reported as unmatched; when email finds user A but userId names
// user B, email wins"), the fourth (which messages are matched: the webhook's, as the partner's
// document describes), parsing a patch from outside and comparing two settings.
import { describe, expect, it } from 'vitest';
import { DEFAULT_MATCHING_SETTINGS, SETTING_DESCRIPTIONS, SETTING_KEYS, defaultSentence, parseSettingsPatch, sameSettings } from '../../../src-shared/matching/settings';
import type { MatchingSettings } from '../../../src-shared/matching/types';
import { allSettings } from './helpers';

describe('matching settings', () => {
  it('the defaults are the documented ones', () => {
    expect(DEFAULT_MATCHING_SETTINGS).toStrictEqual({ emailComparison: 'ignore-case-and-space', noIdentity: 'unmatched', conflict: 'email-wins', scope: 'webhook' });
    expect(Object.isFrozen(DEFAULT_MATCHING_SETTINGS)).toBe(true);
  });

  it('four settings, each with two options', () => {
    expect(SETTING_KEYS).toEqual(['emailComparison', 'noIdentity', 'conflict', 'scope']);
    expect(Object.fromEntries(SETTING_KEYS.map((k) => [k, SETTING_DESCRIPTIONS[k].options.map((o) => o.value)]))).toEqual({
      emailComparison: ['ignore-case-and-space', 'exact'],
      noIdentity: ['unmatched', 'create-anonymous'],
      conflict: ['email-wins', 'userId-wins'],
      scope: ['webhook', 'webhook-and-tracking'],
    });
    for (const k of SETTING_KEYS) expect(SETTING_DESCRIPTIONS[k].key).toBe(k);
  });

  it.each([
    ['emailComparison', "The partner's document is silent (it does not say whether \"Ada@Example.com \" and \"ada@example.com\" are the same email); Eventbench's default is ignore case and surrounding space."],
    ['noIdentity', "The partner's document is silent (it does not say what happens to a message with neither an email nor a userId); Eventbench's default is unmatched: no user is created."],
    ['conflict', "The partner's document is silent (it does not say which wins when the email finds one user and the userId names another); Eventbench's default is email wins (flagged as a conflict)."],
    ['scope', "The partner's document is silent (it only describes events arriving through the Webhook destination); Eventbench's default is webhook messages."],
  ] as const)('the default sentence of %s', (key, sentence) => {
    expect(defaultSentence(key)).toBe(sentence);
  });

  it.each<[string, unknown, Partial<MatchingSettings> | string]>([
    ['an empty patch', {}, {}],
    ['every setting at once', { emailComparison: 'exact', noIdentity: 'create-anonymous', conflict: 'userId-wins', scope: 'webhook-and-tracking' }, { emailComparison: 'exact', noIdentity: 'create-anonymous', conflict: 'userId-wins', scope: 'webhook-and-tracking' }],
    ['a default value given explicitly', { scope: 'webhook' }, { scope: 'webhook' }],
    ['null', null, 'the matching settings must be a JSON object'],
    ['a list', [{ scope: 'webhook' }], 'the matching settings must be a JSON object'],
    ['a text', 'exact', 'the matching settings must be a JSON object'],
    ['an unknown key', { scope: 'webhook', colour: 'red' }, 'unknown matching setting "colour"; the settings are emailComparison, noIdentity, conflict, scope'],
    ['a value of another setting', { conflict: 'exact' }, 'invalid value "exact" for matching setting "conflict"; use "email-wins" or "userId-wins"'],
    ['a number', { scope: 1 }, 'invalid value 1 for matching setting "scope"; use "webhook" or "webhook-and-tracking"'],
    ['null as a value', { noIdentity: null }, 'invalid value null for matching setting "noIdentity"; use "unmatched" or "create-anonymous"'],
    ['a value in another case', { emailComparison: 'Exact' }, 'invalid value "Exact" for matching setting "emailComparison"; use "ignore-case-and-space" or "exact"'],
  ])('parsing %s', (_name, value, expected) => {
    expect(parseSettingsPatch(value)).toStrictEqual(expected);
  });

  it('sameSettings: equal only when all four are', () => {
    const all = allSettings();
    for (const a of all) for (const b of all) expect(sameSettings(a, b)).toBe(a === b);
    expect(sameSettings({ ...DEFAULT_MATCHING_SETTINGS }, DEFAULT_MATCHING_SETTINGS)).toBe(true);
  });

  it('every setting has a title and every option a label of its own, naming what it does', () => {
    const titles = SETTING_KEYS.map((k) => SETTING_DESCRIPTIONS[k].title);
    for (const t of titles) expect(t.length).toBeGreaterThan(0);
    expect(new Set(titles).size).toBe(4);
    expect(SETTING_DESCRIPTIONS.emailComparison.title).toMatch(/email/i);
    expect(SETTING_DESCRIPTIONS.noIdentity.title).toMatch(/neither email nor userId/i);
    expect(SETTING_DESCRIPTIONS.conflict.title).toMatch(/email and userId/i);
    expect(SETTING_DESCRIPTIONS.scope.title).toMatch(/messages/i);
    const label = (k: keyof MatchingSettings, value: string) => (SETTING_DESCRIPTIONS[k].options as { value: string; label: string }[]).find((o) => o.value === value)!.label;
    expect(label('emailComparison', 'exact')).toMatch(/exact/);
    expect(label('noIdentity', 'create-anonymous')).toMatch(/anonymous user keyed by anonymousId/);
    expect(label('conflict', 'userId-wins')).toMatch(/userId wins/);
    expect(label('scope', 'webhook-and-tracking')).toMatch(/webhook and Tracking API/);
  });
});
