// The data dir's JSON files edited by hand while the engine is stopped, as Windows editors save
// them: Notepad (before Windows 10 1903) and Windows PowerShell 5.1's `Set-Content -Encoding UTF8`
// put a UTF-8 byte-order mark first, Notepad's "Unicode" and PowerShell 5.1's `Out-File` save
// UTF-16. The content is the user's, intact: it is read, not set aside as "not valid JSON".
import { execFileSync } from 'node:child_process';
import { closeSync, constants, openSync, symlinkSync } from 'node:fs';
import { readFile, readdir, rm, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { createFileSecretStore } from '../../src-main/sender/secrets';
import { makeDataDir, startTestEngine, type TestEngine } from './helpers/engine';

const cleanup: (() => Promise<unknown>)[] = [];
afterEach(async () => {
  for (const c of cleanup.splice(0).reverse()) await c();
});

const utf8Bom = (text: string) => Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), Buffer.from(text, 'utf8')]);
const utf16leBom = (text: string) => Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from(text, 'utf16le')]);
const utf32le = (text: string) => Buffer.concat([Buffer.from([0xff, 0xfe, 0, 0]), ...Array.from(text, (c) => { const b = Buffer.alloc(4); b.writeUInt32LE(c.codePointAt(0)!); return b; })]);

async function health(t: TestEngine): Promise<{ storeWarnings: string[] }> {
  return (await (await fetch(`${t.engine.url}/api/health`)).json()) as { storeWarnings: string[] };
}

/** An engine with a webhook secret, a workspace source, matching settings, a user and a session timeout saved. */
async function engineWithSettings(): Promise<TestEngine> {
  const t = await startTestEngine();
  cleanup.push(() => t.dispose());
  await t.engine.call('webhooks.save', { name: 'pf', secret: 's3cret', rejectInvalid: true });
  const workspace = { sources: [{ id: 'pf-src', name: 'Product Fruits hook', kind: 'custom', webhook: 'pf', destinations: ['Product Fruits'] }] };
  expect((await fetch(`${t.engine.url}/api/workspace`, { method: 'PUT', body: JSON.stringify(workspace) })).status).toBe(200);
  expect((await fetch(`${t.engine.url}/api/matching/settings`, { method: 'PUT', body: '{"conflict":"userId-wins"}' })).status).toBe(200);
  expect((await fetch(`${t.engine.url}/api/users/import`, { method: 'POST', body: 'id,username,email\nC-1,ada,ada@example.com\n' })).status).toBe(200);
  expect((await fetch(`${t.engine.url}/api/sessions/settings`, { method: 'PUT', body: '{"timeoutMs":600000}' })).status).toBe(200);
  await t.engine.close();
  return t;
}

const FILES = ['settings.json', 'workspace.json', 'matching-settings.json', 'users.json', 'simulation.json'];

async function rewriteAll(t: TestEngine, encode: (text: string) => Buffer): Promise<void> {
  for (const f of FILES) {
    const path = join(t.dataDir, f);
    // As an editor saves it: the text as it was (simulation.json's trailing padding trimmed).
    await writeFile(path, encode((await readFile(path, 'utf8')).trimEnd() + '\r\n'));
  }
}

async function expectEverythingKept(t: TestEngine): Promise<void> {
  const webhooks = await t.engine.call('webhooks.list', undefined);
  expect(webhooks.find((w) => w.name === 'pf')).toMatchObject({ hasSecret: true, rejectInvalid: true });
  // The secret is the one saved: an unsigned request is refused, as the webhook says.
  expect((await fetch(`${t.engine.url}/webhook/pf`, { method: 'POST', body: '{"type":"track","event":"E","userId":"u"}' })).status).toBe(401);
  const ws = (await (await fetch(`${t.engine.url}/api/workspace`)).json()) as { workspace: { sources: { id: string }[] } };
  expect(ws.workspace.sources.map((s) => s.id)).toEqual(['pf-src']);
  expect(await (await fetch(`${t.engine.url}/api/matching/settings`)).json()).toMatchObject({ conflict: 'userId-wins' });
  expect(((await (await fetch(`${t.engine.url}/api/users`)).json()) as { id: string; email?: string }[]).find((u) => u.id === 'C-1')).toMatchObject({ email: 'ada@example.com' });
  expect(await (await fetch(`${t.engine.url}/api/sessions/settings`)).json()).toEqual({ timeoutMs: 600000 });
}

