// settings.json in the data dir (mode 0600: it holds webhook shared secrets). Written whole,
// atomically (temp file + rename). Secrets stay here: the UI only ever sees WebhookView.
import { join } from 'node:path';
import type { StoredWebhook } from '../../src-shared/api';
import { readWebhookSettings } from '../../src-shared/webhook-settings';
import { jsonSyntaxWhere } from '../../src-shared/tracking-api/json-error';
import { invalidWebhookName } from '../receiver/webhook';
import { dataFileText, HandEditGuard, keepDamagedCopy, readDataFile, writeFileAtomic } from '../store/json-file';

export const SETTINGS_FILE = 'settings.json';

export interface Settings {
  webhooks: StoredWebhook[];
}

export class SettingsStore {
  private settings: Settings = { webhooks: [] };
  private writing: Promise<void> = Promise.resolve();

  /** Keeps a hand edit made while Eventbench runs aside before a save overwrites it. */
  private readonly guard: HandEditGuard;

  private constructor(readonly path: string) {
    this.guard = new HandEditGuard(path, 'the webhooks');
  }

  /** Loads settings; a missing file means defaults, an unreadable one a warning (and defaults). */
  static async open(dataDir: string, warn: (message: string) => void): Promise<SettingsStore> {
    const store = new SettingsStore(join(dataDir, SETTINGS_FILE));
    let text: Buffer | undefined;
    try {
      text = await readDataFile(store.path);
      store.guard.noteRead(text);
    } catch (e) {
      if ((e as NodeJS.ErrnoException).code === 'ENOENT') store.guard.noteRead(undefined);
      if ((e as NodeJS.ErrnoException).code !== 'ENOENT') warn(`${SETTINGS_FILE}: cannot read it (${(e as Error).message}); using defaults`);
    }
    if (text !== undefined) {
      let decoded: string;
      try {
        decoded = dataFileText(text);
      } catch (e) {
        const copy = await keepDamagedCopy(store.path, text);
        warn(`${SETTINGS_FILE}: ${(e as Error).message}; using defaults until settings are saved${copy ? ` (the file as it was is kept as ${copy})` : ''}`);
        return store;
      }
      let parsed: unknown;
      try {
        parsed = JSON.parse(decoded);
      } catch (e) {
        const copy = await keepDamagedCopy(store.path, text);
        warn(`${SETTINGS_FILE}: not valid JSON (${jsonSyntaxWhere(decoded, e)}); using defaults until settings are saved${copy ? ` (the file as it was is kept as ${copy})` : ''}`);
        return store;
      }
      const read = readWebhookSettings(parsed, invalidWebhookName);
      // What is left out would be gone with the next save: the file as it was is kept.
      const copy = read.problems.length > 0 ? await keepDamagedCopy(store.path, text) : undefined;
      for (const problem of read.problems) warn(`${SETTINGS_FILE}: ${problem}${copy ? ` (the file as it was is kept as ${copy})` : ''}`);
      store.settings = { webhooks: read.webhooks };
    }
    return store;
  }

  get webhooks(): readonly StoredWebhook[] {
    return this.settings.webhooks;
  }

  webhook(name: string): StoredWebhook | undefined {
    return this.settings.webhooks.find((w) => w.name === name);
  }

  /** Saves the webhook; the settings change only once the file holding them is on disk. */
  saveWebhook(config: StoredWebhook): Promise<void> {
    return this.change((settings) => {
      const others = settings.webhooks.filter((w) => w.name !== config.name);
      return { ...settings, webhooks: [...others, config].sort((a, b) => a.name.localeCompare(b.name)) };
    }, `the webhook "${config.name}"`).then(() => undefined);
  }

  /** Deletes the webhook (false: there was none of that name), once the file without it is on disk. */
  deleteWebhook(name: string): Promise<boolean> {
    return this.change((settings) => (settings.webhooks.some((w) => w.name === name) ? { ...settings, webhooks: settings.webhooks.filter((w) => w.name !== name) } : undefined), `the deletion of webhook "${name}"`);
  }

  /**
   * One change at a time (two saves cannot interleave, nor one build on a value the other has not
   * saved): the next settings are written whole and atomically, and only then become the settings.
   * A failed write (SaveFailed) leaves both the file and the settings as they were.
   */
  private change(next: (settings: Settings) => Settings | undefined, what: string): Promise<boolean> {
    const run = this.writing.catch(() => undefined).then(async () => {
      const settings = next(this.settings);
      if (settings === undefined) return false;
      const text = JSON.stringify(settings, null, 2) + '\n';
      await this.guard.keepIfEdited(what);
      await writeFileAtomic(this.path, text, { private: true, what });
      this.guard.noteWritten(Buffer.from(text, 'utf8'));
      this.settings = settings;
      return true;
    });
    this.writing = run.then(
      () => undefined,
      () => undefined,
    );
    return run;
  }

  /** Waits for pending writes. */
  flushed(): Promise<void> {
    return this.writing.catch(() => undefined);
  }
}
