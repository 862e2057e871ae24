// Product Fruits' rule, message by message: (1) an email -> the user whose email equals it;
// (2) otherwise, or if none, the user whose username equals the userId; (3) otherwise a new user.
// The Matcher is incremental (add one message at a time); deriveMatching runs it from scratch.
// Both give the same decisions and directory for the same inputs: nothing here reads a clock.
import { KeyIndex } from './key-index';
import {
  EMAIL_PATHS,
  type DirectoryUser,
  type FieldChange,
  type MatchDecision,
  type MatchInput,
  type MatchingSettings,
  type MatchOutcome,
  type StartingUser,
  type TraceStep,
  type UserRef,
} from './types';

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

const ref = (u: DirectoryUser): UserRef => ({ id: u.id, username: u.username, email: u.email });

/** The id of a user the rule creates: stable for the same message, whatever else changes. */
export const createdUserId = (seq: number): string => `new-${seq}`;

export class Matcher {
  readonly users: DirectoryUser[] = [];
  readonly decisions: MatchDecision[] = [];
  private readonly byEmail = new KeyIndex();
  /** Only under exact comparison: finds the user an email missed by case or space (near miss). */
  private readonly byLooseEmail: KeyIndex | undefined;
  private readonly byUsername = new KeyIndex();

  constructor(
    start: readonly StartingUser[],
    readonly settings: MatchingSettings,
  ) {
    this.byLooseEmail = settings.emailComparison === 'exact' ? new KeyIndex() : undefined;
    for (const s of start) {
      const sources: DirectoryUser['sources'] = {};
      const from = { seq: null, at: '' };
      if (s.username !== undefined) sources.username = from;
      if (s.email !== undefined) sources.email = from;
      for (const k of Object.keys(s.properties)) sources[`properties.${k}`] = from;
      const user: DirectoryUser = { id: s.id, properties: { ...s.properties }, sources, createdBy: null, touchedBy: [] };
      if (s.username !== undefined) user.username = s.username;
      if (s.email !== undefined) user.email = s.email;
      this.index(this.users.push(user) - 1);
    }
  }

  /** Runs the rule on one message; undefined when the message is outside the matched scope. */
  add(input: MatchInput): MatchDecision | undefined {
    if (this.settings.scope === 'webhook' && input.origin !== 'webhook') return undefined;
    const { emailComparison } = this.settings;
    const trace: TraceStep[] = [];

    // Where the email is read, in order; the first usable one counts.
    let email: string | undefined;
    let key: string | undefined;
    for (let i = 0; i < 3; i++) {
      const read = input.emails[i];
      const path = EMAIL_PATHS[i];
      if (read.state !== 'text') {
        trace.push({ kind: 'read-email', path, read, used: false });
      } else if (key !== undefined) {
        trace.push({ kind: 'read-email', path, read, used: false, skipped: 'earlier-email' });
      } else {
        const normalized = emailKey(read.value, emailComparison);
        if (normalized === '') {
          trace.push({ kind: 'read-email', path, read, normalized, used: false, skipped: 'empty-after-normalizing' });
        } else {
          trace.push({ kind: 'read-email', path, read, normalized, used: true });
          key = normalized;
          email = emailComparison === 'exact' ? read.value : read.value.trim();
        }
      }
    }
    trace.push({ kind: 'read-id', path: 'userId', read: input.userId });
    const userId = input.userId.state === 'text' ? input.userId.value : undefined;

    let byEmail: number | undefined;
    if (key !== undefined) {
      byEmail = this.byEmail.first(key);
      const step: TraceStep & { kind: 'lookup-email' } = { kind: 'lookup-email', key, comparison: emailComparison };
      if (byEmail !== undefined) {
        step.found = ref(this.users[byEmail]);
        const n = this.byEmail.count(key);
        if (n > 1) step.alsoFound = n - 1;
      } else if (this.byLooseEmail) {
        const near = this.byLooseEmail.first(looseEmailKey(key));
        if (near !== undefined) step.nearMiss = ref(this.users[near]);
      }
      trace.push(step);
    }
    let byUsername: number | undefined;
    if (userId !== undefined) {
      byUsername = this.byUsername.first(userId);
      trace.push(byUsername === undefined ? { kind: 'lookup-username', key: userId } : { kind: 'lookup-username', key: userId, found: ref(this.users[byUsername]) });
    }

    let outcome: MatchOutcome;
    let target: number | undefined;
    let conflict = false;
    if (byEmail !== undefined && byUsername !== undefined && byEmail !== byUsername) {
      conflict = true;
      const winner = this.settings.conflict === 'email-wins' ? 'email' : 'userId';
      trace.push({ kind: 'conflict', byEmail: ref(this.users[byEmail]), byUsername: ref(this.users[byUsername]), winner });
      target = winner === 'email' ? byEmail : byUsername;
      outcome = winner === 'email' ? 'matched-by-email' : 'matched-by-username';
    } else if (byEmail !== undefined) {
      target = byEmail;
      outcome = 'matched-by-email';
    } else if (byUsername !== undefined) {
      target = byUsername;
      outcome = 'matched-by-username';
    } else if (key !== undefined || userId !== undefined) {
      outcome = 'created';
    } else {
      // Neither an email nor a userId: the setting decides.
      trace.push({ kind: 'no-identity', setting: this.settings.noIdentity });
      const anonymousId = input.anonymousId.state === 'text' ? input.anonymousId.value : undefined;
      if (this.settings.noIdentity === 'create-anonymous') {
        trace.push({ kind: 'read-id', path: 'anonymousId', read: input.anonymousId });
      }
      if (this.settings.noIdentity === 'unmatched' || anonymousId === undefined) {
        const d: MatchDecision = { seq: input.seq, messageId: input.messageId, type: input.type, receivedAt: input.receivedAt, outcome: 'unmatched', conflict: false, trace, changes: [] };
        this.decisions.push(d);
        return d;
      }
      // An anonymous user's username is its anonymousId: the same anonymousId finds it again.
      target = this.byUsername.first(anonymousId);
      trace.push(target === undefined ? { kind: 'lookup-username', key: anonymousId, viaAnonymousId: true } : { kind: 'lookup-username', key: anonymousId, viaAnonymousId: true, found: ref(this.users[target]) });
      outcome = target === undefined ? 'created' : 'matched-by-username';
      return this.finish(input, trace, outcome, target, false, key, email, anonymousId, undefined, undefined);
    }
    return this.finish(input, trace, outcome, target, conflict, key, email, userId, byEmail, byUsername);
  }