describe('data dir files saved by a Windows editor', { timeout: 60_000 }, () => {
  it('reads every file that starts with a UTF-8 byte-order mark (Notepad, PowerShell 5.1 Set-Content -Encoding UTF8) as written, without a warning', async () => {
    const t = await engineWithSettings();
    await rewriteAll(t, utf8Bom);
    await t.restart();
    expect((await health(t)).storeWarnings).toEqual([]);
    await expectEverythingKept(t);
    expect((await readdir(t.dataDir)).filter((f) => f.includes('.damaged'))).toEqual([]);
  });

  it('reads every file saved as UTF-16 with its byte-order mark (Notepad "Unicode", PowerShell 5.1 Out-File)', async () => {
    const t = await engineWithSettings();
    await rewriteAll(t, utf16leBom);
    await t.restart();
    expect((await health(t)).storeWarnings).toEqual([]);
    await expectEverythingKept(t);
  });

  it('names a UTF-32 file by its encoding and keeps it as it was', async () => {
    const t = await engineWithSettings();
    const path = join(t.dataDir, 'settings.json');
    const bytes = utf32le(await readFile(path, 'utf8'));
    await writeFile(path, bytes);
    await t.restart();
    expect((await health(t)).storeWarnings).toContainEqual(expect.stringMatching(/^settings\.json: .*UTF-32 \(little-endian, with a byte-order mark\).*save it as UTF-8.*kept as settings\.json\.damaged/));
    expect(Buffer.compare(await readFile(join(t.dataDir, 'settings.json.damaged')), bytes)).toBe(0);
  });
});

describe('users.json of another shape', { timeout: 60_000 }, () => {
  it('is named by what it holds and kept as users.json.damaged, so the next save does not lose it', async () => {
    const t = await engineWithSettings();
    // A hand edit that wraps the list: {"users": [...]}.
    const path = join(t.dataDir, 'users.json');
    const wrapped = `{"users":${(await readFile(path, 'utf8')).trim()}}\n`;
    await writeFile(path, wrapped);
    await t.restart();
    expect((await health(t)).storeWarnings).toContainEqual(
      'users.json: must be a JSON array of users, not an object (with the key "users"); starting with an empty directory until it is saved again (the file as it was is kept as users.json.damaged)',
    );
    // The next save of the starting directory writes users.json anew; the hand edit is still there.
    expect((await fetch(`${t.engine.url}/api/users/import`, { method: 'POST', body: 'id,username\nC-2,bob\n' })).status).toBe(200);
    expect(await readFile(join(t.dataDir, 'users.json.damaged'), 'utf8')).toBe(wrapped);
  });
});

describe('matching-settings.json with one setting wrong', { timeout: 60_000 }, () => {
  it('keeps each setting written right, names each one that is not, and keeps the file', async () => {
    const t = await engineWithSettings();
    const path = join(t.dataDir, 'matching-settings.json');
    // A hand edit: the conflict and scope chosen, the email comparison misspelt, a setting that does not exist.
    const edited = '{"conflict":"userId-wins","scope":"webhook-and-tracking","emailComparison":"EXACT","emailCase":"ignore"}\n';
    await writeFile(path, edited);
    await t.restart();
    expect(await (await fetch(`${t.engine.url}/api/matching/settings`)).json()).toEqual({ emailComparison: 'ignore-case-and-space', noIdentity: 'unmatched', conflict: 'userId-wins', scope: 'webhook-and-tracking' });
    const warnings = (await health(t)).storeWarnings;
    expect(warnings).toContainEqual('matching-settings.json: invalid value "EXACT" for matching setting "emailComparison"; use "ignore-case-and-space" or "exact"; it is "ignore-case-and-space" (the default) until the settings are saved again (the file as it was is kept as matching-settings.json.damaged)');
    expect(warnings).toContainEqual(expect.stringMatching(/^matching-settings\.json: unknown matching setting "emailCase"; the settings are .*; left out \(the file as it was is kept as matching-settings\.json\.damaged\)$/));
    expect(JSON.parse(await readFile(join(t.dataDir, 'matching-settings.json.damaged'), 'utf8'))).toEqual(JSON.parse(edited));
  });
});

