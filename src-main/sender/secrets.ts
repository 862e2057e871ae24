// Where the Segment write key lives. Browser/CLI mode: secrets.json in the data dir, readable by
// the user only (0600, plain text, and the UI says so), or the EVENTBENCH_SEGMENT_WRITE_KEY env
// var (read-only). The Electron shell passes its safeStorage in for OS-level encryption; this
// module never imports electron, so the engine and its tests run under plain Node.
import { chmodSync, mkdirSync, rmSync, statSync } from 'node:fs';
import { dataFileText, readDataFileSync, SaveFailed, writeFileAtomicSync } from '../store/json-file';
import { join } from 'node:path';
import type { SecretStatus } from '../../src-shared/api';
import { maskSecret } from './redact';
import type { SecretStore } from './types';

export const WRITE_KEY_ENV = 'EVENTBENCH_SEGMENT_WRITE_KEY';
export const SECRETS_FILE = 'secrets.json';
export const SAFE_SECRETS_FILE = 'secrets.safe.json';
const MAX_WRITE_KEY_LENGTH = 1000;

/** The part of Electron's safeStorage this store needs (structural: no electron import). */
export interface SafeStorageLike {
  isEncryptionAvailable(): boolean;
  encryptString(plainText: string): Buffer;
  decryptString(encrypted: Buffer): string;
}

type Env = Record<string, string | undefined>;

function checkWriteKey(writeKey: string | null): string | null {
  if (writeKey === null) return null;
  if (typeof writeKey !== 'string') throw new Error('writeKey: expected a string or null');
  const trimmed = writeKey.trim();
  if (!trimmed) return null;
  if (trimmed.length > MAX_WRITE_KEY_LENGTH || /\s/.test(trimmed)) {
    throw new Error('writeKey: a Segment write key is one word without spaces (copy it from the source settings)');
  }
  return trimmed;
}

/** Writes a file readable by the owner only; temp + rename so a crash never leaves half a file (SaveFailed: the file as it was). */
function writePrivateFile(path: string, text: string): void {
  writeFileAtomicSync(path, text, { private: true, what: 'the write key' });
}

/** Tightens a secrets file that someone made readable by others. */
function fixMode(path: string): void {
  try {
    if ((statSync(path).mode & 0o077) !== 0) chmodSync(path, 0o600);
  } catch {
    /* absent: nothing to fix */
  }
}

function readJsonField(path: string, field: string): { value?: string; warning?: string } {
  let text: string;
  try {
    // A hand edit saved with a byte-order mark or as UTF-16 (Notepad) reads as written.
    text = dataFileText(readDataFileSync(path));
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'ENOENT') return {};
    return { warning: `${path} could not be read (${(err as Error).message}); no write key loaded` };
  }
  try {
    const parsed = JSON.parse(text) as Record<string, unknown>;
    const value = parsed?.[field];
    if (value === undefined) return {};
    if (typeof value !== 'string') return { warning: `${path}: "${field}" is not a string; no write key loaded` };
    return { value };
  } catch (err) {
    return { warning: `${path} is not valid JSON (${(err as Error).message}); no write key loaded. Store the key again to replace the file.` };
  }
}

function envStore(key: string): SecretStore {
  const status = (): SecretStatus => ({ backend: 'env', hasWriteKey: true, writeKeyMasked: maskSecret(key), plainText: false });
  return {
    status,
    async setWriteKey() {
      throw new Error(`writeKey: the write key comes from the ${WRITE_KEY_ENV} environment variable; unset it to store a key here`);
    },
    getWriteKey: () => key,
  };
}

/** Browser/CLI mode: the env var if set, else secrets.json (0600) in the data dir. */
export function createFileSecretStore(dataDir: string, env: Env = process.env): SecretStore {
  const fromEnv = env[WRITE_KEY_ENV]?.trim();
  if (fromEnv) return envStore(fromEnv);

  const path = join(dataDir, SECRETS_FILE);
  fixMode(path);
  const loaded = readJsonField(path, 'writeKey');
  return persistedKeyStore({
    backend: 'file',
    dataDir,
    path,
    key: loaded.value,
    warning: loaded.warning,
    serialize: (writeKey) => ({ writeKey }),
  });
}

/**
 * Electron mode: the key encrypted by the OS (Keychain, DPAPI, libsecret) via safeStorage, in
 * secrets.safe.json. Without encryption (e.g. no keyring on Linux) it falls back to the file store.
 */
export function createSafeStorageSecretStore(dataDir: string, safeStorage: SafeStorageLike, env: Env = process.env): SecretStore {
  const fromEnv = env[WRITE_KEY_ENV]?.trim();
  if (fromEnv) return envStore(fromEnv);
  if (!safeStorage.isEncryptionAvailable()) return createFileSecretStore(dataDir, env);

  const path = join(dataDir, SAFE_SECRETS_FILE);
  const loaded = readJsonField(path, 'encryptedWriteKey');
  let key: string | undefined;
  let warning = loaded.warning;
  if (loaded.value) {
    try {
      key = safeStorage.decryptString(Buffer.from(loaded.value, 'base64'));
    } catch (err) {
      warning = `${path} could not be decrypted (${(err as Error).message}); store the key again`;
    }
  }
  return persistedKeyStore({
    backend: 'safeStorage',
    dataDir,
    path,
    key,
    warning,
    serialize: (writeKey) => ({ encryptedWriteKey: safeStorage.encryptString(writeKey).toString('base64') }),
  });
}

/** A write key kept in a private (0600) JSON file, as plain text or as the OS encrypted it. */
function persistedKeyStore(opts: {
  backend: 'file' | 'safeStorage';
  dataDir: string;
  path: string;
  key: string | undefined;
  warning: string | undefined;
  serialize(writeKey: string): Record<string, string>;
}): SecretStore {
  let { key, warning } = opts;
  const status = (): SecretStatus => ({
    backend: opts.backend,
    hasWriteKey: !!key,
    ...(key ? { writeKeyMasked: maskSecret(key) } : {}),
    plainText: opts.backend === 'file',
    ...(warning ? { warning } : {}),
  });
  return {
    status,
    async setWriteKey(writeKey) {
      const next = checkWriteKey(writeKey);
      try {
        mkdirSync(opts.dataDir, { recursive: true });
      } catch {
        // A data dir that is not a folder: the write below says so.
      }
      if (next === null) {
        try {
          rmSync(opts.path, { force: true });
        } catch (e) {
          throw new SaveFailed(opts.path, e as NodeJS.ErrnoException, 'the removal of the write key');
        }
      } else writePrivateFile(opts.path, `${JSON.stringify(opts.serialize(next), null, 2)}\n`);
      key = next ?? undefined;
      warning = undefined;
      return status();
    },
    getWriteKey: () => key,
  };
}
