// The renderer's view state. The engine holds the truth; this store mirrors what the UI shows.
import type { SeqMembership } from '../../../src-shared/seq-runs';
import type { DeriveProgress, EngineApi, EngineInfo, ImportResult, StoreLoadProgress, StoreWriteFailure, WebhookConfig, WebhookView, WorkspaceView } from '../../../src-shared/api';
import type { SourceIdentity, Workspace } from '../../../src-shared/workspace';
import type { CapturedMessage, JsonObject, MessageSummary } from '../../../src-shared/capture';
import type { ConnectionSource, ConnectionStatus } from './connection';
import type { InspectorFilters } from './filter-logic';
import type { RowList } from './row-list';
import type { DecisionDetail, DecisionRow, MatchingStatus, UsersQuery } from '../../../src-shared/matching/api-types';
import type { MatchOutcome } from '../../../src-shared/matching/types';

export type Tab = 'inspector' | 'composer' | 'matching' | 'sessions' | 'scenarios' | 'workspace' | 'connect' | 'webhooks';
export const TABS: readonly Tab[] = ['inspector', 'composer', 'matching', 'sessions', 'scenarios', 'workspace', 'connect', 'webhooks'];

export interface MessagesSlice {
  /** Every summary the engine has, ascending seq. Replaced (never mutated) on change. */
  rows: RowList;
  messagesLoaded: boolean;
  /** Older rows still being paged in, newest first, after the first page showed (0 once all are in). */
  olderPending: number;
  messagesError: string | null;
  loadMessages(): Promise<void>;
  /** Appends a batch (the per-frame flush of `messages.added`); ignores seqs already present. */
  ingest(batch: readonly MessageSummary[]): void;
  clearMessages(): Promise<void>;
  /** The engine says the log was cleared (by this or another window, or the automation API). */
  onCleared(): void;
  /** A text, or a file's bytes (read by the engine as POST /api/import reads a body). */
  importMessages(content: string | Uint8Array): Promise<ImportResult>;
  exportMessages(): Promise<string>;
}

export interface FiltersSlice {
  /** Applied filters (text included once the engine answered the search). */
  filters: InspectorFilters;
  /** What is typed in the search box; applied after a short debounce. */
  searchInput: string;
  searchSeqs: SeqMembership | null;
  searchPending: boolean;
  searchError: string | null;
  /** All rows passing the filters (grows while paused). */
  visible: RowList;
  /** What the list shows: `visible`, or its frozen prefix while paused. */
  view: RowList;
  paused: boolean;
  /** Highest seq shown when the list was paused. */
  pausedAtSeq: number;
  /** Matching rows that arrived while paused. */
  newWhilePaused: number;
  knownTypes: readonly string[];
  knownEndpoints: readonly string[];
  knownProfiles: readonly string[];
  setFilter(patch: Partial<Omit<InspectorFilters, 'text'>>): void;
  setSearchText(text: string): void;
  clearFilters(): void;
  setPaused(paused: boolean): void;
}

export type DetailStatus = 'idle' | 'loading' | 'ready' | 'missing' | 'error';
export interface SelectionSlice {
  selectedSeq: number | null;
  detail: CapturedMessage | null;
  detailStatus: DetailStatus;
  detailError: string | null;
  /** Selects a row and fetches its detail (`messages.get`); null clears the selection. */
  selectMessage(seq: number | null): void;
  /** Up/down through the shown rows; returns the new index or -1. */
  moveSelection(delta: number): number;
  /** Switches to the inspector and selects the row (for the composer's "show captured row"). */
  showMessage(seq: number): void;
  /** Rows marked with Ctrl/Cmd-click (toggle) or Shift-click (range), for replay and save-as-scenario. */
  markedSeqs: number[];
  markRow(seq: number, mode: 'toggle' | 'range'): void;
  clearMarks(): void;
}

export interface UiSlice {
  tab: Tab;
  /**
   * A message handed to the composer ("Open in composer"); the nonce makes a repeat count.
   * `messageJson`: its JSON text with the client's digits, when it holds a number JSON.parse rounds.
   * `source`: where it was captured from, so the composer sends it as that workspace source.
   */
  composerInbox: { message: JsonObject; messageJson?: string; source?: SourceIdentity; nonce: number } | null;
  openInComposer(message: JsonObject, messageJson?: string, source?: SourceIdentity): void;
  /** A scenario handed to the Scenarios tab ("Save as scenario" → open it there; an empty view's "Try the … example"). */
  scenarioInbox: { file: string; text: string; example?: true; nonce: number } | null;
  openScenario(file: string, text: string, example?: true): void;
  /** A captured message whose session the Sessions tab opens (the composer's "Show its session"). */
  sessionInbox: { seq: number; nonce: number } | null;
  showSession(seq: number): void;
  setTab(tab: Tab): void;
}

export interface WebhooksSlice {
  webhooks: readonly WebhookView[];
  webhooksLoaded: boolean;
  loadWebhooks(): Promise<void>;
  saveWebhook(config: WebhookConfig & { keepSecret?: boolean; keepRejectInvalid?: boolean; expect?: 'existing' | 'new' }): Promise<WebhookView>;
  deleteWebhook(name: string): Promise<void>;
}

export interface WorkspaceSlice {
  /** The workspace, the sources seen, the known destinations; null until loaded. */
  workspaceView: WorkspaceView | null;
  loadWorkspace(): Promise<void>;
  /** Saves; the engine answers with workspace.changed, and the list is re-read with the new checks. */
  saveWorkspace(workspace: Workspace): Promise<WorkspaceView>;
}