  private finish(
    input: MatchInput,
    trace: TraceStep[],
    outcome: MatchOutcome,
    target: number | undefined,
    conflict: boolean,
    key: string | undefined,
    email: string | undefined,
    username: string | undefined,
    byEmail: number | undefined,
    byUsername: number | undefined,
  ): MatchDecision {
    const from = { seq: input.seq, at: input.receivedAt };
    const changes: FieldChange[] = [];
    let user: DirectoryUser;
    let index: number;
    if (target === undefined) {
      user = { id: createdUserId(input.seq), properties: {}, sources: {}, createdBy: input.seq, touchedBy: [] };
      if (input.anonymousId.state === 'text') user.anonymousId = input.anonymousId.value;
      index = this.users.push(user) - 1;
    } else {
      index = target;
      user = this.users[index];
    }
    this.unindex(index);
    if (username !== undefined && user.username !== username) {
      if (byUsername !== undefined && byUsername !== index) {
        trace.push({ kind: 'kept', field: 'username', value: user.username, wanted: username, heldBy: ref(this.users[byUsername]) });
      } else {
        changes.push({ field: 'username', before: user.username, after: username });
        user.username = username;
        user.sources.username = from;
      }
    }
    if (email !== undefined && (user.email === undefined || emailKey(user.email, this.settings.emailComparison) !== key)) {
      if (byEmail !== undefined && byEmail !== index) {
        trace.push({ kind: 'kept', field: 'email', value: user.email, wanted: email, heldBy: ref(this.users[byEmail]) });
      } else {
        changes.push({ field: 'email', before: user.email, after: email });
        user.email = email;
        user.sources.email = from;
      }
    }
    for (const k in input.traits) {
      const v = input.traits[k];
      if (sameValue(user.properties[k], v)) continue;
      changes.push({ field: `properties.${k}`, before: user.properties[k], after: v });
      user.properties[k] = v;
      user.sources[`properties.${k}`] = from;
    }
    this.index(index);
    if (target === undefined || changes.length > 0) user.touchedBy.push(input.seq);
    trace.push({ kind: target === undefined ? 'created' : 'updated', user: ref(user) });
    const d: MatchDecision = { seq: input.seq, messageId: input.messageId, type: input.type, receivedAt: input.receivedAt, outcome, userId: user.id, conflict, trace, changes };
    this.decisions.push(d);
    return d;
  }

  private index(i: number): void {
    const u = this.users[i];
    if (u.username !== undefined) this.byUsername.add(u.username, i);
    if (u.email !== undefined) {
      const k = emailKey(u.email, this.settings.emailComparison);
      if (k !== '') this.byEmail.add(k, i);
      this.byLooseEmail?.add(looseEmailKey(u.email), i);
    }
  }

  private unindex(i: number): void {
    const u = this.users[i];
    if (u.username !== undefined) this.byUsername.remove(u.username, i);
    if (u.email !== undefined) {
      this.byEmail.remove(emailKey(u.email, this.settings.emailComparison), i);
      this.byLooseEmail?.remove(looseEmailKey(u.email), i);
    }
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
