// The contract between the UI and the engine. Every shell (Electron IPC, browser WebSocket,
// in-process tests) carries exactly these commands and events; the compiler checks both sides.
import { didYouMean } from './scenario/near';
import { shownValue } from './shown-value';
import type { CapturedMessage, JsonObject, MessageSummary } from './capture';
import type { SummaryColumns } from './summary-columns';
import type { ProfileId } from './validate/finding';
import type { ClockActionRequest, ClockView } from './sim-clock';
import type { ScenarioCheck, ScenarioExample, ScenarioProgress, SetAsideSummary } from './scenario/report';
import type { SessionsSettings } from './sessions/sessions';
import type { SessionInput } from './sessions/session-input';
import type { SessionLane, SessionQuery, SessionTotals, SessionView } from './sessions/view';
import type { DirectoryUser, MatchingSettings, StartingUser } from './matching/types';
import type { DuplicateGroup } from './matching/duplicates';
import type { Workspace } from './workspace';
import type { DecisionDetail, DecisionQuery, DecisionRow, MatchingStatus, UsersImportPreview, UsersImportRequest, UsersQuery, WhatIfResult } from './matching/api-types';
export type * from './matching/api-types';

export interface EngineInfo {
  version: string;
  /** Base URL of the receiver, e.g. "http://127.0.0.1:8787" (the analytics-node `host`). */
  receiverUrl: string;
  /** The HTTPS receiver, when the engine was asked for one (the CLI and the desktop app are). */
  https?: HttpsReceiverInfo;
  dataDir: string;
  shell: 'electron' | 'browser' | 'test';
  /** How the Segment write key is kept: OS keychain via safeStorage, a 0600 file, or an env var. */
  secretBackend: 'safeStorage' | 'file' | 'env';
  messageCount: number;
  /** Problems found when loading the capture log (e.g. a torn last line), for the UI to show. */
  storeWarnings: string[];
  /** Where Tracking API bodies are parsed and validated: a worker thread, or the engine's own. */
  ingest: 'worker' | 'in-thread';
  /** Set while captures cannot be written (disk full...): requests are answered 500 meanwhile. */
  storeWriteFailure?: StoreWriteFailure;
  /**
   * Set while the capture log loads at start-up (the receiver takes captures meanwhile; they are
   * listed once it is done). Commands other than engine.info answer once it is loaded.
   */
  loading?: StoreLoadProgress;
  /** Matching and sessions are reading the capture log back (a restart over a big log): how far. */
  deriving?: DeriveProgress;
}

/** The HTTPS listener and the certificate authority its certificate comes from. */
export interface HttpsReceiverInfo {
  /** e.g. "https://127.0.0.1:8443"; absent when it could not listen (see error). */
  receiverUrl?: string;
  /** Why there is no HTTPS receiver, in words. */
  error?: string;
  /** SHA-256 fingerprint of the authority to trust ("AB:CD:…"). */
  caSha256?: string;
  /** Path on either listener where the authority's certificate (PEM) is served: "/eventbench-ca.pem". */
  caPath?: string;
  /** Names and addresses the server certificate holds. */
  names?: string[];
  /** When the server certificate ends (ISO); it is made again at start-up 30 days before. */
  validUntil?: string;
}

/** How far the capture log's start-up load is. */
/** Matching and sessions have seen `fed` of the log's `total` captures (they answer once all are in). */
export interface DeriveProgress {
  fed: number;
  total: number;
}

export interface StoreLoadProgress {
  loadedBytes: number;
  totalBytes: number;
  /** Messages loaded so far. */
  messages: number;
}

/** Why capture-log appends fail, from the first failure until a write succeeds again. */
export interface StoreWriteFailure {
  /** The system's words, e.g. "ENOSPC: no space left on device, write". */
  message: string;
  /** The error code when there is one (ENOSPC, EIO, EDQUOT...). */
  code?: string;
  /** When appends started failing (ISO time). */
  since: string;
  /** Appends that failed since then. */
  failedWrites: number;
}

export interface WebhookConfig {
  /** Path segment: POST /webhook/<name>. Letters, digits, '-' and '_'. */
  name: string;
  /** Shared secret; the UI receives only whether one is set. */
  secret?: string;
  /** Answer 401 to requests whose signature is missing or invalid. */
  rejectInvalid: boolean;
}