/** The Matching tab's sections. */
export type MatchingSection = 'decisions' | 'directory' | 'duplicates';

/** The Decisions list's filters: an outcome ('' for all), conflicts only, a user id ('' for all). */
export interface DecisionFilters {
  outcome: MatchOutcome | '';
  conflictOnly: boolean;
  user: string;
  /** A userId or email the message carried ('' for any): the decisions about the messages that carried it, whichever user each landed on. */
  message: string;
}

/** The Directory's search and order. */
export interface DirectoryView {
  q: string;
  sort: NonNullable<UsersQuery['sort']>;
  descending: boolean;
}

/** Filters cleared so a trace opened from elsewhere has its row in the list (said above the list). */
export interface FiltersCleared {
  seq: number;
  /** What was cleared, for the notice ("user u-bob", "outcome created", "conflicts only"). */
  cleared: string[];
  /** The filters as they were, for Undo. */
  before: DecisionFilters;
}

export interface MatchingSlice {
  matchingStatus: MatchingStatus | null;
  /** The newest decisions, oldest first (at most MATCHING_ROWS_MAX). */
  decisionRows: readonly DecisionRow[];
  /** Decisions the engine holds in all. */
  decisionTotal: number;
  /** seq -> decision row, for the inspector's outcome badges. */
  outcomeBySeq: ReadonlyMap<number, DecisionRow>;
  matchingError: string | null;
  /** The decision whose trace is shown. */
  traceSeq: number | null;
  trace: DecisionDetail | null;
  traceError: string | null;
  /**
   * The Decisions list's filters. In the store so they outlive the Decisions panel (unmounted on
   * another section); the user filter is set from the directory and the trace too.
   */
  matchingUserFilter: string;
  setMatchingUserFilter(userId: string): void;
  /** See DecisionFilters.message. */
  matchingMessageFilter: string;
  setMatchingMessageFilter(text: string): void;
  matchingOutcomeFilter: MatchOutcome | '';
  setMatchingOutcomeFilter(outcome: MatchOutcome | ''): void;
  matchingConflictOnly: boolean;
  setMatchingConflictOnly(on: boolean): void;
  /** The filters cleared by the last showTrace, until a filter changes or the notice is dismissed. */
  matchingFiltersCleared: FiltersCleared | null;
  dismissFiltersCleared(): void;
  /** Puts back the filters the last showTrace cleared. */
  undoFiltersCleared(): void;
  /** Clears only the filters that hide this decision's row (the "Show #N" of the hidden notice). */
  revealDecision(seq: number): void;
  /** The Directory's search and order, kept across sections and tabs. */
  directoryView: DirectoryView;
  setDirectoryView(patch: Partial<DirectoryView>): void;
  /** How far the Directory's list is scrolled (px), kept across sections and tabs like its search. */
  directoryScrollTop: number;
  setDirectoryScrollTop(px: number): void;
  /** The Matching tab's section on screen. */
  matchingSection: MatchingSection;
  setMatchingSection(section: MatchingSection): void;
  loadMatching(): Promise<void>;
  /** The engine's `matching.changed` push: takes a status that only counts more messages seen, else loads. */
  matchingChanged(status: MatchingStatus): void;
  selectDecision(seq: number | null): void;
  /**
   * The one way to open a trace from anywhere ("Why this user?", a directory or duplicates link):
   * the Matching tab, its Decisions section, this message's decision selected and its trace shown.
   * Filters that would hide its row are cleared (only those), and matchingFiltersCleared says which.
   */
  showTrace(seq: number): void;
  /** The Matching tab's Decisions section, filtered to this user's decisions ("+N more", a duplicate's id). */
  showUserDecisions(userId: string): void;
}

export interface InfoSlice {
  info: EngineInfo | null;
  connection: ConnectionStatus;
  /** Capture-log warnings (engine.info storeWarnings and store.warning events) not dismissed yet. */
  warnings: readonly string[];
  /** Set while the engine cannot write captures (disk full...); cleared once a write succeeds. */
  writeFailure: StoreWriteFailure | null;
  /** While the engine loads its capture log at start-up: how far it is (null once loaded). */
  loading: StoreLoadProgress | null;
  /** While matching and sessions read the capture log back (a restart over a big log): how far (null once done). */
  deriving: DeriveProgress | null;
  loadInfo(): Promise<void>;
  dismissWarning(index: number): void;
  /** A store.warning event: shown unless it is shown already or was dismissed. */
  noteWarning(warning: string): void;
}

export interface LifecycleSlice {
  /** Loads info, messages and webhooks; call once after creating the store. */
  init(): Promise<void>;
  /** Unsubscribes from the engine and cancels timers. */
  dispose(): void;
}

export type AppState = MessagesSlice & FiltersSlice & SelectionSlice & UiSlice & WebhooksSlice & InfoSlice & LifecycleSlice & MatchingSlice & WorkspaceSlice;

export interface StoreOptions {
  connection?: ConnectionSource;
  /** Runs the flush of queued `messages.added` events; default requestAnimationFrame. */
  scheduleFrame?: (cb: () => void) => void;
  setTimer?: (cb: () => void, ms: number) => unknown;
  clearTimer?: (handle: unknown) => void;
  searchDebounceMs?: number;
}

/** What every slice gets besides zustand's set/get. */
export interface SliceDeps {
  api: EngineApi;
  setTimer: (cb: () => void, ms: number) => unknown;
  clearTimer: (handle: unknown) => void;
  searchDebounceMs: number;
}
