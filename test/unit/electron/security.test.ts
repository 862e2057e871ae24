// Electron's security checklist, asserted on the desktop shell's real code without Electron's
// binary: `electron` is replaced by a recorder, src-main/electron/main.ts runs against it (with a
// real engine), and the test reads the BrowserWindow's options, the CSP it installs, the
// navigation/new-window/webview handlers, the IPC sender check, and the preload's exposed surface.
import { mkdtempSync, rmSync } from 'node:fs';
import { createServer, type Server } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { IPC_COMMAND_CHANNEL, IPC_EVENT_CHANNEL, type EngineApi } from '../../../src-shared/api';
import { electronApi } from '../../../src-renderer/src/state/transport';
import { EngineCommandError } from '../../../src-renderer/src/state/ws-client';

type Handler = (...args: any[]) => any;

const rec = vi.hoisted(() => {
  class Emitter {
    handlers = new Map<string, ((...a: any[]) => any)[]>();
    on(name: string, h: (...a: any[]) => any) {
      this.handlers.set(name, [...(this.handlers.get(name) ?? []), h]);
      return this;
    }
    emit(name: string, ...args: any[]) {
      for (const h of this.handlers.get(name) ?? []) h(...args);
    }
  }
  const state = {
    windows: [] as { options: any; webContents: any; loaded: { file?: string; url?: string } }[],
    ipcHandlers: new Map<string, (...a: any[]) => any>(),
    exposed: [] as { key: string; api: any }[],
    invoked: [] as unknown[][],
    /** What the preload's ipcRenderer.invoke answers (the main process's reply). */
    reply: { ok: true, result: 'pong' } as unknown,
    opened: [] as string[],
    headersHook: undefined as undefined | ((details: any, cb: (r: any) => void) => void),
    app: undefined as any,
    /** Resolved with the exit code when the app calls app.exit (after will-quit closed the engine). */
    onExit: (_code: number) => undefined as void,
    Emitter,
  };
  return state;
});

vi.mock('electron', () => {
  const { Emitter } = rec;
  const app = Object.assign(new Emitter(), {
    whenReady: () => Promise.resolve(),
    getPath: () => process.env.EVENTBENCH_DATA_DIR ?? '',
    getVersion: () => '0.0.0-test',
    quit: () => undefined,
    exit: (code: number) => rec.onExit(code),
  });
  rec.app = app;
  class BrowserWindow extends Emitter {
    webContents: any;
    constructor(options: any) {
      super();
      const webContents = Object.assign(new Emitter(), {
        openHandler: undefined as undefined | ((d: { url: string }) => { action: string }),
        setWindowOpenHandler(h: (d: { url: string }) => { action: string }) {
          webContents.openHandler = h;
        },
        isDestroyed: () => false,
        sent: [] as unknown[],
        send: (...a: unknown[]) => webContents.sent.push(a),
      });
      this.webContents = webContents;
      rec.windows.push({ options, webContents, loaded: {} });
    }
    loadFile(file: string) {
      rec.windows.at(-1)!.loaded.file = file;
      return Promise.resolve();
    }
    loadURL(url: string) {
      rec.windows.at(-1)!.loaded.url = url;
      return Promise.resolve();
    }
  }
  return {
    app,
    BrowserWindow,
    ipcMain: { handle: (channel: string, h: Handler) => rec.ipcHandlers.set(channel, h) },
    safeStorage: { isEncryptionAvailable: () => false, encryptString: (s: string) => Buffer.from(s), decryptString: (b: Buffer) => b.toString() },
    session: { defaultSession: { webRequest: { onHeadersReceived: (h: any) => (rec.headersHook = h) } } },
    shell: { openExternal: (url: string) => (rec.opened.push(url), Promise.resolve()) },
    contextBridge: { exposeInMainWorld: (key: string, api: unknown) => rec.exposed.push({ key, api }) },
    ipcRenderer: {
      invoke: (...args: unknown[]) => (rec.invoked.push(args), Promise.resolve(rec.reply)),
      on: () => undefined,
      removeListener: () => undefined,
    },
  };
});

const dataDir = mkdtempSync(join(tmpdir(), 'eventbench-electron-security-'));
let win: (typeof rec.windows)[number];

// The receiver's usual port held by another program (another Eventbench, say): the app must
// start on a free one instead (it once waited for an error code the engine never throws).
let portHolder: Server;
let takenPort: number;
const logged: string[] = [];

beforeAll(async () => {
  portHolder = createServer();
  takenPort = await new Promise<number>((resolve) => portHolder.listen(0, '127.0.0.1', () => resolve((portHolder.address() as { port: number }).port)));
  process.env.EVENTBENCH_DATA_DIR = dataDir;
  process.env.EVENTBENCH_PORT = String(takenPort);
  process.env.EVENTBENCH_HTTPS_PORT = 'off';
  vi.spyOn(console, 'log').mockImplementation((...args: unknown[]) => void logged.push(args.join(' ')));
  await import('../../../src-main/electron/main');
  await vi.waitFor(() => expect(rec.windows).toHaveLength(1), { timeout: 10_000 });
  win = rec.windows[0];
});