/** A webhook as settings.json keeps it: its config, and what the engine adds (no command sets it). */
export interface StoredWebhook extends WebhookConfig {
  /**
   * When the secret was last changed to another, so the Inspector still explains an invalid
   * signature after a restart. Only the time: the secret it replaced is kept in memory, never written.
   */
  secretChangedAt?: string;
}
export interface WebhookView {
  name: string;
  hasSecret: boolean;
  rejectInvalid: boolean;
  url: string;
  /**
   * Where the secret holds a space or line break at its ends (pasted with it), when it does: all the
   * UI learns of the secret beyond that it is set. What the Inspector says of an invalid signature.
   */
  secretEdgeSpace?: 'start' | 'end' | 'start and end';
  /** When the secret was last changed (to another secret); kept across restarts (settings.json), unlike the secret it replaced. */
  secretChangedAt?: string;
}

export interface ImportResult {
  imported: number;
  /** The first lines that could not be imported (at most 100); nothing already stored is touched. */
  /** wholeFile: the file as a whole was not read (a ZIP archive, a binary file, UTF-32), not its line 1 alone. */
  errors: { line: number; message: string; wholeFile?: true }[];
  /** Lines imported as they are, with something worth a look (users: an email without "@"). */
  warnings?: { line: number; message: string }[];
  /** How many lines could not be imported in all (errors lists the first of them). */
  errorCount?: number;
}

// ---- sender (composer -> analytics-node / webhook) ----
export type SendTarget =
  /** `asSource`: a workspace source id; the message then arrives with that source's local key (see workspace.ts). */
  | { kind: 'local'; asSource?: string }
  | { kind: 'segment'; region: 'us' | 'eu'; /** omitted: use the stored key */ writeKey?: string }
  | { kind: 'custom'; host: string; writeKey?: string }
  | { kind: 'webhook'; url: string; secret?: string };

export interface SendRequest {
  target: SendTarget;
  message: JsonObject;
  /**
   * The message as JSON text, sent instead of `message` when given: the composer's text when it
   * may hold a number JSON.parse rounds (an id past 2^53), read with parseExact so the digits go
   * out as written (src-shared/exact-json.ts). `message` is its plain parse.
   */
  messageJson?: string;
  /** Send this many copies (default 1). */
  times?: number;
  intervalMs?: number;
  /** New messageId for each copy (default true). */
  freshMessageIds?: boolean;
  /** New userId/anonymousId for each copy. */
  freshIdentities?: boolean;
}

export type DeliveryState = 'pending' | 'retrying' | 'delivered' | 'failed';
export interface DeliveryAttempt {
  at: string;
  /** URL posted to; credentials never included. */
  url: string;
  /** Request headers with Authorization redacted. */
  requestHeaders: Record<string, string>;
  requestBody: string;
  status?: number;
  responseBody?: string;
  error?: string;
}
export interface Delivery {
  id: string;
  sendId: string;
  index: number;
  messageId: string;
  target: SendTarget;
  /** What was sent, e.g. 'track "Goal Completed"'. */
  label?: string;
  state: DeliveryState;
  attempts: DeliveryAttempt[];
  error?: string;
  /** For the local receiver: the seq of the captured row. */
  capturedSeq?: number;
  startedAt: string;
  finishedAt?: string;
}

export interface Draft {
  name: string;
  profile: ProfileId;
  event?: string;
  message: JsonObject;
  /**
   * The message as JSON text, when it holds a number JSON.parse rounds (an id past 2^53): the
   * composer's text on a save, read with parseExact (src-shared/exact-json.ts) and kept in
   * drafts.json as its digits; given back by the store so the composer shows and sends them.
   * `message` is its plain parse.
   */
  messageJson?: string;
  savedAt: string;
}

/** An entry of drafts.json that is not a valid draft (a hand edit): kept in the file as it is, not listed. */
export interface UnreadableDraft {
  /** Its index in the file's drafts list. */
  index: number;
  /** Its name, when it has one (a save or delete of that name replaces or removes it). */
  name?: string;
  /** What is wrong and where ("drafts.json drafts[2].profile: expected one of …"). */
  problem: string;
}

