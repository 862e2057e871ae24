// The engine's user matching: fed every capture by the CaptureFeed, it keeps each message's small
// MatchInput in memory and runs the rule incrementally; a settings change, an edit of the
// starting directory or a clear re-derives everything from those inputs (the log is not read
// again). On disk only users.json and matching-settings.json.
import { sortDirectory } from '../../src-shared/matching/directory-sort';
import type { CapturedMessage } from '../../src-shared/capture';
import type { DecisionDetail, DecisionQuery, DecisionRow, MatchingStatus, UsersQuery, WhatIfResult } from '../../src-shared/matching/api-types';
import { compareMatching } from '../../src-shared/matching/compare';
import { findDuplicates, type DuplicateGroup } from '../../src-shared/matching/duplicates';
import { emailText, idText } from '../../src-shared/matching/extract';
import { MatchInputs } from '../../src-shared/matching/match-inputs';
import { conflictLoser } from '../../src-shared/matching/conflict';
import { carries } from '../../src-shared/matching/carried';
import { valueText } from '../../src-shared/matching/exact-values';
import { Matcher, deriveMatching } from '../../src-shared/matching/matcher';
import { matchingForScenario, type MatchingForScenario } from '../../src-shared/matching/for-scenario';
import { sameSettings } from '../../src-shared/matching/settings';
import { explainDecision } from '../../src-shared/matching/explain';
import { traceSentences } from '../../src-shared/matching/trace-text';
import type { DirectoryUser, MatchDecision, MatchingSettings, MatchInput, StartingUser } from '../../src-shared/matching/types';
import type { CaptureConsumer } from './capture-feed';
import { MatchingFiles } from './matching-files';

const DEFAULT_LIMIT = 1000;
/** What-if answers list at most this many decisions and users of each kind (totals say the rest). */
const WHAT_IF_LIST_MAX = 2000;

/** A decision as a list row: the message named by its event, and the email and ids it carried. */
/** The email (the first holding text, where the rule reads) and the userId a message carried, each as text. */
function sentBy(input: MatchInput): { email?: string; messageUserId?: string } {
  const at = input.exactEmailAt;
  const email = at < 0 ? undefined : emailText(input.emailValue(at));
  const messageUserId = idText(input.userIdValue);
  return { ...(email !== undefined ? { email } : {}), ...(messageUserId !== undefined ? { messageUserId } : {}) };
}

function toRow(d: MatchDecision, input: MatchInput | undefined): DecisionRow {
  const row: DecisionRow = { seq: d.seq, messageId: d.messageId, type: d.type, receivedAt: d.receivedAt, outcome: d.outcome, userId: d.userId, conflict: d.conflict, changed: d.changes.map((c) => c.field) };
  const loser = conflictLoser(d);
  if (loser !== undefined) row.conflictLoser = loser;
  if (d.alsoFound) row.emailHolders = d.alsoFound + 1;
  if (d.usernameAlsoFound) row.usernameHolders = d.usernameAlsoFound + 1;
  if (!input) return row;
  if (input.event !== undefined) row.event = input.event;
  // The first email holding text, where the rule reads (a group call's traits.email is its account's).
  const { email, messageUserId } = sentBy(input);
  if (email !== undefined) row.email = email;
  if (messageUserId !== undefined) row.messageUserId = messageUserId;
  const anonymousId = idText(input.anonymousIdValue);
  if (anonymousId !== undefined) row.anonymousId = anonymousId;
  return row;
}

export class MatchingService implements CaptureConsumer {
  /** What the rule reads of every message fed; new ones when the log is cleared (its texts are gone). */
  private inputs = new MatchInputs();
  private matcher: Matcher;
  private changeListener: () => void = () => undefined;
  private generation = 0;

  private constructor(
    private readonly files: MatchingFiles,
    private start: StartingUser[],
    private settings: MatchingSettings,
  ) {
    this.matcher = new Matcher(start, settings, this.inputs);
  }

  static async open(dataDir: string, warn: (m: string) => void): Promise<MatchingService> {
    const files = new MatchingFiles(dataDir);
    return new MatchingService(files, await files.loadUsers(warn), await files.loadSettings(warn));
  }

  /** Called after every change of decisions or directory (the engine throttles its pushes). */
  onChange(listener: () => void): void {
    this.changeListener = listener;
  }

  // ---- CaptureConsumer ----
  reset(): void {
    this.inputs = new MatchInputs();
    this.rederive();
  }

  add(batch: readonly CapturedMessage[]): void {
    for (const c of batch) this.matcher.matchAt(this.inputs.push(c));
    // Even messages outside the matched scope change the status: its messagesSeen (the Matching
    // header's count, the empty list's "none of the N came through a webhook"). The engine's push
    // is throttled, and a renderer that sees only that count move fetches nothing.
    if (batch.length > 0) this.changeListener();
  }

  // ---- reads ----
  status(): MatchingStatus {
    return { settings: { ...this.settings }, decisions: this.matcher.size, users: this.matcher.users.length, startingUsers: this.start.length, messagesSeen: this.inputs.length, generation: this.generation };
  }

  get currentSettings(): MatchingSettings {
    return this.settings;
  }

