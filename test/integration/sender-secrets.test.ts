// The write key store: 0600 file, env var, safeStorage (with a stand-in), never shown in clear.
import { chmodSync, existsSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { createFileSecretStore, createSafeStorageSecretStore, WRITE_KEY_ENV } from '../../src-main/sender/secrets';
import { tempDir } from './sender-helpers';

const KEY = 'wk_live_ABCDEF0123456789';
const mode = (path: string) => statSync(path).mode & 0o777;

describe('file secret store (browser/CLI mode)', () => {
  it('creates secrets.json with mode 0600, reports plain text, masks the key', async () => {
    const dir = tempDir();
    const store = createFileSecretStore(dir, {});
    expect(store.status()).toEqual({ backend: 'file', hasWriteKey: false, plainText: true });
    const status = await store.setWriteKey(KEY);
    const path = join(dir, 'secrets.json');
    expect(mode(path)).toBe(0o600);
    expect(status).toEqual({ backend: 'file', hasWriteKey: true, writeKeyMasked: 'wk…89', plainText: true });
    expect(JSON.stringify(status)).not.toContain(KEY);
    expect(store.getWriteKey()).toBe(KEY);
    // A new store (restart) reads it back.
    expect(createFileSecretStore(dir, {}).getWriteKey()).toBe(KEY);
    await store.setWriteKey(null);
    expect(existsSync(path)).toBe(false);
    expect(store.status().hasWriteKey).toBe(false);
  });

  it('tightens a secrets file that is readable by others', () => {
    const dir = tempDir();
    const path = join(dir, 'secrets.json');
    writeFileSync(path, JSON.stringify({ writeKey: KEY }));
    chmodSync(path, 0o644);
    const store = createFileSecretStore(dir, {});
    expect(mode(path)).toBe(0o600);
    expect(store.getWriteKey()).toBe(KEY);
  });

  it('reports a corrupt file as a warning (what and where) and replaces it on the next save', async () => {
    const dir = tempDir();
    const path = join(dir, 'secrets.json');
    writeFileSync(path, '{"writeKey": ', { mode: 0o600 });
    const store = createFileSecretStore(dir, {});
    expect(store.status().hasWriteKey).toBe(false);
    expect(store.status().warning).toMatch(/secrets\.json is not valid JSON/);
    await store.setWriteKey(KEY);
    expect(JSON.parse(readFileSync(path, 'utf8'))).toEqual({ writeKey: KEY });
    expect(store.status().warning).toBeUndefined();
  });

  it('rejects a key with spaces, saying what is wrong', async () => {
    const store = createFileSecretStore(tempDir(), {});
    await expect(store.setWriteKey('two words')).rejects.toThrow(/writeKey/);
  });

  it('takes the key from the env var, read-only', async () => {
    const store = createFileSecretStore(tempDir(), { [WRITE_KEY_ENV]: KEY });
    expect(store.status()).toEqual({ backend: 'env', hasWriteKey: true, writeKeyMasked: 'wk…89', plainText: false });
    expect(store.getWriteKey()).toBe(KEY);
    await expect(store.setWriteKey('other')).rejects.toThrow(WRITE_KEY_ENV);
  });
});

describe('safeStorage secret store (Electron)', () => {
  // A stand-in for Electron's safeStorage: reversible, but never the plain text on disk.
  const fakeSafeStorage = (available: boolean) => ({
    isEncryptionAvailable: () => available,
    encryptString: (s: string) => Buffer.from([...Buffer.from(s)].map((b) => b ^ 0x5a)),
    decryptString: (b: Buffer) => Buffer.from([...b].map((x) => x ^ 0x5a)).toString(),
  });

  it('stores the key encrypted, not as plain text', async () => {
    const dir = tempDir();
    const store = createSafeStorageSecretStore(dir, fakeSafeStorage(true), {});
    const status = await store.setWriteKey(KEY);
    expect(status).toMatchObject({ backend: 'safeStorage', hasWriteKey: true, plainText: false });
    const onDisk = readFileSync(join(dir, 'secrets.safe.json'), 'utf8');
    expect(onDisk).not.toContain(KEY);
    expect(mode(join(dir, 'secrets.safe.json'))).toBe(0o600);
    expect(createSafeStorageSecretStore(dir, fakeSafeStorage(true), {}).getWriteKey()).toBe(KEY);
  });

  it('falls back to the 0600 file when encryption is unavailable', async () => {
    const dir = tempDir();
    const store = createSafeStorageSecretStore(dir, fakeSafeStorage(false), {});
    expect(store.status()).toMatchObject({ backend: 'file', plainText: true });
    await store.setWriteKey(KEY);
    expect(mode(join(dir, 'secrets.json'))).toBe(0o600);
  });
});