afterAll(async () => {
  // Quitting closes the engine (will-quit), as the real app does.
  const exited = new Promise<number>((resolve) => (rec.onExit = resolve));
  rec.app?.emit('will-quit', { preventDefault: () => undefined });
  // app.exit comes once the engine has closed: its files are released before the folder goes.
  expect(await exited).toBe(0);
  delete process.env.EVENTBENCH_DATA_DIR;
  delete process.env.EVENTBENCH_PORT;
  delete process.env.EVENTBENCH_HTTPS_PORT;
  await new Promise((resolve) => portHolder.close(resolve));
  rmSync(dataDir, { recursive: true, force: true });
});

describe('start-up', () => {
  it('with the receiver port taken by another program, starts on a free port and says which', () => {
    const line = logged.find((l) => l.startsWith('Eventbench receiver on '));
    const port = Number(/^Eventbench receiver on http:\/\/127\.0\.0\.1:(\d+) /.exec(line ?? '')?.[1]);
    expect(port).toBeGreaterThan(0);
    expect(port).not.toBe(takenPort);
  });
});

describe('Electron security checklist: the window', () => {
  it('isolates the context, sandboxes the renderer, keeps Node out and web security on', () => {
    const prefs = win.options.webPreferences;
    expect(prefs).toMatchObject({ contextIsolation: true, sandbox: true, nodeIntegration: false, webSecurity: true });
    for (const risky of ['nodeIntegrationInWorker', 'nodeIntegrationInSubFrames', 'allowRunningInsecureContent', 'experimentalFeatures', 'enableBlinkFeatures', 'webviewTag']) {
      expect(prefs[risky], risky).toBeFalsy();
    }
    expect(prefs.preload).toMatch(/preload[\\/]preload\.cjs$/);
  });

  it('loads only its own local page, no remote content', () => {
    expect(win.loaded.url).toBeUndefined();
    expect(win.loaded.file).toMatch(/renderer[\\/]index\.html$/);
  });

  it('sets a Content-Security-Policy on every response: scripts from itself only, nothing remote', () => {
    let answer: any;
    rec.headersHook!({ responseHeaders: { 'content-type': ['text/html'] } }, (r) => (answer = r));
    const [csp] = answer.responseHeaders['Content-Security-Policy'] as string[];
    const directives = Object.fromEntries(csp.split(';').map((d) => d.trim().split(/\s+/)).map(([k, ...v]) => [k, v]));
    expect(directives['default-src']).toEqual(["'self'"]);
    expect(directives['script-src']).toEqual(["'self'"]);
    expect(csp).not.toMatch(/unsafe-eval|https?:|\*/);
    expect(answer.responseHeaders['content-type']).toEqual(['text/html']);
  });

  it('denies new windows (http links go to the user\'s browser, other schemes nowhere) and navigation away', () => {
    const open = win.webContents.openHandler!;
    expect(open({ url: 'https://segment.com/docs' })).toEqual({ action: 'deny' });
    expect(open({ url: 'file:///etc/passwd' })).toEqual({ action: 'deny' });
    expect(open({ url: 'javascript:alert(1)' })).toEqual({ action: 'deny' });
    expect(rec.opened).toEqual(['https://segment.com/docs']);

    const navigate = (url: string) => {
      let prevented = false;
      win.webContents.emit('will-navigate', { preventDefault: () => (prevented = true) }, url);
      return prevented;
    };
    expect(navigate('https://evil.example/')).toBe(true);
    expect(navigate('file:///tmp/other.html')).toBe(true);
  });

  it('refuses <webview> in any web contents', () => {
    const contents = new rec.Emitter();
    rec.app.emit('web-contents-created', {}, contents);
    let prevented = false;
    contents.emit('will-attach-webview', { preventDefault: () => (prevented = true) });
    expect(prevented).toBe(true);
  });
});