/** The saved drafts, sorted by name, and the entries of drafts.json that could not be read. */
export interface DraftList {
  drafts: Draft[];
  unreadable: UnreadableDraft[];
}

export interface SecretStatus {
  backend: EngineInfo['secretBackend'];
  hasWriteKey: boolean;
  /** Masked, e.g. "ab…yz". */
  writeKeyMasked?: string;
  /** True when the backend stores the key as plain text (a 0600 file); the UI says so. */
  plainText: boolean;
  /** Set when the stored key could not be loaded (e.g. a corrupt secrets file): what and where. */
  warning?: string;
}

/** The longest GET /api/messages/wait waits (timeoutMs, settleMs), in ms. */
export const WAIT_MAX_MS = 120_000;
/** The most messages one GET /api/messages/wait waits for (count): it answers with all of them, in one body. */
export const WAIT_MAX_COUNT = 1_000_000;

export interface MessageFilter {
  messageId?: string;
  /** Only messages captured after this seq. */
  afterSeq?: number;
  /** A partial message every result must contain (objects by subset, arrays by element, strings exact or /regex/). */
  match?: JsonObject;
  type?: string;
  event?: string;
  userId?: string;
  anonymousId?: string;
  endpoint?: string;
  text?: string;
  hasProblems?: boolean;
  profile?: ProfileId;
  limit?: number;
}

/** Which summaries `messages.page` returns: seq > afterSeq (default 0), at most limit (default all). */
export interface MessagePageQuery {
  /** Rows after this seq (from the oldest, `limit` of them). */
  afterSeq?: number;
  /** Rows before this seq: the `limit` newest of them (the inspector pages back from the tail). */
  beforeSeq?: number;
  /** The newest `last` rows (the inspector's first page). */
  last?: number;
  limit?: number;
}
/** A page of summaries in the compact columnar form (decode with decodeSummaries). */
export interface MessagePage {
  columns: SummaryColumns;
  /** Messages the engine holds in all. */
  total: number;
  /** Seq of the newest message the engine holds (0 when empty): more pages exist while the page ends before it. */
  lastSeq: number;
  /** Seq of the page's first row (0 when the page is empty): the next older page ends before it. */
  firstSeq: number;
}

// ---- simulation clock and Freshsuccess sessions ----
/** What the Sessions view draws: every lane, the clock, and the timeout. */
export interface SessionLanesResult {
  lanes: SessionLane[];
  clock: ClockView;
  timeoutMs: number;
  sessionCount: number;
  /** Messages (under the filters) without an anonymousId: in no session. */
  withoutAnonymousId: number;
}
/** One session in full: its messages in time order with the gap after each. */
export interface SessionDetail {
  session: SessionView;
  messages: (SessionInput & { account?: string; gapAfterMs?: number })[];
  /** The sessions its first message would have joined had it not arrived after they timed out (ids). */
  openedAfterTimeoutOf?: string[];
  /**
   * Why a session that was not opened by a late arrival is not part of the one before it: its
   * anonymousId had no message for the timeout or longer. The session before it in time, the time
   * of that one's last message, the gap to this one's first, and the timeout it was compared with.
   */
  beganAfterGap?: { after: string; lastMs: number; gapMs: number; timeoutMs: number };
}

/** Replay captured messages through the sender (inspector: select rows, Replay). */
export interface ReplayRequest {
  seqs: number[];
  target: SendTarget;
  /** New messageIds (default), or the same ones to test de-duplication. */
  freshMessageIds?: boolean;
  /** 'original': the captured spacing (each gap at most a minute); 'together': all at once. */
  timing?: 'original' | 'together';
}

