// The engine: receiver + capture log + settings + sender, implementing every command of
// src-shared/api.ts and pushing its events. Knows nothing of Electron; the Electron shell, the
// browser-mode server/CLI and the tests all drive this same object.
import type { AddressInfo } from 'node:net';
import { randomBytes } from 'node:crypto';
import { readFile, realpath } from 'node:fs/promises';
import { basename, dirname, isAbsolute, join, resolve as resolvePath } from 'node:path';
import { encodeSeqRuns } from '../src-shared/seq-runs';
import type { Server } from 'node:http';
import {
  ACTIVITY_KEPT,
  isCommandName,
  type ClientActivity,
  type CommandArg,
  type CommandName,
  type CommandResult,
  type Delivery,
  type DraftList,
  type EngineApi,
  type EngineEvent,
  type EngineEvents,
  type EngineInfo,
  type ImportResult,
  type StoreLoadProgress,
  type StoredWebhook,
  type WebhookView,
} from '../src-shared/api';
import { systemClock, type Clock, type TimerHandle } from '../src-shared/clock';
import { encodeSummaries } from '../src-shared/summary-columns';
import { buildCaptures } from './receiver/capture-builder';
import { CA_PATH, createHttpServer, isLoopbackHost, type HttpRoutes } from './receiver/http-server';
import { ensureLocalTls, receiverNames, type LocalTls } from './receiver/tls';
import { WEBHOOK_NAME, webhookNameFault } from './receiver/webhook';
import { secretEdgeSpace } from '../src-shared/signature-hint';
import { createSender } from './sender/sender';
import { createFileSecretStore } from './sender/secrets';
import type { SecretStore } from './sender/types';
import type { CapturedMessage, CaptureOrigin } from '../src-shared/capture';
import { resolveWriteKey } from '../src-shared/tracking-api/parse';
import { protectWriteKey } from './store/write-key';
import { SettingsStore } from './settings/settings-store';
import { WorkspaceError, WorkspaceService } from './settings/workspace-service';
import { Forwarder } from './forward/forwarder';
import { ownEventTime, parseIsoTime } from '../src-shared/tracking-api/time';
import { CaptureStore, type CaptureEntry } from './store/capture-store';
import { createIngestRunner, type IngestWorkerOptions } from './ingest/ingest-runner';
import { CaptureFeed } from './derived/capture-feed';
import { SessionsService } from './derived/sessions-service';
import { listExamples, ScenarioPlayer } from './replay/scenario-player';
import { notRegularFile } from './replay/regular-file';
import { asSent, capturesToScenario, scenarioFileName } from '../src-shared/scenario/from-captures';
import { changesAnything } from '../src-shared/scenario/changes';
import { ScenarioSetAside } from './replay/set-aside';
import { checkSessionQuery, hasSessionFilter, querySessions, sessionDetail, sessionLanes, sessionTotals, type SessionQuery } from '../src-shared/sessions/view';
import { createMatchingHandlers } from './derived/matching-commands';
import { MatchingService } from './derived/matching-service';
import { createDraftStore } from './store/drafts';
import { DataDirInUse, lockDataDir, type DataDirLock } from './store/data-dir-lock';
import { ensureDir } from './store/ensure-dir';
import { JsonFile, onHandEdit, removeStaleTempFiles } from './store/json-file';
import { gunzippedIfGzip, ImportStopped, ImportWriteFailed, parseImportLines, parseImportStream, type ImportLine } from './store/import-ndjson';
import { handleAutomationApi } from './web/automation-api';
import { createStaticHandler } from './web/static';
import { createWsTransport } from './web/ws';
import { textOfFile } from '../src-shared/text-encoding';
import { commandArgFault, listFault, messageNumberFault, missingTextField, optionalFieldFault, requiredFault, shownValue, wholeNumberFault, type FieldKind, type ListEntry } from '../src-shared/command-args';
import { formatCount } from '../src-shared/tracking-api/limits';
import { plural } from '../src-shared/plural';

/** Where a workspace refusal points: its field path ("sources[0].name: …"), else "sources" or the whole workspace (the sentence itself was given as the place). */
function workspaceErrorPlace(error: string): string {
  const path = /^[A-Za-z_][\w.[\]]*(?=: )/.exec(error)?.[0];
  return path ?? (error.startsWith('"sources"') ? 'sources' : 'workspace');
}

/** A scenario file's path from a command: only scenario files, so no command reads any file on the machine. */
const SCENARIO_FILE = /\.scenario\.(ya?ml|json)$/i;

function scenarioPathOf(value: unknown): string {
  const path = typeof value === 'string' ? value.trim() : '';
  if (!SCENARIO_FILE.test(path)) throw new CommandFailure('give the path of a *.scenario.yaml, *.scenario.yml or *.scenario.json file', 'path');
  return path;
}

/**
 * A relative path typed in the Scenarios tab is read from the folder the engine was started in,
 * which the tab does not show: "no scenario file at qa/checkout.scenario.yaml" left the reader to
 * guess where that was. A `~` is not the home folder here (no shell expands it): said too.
 */
function whereRelative(path: string): string {
  if (isAbsolute(path)) return '';
  const home = /^~[\\/]/.test(path) ? '; "~" is not read as your home folder here: give the whole path' : '';
  return ` (looked for ${resolvePath(path)}: a relative path is read from the folder the engine was started in${home})`;
}

/**
 * Where the scenario file given by its path really is: it must exist, and be a scenario file once
 * links are followed. Its folder is where the app lets a scenario read its users file, and any
 * client of the engine names the path: a made-up one made any folder the scenario's, and a link
 * named *.scenario.yaml read any file.
 */
async function scenarioFileAt(value: unknown): Promise<{ path: string; real: string }> {
  const path = scenarioPathOf(value);
  const real = await realpath(resolvePath(path)).catch((e: NodeJS.ErrnoException) => {
    throw new CommandFailure(e.code === 'ENOENT' || e.code === 'ENOTDIR' ? `no scenario file at ${path}${whereRelative(path)}` : `cannot read ${path}: ${e.message}`, 'path');
  });
  if (!SCENARIO_FILE.test(real)) throw new CommandFailure(`${path} is a link to ${real}, which is not a scenario file`, 'path');
  const kind = await notRegularFile(real);
  if (kind !== undefined) throw new CommandFailure(`${path} is not a regular file (${kind}); give a scenario file`, 'path');
  return { path, real };
}

export interface EngineOptions {
  dataDir: string;
  /** 0 picks a free port. */
  port: number;
  /** Default 127.0.0.1, and then ::1 too, on the same port (never beyond this machine). */
  host?: string;
  /**
   * Awaited after each chunk of the start-up load (tests hold the load part-way, to send
   * captures while it runs).
   */
  loadPause?: (loadedBytes: number) => void | Promise<void>;
  /**
   * Awaited once the engine listens, before the rest of the start (deliveries, scenarios' set-aside
   * state, the command handlers): tests send commands in between, as a client reconnecting to an
   * engine restarted on its port can.
   */
  afterListen?: () => void | Promise<void>;
  shell: EngineInfo['shell'];
  clock?: Clock;
  secretStore?: SecretStore;
  /** The built UI (out/renderer), served at / in browser mode. */
  staticDir?: string;
  version?: string;
  /** Where store warnings are printed (default: stderr). */
  log?: (line: string) => void;
  /**
   * Read Tracking API bodies in a worker thread running this script (the built
   * out/main/ingest-worker.js; the CLI and the Electron shell pass it). Default: in this thread.
   */
  ingestWorker?: IngestWorkerOptions;
  /**
   * Required of the UI, /ws and /api/* (not of /v1 and /webhook, which stay open as Segment's
   * are). Bound beyond loopback without one, the engine makes a random one (Engine.accessToken):
   * every shell is then safe, whatever it passed.
   */
  accessToken?: string;
  /** First forwarding retry delay in ms, doubling per retry (tests; default 500). */
  forwardBackoffMs?: number;
  /** Shorter HTTP timeouts (tests). */
  serverTimeouts?: HttpRoutes['timeouts'];
  /**
   * Also listen with HTTPS on this port (0 picks a free one; one in use falls back to a free one),
   * with a certificate from the data dir's own authority (tls/). Undefined: no HTTPS listener.
   */
  httpsPort?: number;
}

