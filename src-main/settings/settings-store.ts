// settings.json in the data dir (mode 0600: it holds webhook shared secrets). Written whole,
// atomically (temp file + rename). Secrets stay here: the UI only ever sees WebhookView.
import { chmod, readFile, rename, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { WebhookConfig } from '../../src-shared/api';
import { readWebhookSettings } from '../../src-shared/webhook-settings';
import { WEBHOOK_NAME, webhookNameFault } from '../receiver/webhook';
import { keepDamagedCopy } from '../store/json-file';

export const SETTINGS_FILE = 'settings.json';

export interface Settings {
  webhooks: WebhookConfig[];
}

export class SettingsStore {
  private settings: Settings = { webhooks: [] };
  private writing: Promise<void> = Promise.resolve();

  private constructor(readonly path: string) {}

  /** Loads settings; a missing file means defaults, an unreadable one a warning (and defaults). */
  static async open(dataDir: string, warn: (message: string) => void): Promise<SettingsStore> {
    const store = new SettingsStore(join(dataDir, SETTINGS_FILE));
    let text: string | undefined;
    try {
      text = await readFile(store.path, 'utf8');
    } catch (e) {
      if ((e as NodeJS.ErrnoException).code !== 'ENOENT') warn(`${SETTINGS_FILE}: cannot read it (${(e as Error).message}); using defaults`);
    }
    if (text !== undefined) {
      try {
        const read = readWebhookSettings(JSON.parse(text), (name) => (WEBHOOK_NAME.test(name) ? undefined : webhookNameFault(name)));
        // What is left out would be gone with the next save: the file as it was is kept.
        const copy = read.problems.length > 0 ? await keepDamagedCopy(store.path, text) : undefined;
        for (const problem of read.problems) warn(`${SETTINGS_FILE}: ${problem}${copy ? ` (the file as it was is kept as ${copy})` : ''}`);
        store.settings = { webhooks: read.webhooks };
      } catch (e) {
        const copy = await keepDamagedCopy(store.path, text);
        warn(`${SETTINGS_FILE}: not valid JSON (${(e as Error).message}); using defaults until settings are saved${copy ? ` (the file as it was is kept as ${copy})` : ''}`);
      }
    }
    return store;
  }

  get webhooks(): readonly WebhookConfig[] {
    return this.settings.webhooks;
  }

  webhook(name: string): WebhookConfig | undefined {
    return this.settings.webhooks.find((w) => w.name === name);
  }

  async saveWebhook(config: WebhookConfig): Promise<void> {
    const others = this.settings.webhooks.filter((w) => w.name !== config.name);
    this.settings = { ...this.settings, webhooks: [...others, config].sort((a, b) => a.name.localeCompare(b.name)) };
    await this.persist();
  }

  async deleteWebhook(name: string): Promise<boolean> {
    const before = this.settings.webhooks.length;
    this.settings = { ...this.settings, webhooks: this.settings.webhooks.filter((w) => w.name !== name) };
    if (this.settings.webhooks.length === before) return false;
    await this.persist();
    return true;
  }

  /** Serialized so two saves cannot interleave their temp files. */
  private persist(): Promise<void> {
    const text = JSON.stringify(this.settings, null, 2) + '\n';
    this.writing = this.writing.catch(() => undefined).then(async () => {
      const tmp = `${this.path}.tmp`;
      await writeFile(tmp, text, { mode: 0o600 });
      await chmod(tmp, 0o600);
      await rename(tmp, this.path);
    });
    return this.writing;
  }

  /** Waits for pending writes. */
  flushed(): Promise<void> {
    return this.writing.catch(() => undefined);
  }
}