/** Command name -> [argument, result]. Names are `domain.verb`. */
export interface Commands {
  'engine.info': [void, EngineInfo];
  'messages.list': [void, MessageSummary[]];
  /** The same rows as messages.list, columnar and ~8× smaller on the wire: what the inspector loads. */
  'messages.page': [MessagePageQuery | void, MessagePage];
  'messages.get': [{ seq: number }, CapturedMessage | null];
  /**
   * Case-insensitive substring search over payload JSON; returns matching seqs in order, or with
   * runs: true encoded as runs (see seq-runs.ts: what the inspector asks for).
   */
  'messages.search': [{ text: string; runs?: boolean }, number[]];
  /** Answers how many messages the log held when it was emptied. */
  'messages.clear': [void, { cleared: number }];
  'messages.export': [void, string];
  /**
   * A text, or a file's bytes (the Electron shell's Import: IPC carries bytes as they are; the
   * browser streams the file to POST /api/import). Bytes are read as the streamed import reads
   * them: in the file's own encoding, each UTF-8 line checked, a line that is not refused by number.
   * `base64`: the bytes as the WebSocket client sends them (JSON cannot carry a Uint8Array).
   */
  'messages.import': [{ ndjson: string } | { bytes: Uint8Array } | { base64: string }, ImportResult];
  'webhooks.list': [void, WebhookView[]];
  /** The receiver's recent client activity the Connect tab reports (newest last). */
  'connect.activity': [void, ClientActivity[]];
  /** `expect`: refused when the webhook no longer exists ('existing') or already does ('new'); upsert without it. */
  // keepSecret / keepRejectInvalid: keep the engine's value (a form that did not edit it must not
  // write back what it last heard: another window may have changed it since).
  'webhooks.save': [WebhookConfig & { keepSecret?: boolean; keepRejectInvalid?: boolean; expect?: 'existing' | 'new' }, WebhookView];
  'webhooks.delete': [{ name: string }, void];
  'sender.send': [SendRequest, { sendId: string; deliveries: Delivery[] }];
  'sender.deliveries': [void, Delivery[]];
  'secrets.status': [void, SecretStatus];
  'secrets.setWriteKey': [{ writeKey: string | null }, SecretStatus];
  'drafts.list': [void, DraftList];
  'drafts.save': [Draft, DraftList];
  'drafts.delete': [{ name: string }, DraftList];
  /** The seq each messageId was last captured as (null: not captured). */
  'messages.seqsOf': [{ messageIds: string[] }, (number | null)[]];
  'messages.replay': [ReplayRequest, { replaying: number; sendIds: string[] }];
  /** A scenario file (YAML) that sends these captures again with their timing and expects what happened. */
  'messages.toScenario': [{ seqs: number[]; name?: string }, { text: string; file: string }];
  /** The bundled example scenarios (scenarios/ in the repo). */
  'scenarios.examples': [void, ScenarioExample[]];
  /** Reads a scenario file from a path on the engine's machine (browser mode's "open by path"). */
  'scenarios.read': [{ path: string }, { file: string; text: string }];
  /** Parses and checks a scenario file: its steps, or its errors with line and column. */
  'scenarios.check': [{ text: string; file: string }, ScenarioCheck];
  /** Runs a scenario in this engine (one at a time); progress comes as scenarios.progress events. */
  /**
   * `path`: where the file was read (scenarios.read), so that its users file is read from its folder.
   * `clearFirst`: empty the capture log before the run, so that it starts from nothing as `eventbench
   * run` does (a second play shared its sessions with the first's messages: same anonymousIds, same times).
   */
  'scenarios.start': [{ text: string; file: string; path?: string; paused?: boolean; delayMs?: number; clearFirst?: boolean }, ScenarioProgress];
  'scenarios.control': [{ action: 'pause' | 'resume' | 'step' | 'stop'; delayMs?: number }, ScenarioProgress | null];
  'scenarios.progress': [void, ScenarioProgress | null];
  /** The user's own set-up (matching, session timeout, webhooks of the scenario's names) a scenario played in the app set aside, or null. */
  'scenarios.setAside': [void, SetAsideSummary | null];
  /** Puts it back (directory, settings, timeout, webhooks, removing those the user did not have) and forgets it; answers what it put back, or null when nothing was set aside. */
  'scenarios.restore': [void, SetAsideSummary | null];
  'clock.get': [void, ClockView];
  'clock.act': [ClockActionRequest, ClockView];
  'sessions.list': [SessionQuery | void, SessionView[]];
  'sessions.lanes': [SessionQuery | void, SessionLanesResult];
  'sessions.get': [{ id: string } & SessionQuery, SessionDetail | null];
  'sessions.totals': [SessionQuery | void, SessionTotals];
  'sessions.settings': [void, SessionsSettings];
  'sessions.saveSettings': [Partial<SessionsSettings>, SessionsSettings];
  'matching.status': [void, MatchingStatus];
  'matching.list': [DecisionQuery | void, { total: number; rows: DecisionRow[] }];
  'matching.decisions': [DecisionQuery | void, { total: number; decisions: DecisionDetail[] }];
  'matching.get': [{ seq: number }, DecisionDetail | null];
  /** The outcome of each seq (null: not matched), for the inspector and GET /api/messages. */
  'matching.outcomes': [{ seqs: number[] }, (DecisionRow | null)[]];
  'matching.setSettings': [Partial<MatchingSettings>, MatchingSettings];
  'matching.whatIf': [Partial<MatchingSettings>, WhatIfResult];
  'matching.duplicates': [void, DuplicateGroup[]];
  'users.list': [UsersQuery | void, { total: number; users: DirectoryUser[] }];
  'users.starting': [void, StartingUser[]];
  'users.saveStarting': [StartingUser, StartingUser];
  'users.deleteStarting': [{ id: string }, void];
  'users.previewImport': [{ text: string }, UsersImportPreview];
  'users.import': [UsersImportRequest, ImportResult];
  'users.clear': [void, { removed: number }];
  /** The directory as matching left it (`live`, the default), or the `starting` one (what reproduces the decisions elsewhere). */
  'users.export': [{ format: 'json' | 'csv'; directory?: 'live' | 'starting' }, string];
  /** Sources and their destinations, the sources the receiver has seen, the known destinations. */
  'workspace.get': [void, WorkspaceView];
  /** Replaces the workspace (a full write key is kept masked only); errors name the field. */
  'workspace.save': [Workspace, WorkspaceView];
  /**
   * Each seq's event time as the client gave it (originalTimestamp, else timestamp, the first that
   * is ISO-8601: ownEventTime; null: neither), for the rows on screen: read from the log on
   * demand, never kept per row.
   */
  'messages.eventTimes': [{ seqs: number[] }, (string | null)[]];
  /** Per forwarding source: where to, how many forwarded / pending / refused, and its state. */
  'forward.status': [void, ForwardStatus[]];
  /** Each seq's forward outcome (null: its source does not forward). */
  'forward.outcomes': [{ seqs: number[] }, (ForwardOutcome | null)[]];
  /** The write key a source forwards with (null removes it); kept in forwarding.json, never shown. */
  'forward.setKey': [{ sourceId: string; writeKey: string | null }, ForwardStatus[]];
}
export type CommandName = keyof Commands;
export type CommandArg<K extends CommandName> = Commands[K][0];
export type CommandResult<K extends CommandName> = Commands[K][1];