export interface Engine extends EngineApi {
  /** Base URL of the receiver, e.g. http://127.0.0.1:8787 */
  readonly url: string;
  /** What the UI, /ws and /api/* require: the one given, or one made because the engine is bound beyond loopback. */
  readonly accessToken?: string;
  info(): EngineInfo;
  /**
   * Settles once the capture log the engine started on is loaded and its warnings told (the
   * receiver listens before: see CaptureStore.openInBackground).
   */
  readonly loaded: Promise<void>;
  close(): Promise<void>;
}

/** A failed command; `where` names the field or line at fault. */
export class CommandFailure extends Error {
  constructor(
    message: string,
    readonly where?: string,
  ) {
    super(message);
  }
}

/**
 * The `name` a delete command's argument must hold ({"name": "…"}), or a CommandFailure that says
 * what was sent instead: without one, the answer was `no webhook named "undefined"`.
 */
function nameToDelete(arg: unknown, command: string, what: string, where: string): string {
  const fault = missingTextField(arg, 'name');
  if (fault === undefined) return (arg as { name: string }).name;
  throw new CommandFailure(`${command} needs the name of the ${what} to delete, as {"name": "…"}; ${fault}`, where);
}

/** Throws the first optional field of the wrong type (optionalFieldFault), naming it and what it got. */
function checkFields(arg: object, fields: Record<string, FieldKind>, wherePrefix = ''): void {
  const fault = optionalFieldFault(arg, fields, wherePrefix);
  if (fault) throw new CommandFailure(fault.message, fault.where);
}

/** Throws a check's refusal (requiredFault, messageNumberFault…), naming the field. */
function check(fault: { message: string; where: string } | undefined): void {
  if (fault) throw new CommandFailure(fault.message, fault.where);
}

const isText = (v: unknown): v is string => typeof v === 'string';

/** Throws listFault's refusal: the list field missing, too long, or its first entry of the wrong kind, by index. */
function checkList(arg: object | void | null, field: string, entry: ListEntry, max?: number): void {
  const fault = listFault(arg, field, entry, max);
  if (fault) throw new CommandFailure(fault.message, fault.where);
}

/** A sessions command's query, checked field by field (checkSessionQuery), or a CommandFailure naming the field. */
function sessionQuery(arg: unknown, also: readonly string[] = []): SessionQuery {
  const q = checkSessionQuery(arg, also);
  if ('error' in q) throw new CommandFailure(q.error, q.where);
  return q;
}

/** Start-up failures the CLI turns into one line on stderr. */
export class EngineStartError extends Error {
  constructor(
    message: string,
    readonly code: 'port-in-use' | 'data-dir' | 'data-dir-in-use' | 'listen',
  ) {
    super(message);
  }
}

const EVENT_FLUSH_MS = 50;
/** Replays keep the captured spacing, but never wait more than this between two messages. */
const REPLAY_MAX_GAP_MS = 60_000;
/** Rows one replay or saved scenario may take. */
const MAX_SELECTED = 5000;
const IMPORT_CHUNK = 1000;
/** Bad lines reported one by one; the rest are counted (errorCount). */
const MAX_IMPORT_ERRORS = 100;
const MATCHING_PUSH_MS = 100;
const DELIVERIES_SAVE_MS = 500;
/** The start-up load's progress is pushed at most this often. */
const LOAD_PUSH_MS = 100;

type Handlers = { [K in CommandName]: (arg: CommandArg<K>) => Promise<CommandResult<K>> | CommandResult<K> };

function urlHost(host: string): string {
  if (host === '0.0.0.0') return '127.0.0.1';
  if (host === '::') return '[::1]';
  return host.includes(':') ? `[${host}]` : host;
}

/** Listens; rejects with the socket's own error (its code: EADDRINUSE, EADDRNOTAVAIL…). */
function listenOn(server: Server, port: number, host: string): Promise<number> {
  return new Promise((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, host, () => {
      server.off('error', reject);
      resolve((server.address() as AddressInfo).port);
    });
  });
}

function listen(server: Server, port: number, host: string): Promise<number> {
  return listenOn(server, port, host).catch((e: NodeJS.ErrnoException) => {
    if (e.code === 'EADDRINUSE') throw new EngineStartError(`port ${port} on ${host} is already in use`, 'port-in-use');
    // The system's words ("getaddrinfo ENOTFOUND x", "EADDRNOTAVAIL … 1.2.0.3" for --host 1.2.3) said neither what is wrong with the host nor what to give.
    const shown = host.includes(':') ? `[${host}]:${port}` : `${host}:${port}`;
    const give = 'give --host an address of this machine (127.0.0.1, 0.0.0.0 for every interface, ::1, or one of its LAN addresses) or a name that resolves to one';
    if (e.code === 'ENOTFOUND' || e.code === 'EAI_AGAIN') throw new EngineStartError(`cannot listen on ${shown}: the host name ${JSON.stringify(host)} does not resolve (${e.code}); ${give}`, 'listen');
    if (e.code === 'EADDRNOTAVAIL') {
      const address = (e as { address?: string }).address;
      const read = address !== undefined && address !== host ? `${host} (read as ${address})` : host;
      throw new EngineStartError(`cannot listen on ${shown}: ${read} is not an address of this machine (EADDRNOTAVAIL); ${give}`, 'listen');
    }
    throw new EngineStartError(`cannot listen on ${shown}: ${e.message}`, 'listen');
  });
}

/**
 * The default host. On it the receiver also listens on ::1 (same port, same handlers): a client
 * given http://[::1]:port, or a tool that resolves localhost to ::1 only, is not refused. Never on
 * '::' or 0.0.0.0, which would reach beyond this machine.
 */
const DEFAULT_HOST = '127.0.0.1';
/** A machine without IPv6 (a kernel or container without it): ::1 is quietly left out. */
const NO_IPV6 = new Set(['EADDRNOTAVAIL', 'EAFNOSUPPORT', 'EPROTONOSUPPORT']);

/**
 * Starts the engine on its data dir, which it holds alone until closed (a second engine on the
 * same dir is refused: EngineStartError 'data-dir-in-use', naming the first; see data-dir-lock.ts).
 */
export async function createEngine(options: EngineOptions): Promise<Engine> {
  let lock: DataDirLock;
  try {
    await ensureDir(options.dataDir);
    lock = lockDataDir(options.dataDir);
    // Held alone now: a save's temp file here was left by an engine killed mid-write.
    removeStaleTempFiles(options.dataDir);
  } catch (e) {
    if (e instanceof DataDirInUse) throw new EngineStartError(e.message, 'data-dir-in-use');
    throw new EngineStartError(`data dir ${options.dataDir} is not usable: ${(e as Error).message}`, 'data-dir');
  }
  let engine: Engine;
  try {
    engine = await startEngine(options);
  } catch (e) {
    lock.release();
    throw e;
  }
  lock.setUrl(engine.url);
  const close = engine.close;
  return { ...engine, close: () => close().finally(() => lock.release()) };
}

