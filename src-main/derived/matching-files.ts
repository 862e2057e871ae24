// What matching keeps on disk: the starting directory (users.json) and its settings
// (matching-settings.json, beside settings.json rather than in it, so the webhook settings file
// keeps one owner). Everything else is derived from the capture log. Writes are whole-file and
// atomic (temp + rename), one at a time (JsonFile).
import { join } from 'node:path';
import { DEFAULT_MATCHING_SETTINGS, parseSettingsPatch } from '../../src-shared/matching/settings';
import type { MatchingSettings, StartingUser } from '../../src-shared/matching/types';
import { JsonFile } from '../store/json-file';

export const USERS_FILE = 'users.json';
export const MATCHING_SETTINGS_FILE = 'matching-settings.json';

export class MatchingFiles {
  private readonly users: JsonFile<unknown>;
  private readonly settings: JsonFile<unknown>;

  constructor(readonly dataDir: string) {
    this.users = new JsonFile(join(dataDir, USERS_FILE), { compact: true, fallback: 'starting without it', what: 'the starting directory of users' });
    this.settings = new JsonFile(join(dataDir, MATCHING_SETTINGS_FILE), { fallback: 'starting without it', what: 'the matching settings' });
  }

  async loadUsers(warn: (m: string) => void): Promise<StartingUser[]> {
    const data = await this.users.read(warn);
    if (data === undefined) return [];
    if (!Array.isArray(data)) {
      warn(`${USERS_FILE}: not a JSON array of users; starting with an empty directory`);
      return [];
    }
    const users: StartingUser[] = [];
    const ids = new Set<string>();
    data.forEach((u: unknown, i) => {
      const o = u as Partial<StartingUser> | null;
      if (!o || typeof o !== 'object' || typeof o.id !== 'string' || ids.has(o.id)) {
        warn(`${USERS_FILE}: item ${i + 1} has no id of its own (or repeats one); skipped`);
        return;
      }
      ids.add(o.id);
      const user: StartingUser = { id: o.id, properties: o.properties && typeof o.properties === 'object' && !Array.isArray(o.properties) ? o.properties : {} };
      if (typeof o.username === 'string') user.username = o.username;
      if (typeof o.email === 'string') user.email = o.email;
      users.push(user);
    });
    return users;
  }

  async loadSettings(warn: (m: string) => void): Promise<MatchingSettings> {
    const data = await this.settings.read(warn);
    if (data === undefined) return { ...DEFAULT_MATCHING_SETTINGS };
    const patch = parseSettingsPatch(data);
    if (typeof patch === 'string') {
      warn(`${MATCHING_SETTINGS_FILE}: ${patch}; using the defaults`);
      return { ...DEFAULT_MATCHING_SETTINGS };
    }
    return { ...DEFAULT_MATCHING_SETTINGS, ...patch };
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
