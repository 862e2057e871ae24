// A scenario played in the app runs on the app's own engine. One that decides Product Fruits
// matching (settings.matching, a users step) would otherwise merge its users into the user's
// starting directory and replace the user's settings, without a word. `eventbench run` gives each
// file a fresh data dir; here the user's own directory, matching settings and session timeout (what
// the scenario changes) are set aside in scenario-set-aside.json, written before anything changes,
// and the run starts from an empty directory and the default settings, as a fresh engine does. They
// stay set aside (the other tabs show what the scenario made) until the user restores them.
// A scenario's `webhooks` are saved over the app's own of the same names by the run; the user's
// own of those names (shared secrets included: the file is private, as settings.json is) are set
// aside first, and restoring puts them back and removes the ones the user did not have.
import { unlink } from 'node:fs/promises';
import { join } from 'node:path';
import { DEFAULT_MATCHING_SETTINGS } from '../../src-shared/matching/settings';
import type { MatchingSettings, StartingUser } from '../../src-shared/matching/types';
import type { ScenarioChanges } from '../../src-shared/scenario/changes';
import type { SetAsideSummary } from '../../src-shared/scenario/report';
import type { WebhookConfig } from '../../src-shared/api';
import { readWebhookSettings } from '../../src-shared/webhook-settings';
import { invalidWebhookName } from '../receiver/webhook';
import { JsonFile, keepDamagedCopy } from '../store/json-file';
import { stringifyExact } from '../../src-shared/exact-json';

export const SET_ASIDE_FILE = 'scenario-set-aside.json';

interface SetAside {
  scenario: string;
  savedAt: string;
  users?: StartingUser[];
  matching?: MatchingSettings;
  timeoutMs?: number;
  /** The user's own webhooks of the names a scenario configured, as settings.json holds them. */
  webhooks?: WebhookConfig[];
  /** Names a scenario configured that the user had no webhook of. */
  addedWebhooks?: string[];
}

export interface SetAsideDeps {
  startingUsers(): readonly StartingUser[];
  setStartingUsers(users: StartingUser[]): Promise<void>;
  matchingSettings(): MatchingSettings;
  setMatchingSettings(s: MatchingSettings): Promise<unknown>;
  timeoutMs(): number;
  setTimeoutMs(ms: number): void;
  webhook(name: string): WebhookConfig | undefined;
  /** Saves the webhook, or (undefined) deletes the one of that name. */
  setWebhook(name: string, config: WebhookConfig | undefined): Promise<void>;
  now(): Date;
}

export class ScenarioSetAside {
  private constructor(
    private readonly file: JsonFile<SetAside>,
    private kept: SetAside | undefined,
    private readonly deps: SetAsideDeps,
  ) {}

  static async open(dataDir: string, deps: SetAsideDeps, warn: (m: string) => void): Promise<ScenarioSetAside> {
    // Private: it may hold the user's webhook secrets.
    const file = new JsonFile<SetAside>(join(dataDir, SET_ASIDE_FILE), { fallback: 'nothing is offered to restore (the file is kept beside it)', private: true, exact: true });
    const kept = await file.read(warn);
    if (kept === undefined) return new ScenarioSetAside(file, undefined, deps);
    if (!kept || typeof kept !== 'object' || Array.isArray(kept) || typeof kept.scenario !== 'string') {
      // Another shape (a hand edit): the next play writes its own over it, so it is kept beside it, and said.
      const raw: unknown = kept;
      const why = !raw || typeof raw !== 'object' || Array.isArray(raw) ? `must be an object with "scenario", not ${Array.isArray(raw) ? 'a list' : JSON.stringify(raw)?.slice(0, 40)}` : (raw as { scenario?: unknown }).scenario === undefined ? '"scenario" is missing' : `"scenario" must be text, not ${JSON.stringify((raw as { scenario?: unknown }).scenario)?.slice(0, 40)}`;
      const copy = await keepDamagedCopy(file.path, stringifyExact(raw, 2) + '\n');
      warn(`${SET_ASIDE_FILE}: ${why}; nothing is offered to restore${copy ? ` (the file as it was is kept as ${copy})` : ''}`);
      return new ScenarioSetAside(file, undefined, deps);
    }
    return new ScenarioSetAside(file, await readWebhooksKept(file.path, kept, warn), deps);
  }

  summary(): SetAsideSummary | null {
    const k = this.kept;
    if (!k) return null;
    return { scenario: k.scenario, savedAt: k.savedAt, ...(k.users ? { users: k.users.length } : {}), ...(k.matching ? { matching: { ...k.matching } } : {}), ...(k.timeoutMs !== undefined ? { timeoutMs: k.timeoutMs } : {}), ...(k.webhooks?.length ? { webhooks: k.webhooks.map((w) => w.name) } : {}), ...(k.addedWebhooks?.length ? { addedWebhooks: [...k.addedWebhooks] } : {}) };
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
    // Only names not set aside already: the webhook of such a name is a scenario's now.
    for (const name of changes.webhooks) {
      if (k.webhooks?.some((w) => w.name === name) || k.addedWebhooks?.includes(name)) continue;
      const own = this.deps.webhook(name);
      if (own) k.webhooks = [...(k.webhooks ?? []), { ...own }];
      else k.addedWebhooks = [...(k.addedWebhooks ?? []), name];
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
    for (const w of k.webhooks ?? []) await this.deps.setWebhook(w.name, w);
    for (const name of k.addedWebhooks ?? []) await this.deps.setWebhook(name, undefined);
    this.kept = undefined;
    await this.file.flushed();
    await unlink(this.file.path).catch((e: NodeJS.ErrnoException) => {
      if (e.code !== 'ENOENT') throw e;
    });
    return summary;
  }
}

/**
 * The kept webhooks read back as settings.json's are: an entry that cannot be restored as written
 * (a hand edit, a damaged file) is named in the start-up warnings, and the file as it was is kept
 * beside it (it holds secrets that restoring would otherwise delete with the file).
 */
async function readWebhooksKept(path: string, kept: SetAside, warn: (m: string) => void): Promise<SetAside> {
  const read = readWebhookSettings({ webhooks: kept.webhooks }, invalidWebhookName);
  // settings.json's words say what holds until a save; here it is what Restore mine puts back.
  const problems = read.problems.map((p) => p.replace(/ until (?:it is|they are) saved again$/, ' when restored'));
  const added: string[] = [];
  const raw: unknown = kept.addedWebhooks;
  if (raw !== undefined && !Array.isArray(raw)) problems.push('"addedWebhooks" must be a list of webhook names; none is removed on restore');
  else
    for (const [i, name] of (raw ?? []).entries()) {
      const fault = typeof name === 'string' ? invalidWebhookName(name) : 'must be text';
      if (fault === undefined) added.push(name as string);
      else problems.push(`addedWebhooks[${i}]: the name ${fault}; left out (not removed on restore)`);
    }
  if (problems.length > 0) {
    // stringifyExact: a user's property past 2^53 (read with its digits: exact) is kept as written.
    const copy = await keepDamagedCopy(path, stringifyExact(kept, 2) + '\n');
    for (const p of problems) warn(`${SET_ASIDE_FILE}: ${p}${copy ? ` (the file as it was is kept as ${copy})` : ''}`);
  }
  const { webhooks: _w, addedWebhooks: _a, ...rest } = kept;
  return { ...rest, ...(read.webhooks.length ? { webhooks: read.webhooks } : {}), ...(added.length ? { addedWebhooks: added } : {}) };
}