async function startEngine(options: EngineOptions): Promise<Engine> {
  const clock = options.clock ?? systemClock;
  const host = options.host ?? DEFAULT_HOST;
  const accessToken = options.accessToken ?? (isLoopbackHost(host) ? undefined : randomBytes(18).toString('base64url'));
  const log = options.log ?? ((line: string) => process.stderr.write(line + '\n'));
  const { dataDir } = options;

  let store: CaptureStore;
  // The log loads in the background: the receiver listens at once, whatever the log's size.
  let onLoadProgress: (p: StoreLoadProgress) => void = () => {};
  try {
    store = await CaptureStore.openInBackground(dataDir, (p) => {
      onLoadProgress(p);
      return options.loadPause?.(p.loadedBytes);
    });
  } catch (e) {
    throw new EngineStartError(`data dir ${dataDir} is not usable: ${(e as Error).message}`, 'data-dir');
  }
  const storeWarnings = [...store.warnings];
  const warningsBeforeLoad = store.warnings.length; // the rest are told once the load is done
  const loadsInBackground = store.loadProgress !== undefined;
  const settings = await SettingsStore.open(dataDir, (w) => storeWarnings.push(w));
  // A webhook's secret before its last change, so a request still signed with it (Segment's
  // destination not yet given the new one) is said as such. In memory only: never written to disk
  // (settings.json keeps only when it changed, secretChangedAt, for the Inspector's hint).
  const replacedSecrets = new Map<string, { secret: string; replacedAt: string }>();
  const matching = await MatchingService.open(dataDir, (w) => storeWarnings.push(w));
  const workspace = await WorkspaceService.open(dataDir, () => store.index, (w) => storeWarnings.push(w));
  for (const w of storeWarnings) log(`eventbench: ${w}`);

  const secrets = options.secretStore ?? createFileSecretStore(dataDir);
  const drafts = createDraftStore(dataDir);
  const draftsChanged = (list: DraftList): DraftList => {
    emit('drafts.changed', list);
    return list;
  };

  // ---- events, with new captures batched ----
  const listeners = new Set<(event: EngineEvent) => void>();
  const emit = <K extends keyof EngineEvents>(name: K, payload: EngineEvents[K]) => {
    const event = { name, payload } as EngineEvent;
    for (const l of listeners) {
      try {
        l(event);
      } catch (e) {
        log(`eventbench: an event listener failed: ${(e as Error).message}`);
      }
    }
  };
  // New rows are announced from the index: everything after the last seq announced. Summaries
  // are built only then, and only when someone listens.
  let announcedSeq = store.index.lastSeq;
  let flushTimer: TimerHandle | undefined;
  let lastFlushAt = -Infinity;
  const flushAdded = () => {
    flushTimer = undefined;
    if (store.loadProgress) return; // captures taken while loading are listed once it is done
    const from = store.index.firstAfterSeq(announcedSeq);
    if (from >= store.index.size) return;
    lastFlushAt = clock.now();
    announcedSeq = store.index.lastSeq;
    if (listeners.size > 0) emit('messages.added', store.index.summariesIn(from));
  };
  // A full disk (or any failing write) is shown until a write succeeds again.
  store.onWriteStatus((failure) => {
    log(failure ? `eventbench: captures cannot be written (${failure.message}); requests are answered 500 until a write succeeds` : 'eventbench: captures are written again');
    emit('store.writeStatus', { failure: failure ? { ...failure } : null });
  });
  // A data dir file edited by hand while the engine runs is kept aside before a save overwrites it
  // (json-file.ts HandEditGuard): said as the files' other problems are, in the UI and /api/health.
  const stopHandEdits = onHandEdit(dirname(join(dataDir, 'settings.json')), (message) => {
    storeWarnings.push(message);
    log(`eventbench: ${message}`);
    emit('store.warning', { message });
  });
  // Derived views (matching, sessions) read every capture once, in seq order, after it lands.
  const feed = new CaptureFeed(store, clock, (message) => {
    log(`eventbench: ${message}`);
    emit('store.warning', { message });
  });
  // The one simulation clock: receipts and sends are stamped with its time; sessions time out on it.
  const sessions = await SessionsService.open(dataDir, {
    realClock: clock,
    onClockChanged: (view) => emit('clock.changed', view),
    onSessionsChanged: (size) => emit('sessions.changed', size),
    onTimedOut: (session) => emit('sessions.timedOut', session),
    warn: (message) => {
      storeWarnings.push(message);
      log(`eventbench: ${message}`);
    },
  });
  feed.subscribe(sessions);
  feed.subscribe(matching);
  // A catch-up over a big log (a restart, the first subscriber) takes seconds, and matching and
  // sessions answer once it is done: its progress is pushed (at most every LOAD_PUSH_MS), then null.
  let lastDerivePushAt = -Infinity;
  feed.onProgress((progress) => {
    if (progress !== null && clock.now() - lastDerivePushAt < LOAD_PUSH_MS) return;
    lastDerivePushAt = progress === null ? -Infinity : clock.now();
    emit('derived.progress', { progress });
  });
  // Matching changes are pushed at most every MATCHING_PUSH_MS (a burst of captures is one push).
  let matchingTimer: TimerHandle | undefined;
  matching.onChange(() => {
    matchingTimer ??= clock.setTimeout(() => {
      matchingTimer = undefined;
      emit('matching.changed', matching.status());
    }, MATCHING_PUSH_MS);
  });
  // Forwarding reads the capture log as its queue; its state changes are pushed throttled.
  let forwardTimer: TimerHandle | undefined;
  const forwarder = await Forwarder.open({
    dataDir,
    store,
    workspace: () => workspace.workspace,
    clock,
    warn: (message) => {
      storeWarnings.push(message); // GET /api/health's storeWarnings, as the other files' problems
      log(`eventbench: ${message}`);
      emit('store.warning', { message });
    },
    onChange: () => {
      forwardTimer ??= clock.setTimeout(() => {
        forwardTimer = undefined;
        emit('forward.changed', forwarder.status());
      }, MATCHING_PUSH_MS);
    },
    backoffFirstMs: options.forwardBackoffMs,
  });
  forwarder.notify();
  // Waiters (GET /api/messages/wait) wake on every capture.
  const ingestListeners = new Set<() => void>();
  const onCaptured = () => {
    feed.notify();
    forwarder.notify();
    for (const l of ingestListeners) l();
    // Leading edge: a lone message goes out on the next turn (the row shows at once); under load
    // pushes are spaced EVENT_FLUSH_MS apart, so the UI gets batches, not one update per message.
    if (flushTimer === undefined) flushTimer = clock.setTimeout(flushAdded, Math.max(0, lastFlushAt + EVENT_FLUSH_MS - clock.now()));
  };

  // ---- the start-up load ----
  // Progress is pushed at most every LOAD_PUSH_MS; at the end, what was found wrong in the log is
  // told, and the captures taken meanwhile are announced (the rows loaded are read by paging).
  let lastLoadPushAt = -Infinity;
  onLoadProgress = (p) => {
    if (clock.now() - lastLoadPushAt < LOAD_PUSH_MS) return;
    lastLoadPushAt = clock.now();
    emit('store.loading', { loading: { ...p } });
  };
  // What the log held at start-up: matching and sessions tell their progress through it.
  if (!loadsInBackground) feed.backfill(store.index.size);
  const loaded = !loadsInBackground ? Promise.resolve() : store.loaded.then(() => {
    feed.backfill(store.loadedMessages);
    for (const w of store.warnings.slice(warningsBeforeLoad)) {
      storeWarnings.push(w);
      log(`eventbench: ${w}`);
      emit('store.warning', { message: w });
    }
    announcedSeq = store.loadedMessages > 0 ? store.index.seqAt(store.loadedMessages - 1) : 0;
    emit('store.loading', { loading: null });
    onCaptured();
  });

  // A clock left running at Max (stopped between its jumps, which are not saved) stood still for
  // good after a restart, "Max" in the header: Max goes on once the sessions know every capture.
  const maxResumed = loaded
    .then(async () => {
      if (!sessions.runningAtMax()) return;
      await feed.catchUp();
      sessions.resumeMax();
    })
    .catch((e: Error) => log(`eventbench: the clock could not go on at Max: ${e.message}`));

  // ---- the server ----
  let url = '';
  const webhookView = (w: StoredWebhook): WebhookView => {
    const edges = secretEdgeSpace(w.secret);
    const changedAt = w.secretChangedAt;
    return { name: w.name, hasSecret: !!w.secret, rejectInvalid: w.rejectInvalid, url: `${url}/webhook/${w.name}`, ...(edges ? { secretEdgeSpace: edges } : {}), ...(changedAt ? { secretChangedAt: changedAt } : {}) };
  };
  let tls: LocalTls | undefined;
  let httpsUrl: string | undefined;
  let httpsError: string | undefined;
  const info = (): EngineInfo => ({
    version: options.version ?? '0.0.0-dev',
    receiverUrl: url,
    ...(options.httpsPort !== undefined
      ? { https: { ...(httpsUrl !== undefined ? { receiverUrl: httpsUrl } : {}), ...(httpsError !== undefined ? { error: httpsError } : {}), ...(tls ? { caSha256: tls.caSha256, caPath: CA_PATH, names: tls.names, validUntil: tls.validUntil } : {}) } }
      : {}),
    dataDir,
    shell: options.shell,
    secretBackend: secrets.status().backend,
    messageCount: store.messageCount,
    storeWarnings: [...storeWarnings],
    ingest: ingest.mode,
    ...(store.loadProgress ? { loading: { ...store.loadProgress } } : {}),
    ...(feed.progress ? { deriving: feed.progress } : {}),
    ...(store.writeFailure ? { storeWriteFailure: { ...store.writeFailure } } : {}),
  });

  // Commands can arrive as soon as the server listens (a UI reconnecting to an engine restarted on
  // the same port), before the handlers further down exist: they wait until createEngine is done.
  let markReady!: () => void;
  const ready = new Promise<void>((resolve) => (markReady = resolve));
  const engineApi: EngineApi = {
    call: (name, arg) => call(name, arg),
    subscribe: (listener) => {
      listeners.add(listener);
      // A subscriber (the UI, a test) will want sessions and matching: derive them from now on.
      feed.activate();
      // Load-time warnings predate every subscriber: replay them to each new one.
      if (storeWarnings.length > 0) {
        queueMicrotask(() => {
          if (!listeners.has(listener)) return;
          for (const message of storeWarnings) listener({ name: 'store.warning', payload: { message } });
        });
      }
      return () => listeners.delete(listener);
    },
  };
  const ws = createWsTransport(engineApi);
  const ingest = createIngestRunner(options.ingestWorker, log);
  // What clients did that the Connect tab reports (settings fetched, analytics.js loaded, the
  // certificate refused): in memory, the last ACTIVITY_KEPT, stamped with real time.
  const activity: ClientActivity[] = [];
  const noteActivity = (a: Omit<ClientActivity, 'at'>) => {
    const entry: ClientActivity = { at: new Date(clock.now()).toISOString(), ...a };
    activity.push(entry);
    if (activity.length > ACTIVITY_KEPT) activity.shift();
    emit('connect.activity', entry);
  };
  const routes: HttpRoutes = {
    receiver: {
      store,
      clock: sessions.simulatedNowClock,
      ingest,
      onCaptured,
      webhook: (name) => settings.webhook(name),
      replacedSecret: (name) => replacedSecrets.get(name),
      onStoreError: (message) => {
        log(`eventbench: ${message}`);
        emit('store.warning', { message });
      },
    },
    boundHost: host,
    api: async (req, res, pathname, query) => {
      // Everything but the health check answers from the whole log.
      if (store.loadProgress && pathname !== '/api/health') await store.loaded;
      return handleAutomationApi(req, res, pathname, query, { store, engine: engineApi, info, onIngest: (l) => (ingestListeners.add(l), () => ingestListeners.delete(l)), importLines: (lines) => importLines(lines) });
    },
    static: createStaticHandler(options.staticDir),
    upgradeWs: (req, socket, head) => ws.handleUpgrade(req, socket, head),
    accessToken,
    timeouts: options.serverTimeouts,
    caPem: () => tls?.caPem,
    onActivity: noteActivity,
  };
  const server = createHttpServer(routes);
  let httpsServer: Server | undefined;
  let port: number;
  try {
    port = await listen(server, options.port, host);
  } catch (e) {
    await ingest.close();
    await store.close();
    throw e;
  }
  url = `http://${urlHost(host)}:${port}`;
  /** The ::1 listeners beside the default host's (closed with the engine). */
  const ipv6Loopback: Server[] = [];
  await alsoOnIpv6Loopback(() => createHttpServer(routes), port, url);
  if (options.httpsPort !== undefined) await listenHttps(options.httpsPort);

  /**
   * On the default host, the same routes on ::1 at the same port. Never fatal: a machine without
   * IPv6 is told in the log only; a port ::1 cannot have (another program holds it there) is a
   * store warning, since clients that reach localhost as ::1 are then refused.
   */
  async function alsoOnIpv6Loopback(make: () => Server, onPort: number, receiverUrl: string): Promise<void> {
    if (host !== DEFAULT_HOST) return;
    const twin = make();
    try {
      await listenOn(twin, onPort, '::1');
      ipv6Loopback.push(twin);
    } catch (e) {
      const err = e as NodeJS.ErrnoException;
      const sixUrl = receiverUrl.replace(urlHost(host), '[::1]');
      if (err.code !== undefined && NO_IPV6.has(err.code)) {
        log(`eventbench: ${receiverUrl} is not also served at ${sixUrl}: this machine has no IPv6 (${err.code})`);
        return;
      }
      const why = err.code === 'EADDRINUSE' ? `port ${onPort} on ::1 is in use (by another program)` : `it cannot listen on ::1:${onPort} (${err.message})`;
      const message = `the receiver listens at ${receiverUrl} only: ${why}, so ${sixUrl}, and clients that resolve localhost to ::1, are refused. Give those ${receiverUrl}, or start Eventbench on a port free on both`;
      storeWarnings.push(message);
      log(`eventbench: ${message}`);
      emit('store.warning', { message });
    }
  }

  /**
   * The HTTPS listener: the same routes, for clients that only speak TLS. It never stops the
   * engine: a certificate that cannot be made or a port that cannot be had is told (the log,
   * engine.info) and the plain receiver goes on.
   */
  async function listenHttps(wanted: number): Promise<void> {
    try {
      tls = await ensureLocalTls(dataDir, receiverNames(host));
      for (const note of tls.notes) log(`eventbench: ${note}`);
    } catch (e) {
      httpsError = `no HTTPS receiver: its certificate could not be made in ${join(dataDir, 'tls')} (${(e as Error).message})`;
      log(`eventbench: ${httpsError}`);
      return;
    }
    const secure = createHttpServer(routes, { cert: tls.certPem, key: tls.keyPem });
    try {
      let httpsPort: number;
      try {
        httpsPort = await listen(secure, wanted, host);
      } catch (e) {
        if (!(e instanceof EngineStartError && e.code === 'port-in-use') || wanted === 0) throw e;
        httpsPort = await listen(secure, 0, host);
        log(`eventbench: HTTPS port ${wanted} is in use; the HTTPS receiver took ${httpsPort}`);
      }
      httpsServer = secure;
      httpsUrl = `https://${urlHost(host)}:${httpsPort}`;
      const pair = tls;
      await alsoOnIpv6Loopback(() => createHttpServer(routes, { cert: pair.certPem, key: pair.keyPem }), httpsPort, httpsUrl);
    } catch (e) {
      httpsError = `no HTTPS receiver: ${(e as Error).message}`;
      log(`eventbench: ${httpsError}`);
    }
  }
  // Listening: now the log loads (what was opened before did not wait behind it).
  // Its lines are parsed in the ingest worker while this thread indexes the run before.
  store.startLoading((bytes, endsUnterminated, first) => ingest.parseLogChunk(bytes, endsUnterminated, first));

  await options.afterListen?.();
  // Deliveries survive a restart: kept in deliveries.json, written at most every DELIVERIES_SAVE_MS.
  const deliveriesFile = new JsonFile<Delivery[]>(join(dataDir, 'deliveries.json'), { compact: true, fallback: 'the list of past deliveries starts empty' });
  const restoredDeliveries = await deliveriesFile.read((w) => log(`eventbench: ${w}`));
  let deliveriesTimer: TimerHandle | undefined;
  const saveDeliveries = () => {
    deliveriesTimer = undefined;
    void deliveriesFile.write(sender.deliveries()).catch((e: Error) => log(`eventbench: deliveries.json: ${e.message}`));
  };
  const sender = createSender({
    receiverUrl: () => url,
    secrets,
    clock: sessions.simulatedNowClock,
    restoredDeliveries: Array.isArray(restoredDeliveries) ? restoredDeliveries : [],
    onDelivery: (d) => {
      emit('sender.delivery', d);
      deliveriesTimer ??= clock.setTimeout(saveDeliveries, DELIVERIES_SAVE_MS);
    },
    findCapturedSeq: (messageId) => store.seqOfMessageId(messageId),
    webhookSecret: (name) => settings.webhook(name)?.secret,
  });

  const player = new ScenarioPlayer({ api: engineApi, url: () => url, accessToken }, (p) => emit('scenarios.progress', p));
  // The user's own matching set-up, session timeout and webhooks, set aside while the app plays a scenario that changes them.
  const setAside = await ScenarioSetAside.open(
    dataDir,
    {
      startingUsers: () => matching.startingUsers(),
      setStartingUsers: (users) => matching.setStartingUsers(users),
      matchingSettings: () => matching.status().settings,
      setMatchingSettings: (s) => matching.setSettings(s),
      timeoutMs: () => sessions.sessionSettings().timeoutMs,
      setTimeoutMs: (timeoutMs) => void sessions.saveSettings({ timeoutMs }),
      webhook: (name) => settings.webhook(name),
      setWebhook: async (name, config) => {
        if (config) await settings.saveWebhook(config);
        else await settings.deleteWebhook(name);
        emit('webhooks.changed', settings.webhooks.map(webhookView));
      },
      now: () => new Date(clock.now()),
    },
    (w) => storeWarnings.push(w),
  );

  /** The captures of these seqs, in seq order; a missing one is an error naming it. */
  async function capturesFor(arg: { seqs?: unknown } | undefined): Promise<CapturedMessage[]> {
    checkList(arg, 'seqs', 'a message number', MAX_SELECTED);
    const seqs = arg!.seqs as number[];
    if (seqs.length === 0) throw new CommandFailure(`seqs must be a list of 1 to ${formatCount(MAX_SELECTED)} message numbers, not []`, 'seqs');
    const out: CapturedMessage[] = [];
    for (const seq of [...new Set(seqs as number[])].sort((a, b) => a - b)) {
      const c = await store.get(seq);
      if (!c) throw new CommandFailure(`no captured message #${seq} (cleared?)`, 'seqs');
      out.push(c);
    }
    return out;
  }

  // ---- commands ----
  /** The file's bytes an import carries (as IPC hands them, or base64 over the WebSocket); undefined for a text. */
  function importBytesOf(arg: CommandArg<'messages.import'> | undefined): Buffer | undefined {
    // A text or a number: `'bytes' in arg` threw "Cannot use 'in' operator to search for 'bytes' in x".
    // (In-process calls too: the WebSocket and IPC refuse it before, with the same words.)
    const notObject = commandArgFault('messages.import', arg);
    if (notObject) throw new CommandFailure(notObject.message, notObject.where);
    if (arg && 'bytes' in arg) {
      if (!(arg.bytes instanceof Uint8Array)) throw new CommandFailure('bytes must be a Uint8Array (the file as read; over the WebSocket, send them as base64)', 'bytes');
      return Buffer.from(arg.bytes.buffer, arg.bytes.byteOffset, arg.bytes.byteLength);
    }
    if (arg && 'base64' in arg) {
      // Buffer.from skips what is not base64 without a word: a damaged text would import as other bytes.
      if (typeof arg.base64 !== 'string' || arg.base64.length % 4 !== 0 || !/^[A-Za-z0-9+/]*={0,2}$/.test(arg.base64)) throw new CommandFailure('base64 must be the file\'s bytes in base64 (A–Z, a–z, 0–9, + and /, padded with = to a multiple of 4 characters)', 'base64');
      return Buffer.from(arg.base64, 'base64');
    }
    return undefined;
  }

  async function importNdjson(arg: CommandArg<'messages.import'> | undefined): Promise<ImportResult> {
    const bytes = importBytesOf(arg);
    // One chunk: read as POST /api/import reads a body, encoding and per-line UTF-8 check included.
    if (bytes !== undefined) return importLines(parseImportStream(gunzippedIfGzip([bytes])));
    check(requiredFault(arg, 'ndjson', 'text (the lines of an NDJSON file)', isText));
    return importLines(parseImportLines((arg as { ndjson: string }).ndjson));
  }

  /** Imports parsed lines (a whole text, or a stream of any size), in chunks that yield to the receiver. */
  async function importLines(lines: Iterable<ImportLine> | AsyncIterable<ImportLine>): Promise<ImportResult> {
    const errors: ImportResult['errors'] = [];
    let errorCount = 0;
    let imported = 0;
    let lastLine = 0;
    /** The line of the last message written: the file's lines up to it are in the log. */
    let storedThroughLine = 0;
    let chunk: Exclude<ImportLine, { kind: 'error' }>[] = [];
    // A clear while the import runs empties the log under it: the import stops there (the rest of
    // the file is not stored into the emptied log, as if the user had not cleared), and says so.
    const clearCount = store.clearCount;
    // The file imported before (support imports a customer's export, then again): its messages are
    // then in the log twice and every decision is made twice. Its first chunk's messageIds are looked
    // for among the messages stored before the import (one pass over the index, no map kept).
    const storedBefore = store.index.size;
    let importedBefore: { line: number; messageId: string; seq: number; more: number } | undefined;
    let checkedImportedBefore = false;
    const lookForImportedBefore = async (lines: readonly Exclude<ImportLine, { kind: 'error' }>[]) => {
      const ids = new Map<string, number>();
      for (const item of lines) {
        const id = (item.kind === 'raw' ? item.message : item.capture.message).messageId;
        if (typeof id === 'string' && !ids.has(id)) ids.set(id, item.line);
      }
      let found = 0;
      let first: { line: number; messageId: string; seq: number } | undefined;
      for (let i = 0; i < Math.min(storedBefore, store.index.size) && ids.size > 0; i++) {
        // A turn of the event loop every 64k rows: on a log of millions one pass would hold the receiver.
        if ((i & 0xffff) === 0xffff) await new Promise<void>((r) => setImmediate(r));
        const id = store.index.messageIdAt(i);
        const line = id === undefined ? undefined : ids.get(id);
        if (line === undefined) continue;
        ids.delete(id!);
        found++;
        if (first === undefined || line < first.line) first = { line, messageId: id!, seq: store.index.seqAt(i) };
      }
      if (first) importedBefore = { ...first, more: found - 1 };
    };
    const clearedMeanwhile = () =>
      store.clearCount === clearCount
        ? undefined
        : new ImportStopped(`the capture log was cleared while the import ran (the ${imported} message${imported === 1 ? '' : 's'} it had stored went with it); the rest of the file was not imported`, 0, lastLine);
    const writeChunk = async () => {
      const lines = chunk;
      chunk = [];
      // Before the clear check below: the look yields, and a clear meanwhile must stop this chunk.
      if (!checkedImportedBefore) {
        checkedImportedBefore = true;
        await lookForImportedBefore(lines);
      }
      // Tracking API requests that came before these lines may still be in the ingest worker (one
      // sent just before the import, pipelined on its socket): they are numbered first, as for a
      // webhook, so seqs follow arrival order.
      await ingest.settled();
      const cleared = clearedMeanwhile();
      if (cleared) throw cleared;
      // Seqs and the duplicate-messageId check are given here, in the tick that appends the lines:
      // a capture arriving while the stream is read gets its seq after them and is written after
      // them (file order is seq order, so a restart gives every message the seq it had), and lines
      // of a stream that fails before they are written leave no trace.
      const entries: CaptureEntry[] = [];
      for (const item of lines) {
        if (item.kind === 'raw') {
          // Stamped by the simulation clock, as a capture by the receiver would be.
          // With the line's text, as the receiver keeps a message's text: its digits are the sender's.
          // A write key in the message is taken as a posted message's is: out of it, into the origin masked.
          const key = item.writeKey ? resolveWriteKey(undefined, item.writeKey.value, "the message's writeKey") : undefined;
          const replaced = item.replacedKeyRepeats ? { replacedKeyRepeats: item.replacedKeyRepeats } : {};
          const origin: CaptureOrigin = key
            ? { kind: 'tracking', endpoint: '/api/import', ...protectWriteKey(key.writeKey), writeKeySource: key.writeKeySource, ...(key.writeKeyWarning ? { writeKeyWarning: key.writeKeyWarning } : {}), ...replaced }
            : { kind: 'tracking', endpoint: '/api/import', writeKeySource: 'none', ...replaced };
          entries.push(...buildCaptures(store, [item.message], { receivedAtMs: sessions.now(), origin, headers: {} }, { sent: [item.text], added: [''], starts: [-1] }));
        } else {
          const c = { ...item.capture, seq: store.allocateSeq() };
          // Its place in its request: a request split over two chunks is written with a second request line that goes on counting.
          entries.push({ capture: c, parts: { messageJson: item.messageJson ?? JSON.stringify(c.message), originJson: JSON.stringify(c.origin), headersJson: JSON.stringify(c.headers) }, indexInRequest: item.indexInRequest });
        }
      }
      let stored: number;
      try {
        stored = await store.append(entries, { rebuildDuplicates: true });
      } catch (e) {
        throw new ImportWriteFailed(e as Error, imported, lastLine, storedThroughLine);
      }
      onCaptured();
      imported += entries.length;
      storedThroughLine = lines.at(-1)?.line ?? storedThroughLine;
      if (stored < entries.length) throw clearedMeanwhile() ?? new Error('the capture log did not take the lines');
      // A turn of the event loop between chunks: the receiver and the API keep answering.
      await new Promise<void>((r) => setImmediate(r));
    };
    let sinceYield = 0;
    try {
      for await (const item of lines) {
        lastLine = item.line;
        if (item.kind === 'error') {
          errorCount++;
          if (errors.length < MAX_IMPORT_ERRORS) errors.push({ line: item.line, message: item.message, ...(item.wholeFile ? { wholeFile: true as const } : {}) });
          // Bad lines write nothing, so they yield on their own now and then.
          if (++sinceYield >= IMPORT_CHUNK && chunk.length === 0) {
            sinceYield = 0;
            await new Promise<void>((r) => setImmediate(r));
          }
        } else chunk.push(item);
        if (chunk.length >= IMPORT_CHUNK) await writeChunk();
      }
    } catch (e) {
      if (e instanceof ImportStopped) throw e;
      // The stream failed (cut off, bad gzip): what was written stays; say how much and where.
      throw new ImportStopped((e as Error).message, imported, lastLine);
    }
    // (Its write failing is an ImportWriteFailed as well: most files are this one chunk.)
    if (chunk.length > 0) await writeChunk();
    const warnings: NonNullable<ImportResult['warnings']> = [];
    if (importedBefore) {
      const { line, messageId, seq, more } = importedBefore;
      const others = more > 0 ? `, as ${more === 1 ? 'was' : 'were'} ${plural(more, 'other message')} among the file's first ${formatCount(IMPORT_CHUNK)}` : '';
      warnings.push({
        line,
        message: `messageId ${JSON.stringify(messageId)} was already in the log (#${seq})${others}: this file, or part of it, was imported before, and its messages are now in the log twice (matching and sessions see each twice). To import it afresh, clear the log first`,
      });
    }
    return { imported, errors, ...(errorCount > errors.length ? { errorCount } : {}), ...(warnings.length > 0 ? { warnings } : {}) };
  }

  const handlers: Handlers = {
    'engine.info': () => info(),
    'messages.list': () => store.index.summariesIn(),
    'messages.page': (arg) => {
      // Each named with what it got; null is refused ({"afterSeq": null} was read as 0).
      const fault = wholeNumberFault(arg, 'afterSeq', 0, '0: from the start') ?? wholeNumberFault(arg, 'limit', 1) ?? wholeNumberFault(arg, 'beforeSeq', 1) ?? wholeNumberFault(arg, 'last', 1);
      if (fault) throw new CommandFailure(fault.message, fault.where);
      const afterSeq = arg?.afterSeq ?? 0;
      const { limit, beforeSeq, last } = arg ?? {};
      if ([arg?.afterSeq, beforeSeq, last].filter((v) => v !== undefined).length > 1) throw new CommandFailure('give one of afterSeq, beforeSeq and last', 'beforeSeq');
      const index = store.index;
      let from: number;
      let to: number;
      if (last !== undefined) {
        to = index.size;
        from = Math.max(0, to - last);
      } else if (beforeSeq !== undefined) {
        to = index.firstAfterSeq(beforeSeq - 1);
        from = limit === undefined ? 0 : Math.max(0, to - limit);
      } else {
        from = afterSeq > 0 ? index.firstAfterSeq(afterSeq) : 0;
        to = limit === undefined ? index.size : Math.min(index.size, from + limit);
      }
      return { columns: encodeSummaries(index, from, to), total: index.size, lastSeq: index.lastSeq, firstSeq: to > from ? index.seqAt(from) : 0 };
    },
    'messages.get': (arg) => {
      // -1 and 0 were answered null, as a seq that names no message is.
      check(messageNumberFault(arg, 'seq'));
      return store.get(arg.seq);
    },
    'messages.search': (arg) => {
      check(requiredFault(arg, 'text', 'the text to search for', isText));
      checkFields(arg, { runs: 'true or false' });
      const seqs = store.index.search(arg.text);
      return arg.runs ? encodeSeqRuns(seqs) : seqs;
    },
    'messages.clear': async () => {
      if (flushTimer !== undefined) clock.clearTimeout(flushTimer);
      flushTimer = undefined;
      const cleared = await store.clear();
      feed.reset();
      await forwarder.reset(); // the cursors back to the start, on disk before the clear is answered
      announcedSeq = 0;
      emit('messages.cleared', { messageCount: store.messageCount });
      return { cleared };
    },
    'messages.export': () => store.exportText(),
    'messages.import': (arg) => importNdjson(arg),
    'webhooks.list': () => settings.webhooks.map(webhookView),
    'connect.activity': () => activity.slice(),
    'webhooks.save': async (arg) => {
      if (!arg || typeof arg.name !== 'string' || !WEBHOOK_NAME.test(arg.name)) {
        const fault = typeof arg?.name === 'string' ? webhookNameFault(arg.name) : 'must be text';
        throw new CommandFailure(`the webhook name ${fault}`, 'webhook.name');
      }
      checkFields(arg, { secret: 'text' }, 'webhook.');
      // {"rejectInvalid": "yes"} saved a webhook that accepts unsigned requests.
      checkFields(arg, { rejectInvalid: 'true or false', keepSecret: 'true or false', keepRejectInvalid: 'true or false' }, 'webhook.');
      // An edit begun before the webhook was deleted elsewhere (or a new one named after one added
      // elsewhere meanwhile) is refused here, even when the UI has not heard of that change yet.
      if (arg.expect !== undefined && arg.expect !== 'existing' && arg.expect !== 'new') throw new CommandFailure(`expect must be "existing" or "new", not ${JSON.stringify(arg.expect)}`, 'webhook.expect');
      if (arg.expect === 'existing' && !settings.webhook(arg.name)) throw new CommandFailure(`no webhook named "${arg.name}" to save: it was deleted while it was being edited (save it as a new one to create it again)`, 'webhook.name');
      if (arg.expect === 'new' && settings.webhook(arg.name)) throw new CommandFailure(`a webhook named "${arg.name}" already exists (it was added while this one was being made): choose another name, or edit that one`, 'webhook.name');
      const secret = arg.keepSecret && arg.secret === undefined ? settings.webhook(arg.name)?.secret : arg.secret || undefined;
      const kept = arg.keepRejectInvalid === true ? settings.webhook(arg.name)?.rejectInvalid : undefined;
      const previous = settings.webhook(arg.name);
      const before = previous?.secret;
      const changed = before !== undefined && secret !== undefined && before !== secret;
      // When the secret changed, written beside it (only the time), so the hint outlives a restart;
      // the same secret saved again keeps the time it had, no secret forgets it. In the simulation
      // clock's time, as captures are stamped: the Inspector compares the two.
      const changedAt = changed ? new Date(sessions.now()).toISOString() : secret ? previous?.secretChangedAt : undefined;
      const config: StoredWebhook = { name: arg.name, rejectInvalid: kept ?? arg.rejectInvalid === true, ...(secret ? { secret } : {}), ...(changedAt ? { secretChangedAt: changedAt } : {}) };
      await settings.saveWebhook(config);
      if (changed) replacedSecrets.set(config.name, { secret: before, replacedAt: changedAt! });
      else if (!config.secret) replacedSecrets.delete(config.name);
      emit('webhooks.changed', settings.webhooks.map(webhookView));
      return webhookView(config);
    },
    'webhooks.delete': async (arg) => {
      const name = nameToDelete(arg, 'webhooks.delete', 'webhook', 'webhook.name');
      if (!(await settings.deleteWebhook(name))) throw new CommandFailure(`no webhook named ${shownValue(name)}`, 'webhook.name');
      replacedSecrets.delete(name);
      emit('webhooks.changed', settings.webhooks.map(webhookView));
    },
    'sender.send': (arg) => {
      if (arg && typeof arg === 'object') checkFields(arg, { freshMessageIds: 'true or false', freshIdentities: 'true or false' });
      return sender.send(arg);
    },
    'sender.deliveries': () => sender.deliveries(),
    'secrets.status': () => secrets.status(),
    'secrets.setWriteKey': async (arg) => {
      check(requiredFault(arg, 'writeKey', 'text, or null to forget it', (v) => v === null || typeof v === 'string'));
      // The composer and the Replay dialog of every window say whether a key is stored.
      const status = await secrets.setWriteKey(arg.writeKey);
      emit('secrets.changed', status);
      return status;
    },
    'drafts.list': () => drafts.list(),
    // Every window lists the drafts: one saved or deleted in another must show there too.
    'drafts.save': async (arg) => draftsChanged(await drafts.save(arg)),
    'drafts.delete': async (arg) => draftsChanged(await drafts.delete(nameToDelete(arg, 'drafts.delete', 'draft', 'name'))),
    // Clock answers and actions see every capture so far (a jump to the next timeout must know the latest message).
    'messages.seqsOf': (arg) => {
      checkList(arg, 'messageIds', 'text');
      return arg.messageIds.map((id) => store.seqOfMessageId(id) ?? null);
    },
    'messages.replay': async (arg) => {
      // {"freshMessageIds": "no"} sent them with fresh ids.
      if (arg) checkFields(arg, { freshMessageIds: 'true or false' });
      const seqs = await capturesFor(arg);
      const fresh = arg.freshMessageIds !== false;
      // Left out: the captured spacing. null is refused as any other value ({"timing": null} replayed with the spacing without a word).
      const timing = arg.timing === undefined ? 'original' : arg.timing;
      if (timing !== 'original' && timing !== 'together') throw new CommandFailure(`timing must be original or together, not ${shownValue(timing)}`, 'timing');
      // Checked up front, so a bad target is an error here rather than N failed deliveries.
      const first = await sender.send({ target: arg.target, message: asSent(seqs[0], true, true), freshMessageIds: fresh });
      const sendIds = [first.sendId];
      void (async () => {
        for (let i = 1; i < seqs.length; i++) {
          const gap = timing === 'original' ? Math.min(REPLAY_MAX_GAP_MS, Math.max(0, (parseIsoTime(seqs[i].receivedAt) ?? NaN) - (parseIsoTime(seqs[i - 1].receivedAt) ?? NaN) || 0)) : 0;
          if (gap > 0) await new Promise<void>((r) => clock.setTimeout(() => r(), gap));
          if (closing) return;
          try {
            sendIds.push((await sender.send({ target: arg.target, message: asSent(seqs[i], true, true), freshMessageIds: fresh })).sendId);
          } catch (e) {
            log(`eventbench: replay of #${seqs[i].seq} failed: ${(e as Error).message}`);
          }
        }
      })();
      return { replaying: seqs.length, sendIds };
    },
    'messages.toScenario': async (arg) => {
      if (arg) checkFields(arg, { name: 'text' });
      const captures = await capturesFor(arg);
      const name = typeof arg.name === 'string' && arg.name.trim() ? arg.name.trim() : `Replay of ${captures.length} captured message${captures.length === 1 ? '' : 's'}`;
      const file = scenarioFileName(name);
      // Matching is derived from every message before these: caught up, it knows their decisions.
      await feed.catchUp();
      return { text: capturesToScenario(captures, name, matching.forScenario(captures.map((c) => c.seq))), file };
    },
    'scenarios.examples': () => listExamples(),
    'scenarios.read': async (arg) => {
      const { path, real } = await scenarioFileAt(arg?.path);
      const bytes = await readFile(real).catch((e: NodeJS.ErrnoException) => {
        throw new CommandFailure(e.code === 'ENOENT' ? `no file at ${path}` : `cannot read ${path}: ${e.message}`, 'path');
      });
      const read = textOfFile(bytes, true);
      if ('error' in read) throw new CommandFailure(`cannot read ${path}: ${read.error}`, 'path');
      return { file: basename(path), text: read.text };
    },
    'scenarios.check': async (arg) => {
      check(requiredFault(arg, 'text', "the scenario file's text", isText));
      checkFields(arg, { file: 'text' });
      // Parsed in the ingest worker when there is one: a big file froze the receiver for seconds.
      // Only the check crosses back from the worker: the parsed file held this thread hundreds of ms.
      return ingest.checkScenario(arg.text, typeof arg.file === 'string' ? arg.file : 'scenario.yaml');
    },
    'scenarios.start': async (arg) => {
      check(requiredFault(arg, 'text', "the scenario file's text", isText));
      // Before anything is done: {"clearFirst": "yes"} played over the log it meant to empty.
      checkFields(arg, { file: 'text', paused: 'true or false', delayMs: 'milliseconds', clearFirst: 'true or false' });
      if (arg.clearFirst === true) {
        if (player.progress()?.state === 'running' || player.progress()?.state === 'paused') throw new CommandFailure('a scenario is already running; stop it first', 'scenario');
        await handlers['messages.clear'](undefined);
      }
      const baseDir = arg.path === undefined ? undefined : dirname((await scenarioFileAt(arg.path)).real);
      const file = typeof arg.file === 'string' ? arg.file : 'scenario.yaml';
      // Parsed once, in the ingest worker when there is one (see scenarios.check); only what Play
      // needs crosses back (each step's body as text), not the parsed file.
      const play = await ingest.playScenario(arg.text, file);
      if (play.ok && changesAnything(play.changes)) {
        if (player.progress()?.state === 'running' || player.progress()?.state === 'paused') throw new CommandFailure('a scenario is already running; stop it first', 'scenario');
        await setAside.beforePlay(play.scenario.name, play.changes);
      }
      return player.start(play, file, { paused: arg.paused === true, delayMs: typeof arg.delayMs === 'number' ? arg.delayMs : 0, baseDir });
    },
    'scenarios.control': (arg) => {
      const actions = ['pause', 'resume', 'step', 'stop'];
      check(requiredFault(arg, 'action', `one of ${actions.join(', ')}`, (v) => actions.includes(v as string)));
      checkFields(arg, { delayMs: 'milliseconds' });
      return player.control(arg.action, typeof arg.delayMs === 'number' ? arg.delayMs : undefined);
    },
    'scenarios.progress': () => player.progress(),
    'scenarios.setAside': () => setAside.summary(),
    'scenarios.restore': async () => {
      if (player.progress()?.state === 'running' || player.progress()?.state === 'paused') throw new CommandFailure('a scenario is running; stop it before restoring your own set-up', 'scenario');
      return setAside.restore();
    },
    'clock.get': async () => {
      await maxResumed;
      await feed.catchUp();
      return sessions.clockView();
    },
    'clock.act': async (arg) => {
      await maxResumed;
      await feed.catchUp();
      return sessions.act(arg);
    },
    'sessions.list': async (arg) => {
      const q = sessionQuery(arg);
      await feed.catchUp();
      return querySessions(sessions.modelFor(q), q, sessions.now());
    },
    'sessions.lanes': async (arg) => {
      const q = sessionQuery(arg);
      await feed.catchUp();
      const model = sessions.modelFor(q);
      // The session-level filters (the tab's user filter) keep the sessions GET /api/sessions would list.
      const lanes = sessionLanes(model, q, sessions.now());
      const sessionCount = hasSessionFilter(q) ? lanes.reduce((n, lane) => n + lane.sessions.length, 0) : model.size.sessions;
      return { lanes, clock: sessions.clockView(), timeoutMs: model.settings.timeoutMs, sessionCount, withoutAnonymousId: model.messagesWithoutAnonymousId };
    },
    'sessions.get': async (arg) => {
      check(requiredFault(arg, 'id', 'a session id such as "anon-1#1"', isText));
      const q = sessionQuery(arg, ['id']);
      await feed.catchUp();
      return sessionDetail(sessions.modelFor(q), arg.id, sessions.now());
    },
    'sessions.totals': async (arg) => {
      const q = sessionQuery(arg);
      await feed.catchUp();
      return sessionTotals(sessions.modelFor(q), q, sessions.now());
    },
    'sessions.settings': () => sessions.sessionSettings(),
    'sessions.saveSettings': (arg) => sessions.saveSettings(arg),
    'workspace.get': () => workspace.view(),
    'workspace.save': async (arg) => {
      // A forward write key may come with the workspace; it is kept apart (forwarding.json).
      const keys = Array.isArray(arg?.sources) ? arg.sources.map((s) => (s && typeof s === 'object' ? (s.forward as { writeKey?: unknown } | undefined)?.writeKey : undefined)) : [];
      let saved;
      try {
        saved = await workspace.save(arg);
      } catch (e) {
        if (e instanceof WorkspaceError) throw new CommandFailure(e.message, workspaceErrorPlace(e.errors[0] ?? ''));
        throw e;
      }
      for (const [i, key] of keys.entries()) if (typeof key === 'string' && key.trim() !== '' && saved.sources[i]) await forwarder.setKey(saved.sources[i].id, key.trim());
      forwarder.workspaceChanged();
      const view = workspace.view();
      emit('workspace.changed', view);
      return view;
    },
    'messages.eventTimes': async (arg) => {
      checkList(arg, 'seqs', 'a message number', 2000);
      const positions = arg.seqs.map((seq) => store.index.find(seq));
      const found = await store.getAt(positions.filter((i) => i >= 0));
      const bySeq = new Map(found.map((c) => [c.seq, c.message]));
      return arg.seqs.map((seq) => {
        const m = bySeq.get(seq);
        if (!m) return null;
        // The text as the client wrote it, of the field the shared reading takes (an unreadable
        // originalTimestamp falls through to timestamp, as in sessions and eventTime()).
        return ownEventTime(m)?.text ?? null;
      });
    },
    'forward.status': () => forwarder.status(),
    'forward.outcomes': (arg) => {
      checkList(arg, 'seqs', 'a message number');
      return forwarder.outcomes(arg.seqs);
    },
    'forward.setKey': async (arg) => {
      check(requiredFault(arg, 'sourceId', 'the id of a source of the workspace', (v) => workspace.workspace.sources.some((s) => s.id === v)));
      check(requiredFault(arg, 'writeKey', 'the write key (not blank), or null to remove it', (v) => v === null || (typeof v === 'string' && v.trim() !== '')));
      await forwarder.setKey(arg.sourceId, arg.writeKey === null ? null : arg.writeKey.trim());
      return forwarder.status();
    },
    ...createMatchingHandlers({ service: matching, catchUp: () => feed.catchUp(), importProgress: (done, total) => emit('users.importProgress', { done, total }) }),
  };

  async function call<K extends CommandName>(name: K, arg: CommandArg<K>): Promise<CommandResult<K>> {
    if (!isCommandName(name)) throw new CommandFailure(`unknown command ${JSON.stringify(name)}`, 'command');
    await ready;
    const handler = handlers[name] as (a: CommandArg<K>) => Promise<CommandResult<K>> | CommandResult<K>;
    // Commands answer from the whole log: they wait for the start-up load (engine.info tells its progress).
    if (store.loadProgress && name !== 'engine.info') await store.loaded;
    return handler(arg);
  }

  let closing: Promise<void> | undefined;
  const close = () =>
    (closing ??= (async () => {
      if (flushTimer !== undefined) clock.clearTimeout(flushTimer);
      flushAdded();
      await sender.close();
      if (deliveriesTimer !== undefined) {
        clock.clearTimeout(deliveriesTimer);
        saveDeliveries();
      }
      await deliveriesFile.flushed();
      await ws.close();
      for (const listening of [server, httpsServer, ...ipv6Loopback]) {
        if (!listening) continue;
        await new Promise<void>((resolve) => {
          listening.close(() => resolve());
          listening.closeAllConnections();
        });
      }
      await ingest.close();
      await forwarder.close();
      if (forwardTimer !== undefined) clock.clearTimeout(forwardTimer);
      player.stop();
      await feed.stop();
      await sessions.close();
      if (matchingTimer !== undefined) clock.clearTimeout(matchingTimer);
      await matching.flushed();
      await settings.flushed();
      await workspace.flushed();
      await store.close();
      stopHandEdits();
      listeners.clear();
    })());

  markReady();
  return { url, ...(accessToken === undefined ? {} : { accessToken }), info, call, subscribe: engineApi.subscribe, loaded, close };
}
