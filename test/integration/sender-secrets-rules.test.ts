// The write key store's rules as the send panel's key field shows them: what a typed key becomes
// (trimmed, a blank one removes it, one with a space or over 1,000 characters refused in words),
// what a hand-edited or unreadable secrets file gives (a warning naming the file, never a crash),
// the env var over any stored key, and the safeStorage file's own failures.
import { chmodSync, existsSync, mkdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { createFileSecretStore, createSafeStorageSecretStore, WRITE_KEY_ENV } from '../../src-main/sender/secrets';
import { tempDir } from './sender-helpers';

const KEY = 'wk_live_ABCDEF0123456789';
const mode = (path: string) => statSync(path).mode & 0o777;
const fakeSafeStorage = (available = true) => ({
  isEncryptionAvailable: () => available,
  encryptString: (s: string) => Buffer.from([...Buffer.from(s)].map((b) => b ^ 0x5a)),
  decryptString: (b: Buffer) => Buffer.from([...b].map((x) => x ^ 0x5a)).toString(),
});
const SPACES = 'writeKey: a Segment write key is one word without spaces (copy it from the source settings)';

describe('a key typed into the send panel', () => {
  it('is stored trimmed; a blank one removes the stored key', async () => {
    const dir = tempDir();
    const store = createFileSecretStore(dir, {});
    expect(await store.setWriteKey(`  ${KEY}\n`)).toEqual({ backend: 'file', hasWriteKey: true, writeKeyMasked: 'wk…89', plainText: true });
    expect(JSON.parse(readFileSync(join(dir, 'secrets.json'), 'utf8'))).toEqual({ writeKey: KEY });
    expect(store.getWriteKey()).toBe(KEY);
    expect(await store.setWriteKey('   ')).toEqual({ backend: 'file', hasWriteKey: false, plainText: true });
    expect(existsSync(join(dir, 'secrets.json'))).toBe(false);
    expect(store.getWriteKey()).toBeUndefined();
  });

  it('with a space, a tab inside, or over 1,000 characters: refused in words, the stored key kept', async () => {
    const dir = tempDir();
    const store = createFileSecretStore(dir, {});
    await store.setWriteKey(KEY);
    await expect(store.setWriteKey('two words')).rejects.toThrow(SPACES);
    await expect(store.setWriteKey('tab\there')).rejects.toThrow(SPACES);
    await expect(store.setWriteKey('k'.repeat(1001))).rejects.toThrow(SPACES);
    await expect(store.setWriteKey(42 as unknown as string)).rejects.toThrow('writeKey: expected a string or null');
    expect(store.getWriteKey()).toBe(KEY);
    // 1,000 is the longest taken.
    await store.setWriteKey('k'.repeat(1000));
    expect(createFileSecretStore(dir, {}).getWriteKey()).toBe('k'.repeat(1000));
  });

  it('into a data folder not made yet: the folder is made', async () => {
    const dir = join(tempDir(), 'not', 'yet');
    const store = createFileSecretStore(dir, {});
    await store.setWriteKey(KEY);
    expect(mode(join(dir, 'secrets.json'))).toBe(0o600);
  });

  it('stored when the data folder is a file: refused, naming the write key; removed when none is stored: nothing to do', async () => {
    const parent = tempDir();
    const dir = join(parent, 'data');
    writeFileSync(dir, 'a file, not a folder');
    await expect(createFileSecretStore(dir, {}).setWriteKey(KEY)).rejects.toThrow(/^the write key was not saved: secrets\.json could not be written/);
    const empty = createFileSecretStore(tempDir(), {});
    expect(await empty.setWriteKey(null)).toEqual({ backend: 'file', hasWriteKey: false, plainText: true });
  });

  it('removed when the data folder is a file: the removal is refused, saying so', async () => {
    const parent = tempDir();
    const dir = join(parent, 'data');
    writeFileSync(dir, 'a file, not a folder');
    const store = createFileSecretStore(dir, {});
    await expect(store.setWriteKey(null)).rejects.toThrow(/^the removal of the write key was not saved: secrets\.json could not be written \(ENOTDIR/);
  });
});

describe('secrets.json as found', () => {
  const withFile = (text: string, fileMode = 0o600) => {
    const dir = tempDir();
    const path = join(dir, 'secrets.json');
    writeFileSync(path, text);
    chmodSync(path, fileMode);
    return { dir, path, store: createFileSecretStore(dir, {}) };
  };

  it('readable by the group only: made private too; already private: left so', () => {
    expect(mode(withFile(JSON.stringify({ writeKey: KEY }), 0o640).path)).toBe(0o600);
    expect(mode(withFile(JSON.stringify({ writeKey: KEY }), 0o604).path)).toBe(0o600);
    expect(mode(withFile(JSON.stringify({ writeKey: KEY }), 0o400).path)).toBe(0o400);
  });

  it('without the field, or JSON null: no key and no warning', () => {
    expect(withFile('{}').store.status()).toEqual({ backend: 'file', hasWriteKey: false, plainText: true });
    expect(withFile('null').store.status()).toEqual({ backend: 'file', hasWriteKey: false, plainText: true });
  });

  it('the field not a text: no key, a warning naming the file and the field', () => {
    const { path, store } = withFile('{"writeKey": 12345}');
    expect(store.status()).toEqual({ backend: 'file', hasWriteKey: false, plainText: true, warning: `${path}: "writeKey" is not a string; no write key loaded` });
  });

  it('not JSON: the warning says how to replace it', () => {
    const { path, store } = withFile('{"writeKey": ');
    expect(store.status().warning).toMatch(new RegExp(`^${path.replace(/[.*+?^${}()|[\]\\/]/g, '\\$&')} is not valid JSON \\(.+\\); no write key loaded\\. Store the key again to replace the file\\.$`));
  });

  it('a folder where the file should be: a warning that it could not be read', () => {
    const dir = tempDir();
    mkdirSync(join(dir, 'secrets.json'));
    const warning = createFileSecretStore(dir, {}).status().warning ?? '';
    expect(warning.startsWith(`${join(dir, 'secrets.json')} could not be read (`)).toBe(true);
    expect(warning.endsWith('); no write key loaded')).toBe(true);
  });
});

describe('the env var', () => {
  it('is trimmed; one of blanks only is no key, and the stored one is used', () => {
    const dir = tempDir();
    writeFileSync(join(dir, 'secrets.json'), JSON.stringify({ writeKey: KEY }), { mode: 0o600 });
    expect(createFileSecretStore(dir, { [WRITE_KEY_ENV]: '  env-key-0123456 ' }).getWriteKey()).toBe('env-key-0123456');
    expect(createFileSecretStore(dir, { [WRITE_KEY_ENV]: '   ' }).getWriteKey()).toBe(KEY);
  });

  it('of blanks only does not win over safeStorage either', () => {
    expect(createSafeStorageSecretStore(tempDir(), fakeSafeStorage(), { [WRITE_KEY_ENV]: '   ' }).status()).toEqual({ backend: 'safeStorage', hasWriteKey: false, plainText: false });
  });

  it('wins over safeStorage too, read-only, with the words to unset it', async () => {
    const store = createSafeStorageSecretStore(tempDir(), fakeSafeStorage(), { [WRITE_KEY_ENV]: 'env-key-0123456' });
    expect(store.status()).toEqual({ backend: 'env', hasWriteKey: true, writeKeyMasked: 'en…56', plainText: false });
    await expect(store.setWriteKey('other')).rejects.toThrow(`writeKey: the write key comes from the ${WRITE_KEY_ENV} environment variable; unset it to store a key here`);
  });
});

describe('the safeStorage file', () => {
  it('shows the key masked, removes it on a blank, and does not touch secrets.json', async () => {
    const dir = tempDir();
    const store = createSafeStorageSecretStore(dir, fakeSafeStorage(), {});
    expect(store.status()).toEqual({ backend: 'safeStorage', hasWriteKey: false, plainText: false });
    expect(await store.setWriteKey(KEY)).toEqual({ backend: 'safeStorage', hasWriteKey: true, writeKeyMasked: 'wk…89', plainText: false });
    expect(existsSync(join(dir, 'secrets.json'))).toBe(false);
    await store.setWriteKey('');
    expect(existsSync(join(dir, 'secrets.safe.json'))).toBe(false);
    expect(createSafeStorageSecretStore(dir, fakeSafeStorage(), {}).getWriteKey()).toBeUndefined();
  });

  it('one the OS cannot decrypt (another machine\'s): no key, a warning to store it again', () => {
    const dir = tempDir();
    const path = join(dir, 'secrets.safe.json');
    writeFileSync(path, JSON.stringify({ encryptedWriteKey: 'AAAA' }));
    const refusing = { ...fakeSafeStorage(), decryptString: () => { throw new Error('Error while decrypting the ciphertext provided to safeStorage.decryptString.'); } };
    expect(createSafeStorageSecretStore(dir, refusing, {}).status()).toEqual({
      backend: 'safeStorage',
      hasWriteKey: false,
      plainText: false,
      warning: `${path} could not be decrypted (Error while decrypting the ciphertext provided to safeStorage.decryptString.); store the key again`,
    });
  });

  it('an empty encrypted field is no key, and nothing asked of the OS', () => {
    const dir = tempDir();
    writeFileSync(join(dir, 'secrets.safe.json'), JSON.stringify({ encryptedWriteKey: '' }));
    const refusing = { ...fakeSafeStorage(), decryptString: (): string => { throw new Error('asked'); } };
    expect(createSafeStorageSecretStore(dir, refusing, {}).status()).toEqual({ backend: 'safeStorage', hasWriteKey: false, plainText: false });
  });
});
