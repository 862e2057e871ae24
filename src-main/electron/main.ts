// The desktop shell: one window over the same engine the CLI runs. Everything Electron-specific
// lives in this folder; the engine never imports electron.
import { app, BrowserWindow, ipcMain, safeStorage, session, shell, type IpcMainInvokeEvent } from 'electron';
import { dirname, join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { commandErrorOf, IPC_COMMAND_CHANNEL, IPC_EVENT_CHANNEL, isCommandName, unknownCommandError } from '../../src-shared/api';
import { commandArgFault } from '../../src-shared/command-args';
import { createEngine, EngineStartError, type Engine } from '../engine';
import { builtIngestWorker } from '../ingest/ingest-runner';
import { createSafeStorageSecretStore } from '../sender/secrets';
import { desktopPortsFromEnv } from './ports-from-env';

const here = dirname(fileURLToPath(import.meta.url));
const rendererIndex = join(here, '../renderer/index.html');
const preloadPath = join(here, '../preload/preload.cjs');
const rendererUrl = pathToFileURL(rendererIndex).href;

const CSP =
  "default-src 'self'; script-src 'self'; style-src 'self' 'unsafe-inline'; img-src 'self' data:; connect-src 'self'";

let engine: Engine | undefined;
let mainWindow: BrowserWindow | undefined;

/** Only our own renderer page may call the engine. */
function isTrustedSender(event: IpcMainInvokeEvent): boolean {
  const url = event.senderFrame?.url ?? '';
  return event.sender === mainWindow?.webContents && url.split('#')[0] === rendererUrl;
}

function registerIpc(): void {
  ipcMain.handle(IPC_COMMAND_CHANNEL, async (event, name: unknown, arg: unknown) => {
    if (!isTrustedSender(event)) return { ok: false, error: { message: 'Rejected: unknown sender' } };
    // Answered as the WebSocket answers: an error carries its message and where (the field at fault).
    if (!isCommandName(name)) return { ok: false, error: unknownCommandError(name) };
    const wrongShape = commandArgFault(name, arg);
    if (wrongShape) return { ok: false, error: wrongShape };
    try {
      // The contract is checked at compile time on both sides; arg shape is validated by the engine.
      const result = await engine!.call(name, arg as never);
      return { ok: true, result };
    } catch (e) {
      return { ok: false, error: commandErrorOf(e) };
    }
  });
}

function createWindow(): void {
  mainWindow = new BrowserWindow({
    width: 1400,
    height: 900,
    minWidth: 960,
    minHeight: 600,
    title: 'Eventbench',
    backgroundColor: '#f6f7f9',
    webPreferences: {
      preload: preloadPath,
      contextIsolation: true,
      sandbox: true,
      nodeIntegration: false,
      webSecurity: true,
    },
  });
  const contents = mainWindow.webContents;
  // New windows and navigation are denied; http(s) links open in the user's browser instead.
  contents.setWindowOpenHandler(({ url }) => {
    if (/^https?:\/\//.test(url)) void shell.openExternal(url);
    return { action: 'deny' };
  });
  contents.on('will-navigate', (event, url) => {
    if (url !== rendererUrl) event.preventDefault();
  });
  const unsubscribe = engine!.subscribe((ev) => {
    if (!contents.isDestroyed()) contents.send(IPC_EVENT_CHANNEL, ev);
  });
  mainWindow.on('closed', () => {
    unsubscribe();
    mainWindow = undefined;
  });
  void mainWindow.loadFile(rendererIndex);
}

async function start(): Promise<void> {
  // Refused before anything opens, in serve's words (`EVENTBENCH_PORT=abc` was taken as NaN).
  // The HTTPS receiver for TLS-only clients (mobile libraries): 8443 unless EVENTBENCH_HTTPS_PORT says (off: none).
  const ports = desktopPortsFromEnv(process.env);
  if (ports.problem !== undefined) {
    console.error(`eventbench: ${ports.problem}`);
    app.exit(2);
    return;
  }
  const { port: preferredPort, httpsPort } = ports;
  const dataDir = process.env.EVENTBENCH_DATA_DIR || app.getPath('userData');
  const host = process.env.EVENTBENCH_HOST || '127.0.0.1';
  const secretStore = createSafeStorageSecretStore(dataDir, safeStorage);
  // Bound beyond loopback (EVENTBENCH_HOST=0.0.0.0), /api and /ws need a token: EVENTBENCH_TOKEN, else the engine makes one.
  const accessToken = process.env.EVENTBENCH_TOKEN || undefined;
  const options = { dataDir, host, shell: 'electron' as const, secretStore, version: app.getVersion(), ingestWorker: builtIngestWorker(import.meta.url), httpsPort, accessToken };
  try {
    engine = await createEngine({ ...options, port: preferredPort });
  } catch (e) {
    // The receiver's usual port is taken (another Eventbench?): take a free one; the UI shows which.
    if (!(e instanceof EngineStartError && e.code === 'port-in-use') || preferredPort === 0) throw e;
    engine = await createEngine({ ...options, port: 0 });
  }
  console.log(`Eventbench receiver on ${engine.url}  (data: ${dataDir})`);
  if (engine.accessToken !== undefined) {
    console.log(`Eventbench: bound to ${host}, so /api and /ws need the access token: Authorization: Bearer ${engine.accessToken} (or ${engine.url}/?token=${encodeURIComponent(engine.accessToken)}); /v1 and /webhook stay open`);
  }
  session.defaultSession.webRequest.onHeadersReceived((details, callback) => {
    callback({ responseHeaders: { ...details.responseHeaders, 'Content-Security-Policy': [CSP] } });
  });
  registerIpc();
  createWindow();
}

app.on('web-contents-created', (_e, contents) => {
  contents.on('will-attach-webview', (event) => event.preventDefault());
});
app.on('window-all-closed', () => app.quit());
app.on('will-quit', (event) => {
  if (!engine) return;
  event.preventDefault();
  const closing = engine;
  engine = undefined;
  void closing.close().finally(() => app.exit(0));
});
app.whenReady().then(start).catch((e: unknown) => {
  console.error(`eventbench: ${(e as Error).message}`);
  app.exit(1);
});
