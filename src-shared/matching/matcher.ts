// Product Fruits' rule, message by message: (1) an email -> the user whose email equals it;
// (2) otherwise, or if none, the user whose username equals the userId; (3) otherwise a new user.
// The Matcher is incremental (add one message at a time); deriveMatching runs it from scratch.
// Both give the same decisions and directory for the same inputs: nothing here reads a clock.
// Decisions are compact (what the lookups found); explain.ts rebuilds the trace from them.
import { KeyIndex } from './key-index';
import type { DirectoryUser, FieldChange, MatchDecision, MatchInput, MatchingSettings, MatchOutcome, StartingUser, UserRef } from './types';

/** The comparison key of an email under a setting ('' means nothing is left to compare). */
export function emailKey(raw: string, comparison: MatchingSettings['emailComparison']): string {
  return comparison === 'exact' ? raw : raw.trim().toLowerCase();
}
/** Case and surrounding space ignored: what a person would call the same email. */
export const looseEmailKey = (raw: string): string => raw.trim().toLowerCase();

function sameValue(a: unknown, b: unknown): boolean {
  if (a === b) return true;
  if (typeof a !== 'object' || typeof b !== 'object' || a === null || b === null) return false;
  return JSON.stringify(a) === JSON.stringify(b);
}

const ref = (u: DirectoryUser): UserRef => Object.freeze({ id: u.id, username: u.username, email: u.email });
const NO_CHANGES: readonly FieldChange[] = Object.freeze([]);
// Starting users share these until a message changes them (most are never touched): a re-derive
// over 100,000 users allocates no sources, seq lists or property copies for them.
const NO_SOURCES: DirectoryUser['sources'] = Object.freeze({}) as DirectoryUser['sources'];
const NO_SEQS: number[] = Object.freeze([]) as unknown as number[];

/** The user's own sources object (a starting user shares NO_SOURCES until a message sets a field). */
function ownSources(u: DirectoryUser): DirectoryUser['sources'] {
  if (u.sources === NO_SOURCES) u.sources = {};
  return u.sources;
}

/** The id of a user the rule creates: stable for the same message, whatever else changes. */
export const createdUserId = (seq: number): string => `new-${seq}`;

export class Matcher {
  readonly users: DirectoryUser[] = [];
  readonly decisions: MatchDecision[] = [];
  private readonly byEmail = new KeyIndex();
  /** Only under exact comparison: finds the user an email missed by case or space (near miss). */
  private readonly byLooseEmail: KeyIndex | undefined;
  private readonly byUsername = new KeyIndex();
  /**
   * Per user, a frozen snapshot of its id, username and email, replaced when either changes:
   * decisions point at the snapshot current when they were made, without copying it.
   */
  private readonly refs: UserRef[] = [];
  /** Per user, the comparison key of its email (computed once per email, not once per message). */
  private readonly emailKeys: (string | undefined)[] = [];
  /** Per user, whether its properties object is its own (a starting user's is shared until changed). */
  private readonly ownProperties: boolean[] = [];

  constructor(
    start: readonly StartingUser[],
    readonly settings: MatchingSettings,
  ) {
    this.byLooseEmail = settings.emailComparison === 'exact' ? new KeyIndex() : undefined;
    for (const s of start) {
      // No sources yet: a field without one comes from the starting directory. Its properties are
      // the starting user's own object until a message changes one (copied then, never mutated).
      const user: DirectoryUser = { id: s.id, properties: s.properties, sources: NO_SOURCES, createdBy: null, touchedBy: NO_SEQS };
      if (s.username !== undefined) user.username = s.username;
      if (s.email !== undefined) user.email = s.email;
      const i = this.users.push(user) - 1;
      this.refs.push(ref(user));
      this.emailKeys.push(undefined);
      this.ownProperties.push(false);
      if (user.username !== undefined) this.byUsername.add(user.username, i);
      this.indexEmail(i);
    }
  }