/** The runtime allowlist, derived from the map so a command cannot exist on one side only. */
export const COMMAND_NAMES = Object.keys({
  'engine.info': true,
  'messages.list': true,
  'messages.page': true,
  'messages.get': true,
  'messages.search': true,
  'messages.clear': true,
  'messages.export': true,
  'messages.import': true,
  'webhooks.list': true,
  'connect.activity': true,
  'webhooks.save': true,
  'webhooks.delete': true,
  'sender.send': true,
  'sender.deliveries': true,
  'secrets.status': true,
  'secrets.setWriteKey': true,
  'drafts.list': true,
  'drafts.save': true,
  'drafts.delete': true,
  'messages.seqsOf': true,
  'messages.replay': true,
  'messages.toScenario': true,
  'scenarios.examples': true,
  'scenarios.read': true,
  'scenarios.check': true,
  'scenarios.start': true,
  'scenarios.control': true,
  'scenarios.progress': true,
  'scenarios.setAside': true,
  'scenarios.restore': true,
  'clock.get': true,
  'clock.act': true,
  'sessions.list': true,
  'sessions.lanes': true,
  'sessions.get': true,
  'sessions.totals': true,
  'sessions.settings': true,
  'sessions.saveSettings': true,
  'matching.status': true,
  'matching.list': true,
  'matching.decisions': true,
  'matching.get': true,
  'matching.outcomes': true,
  'matching.setSettings': true,
  'matching.whatIf': true,
  'matching.duplicates': true,
  'users.list': true,
  'users.starting': true,
  'users.saveStarting': true,
  'users.deleteStarting': true,
  'users.previewImport': true,
  'users.import': true,
  'users.clear': true,
  'users.export': true,
  'workspace.get': true,
  'workspace.save': true,
  'messages.eventTimes': true,
  'forward.status': true,
  'forward.outcomes': true,
  'forward.setKey': true,
} satisfies Record<CommandName, true>) as CommandName[];

