// A scenario played in the app runs on the app's own engine. One that decides Product Fruits
// matching (settings.matching, a users step) would otherwise merge its users into the user's
// starting directory and replace the user's settings, without a word. `eventbench run` gives each
// file a fresh data dir; here the user's own directory, matching settings and session timeout (what
// the scenario changes) are set aside in scenario-set-aside.json, written before anything changes,
// and the run starts from an empty directory and the default settings, as a fresh engine does. They
// stay set aside (the other tabs show what the scenario made) until the user restores them.
import { unlink } from 'node:fs/promises';
import { join } from 'node:path';
import { DEFAULT_MATCHING_SETTINGS } from '../../src-shared/matching/settings';
import type { MatchingSettings, StartingUser } from '../../src-shared/matching/types';
import type { ScenarioChanges } from '../../src-shared/scenario/changes';
import type { SetAsideSummary } from '../../src-shared/scenario/report';
import { JsonFile } from '../store/json-file';

export const SET_ASIDE_FILE = 'scenario-set-aside.json';

interface SetAside {
  scenario: string;
  savedAt: string;
  users?: StartingUser[];
  matching?: MatchingSettings;
  timeoutMs?: number;
}

export interface SetAsideDeps {
  startingUsers(): readonly StartingUser[];
  setStartingUsers(users: StartingUser[]): Promise<void>;
  matchingSettings(): MatchingSettings;
  setMatchingSettings(s: MatchingSettings): Promise<unknown>;
  timeoutMs(): number;
  setTimeoutMs(ms: number): void;
  now(): Date;
}

export class ScenarioSetAside {
  private constructor(
    private readonly file: JsonFile<SetAside>,
    private kept: SetAside | undefined,
    private readonly deps: SetAsideDeps,
  ) {}

  static async open(dataDir: string, deps: SetAsideDeps, warn: (m: string) => void): Promise<ScenarioSetAside> {
    const file = new JsonFile<SetAside>(join(dataDir, SET_ASIDE_FILE), { fallback: 'nothing is offered to restore (the file is kept beside it)' });
    const kept = await file.read(warn);
    return new ScenarioSetAside(file, kept && typeof kept === 'object' && typeof kept.scenario === 'string' ? kept : undefined, deps);
  }

  summary(): SetAsideSummary | null {
    const k = this.kept;
    if (!k) return null;
    return { scenario: k.scenario, savedAt: k.savedAt, ...(k.users ? { users: k.users.length } : {}), ...(k.matching ? { matching: { ...k.matching } } : {}), ...(k.timeoutMs !== undefined ? { timeoutMs: k.timeoutMs } : {}) };
  }

  /**
   * Before a play: keeps what the scenario changes (only what is not kept already: a second play
   * must not set the first's directory aside as the user's), then starts matching afresh.
   */
  async beforePlay(scenario: string, changes: ScenarioChanges): Promise<void> {
    const k: SetAside = this.kept ? { ...this.kept } : { scenario, savedAt: this.deps.now().toISOString() };
    let grew = false;
    if (changes.matching && !k.users) {
      k.users = [...this.deps.startingUsers()];
      k.matching = { ...this.deps.matchingSettings() };
      grew = true;
    }
    if (changes.timeoutMs !== undefined && k.timeoutMs === undefined) {
      k.timeoutMs = this.deps.timeoutMs();
      grew = true;
    }
    if (grew) {
      // On disk before anything is changed: a crash mid-run loses nothing of the user's.
      await this.file.write(k);
      this.kept = k;
    }
    if (changes.matching) {
      await this.deps.setStartingUsers([]);
      await this.deps.setMatchingSettings({ ...DEFAULT_MATCHING_SETTINGS });
    }
  }

  async restore(): Promise<SetAsideSummary | null> {
    const summary = this.summary();
    const k = this.kept;
    if (!k) return null;
    if (k.users) await this.deps.setStartingUsers(k.users);
    if (k.matching) await this.deps.setMatchingSettings(k.matching);
    if (k.timeoutMs !== undefined) this.deps.setTimeoutMs(k.timeoutMs);
    this.kept = undefined;
    await this.file.flushed();
    await unlink(this.file.path).catch((e: NodeJS.ErrnoException) => {
      if (e.code !== 'ENOENT') throw e;
    });
    return summary;
  }
}
