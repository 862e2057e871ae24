// What matching keeps on disk: the starting directory (users.json) and its settings
// (matching-settings.json, beside settings.json rather than in it, so the webhook settings file
// keeps one owner). Everything else is derived from the capture log. Writes are whole-file and
// atomic (temp + rename), one at a time.
import { readFile, rename, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { DEFAULT_MATCHING_SETTINGS, parseSettingsPatch } from '../../src-shared/matching/settings';
import type { MatchingSettings, StartingUser } from '../../src-shared/matching/types';

export const USERS_FILE = 'users.json';
export const MATCHING_SETTINGS_FILE = 'matching-settings.json';

export class MatchingFiles {
  private writing: Promise<void> = Promise.resolve();

  constructor(readonly dataDir: string) {}

  private async readJson(file: string, warn: (m: string) => void): Promise<unknown> {
    let text: string;
    try {
      text = await readFile(join(this.dataDir, file), 'utf8');
    } catch (e) {
      if ((e as NodeJS.ErrnoException).code !== 'ENOENT') warn(`${file}: cannot read it (${(e as Error).message}); starting without it`);
      return undefined;
    }
    try {
      return JSON.parse(text);
    } catch (e) {
      warn(`${file}: not valid JSON (${(e as Error).message}); starting without it until it is saved again`);
      return undefined;
    }
  }

  async loadUsers(warn: (m: string) => void): Promise<StartingUser[]> {
    const data = await this.readJson(USERS_FILE, warn);
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
    const data = await this.readJson(MATCHING_SETTINGS_FILE, warn);
    if (data === undefined) return { ...DEFAULT_MATCHING_SETTINGS };
    const patch = parseSettingsPatch(data);
    if (typeof patch === 'string') {
      warn(`${MATCHING_SETTINGS_FILE}: ${patch}; using the defaults`);
      return { ...DEFAULT_MATCHING_SETTINGS };
    }
    return { ...DEFAULT_MATCHING_SETTINGS, ...patch };
  }

  saveUsers(users: readonly StartingUser[]): Promise<void> {
    return this.write(USERS_FILE, JSON.stringify(users) + '\n');
  }

  saveSettings(settings: MatchingSettings): Promise<void> {
    return this.write(MATCHING_SETTINGS_FILE, JSON.stringify(settings, null, 2) + '\n');
  }

  private write(file: string, text: string): Promise<void> {
    const path = join(this.dataDir, file);
    this.writing = this.writing.catch(() => undefined).then(async () => {
      await writeFile(`${path}.tmp`, text);
      await rename(`${path}.tmp`, path);
    });
    return this.writing;
  }

  flushed(): Promise<void> {
    return this.writing.catch(() => undefined);
  }
}