export function isCommandName(name: unknown): name is CommandName {
  return typeof name === 'string' && (COMMAND_NAMES as string[]).includes(name);
}

/** Event name -> payload, pushed from the engine. */
export interface EngineEvents {
  /** New captures, batched (the engine flushes at most every ~50 ms). */
  'messages.added': MessageSummary[];
  'messages.cleared': { messageCount: number };
  /**
   * WebSocket only, instead of `messages.added` while this client fell behind (its socket's
   * buffer was full): the log grew to seq `lastSeq`; page what is missing (messages.page afterSeq).
   */
  'messages.behind': { lastSeq: number };
  'store.warning': { message: string };
  /** The capture log's start-up load went on (at most every ~100 ms), or ended (loading: null). */
  'store.loading': { loading: StoreLoadProgress | null };
  /** Matching and sessions are catching up on a backlog of captures (at most every ~100 ms), or are done (progress: null). */
  'derived.progress': { progress: DeriveProgress | null };
  /** Capture-log appends started failing (with why), or one succeeded again (failure: null). */
  'store.writeStatus': { failure: StoreWriteFailure | null };
  'webhooks.changed': WebhookView[];
  /** A draft was saved or deleted (here, in another window or over the WebSocket): the list as it now is. */
  'drafts.changed': DraftList;
  /** The Segment write key was stored or removed (here, in another window, over the WebSocket). */
  'secrets.changed': SecretStatus;
  'sender.delivery': Delivery;
  /** A scenario run in the app moved on (a step started or ended, it was paused, it finished). */
  'scenarios.progress': ScenarioProgress;
  /** The simulation clock was moved, paused, run or set live. */
  'clock.changed': ClockView;
  /** Sessions were re-derived (new captures, a clear, a settings change); at most every ~100 ms. */
  'sessions.changed': { sessions: number; messages: number; anonymousIds: number };
  /** The simulated clock passed a session's timeout. */
  'sessions.timedOut': SessionView;
  /** Decisions or the directory changed (new captures, settings, starting directory); throttled. */
  'matching.changed': MatchingStatus;
  /** A users import in progress: characters of the file read so far, of all. */
  'users.importProgress': { done: number; total: number };
  /** The workspace was saved: findings and "has problems" now follow it (pages are re-read). */
  'workspace.changed': WorkspaceView;
  /** A forwarding source's state changed (sent, retrying, refused); throttled. */
  'forward.changed': ForwardStatus[];
  /** A client fetched settings or analytics.js, refused the HTTPS certificate, or had a Tracking API request refused (see ClientActivity). */
  'connect.activity': ClientActivity;
}

/**
 * A client reaching the receiver in a way that says whether its setup is right, before (or
 * instead of) any message arriving: a library downloaded its settings here (so its cdnHost is
 * right, and it was told where to send), a page loaded analytics.js from here, a TLS client
 * refused the HTTPS certificate (its device does not trust the local authority yet), or a
 * Tracking API request was refused (a 4xx: nothing of it was captured, so the inspector has no
 * row for it). Kept in memory only, the last ACTIVITY_KEPT.
 */
export interface ClientActivity {
  /** Real time (ISO-8601), not the simulation clock's. */
  at: string;
  kind: 'settings' | 'analytics-js' | 'tls-refused' | 'refused';
  /** The client's address. */
  from: string;
  /** settings: its User-Agent; analytics-js: the page (its Referer, else its Origin); refused: the page, else its User-Agent. */
  client?: string;
  /** settings: the write key, masked, and the apiHost it was given. */
  writeKeyMasked?: string;
  apiHost?: string;
  /** refused: the path it posted to (or asked for, with `method`) and the status it was answered. */
  endpoint?: string;
  /** refused: GET or HEAD for a path asked for rather than posted to (a settings path under another path); absent for a POST. */
  method?: 'GET' | 'HEAD';
  status?: number;
  /** tls-refused, refused: why, in words. */
  reason?: string;
}