  /** Decisions passing the query, oldest first, the newest `limit` of them. */
  query(q: DecisionQuery = {}): { total: number; decisions: MatchDecision[] } {
    const limit = q.limit ?? DEFAULT_LIMIT;
    const m = this.matcher;
    // Positions [from, to) of the decisions, filtered on their columns; objects only for those answered.
    let from = 0;
    let to = m.size;
    if (q.seq !== undefined) {
      const i = m.indexOfSeq(q.seq);
      if (i < 0) to = 0;
      else [from, to] = [i, i + 1];
    }
    if (q.afterSeq !== undefined) from = Math.max(from, m.firstAfter(q.afterSeq));
    if (q.outcome === undefined && q.userId === undefined && q.involving === undefined && q.conflict === undefined && q.carried === undefined) {
      const total = Math.max(0, to - from);
      const decisions: MatchDecision[] = [];
      for (let i = Math.max(from, to - limit); i < to; i++) decisions.push(m.decisionAt(i));
      return { total, decisions };
    }
    const hits: number[] = [];
    for (let i = from; i < to; i++) {
      if (
        (q.outcome === undefined || m.outcomeAt(i) === q.outcome) &&
        (q.userId === undefined || m.userIdAt(i) === q.userId) &&
        // Won or lost: a conflict's loser finds the message that named it and landed on another user.
        (q.involving === undefined || m.involves(i, q.involving)) &&
        (q.conflict === undefined || m.conflictAt(i) === q.conflict) &&
        (q.carried === undefined || carries(sentBy(m.inputAt(i)), q.carried))
      )
        hits.push(i);
    }
    return { total: hits.length, decisions: hits.slice(Math.max(0, hits.length - limit)).map((i) => m.decisionAt(i)) };
  }

  /** The decision about one seq. */
  decision(seq: number): MatchDecision | undefined {
    const i = this.matcher.indexOfSeq(seq);
    return i < 0 ? undefined : this.matcher.decisionAt(i);
  }

  /** The decision as a list row (no trace). */
  row(d: MatchDecision): DecisionRow {
    return toRow(d, this.inputOf(d.seq));
  }

  /** The decision with its full trace and its sentences (rebuilt from the message's input). */
  explain(d: MatchDecision): DecisionDetail {
    const input = this.inputOf(d.seq);
    if (!input) throw new Error(`the input of message #${d.seq} is gone`);
    const explained = explainDecision(d, input, this.settings);
    return { ...explained, steps: traceSentences(explained) };
  }

  private inputOf(seq: number): MatchInput | undefined {
    const i = this.matcher.indexOfSeq(seq);
    return i < 0 ? undefined : this.matcher.inputAt(i);
  }

  users(q: UsersQuery = {}): { total: number; users: DirectoryUser[] } {
    const needle = q.q?.trim().toLowerCase();
    let list = this.matcher.users;
    if (needle) {
      // valueText: a property sent as 9007199254740993 is found by its digits (not its marker's text).
      const hit = (v: unknown) => valueText(v).toLowerCase().includes(needle);
      list = list.filter((u) => hit(u.id) || hit(u.username ?? '') || hit(u.email ?? '') || Object.values(u.properties).some(hit));
    }
    if (q.sort) list = sortDirectory(list, q.sort, q.descending);
    return { total: list.length, users: list.slice(0, q.limit ?? DEFAULT_LIMIT) };
  }

  startingUsers(): readonly StartingUser[] {
    return this.start;
  }

  duplicates(): DuplicateGroup[] {
    const m = this.matcher;
    const conflicts: MatchDecision[] = [];
    // Conflicts, and users created with a username another had until renamed (only where one was).
    const renamed = m.renamedAny;
    for (let i = 0; i < m.size; i++) if (m.conflictAt(i) || (renamed && m.outcomeAt(i) === 'created')) conflicts.push(m.decisionAt(i));
    return findDuplicates(m.users, conflicts);
  }

  /** What a scenario saved from these messages needs to make their decisions again (Save as scenario). */
  forScenario(seqs: readonly number[]): MatchingForScenario | undefined {
    return matchingForScenario(this.start, this.settings, this.inputs, seqs);
  }

  whatIf(patch: Partial<MatchingSettings>): WhatIfResult {
    const settings = { ...this.settings, ...patch };
    const then = deriveMatching(this.start, settings, this.inputs);
    const c = compareMatching(this.matcher, then);
    const totals = { decisions: c.decisions.length, added: c.users.added.length, removed: c.users.removed.length, changed: c.users.changed.length };
    const cut = <T>(xs: T[]) => xs.slice(0, WHAT_IF_LIST_MAX);
    return { settings, totals, comparison: { decisions: cut(c.decisions), users: { added: cut(c.users.added), removed: cut(c.users.removed), changed: cut(c.users.changed) } } };
  }

  // ---- writes ----
  async setSettings(patch: Partial<MatchingSettings>): Promise<MatchingSettings> {
    const next = { ...this.settings, ...patch };
    await this.files.saveSettings(next);
    if (!sameSettings(next, this.settings)) {
      this.settings = next;
      this.rederive();
    }
    return { ...this.settings };
  }

  async setStartingUsers(users: StartingUser[]): Promise<void> {
    await this.files.saveUsers(users);
    this.start = users;
    this.rederive();
  }

  flushed(): Promise<void> {
    return this.files.flushed();
  }

  private rederive(): void {
    this.generation++;
    // The new matcher replaces the old one before it is fed, so the old decisions and directory
    // are garbage while the new ones are derived (less for the collector to mark, synchronously).
    this.matcher = new Matcher(this.start, this.settings, this.inputs);
    for (let p = 0; p < this.inputs.length; p++) this.matcher.matchAt(p);
    this.changeListener();
  }
}