describe('Electron security checklist: IPC', () => {
  const invoke = (event: unknown, name: unknown, arg?: unknown) => rec.ipcHandlers.get(IPC_COMMAND_CHANNEL)!(event, name, arg);

  it('answers only its own window\'s own page; any other sender is rejected', async () => {
    // The page's URL is the one the window loaded (the built renderer, next to the built main).
    const ownPage = { sender: win.webContents, senderFrame: { url: pathToFileURL(win.loaded.file!).href } };
    const ok = await invoke(ownPage, 'engine.info');
    expect(ok).toMatchObject({ ok: true, result: { shell: 'electron' } });
    expect(await invoke({ ...ownPage, senderFrame: { url: `${ownPage.senderFrame.url}#/somewhere` } }, 'engine.info')).toMatchObject({ ok: true });

    const otherWindow = { sender: { other: true }, senderFrame: { url: ownPage.senderFrame.url } };
    const otherPage = { sender: win.webContents, senderFrame: { url: 'https://evil.example/' } };
    const noFrame = { sender: win.webContents, senderFrame: null };
    for (const event of [otherWindow, otherPage, noFrame]) {
      expect(await invoke(event, 'engine.info')).toEqual({ ok: false, error: { message: 'Rejected: unknown sender' } });
    }
    expect(await invoke(ownPage, 'fs.readFile')).toEqual({ ok: false, error: { message: 'unknown command "fs.readFile"', where: 'command' } });
    // Only the command channel is handled; events go one way, main -> renderer.
    expect([...rec.ipcHandlers.keys()]).toEqual([IPC_COMMAND_CHANNEL]);
  });
});

describe('IPC errors carry what the WebSocket\'s carry: the message and where', () => {
  // The main process passed on only the message of an error the engine threw (the WebSocket
  // passes `where` too), and the preload threw only the message: the desktop UI could not tell
  // which field was at fault.
  const invoke = (name: unknown, arg?: unknown) => rec.ipcHandlers.get(IPC_COMMAND_CHANNEL)!({ sender: win.webContents, senderFrame: { url: pathToFileURL(win.loaded.file!).href } }, name, arg);

  it('the main process answers a refused command with its message and where', async () => {
    expect(await invoke('messages.get', { seq: 'x' })).toEqual({ ok: false, error: { message: 'seq must be a message number (a whole number, 1 or more), not "x"', where: 'seq' } });
    expect(await invoke('messages.page', { afterSeq: null })).toEqual({ ok: false, error: { message: 'afterSeq must be a whole number, 0 or more (0: from the start), not null', where: 'afterSeq' } });
    expect(await invoke('matching.outcomes', { seqs: [1, '2'] })).toEqual({ ok: false, error: { message: 'seqs[1] must be a message number (a whole number, 1 or more), not "2"', where: 'seqs[1]' } });
    expect(await invoke('messages.page', { limt: 1 })).toEqual({ ok: false, error: { message: 'messages.page has no field "limt"; it takes afterSeq, beforeSeq, last, limit', where: 'limt' } });
    // A field left undefined is not there (IPC keeps such keys, as JSON does not).
    expect(await invoke('messages.page', { afterSeq: 0, beforeSeq: undefined, limt: undefined })).toMatchObject({ ok: true });
  });

  it('the preload rejects with the message and where, and the renderer\'s transport makes it the WebSocket client\'s EngineCommandError', async () => {
    await import('../../../src-main/electron/preload');
    const bridged = rec.exposed[0].api as EngineApi;
    rec.reply = { ok: false, error: { message: 'seq must be an integer', where: 'seq' } };
    try {
      // A plain object, not an Error: contextBridge keeps only an Error's message.
      await expect(bridged.call('messages.get', { seq: 1 })).rejects.toEqual({ message: 'seq must be an integer', where: 'seq' });
      const failure = await electronApi(bridged).call('messages.get', { seq: 1 }).catch((e: unknown) => e);
      expect(failure).toBeInstanceOf(EngineCommandError);
      expect(failure).toMatchObject({ reason: 'seq must be an integer', where: 'seq', message: 'seq must be an integer (seq)' });
      rec.reply = { ok: false, error: { message: 'Rejected: unknown sender' } };
      expect(await electronApi(bridged).call('engine.info', undefined).catch((e: unknown) => e)).toMatchObject({ reason: 'Rejected: unknown sender', where: undefined, message: 'Rejected: unknown sender' });
    } finally {
      rec.reply = { ok: true, result: 'pong' };
      rec.invoked.length = 0;
    }
    expect(await electronApi(bridged).call('engine.info', undefined)).toBe('pong');
    rec.invoked.length = 0;
  });
});

describe('Electron security checklist: the preload', () => {
  it('exposes exactly the engine contract (call, subscribe) under one name, and no Electron object', async () => {
    await import('../../../src-main/electron/preload');
    expect(rec.exposed.map((e) => e.key)).toEqual(['eventbench']);
    const api = rec.exposed[0].api;
    expect(Object.keys(api).sort()).toEqual(['call', 'subscribe']);
    expect(typeof api.call).toBe('function');
    expect(typeof api.subscribe).toBe('function');
    // call goes through the one command channel, with the name and the argument only.
    expect(await api.call('engine.info', undefined)).toBe('pong');
    expect(rec.invoked).toEqual([[IPC_COMMAND_CHANNEL, 'engine.info', undefined]]);
    const unsubscribe = api.subscribe(() => undefined);
    expect(typeof unsubscribe).toBe('function');
    expect(IPC_EVENT_CHANNEL).not.toBe(IPC_COMMAND_CHANNEL);
  });
});