export const ACTIVITY_KEPT = 20;

export interface ForwardStatus {
  sourceId: string;
  /** Base URL it posts {to}/v1/batch to. */
  to: string;
  hasKey: boolean;
  state: 'idle' | 'sending' | 'retrying' | 'failed' | 'no-key';
  forwarded: number;
  pending: number;
  /** Messages Segment refused (4xx) for good. */
  failed: number;
  cursorSeq: number;
  /** The last send error while retrying (cleared once a batch goes through). */
  lastError?: string;
  /** The last batch Segment refused for good, with its answer. */
  lastRefusal?: string;
}

export interface ForwardOutcome {
  state: 'forwarded' | 'pending' | 'retrying' | 'failed';
  to: string;
  /** Segment's answer (failed), the last error (retrying). */
  detail?: string;
}

/** A source as the receiver has seen it, to pick from when adding one to the workspace. */
export interface SeenSource {
  /** Tracking API: the masked write key ("abc…xyz"); absent for webhooks and keyless traffic. */
  writeKeyMasked?: string;
  writeKeyFingerprint?: string;
  webhook?: string;
  messages: number;
  lastSeq: number;
  /** The workspace source it belongs to, when configured. */
  sourceId?: string;
}

export interface WorkspaceView {
  workspace: Workspace;
  seen: SeenSource[];
  destinations: { id: string; name: string; note: string }[];
  /** One sentence on what is checked now (e.g. the every-partner note while nothing is configured). */
  note: string;
}
export type EngineEventName = keyof EngineEvents;
export type EngineEvent = { [K in EngineEventName]: { name: K; payload: EngineEvents[K] } }[EngineEventName];

/** What every shell hands the renderer: call a command, listen to events. */
export interface EngineApi {
  call<K extends CommandName>(name: K, arg: CommandArg<K>): Promise<CommandResult<K>>;
  /** Returns an unsubscribe function. */
  subscribe(listener: (event: EngineEvent) => void): () => void;
}

/** Error shape carried over every transport. */
export interface CommandError {
  message: string;
  /** Where the problem is, e.g. "line 3" or "webhook.name". */
  where?: string;
}

/**
 * An error a command threw, as every transport carries it (the WebSocket's frame, the Electron
 * shell's IPC reply): its message and, when it names one, where (the field or line at fault).
 */
export function commandErrorOf(e: unknown): CommandError {
  const err = e as { message?: unknown; where?: unknown };
  return {
    message: typeof err?.message === 'string' ? err.message : String(e),
    ...(typeof err?.where === 'string' ? { where: err.where } : {}),
  };
}

/** A command name no command has, as every transport refuses it. */
export function unknownCommandError(name: unknown): CommandError {
  // A frame without one read "unknown command undefined", and a misspelt one gave no hint.
  if (name === undefined) return { message: `the frame names no command: send {"id": 1, "command": "engine.info"}, a command of src-shared/api.ts and its "arg"`, where: 'command' };
  if (typeof name !== 'string') return { message: `command must be a command's name as text, such as "engine.info", not ${shownValue(name)}`, where: 'command' };
  return { message: `unknown command ${JSON.stringify(name)}${didYouMean(name, COMMAND_NAMES)}`, where: 'command' };
}

// Wire frames for the WebSocket transport (browser mode).
/** A command over the WebSocket; its id (a number, or a string) comes back with the answer. */
export type ClientFrame = { id: number | string; command: CommandName; arg: unknown };
export type ServerFrame =
  | { id: number | string; ok: true; result: unknown }
  | { id: number | string; ok: false; error: CommandError }
  | { event: EngineEvent };

/** IPC channel names for the Electron shell. */
export const IPC_COMMAND_CHANNEL = 'eventbench:command';
export const IPC_EVENT_CHANNEL = 'eventbench:event';
