// What matching keeps on disk: the starting directory (users.json) and its settings
// (matching-settings.json, beside settings.json rather than in it, so the webhook settings file
// keeps one owner). Everything else is derived from the capture log. Writes are whole-file and
// atomic (temp + rename), one at a time (JsonFile).
import { join } from 'node:path';
import { DEFAULT_MATCHING_SETTINGS, parseSettingsPatch } from '../../src-shared/matching/settings';
import type { MatchingSettings, StartingUser } from '../../src-shared/matching/types';
import { JsonFile, keepDamagedCopy } from '../store/json-file';
import { stringifyExact } from '../../src-shared/exact-json';

export const USERS_FILE = 'users.json';
export const MATCHING_SETTINGS_FILE = 'matching-settings.json';

export class MatchingFiles {
  private readonly users: JsonFile<unknown>;
  private readonly settings: JsonFile<unknown>;

  constructor(readonly dataDir: string) {
    // exact: a property past 2^53 (imported, or edited from a trait a message sent) keeps its digits.
    this.users = new JsonFile(join(dataDir, USERS_FILE), { compact: true, exact: true, fallback: 'starting without it', what: 'the starting directory of users' });
    this.settings = new JsonFile(join(dataDir, MATCHING_SETTINGS_FILE), { fallback: 'starting without it', what: 'the matching settings', plural: true });
  }

  async loadUsers(warn: (m: string) => void): Promise<StartingUser[]> {
    const data = await this.users.read(warn);
    if (data === undefined) return [];
    if (!Array.isArray(data)) {
      // The next save writes the directory over it (a hand edit that wrapped the list in
      // {"users": […]} was gone with it): the file as it was is kept beside it.
      const copy = await keepDamagedCopy(this.users.path, stringifyExact(data) + '\n');
      warn(`${USERS_FILE}: must be a JSON array of users, not ${describeShape(data)}; starting with an empty directory until it is saved again${copy ? ` (the file as it was is kept as ${copy})` : ''}`);
      return [];
    }
    const users: StartingUser[] = [];
    // Each entry that cannot be taken as written is named by its place and why; the next save
    // writes the file without it, so the file as it was is kept beside it.
    const problems: string[] = [];
    const itemOf = new Map<string, number>();
    data.forEach((u: unknown, i) => {
      const at = `item ${i + 1}`;
      if (!u || typeof u !== 'object' || Array.isArray(u)) {
        problems.push(`${at}: must be an object, not ${describeValue(u)}; skipped`);
        return;
      }
      const o = u as Record<string, unknown>;
      if (typeof o.id !== 'string') {
        problems.push(`${at}: "id" must be text, not ${describeValue(o.id)}; skipped`);
        return;
      }
      const named = `${at} (${JSON.stringify(o.id.slice(0, 80))})`;
      const first = itemOf.get(o.id);
      if (first !== undefined) {
        problems.push(`${named}: item ${first} has the same id; skipped`);
        return;
      }
      itemOf.set(o.id, i + 1);
      const user: StartingUser = { id: o.id, properties: o.properties && typeof o.properties === 'object' && !Array.isArray(o.properties) ? (o.properties as StartingUser['properties']) : {} };
      if (o.properties !== undefined && user.properties !== o.properties) problems.push(`${named}: "properties" must be an object, not ${describeValue(o.properties)}; left out`);
      for (const field of ['username', 'email'] as const) {
        const v = o[field];
        if (typeof v === 'string') user[field] = v;
        else if (v !== undefined) problems.push(`${named}: "${field}" must be text, not ${describeValue(v)}; left out`);
      }
      users.push(user);
    });
    if (problems.length > 0) {
      const copy = await keepDamagedCopy(this.users.path, stringifyExact(data) + '\n');
      for (const p of problems) warn(`${USERS_FILE}: ${p}${copy ? ` (the file as it was is kept as ${copy})` : ''}`);
    }
    return users;
  }

  async loadSettings(warn: (m: string) => void): Promise<MatchingSettings> {
    const data = await this.settings.read(warn);
    if (data === undefined) return { ...DEFAULT_MATCHING_SETTINGS };
    const whole = parseSettingsPatch(data);
    if (typeof whole !== 'string') return { ...DEFAULT_MATCHING_SETTINGS, ...whole };
    // Setting by setting: one misspelt value used to reset the other three to their defaults.
    const settings = { ...DEFAULT_MATCHING_SETTINGS };
    const problems: string[] = [];
    if (data === null || typeof data !== 'object' || Array.isArray(data)) problems.push(`${whole}; using the defaults`);
    else {
      for (const [key, value] of Object.entries(data)) {
        const one = parseSettingsPatch({ [key]: value });
        if (typeof one !== 'string') Object.assign(settings, one);
        else if (Object.hasOwn(DEFAULT_MATCHING_SETTINGS, key)) problems.push(`${one}; it is ${JSON.stringify(DEFAULT_MATCHING_SETTINGS[key as keyof MatchingSettings])} (the default) until the settings are saved again`);
        else problems.push(`${one}; left out`);
      }
    }
    // The next save writes the settings in force over it: the file as it was is kept beside it.
    const copy = await keepDamagedCopy(this.settings.path, JSON.stringify(data, null, 2) + '\n');
    for (const p of problems) warn(`${MATCHING_SETTINGS_FILE}: ${p}${copy ? ` (the file as it was is kept as ${copy})` : ''}`);
    return settings;
  }

  saveUsers(users: readonly StartingUser[]): Promise<void> {
    return this.users.write(users);
  }

  saveSettings(settings: MatchingSettings): Promise<void> {
    return this.settings.write(settings);
  }

  async flushed(): Promise<void> {
    await Promise.all([this.users.flushed(), this.settings.flushed()]);
  }
}

/** A value as a warning shows it: short JSON, "a list" / "an object" for containers. */
function describeValue(value: unknown): string {
  if (value === undefined) return 'undefined';
  if (Array.isArray(value)) return 'a list';
  if (typeof value === 'object' && value !== null) return 'an object';
  return JSON.stringify(value).slice(0, 60);
}

/** What a users.json that is not a list holds: "an object (with the key "users")", "null", "the number 3". */
function describeShape(value: unknown): string {
  if (value !== null && typeof value === 'object') {
    const keys = Object.keys(value).slice(0, 3).map((k) => JSON.stringify(k.slice(0, 40)));
    return keys.length === 0 ? 'an empty object' : `an object (with the key${keys.length > 1 ? 's' : ''} ${keys.join(', ')}${Object.keys(value).length > 3 ? ', …' : ''})`;
  }
  return typeof value === 'string' ? 'a text' : typeof value === 'number' ? `the number ${value}` : String(value);
}