  /** Runs the rule on one message; undefined when the message is outside the matched scope. */
  add(input: MatchInput): MatchDecision | undefined {
    const { settings } = this;
    if (settings.scope === 'webhook' && input.origin !== 'webhook') return undefined;
    // Every field present from the start: one object shape for every decision (V8 keeps it fast).
    const d: MatchDecision = {
      seq: input.seq,
      messageId: input.messageId,
      type: input.type,
      receivedAt: input.receivedAt,
      outcome: 'unmatched',
      userId: undefined,
      conflict: false,
      changes: NO_CHANGES,
      byEmail: undefined,
      alsoFound: undefined,
      nearMiss: undefined,
      byUsername: undefined,
    };
    this.decisions.push(d);

    // The first email location with something left after normalizing counts.
    let key: string | undefined;
    let email: string | undefined;
    for (let i = 0; i < 3; i++) {
      const read = input.emails[i];
      if (read.state !== 'text') continue;
      const k = emailKey(read.value, settings.emailComparison);
      if (k === '') continue;
      key = k;
      email = settings.emailComparison === 'exact' ? read.value : read.value.trim();
      break;
    }
    const userId = input.userId.state === 'text' ? input.userId.value : undefined;
    let byEmail: number | undefined;
    if (key !== undefined) {
      const holders = this.byEmail.holders(key);
      byEmail = typeof holders === 'number' ? holders : holders?.[0];
      if (byEmail !== undefined) {
        d.byEmail = this.refs[byEmail];
        if (typeof holders === 'object') d.alsoFound = holders.length - 1;
      } else if (this.byLooseEmail) {
        const near = this.byLooseEmail.first(looseEmailKey(key));
        if (near !== undefined) d.nearMiss = this.refs[near];
      }
    }
    let byUsername: number | undefined;
    if (userId !== undefined) {
      // The user the email found already has this username: the userId names that user, no
      // conflict is possible, and the lookup is saved (the common case: identify with both).
      byUsername = byEmail !== undefined && this.users[byEmail].username === userId ? byEmail : this.byUsername.first(userId);
      if (byUsername !== undefined) d.byUsername = this.refs[byUsername];
    }

    let outcome: MatchOutcome;
    let target: number | undefined;
    if (byEmail !== undefined && byUsername !== undefined && byEmail !== byUsername) {
      d.conflict = true;
      const emailWins = settings.conflict === 'email-wins';
      target = emailWins ? byEmail : byUsername;
      outcome = emailWins ? 'matched-by-email' : 'matched-by-username';
    } else if (byEmail !== undefined) {
      target = byEmail;
      outcome = 'matched-by-email';
    } else if (byUsername !== undefined) {
      target = byUsername;
      outcome = 'matched-by-username';
    } else if (key !== undefined || userId !== undefined) {
      outcome = 'created';
    } else {
      // Neither an email nor a userId: the setting decides. An anonymous user's username is its
      // anonymousId, so the same anonymousId finds it again.
      const anonymousId = input.anonymousId.state === 'text' ? input.anonymousId.value : undefined;
      if (settings.noIdentity === 'unmatched' || anonymousId === undefined) return d;
      target = this.byUsername.first(anonymousId);
      if (target !== undefined) d.byUsername = this.refs[target];
      this.apply(d, input, target === undefined ? 'created' : 'matched-by-username', target, undefined, undefined, anonymousId, undefined, undefined);
      return d;
    }
    this.apply(d, input, outcome, target, key, email, userId, byEmail, byUsername);
    return d;
  }

  /** Creates or updates the user and records what changed. */
  private apply(
    d: MatchDecision,
    input: MatchInput,
    outcome: MatchOutcome,
    target: number | undefined,
    key: string | undefined,
    email: string | undefined,
    username: string | undefined,
    byEmail: number | undefined,
    byUsername: number | undefined,
  ): void {
    let from: DirectoryUser['sources'][string] | undefined;
    let changes: FieldChange[] | undefined;
    let user: DirectoryUser;
    let index: number;
    if (target === undefined) {
      user = { id: createdUserId(input.seq), properties: {}, sources: {}, createdBy: input.seq, touchedBy: [] };
      this.ownProperties.push(true);
      if (input.anonymousId.state === 'text') user.anonymousId = input.anonymousId.value;
      index = this.users.push(user) - 1;
      this.refs.push(user as UserRef); // replaced below: a new user always gets a username or an email
      this.emailKeys.push(undefined);
    } else {
      index = target;
      user = this.users[index];
    }
    // A field held by the other user of a conflict is left alone, so no two users share it.
    if (username !== undefined && user.username !== username && (byUsername === undefined || byUsername === index)) {
      (changes ??= []).push({ field: 'username', before: user.username, after: username });
      if (user.username !== undefined) this.byUsername.remove(user.username, index);
      this.byUsername.add(username, index);
      user.username = username;
      ownSources(user).username = from ??= { seq: input.seq, at: input.receivedAt };
    }
    if (email !== undefined && this.emailKeys[index] !== key && (byEmail === undefined || byEmail === index)) {
      (changes ??= []).push({ field: 'email', before: user.email, after: email });
      this.unindexEmail(index);
      user.email = email;
      this.indexEmail(index);
      ownSources(user).email = from ??= { seq: input.seq, at: input.receivedAt };
    }
    for (const k in input.traits) {
      const v = input.traits[k];
      if (sameValue(user.properties[k], v)) continue;
      (changes ??= []).push({ field: `properties.${k}`, before: user.properties[k], after: v });
      if (!this.ownProperties[index]) {
        user.properties = { ...user.properties };
        this.ownProperties[index] = true;
      }
      user.properties[k] = v;
      ownSources(user)[`properties.${k}`] = from ??= { seq: input.seq, at: input.receivedAt };
    }
    if (target === undefined || user.username !== this.refs[index].username || user.email !== this.refs[index].email) this.refs[index] = ref(user);
    if (target === undefined || changes !== undefined) {
      if (user.touchedBy === NO_SEQS) user.touchedBy = [input.seq];
      else user.touchedBy.push(input.seq);
    }
    d.outcome = outcome;
    d.userId = user.id;
    if (changes !== undefined) d.changes = changes;
  }

  private indexEmail(i: number): void {
    const email = this.users[i].email;
    if (email === undefined) return;
    const k = emailKey(email, this.settings.emailComparison);
    this.emailKeys[i] = k;
    if (k !== '') this.byEmail.add(k, i);
    this.byLooseEmail?.add(looseEmailKey(email), i);
  }

  private unindexEmail(i: number): void {
    const email = this.users[i].email;
    if (email === undefined) return;
    this.byEmail.remove(this.emailKeys[i]!, i);
    this.emailKeys[i] = undefined;
    this.byLooseEmail?.remove(looseEmailKey(email), i);
  }
}

export interface MatchingResult {
  decisions: MatchDecision[];
  users: DirectoryUser[];
}

/** The decisions and directory for these inputs, from scratch: a pure function of its arguments. */
export function deriveMatching(start: readonly StartingUser[], settings: MatchingSettings, inputs: readonly MatchInput[]): MatchingResult {
  const m = new Matcher(start, settings);
  for (const input of inputs) m.add(input);
  return { decisions: m.decisions, users: m.users };
}
