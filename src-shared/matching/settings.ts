// The matching settings: what the partner's document leaves open, Eventbench's default for each,
// and the words the UI and the README use for them.
import type { MatchingSettings } from './types';

export const DEFAULT_MATCHING_SETTINGS: Readonly<MatchingSettings> = Object.freeze({
  emailComparison: 'ignore-case-and-space',
  noIdentity: 'unmatched',
  conflict: 'email-wins',
  scope: 'webhook',
});

export type SettingKey = keyof MatchingSettings;

export interface SettingDescription<K extends SettingKey = SettingKey> {
  key: K;
  /** The question the setting answers. */
  title: string;
  /** The partner document's silence, in one sentence. */
  silence: string;
  options: { value: MatchingSettings[K]; label: string }[];
}

export const SETTING_DESCRIPTIONS: { [K in SettingKey]: SettingDescription<K> } = {
  emailComparison: {
    key: 'emailComparison',
    title: 'Email comparison',
    silence: 'does not say whether "Ada@Example.com " and "ada@example.com" are the same email',
    options: [
      { value: 'ignore-case-and-space', label: 'ignore case and surrounding space' },
      { value: 'exact', label: 'exact (character for character)' },
    ],
  },
  noIdentity: {
    key: 'noIdentity',
    title: 'Neither email nor userId',
    silence: 'does not say what happens to a message with neither an email nor a userId',
    options: [
      { value: 'unmatched', label: 'unmatched: no user is created' },
      { value: 'create-anonymous', label: 'create an anonymous user keyed by anonymousId' },
    ],
  },
  conflict: {
    key: 'conflict',
    title: 'Email and userId name different users',
    silence: 'does not say which wins when the email finds one user and the userId names another',
    options: [
      { value: 'email-wins', label: 'email wins (flagged as a conflict)' },
      { value: 'userId-wins', label: 'userId wins (flagged as a conflict)' },
    ],
  },
  scope: {
    key: 'scope',
    title: 'Messages matched',
    silence: 'only describes events arriving through the Webhook destination',
    options: [
      { value: 'webhook', label: 'webhook messages' },
      { value: 'webhook-and-tracking', label: 'webhook and Tracking API messages' },
    ],
  },
};

export const SETTING_KEYS = Object.keys(SETTING_DESCRIPTIONS) as SettingKey[];

/** "The partner's document is silent; Eventbench's default is …" for one setting. */
export function defaultSentence(key: SettingKey): string {
  const d = SETTING_DESCRIPTIONS[key];
  const label = (d.options as { value: string; label: string }[]).find((o) => o.value === DEFAULT_MATCHING_SETTINGS[key])!.label;
  return `The partner's document is silent (it ${d.silence}); Eventbench's default is ${label}.`;
}

/**
 * Checks a (partial) settings object from outside (API body, settings file). Returns the parsed
 * patch, or an error sentence naming the unknown or invalid setting.
 */
export function parseSettingsPatch(value: unknown): Partial<MatchingSettings> | string {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) return 'the matching settings must be a JSON object';
  const patch: Partial<MatchingSettings> = {};
  for (const [key, v] of Object.entries(value)) {
    if (!(SETTING_KEYS as string[]).includes(key)) return `unknown matching setting "${key}"; the settings are ${SETTING_KEYS.join(', ')}`;
    const allowed = (SETTING_DESCRIPTIONS[key as SettingKey].options as { value: string }[]).map((o) => o.value);
    if (typeof v !== 'string' || !allowed.includes(v)) {
      return `invalid value ${JSON.stringify(v)} for matching setting "${key}"; use ${allowed.map((a) => `"${a}"`).join(' or ')}`;
    }
    (patch as Record<string, string>)[key] = v;
  }
  return patch;
}

/** Each setting that differs, in words: "Email comparison: exact (character for character), was ignore case and surrounding space." */
export function settingChanges(before: MatchingSettings, after: MatchingSettings): string[] {
  const label = (k: SettingKey, v: string) => (SETTING_DESCRIPTIONS[k].options as { value: string; label: string }[]).find((o) => o.value === v)?.label ?? v;
  return SETTING_KEYS.filter((k) => before[k] !== after[k]).map((k) => `${SETTING_DESCRIPTIONS[k].title}: ${label(k, after[k])}, was ${label(k, before[k])}.`);
}

export function sameSettings(a: MatchingSettings, b: MatchingSettings): boolean {
  return SETTING_KEYS.every((k) => a[k] === b[k]);
}