// A data dir file that is not a file: a FIFO (mkfifo), a link to a device (`ln -s /dev/null
// captures.ndjson` to keep nothing, `/dev/zero`). Reading a FIFO waits for a writer that never
// comes, and a device never ends: the start hung without a word (settings.json, users.json,
// simulation.json, workspace.json, eventbench.lock), drafts.list never answered, and a log linked to
// /dev/null answered 200 to captures it kept nowhere.
describe('a data dir file that is not a file', { timeout: 30_000 }, () => {
  const fifos: string[] = [];
  afterEach(async () => {
    // A read still waiting on a FIFO (before the fix) ends once a writer has come and gone.
    for (const f of fifos.splice(0)) {
      try {
        closeSync(openSync(f, constants.O_WRONLY | constants.O_NONBLOCK));
      } catch {
        // No reader waits.
      }
    }
  });
  const fifo = (path: string) => {
    execFileSync('mkfifo', [path]);
    fifos.push(path);
  };

  it.each(['settings.json', 'users.json', 'simulation.json', 'workspace.json', 'matching-settings.json'])('%s as a FIFO or a link to /dev/zero: named in the warnings, the engine starts and takes captures', async (file) => {
    for (const make of [fifo, (path: string) => symlinkSync('/dev/zero', path)]) {
      const dataDir = await makeDataDir();
      make(join(dataDir, file));
      const t = await startTestEngine({ dataDir });
      cleanup.push(() => t.dispose());
      expect((await health(t)).storeWarnings).toContainEqual(expect.stringMatching(new RegExp(`^${file.replace('.', '\\.')}: cannot read it \\(it is (a FIFO|a device), not a file: move it away\\); `)));
      expect((await fetch(`${t.engine.url}/v1/track`, { method: 'POST', body: '{"type":"track","event":"E","userId":"u"}' })).status).toBe(200);
      await t.engine.close();
    }
  });

  it('drafts.json as a FIFO: drafts.list says so instead of never answering', async () => {
    const dataDir = await makeDataDir();
    fifo(join(dataDir, 'drafts.json'));
    const t = await startTestEngine({ dataDir });
    cleanup.push(() => t.dispose());
    await expect(t.engine.call('drafts.list', undefined)).rejects.toThrow(`${join(dataDir, 'drafts.json')} could not be read: it is a FIFO, not a file: move it away`);
  });

  // Read synchronously at start: a FIFO there stopped the whole engine, not only a file thread.
  it('secrets.json as a FIFO: no write key loaded, saying why', async () => {
    const dataDir = await makeDataDir();
    cleanup.push(() => rm(dataDir, { recursive: true, force: true }));
    fifo(join(dataDir, 'secrets.json'));
    expect(createFileSecretStore(dataDir, {}).status()).toMatchObject({ hasWriteKey: false, warning: `${join(dataDir, 'secrets.json')} could not be read (it is a FIFO, not a file: move it away); no write key loaded` });
  });

  it('eventbench.lock as a FIFO: taken over, as an unreadable lock is', async () => {
    const dataDir = await makeDataDir();
    fifo(join(dataDir, 'eventbench.lock'));
    const t = await startTestEngine({ dataDir });
    cleanup.push(() => t.dispose());
    expect(JSON.parse(await readFile(join(dataDir, 'eventbench.lock'), 'utf8'))).toMatchObject({ pid: process.pid });
  });

  it.each([
    ['a FIFO', fifo],
    ['a device', (path: string) => symlinkSync('/dev/null', path)],
  ])('captures.ndjson as %s: the engine does not start, saying so', async (kind, make) => {
    const dataDir = await makeDataDir();
    cleanup.push(() => rm(dataDir, { recursive: true, force: true }));
    make(join(dataDir, 'captures.ndjson'));
    await expect(startTestEngine({ dataDir })).rejects.toThrow(`captures.ndjson is ${kind}, not a file: move it away`);
  });
});

// A hand edit that breaks the JSON: the warning said what JSON.parse said, a position in a
// pretty-printed file ("Expected double-quoted property name in JSON at position 172"), which
// the user had to count to. It names the line and column as the receiver's 400 does.
describe('a data dir file edited into JSON that does not parse', { timeout: 60_000 }, () => {
  it('is named with the line and column of the fault and the text around it', async () => {
    const t = await engineWithSettings();
    const path = join(t.dataDir, 'workspace.json');
    const lines = (await readFile(path, 'utf8')).trimEnd().split('\n');
    // A trailing comma after the last key of the source, as a hand edit leaves one.
    const at = lines.findIndex((l) => l.includes('"localKeyFingerprint"'));
    expect(at).toBeGreaterThan(2);
    lines[at] += ',';
    await writeFile(path, lines.join('\n') + '\n');
    await t.restart();
    expect((await health(t)).storeWarnings).toContainEqual(
      expect.stringMatching(new RegExp(`^workspace\\.json: not valid JSON \\(at line ${at + 1}, column ${lines[at].length}: trailing comma before '\\}', near .+\\); checking against every partner until it is saved again`)),
    );
  });

  it('settings.json, read on its own path, says the same', async () => {
    const t = await engineWithSettings();
    await writeFile(join(t.dataDir, 'settings.json'), '{\n  "webhooks": [\n    { "name": "pf", \u201csecret\u201d: "x" }\n  ]\n}\n');
    await t.restart();
    expect((await health(t)).storeWarnings).toContainEqual(
      expect.stringMatching(/^settings\.json: not valid JSON \(at line 3, column 21: expected a double-quoted property name, found "\u201c" \(a typographic double quote: .*\), near .*\); using defaults until settings are saved/),
    );
  });
});
