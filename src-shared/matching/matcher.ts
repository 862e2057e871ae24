// Product Fruits' rule, message by message: (1) an email -> the user whose email equals it;
// (2) otherwise, or if none, the user whose username equals the userId; (3) otherwise a new user.
// The Matcher is incremental (add one message at a time); deriveMatching runs it from scratch.
// Both give the same decisions and directory for the same inputs: nothing here reads a clock.
//
// Decisions are kept in columns, not objects: per decision four numbers (outcome and conflict,
// the snapshot of the user the email found, of the user the userId found, of the user after) and
// the position of the message's input in its MatchInputs; the rare extras (other holders of the email, a near miss, property
// changes) in sparse maps. A million decisions are a few typed arrays, not a million objects the
// garbage collector has to copy. decisionAt() rebuilds the MatchDecision object on demand (the
// username and email changes from the snapshots before and after); explain.ts the trace from it.
import { withoutInvisibles } from '../invisible-chars';
import { idText, looseEmailKey, ownProperty, setProperty } from './extract';
import { KeyIndex } from './key-index';
export { conflictLoser } from './conflict';
import { MatchInputs, sharedMatchInputs } from './match-inputs';
import { grownTo } from '../typed-arrays';
import type { DirectoryUser, FieldChange, FieldSource, FormerHolder, MatchDecision, MatchInput, MatchingSettings, MatchOutcome, StartingUser, UserRef } from './types';

/** The comparison key of an email under a setting ('' means nothing is left to compare). */
export function emailKey(raw: string, comparison: MatchingSettings['emailComparison']): string {
  return comparison === 'exact' ? raw : looseEmailKey(raw);
}
/** Case and surrounding space ignored (accents composed): what a person would call the same email. */
export { looseEmailKey };

/**
 * A username with the space around it and its invisible characters removed: not how the rule
 * compares (it compares the userId to the username exactly), only how the trace finds a user
 * whose username looks the same as a userId that found nobody (`bob ` or `bob` + U+200B vs `bob`).
 */
export function looseUsernameKey(name: string): string {
  return withoutInvisibles(name).trim();
}

function sameValue(a: unknown, b: unknown): boolean {
  if (a === b) return true;
  if (typeof a !== 'object' || typeof b !== 'object' || a === null || b === null) return false;
  return JSON.stringify(a) === JSON.stringify(b);
}

function ref(u: DirectoryUser): UserRef {
  return Object.freeze({ id: u.id, username: u.username, email: u.email });
}
const NO_CHANGES: readonly FieldChange[] = Object.freeze([]);
// Starting users share these until a message changes them (most are never touched): a re-derive
// over 100,000 users allocates no sources, seq lists or property copies for them.
const NO_SOURCES: DirectoryUser['sources'] = Object.freeze({}) as DirectoryUser['sources'];
const NO_SEQS: number[] = Object.freeze([]) as unknown as number[];
const NO_PROPERTIES: DirectoryUser['properties'] = Object.freeze({}) as DirectoryUser['properties'];

/** The user's own sources object (a starting user shares NO_SOURCES until a message sets a field). */
function ownSources(u: DirectoryUser): DirectoryUser['sources'] {
  if (u.sources === NO_SOURCES) u.sources = {};
  return u.sources;
}

/**
 * The id of a user the rule creates: `new-<seq>`, stable for the same message, whatever else
 * changes; `new-<seq>-2` (-3...) when a user of the starting directory already has it (a saved
 * scenario's directory holds the users earlier captures created, by their ids): two users shared
 * one id, and every lookup by it found the starting one.
 */
export function createdUserId(seq: number, taken: (id: string) => boolean = () => false): string {
  let id = `new-${seq}`;
  for (let n = 2; taken(id); n++) id = `new-${seq}-${n}`;
  return id;
}

// The decision columns: STRIDE numbers per decision.
const STRIDE = 4;
/** Outcome code (index in OUTCOMES), plus CONFLICT when flagged. */
const KIND = 0;
/** Snapshot (index in the snapshot table) of the user the email found, as it was then; -1: none. */
const BY_EMAIL = 1;
/** Snapshot of the user the userId (or anonymousId) found, as it was then; -1: none. */
const BY_USERNAME = 2;
/** Snapshot of the user updated or created, right after the decision; -1: unmatched. */
const AFTER = 3;
const OUTCOMES: readonly MatchOutcome[] = ['matched-by-email', 'matched-by-username', 'created', 'unmatched'];
const MATCHED_BY_EMAIL = 0;
const MATCHED_BY_USERNAME = 1;
const CREATED = 2;
const UNMATCHED = 3;
const CONFLICT = 4;

export class Matcher {
  readonly users: DirectoryUser[] = [];
  private readonly byEmail = new KeyIndex();
  /** Only under exact comparison: finds the user an email missed by case or space (near miss). */
  private readonly byLooseEmail: KeyIndex | undefined;
  private readonly byUsername = new KeyIndex();
  /**
   * Users whose username has space around it or invisible characters, by its loose key (see
   * looseUsernameKey); the others' loose key is their username, found through byUsername.
   */
  private readonly byLooseUsername = new KeyIndex();
  /**
   * Every snapshot of a user's id, username and email ever taken, frozen: one per user, and a new
   * one whenever its username or email changes. Decisions point at the snapshots current when
   * they were made.
   */
  private readonly snapshots: UserRef[] = [];
  /** Per user, its current snapshot (index in snapshots). */
  private readonly current: number[] = [];
  /** Per user, the interned comparison key of its email (-1: none), and of its username. */
  private readonly emailKeys: number[] = [];
  private readonly usernameKeys: number[] = [];
  /** Per user, the interned loose key of its username when that differs from the username (-1: none). */
  private readonly looseUsernameKeys: number[] = [];
  /** Per user, the interned loose key of its email (only under exact comparison, for the near miss). */
  private readonly looseKeys: number[] = [];
  /** Ids of the starting directory's users that a created user's id could repeat (`new-…`). */
  private readonly startIds = new Set<string>();
  /** Per user, whether its properties object is its own (shared until a message changes one). */
  private readonly ownProperties: boolean[] = [];

  /** How many decisions. */
  private count = 0;
  /** Per decision, the position of the message's input in `inputs`. */
  private positions = new Int32Array(1024);
  /** Per decision, STRIDE numbers (see KIND, BY_EMAIL, BY_USERNAME, AFTER). */
  private columns = new Int32Array(STRIDE * 1024);
  /** Decision -> how many more users had the email (only when more did). */
  private readonly alsoFound = new Map<number, number>();
  /** Decision -> snapshot of the second user with the email (only when more did), named in the trace. */
  private readonly alsoFoundUsers = new Map<number, number>();
  /** Decision -> how many more users had the username the userId (anonymousId) found (only when more did). */
  private readonly usernameAlsoFound = new Map<number, number>();
  /** Decision -> snapshot of the first other user with that username, named in the trace. */
  private readonly usernameAlsoFoundUsers = new Map<number, number>();
  /** Decision -> snapshot of the user an exact email missed by case or space. */
  private readonly nearMisses = new Map<number, number>();
  /** Decision -> snapshot of the user whose username the userId missed only by space or invisible characters. */
  private readonly usernameNearMisses = new Map<number, number>();
  /** Decision -> the properties it changed (username and email changes follow from the snapshots). */
  private readonly propertyChanges = new Map<number, FieldChange[]>();
  /**
   * A username's (an email's) interned key -> pairs of [decision, snapshot of the user before it],
   * in decision order: each time a decision changed a user's username (email) away from it. Rare
   * (a user renamed); read where a later lookup of that key finds nobody, to name who had it.
   */
  private readonly usernamesLost = new Map<number, number[]>();
  private readonly emailsLost = new Map<number, number[]>();

  constructor(
    start: readonly StartingUser[],
    readonly settings: MatchingSettings,
    /** The inputs the matcher reads (and whose interner its keys come from). */
    readonly inputs: MatchInputs = sharedMatchInputs,
  ) {
    const interner = inputs.interner;
    this.byLooseEmail = settings.emailComparison === 'exact' ? new KeyIndex() : undefined;
    for (const s of start) {
      // No sources yet: a field without one comes from the starting directory. Its properties are
      // the starting user's own object until a message changes one (copied then, never mutated).
      const user: DirectoryUser = { id: s.id, properties: s.properties, sources: NO_SOURCES, createdBy: null, touchedBy: NO_SEQS };
      if (s.id.startsWith('new-')) this.startIds.add(s.id);
      if (s.username !== undefined) user.username = s.username;
      if (s.email !== undefined) user.email = s.email;
      const i = this.users.push(user) - 1;
      this.current.push(this.snapshots.push(ref(user)) - 1);
      this.ownProperties.push(false);
      const usernameKey = user.username === undefined ? -1 : interner.id(user.username);
      this.usernameKeys.push(usernameKey);
      this.looseUsernameKeys.push(-1);
      if (usernameKey >= 0) {
        this.byUsername.add(usernameKey, i);
        this.indexLooseUsername(i, user.username!);
      }
      this.emailKeys.push(-1);
      this.looseKeys.push(-1);
      if (user.email !== undefined) {
        const exact = settings.emailComparison === 'exact';
        const key = emailKey(user.email, settings.emailComparison);
        this.indexEmail(i, interner.id(key), exact ? interner.id(looseEmailKey(user.email)) : -1, key === '');
      }
    }
  }

  // ---- reading decisions ----

  /** How many decisions (messages matched). */
  get size(): number {
    return this.count;
  }

  /** Every decision, as objects (built on demand: prefer size and decisionAt for many). */
  get decisions(): MatchDecision[] {
    const out: MatchDecision[] = new Array(this.count);
    for (let i = 0; i < out.length; i++) out[i] = this.decisionAt(i);
    return out;
  }

  inputAt(i: number): MatchInput {
    return this.inputs.at(this.positions[i]);
  }
  seqAt(i: number): number {
    return this.inputs.seq(this.positions[i]);
  }
  outcomeAt(i: number): MatchOutcome {
    return OUTCOMES[this.columns[i * STRIDE + KIND] & 3];
  }
  conflictAt(i: number): boolean {
    return (this.columns[i * STRIDE + KIND] & CONFLICT) !== 0;
  }
  /** The directory id of the user updated or created; undefined when unmatched. */
  userIdAt(i: number): string | undefined {
    const after = this.columns[i * STRIDE + AFTER];
    return after < 0 ? undefined : this.snapshots[after].id;
  }

  /**
   * The directory id of the user that lost decision i's conflict (the email found one user, the
   * userId named another, and the setting chose the other one); undefined without a conflict.
   * The same as conflictLoser(decisionAt(i)), read from the columns.
   */
  loserAt(i: number): string | undefined {
    const o = i * STRIDE;
    const kind = this.columns[o + KIND];
    if ((kind & CONFLICT) === 0) return undefined;
    const lost = this.columns[o + ((kind & 3) === MATCHED_BY_EMAIL ? BY_USERNAME : BY_EMAIL)];
    return lost < 0 ? undefined : this.snapshots[lost].id;
  }

  /** Whether decision i is about this user: it won (was updated or created) or lost the decision's conflict. */
  involves(i: number, userId: string): boolean {
    return this.userIdAt(i) === userId || this.loserAt(i) === userId;
  }

  /** The user decision i updated or created, as it was right after it; undefined when unmatched. */
  userAfterAt(i: number): UserRef | undefined {
    const after = this.columns[i * STRIDE + AFTER];
    return after < 0 ? undefined : this.snapshots[after];
  }

  /** The position of the decision about a message (decisions are in seq order); -1: none. */
  indexOfSeq(seq: number): number {
    const i = this.firstAfter(seq - 1);
    return i < this.count && this.seqAt(i) === seq ? i : -1;
  }

  /** The position of the first decision about a message after seq. */
  firstAfter(seq: number): number {
    let lo = 0;
    let hi = this.count;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if (this.seqAt(mid) <= seq) lo = mid + 1;
      else hi = mid;
    }
    return lo;
  }

  /** Decision i as an object: what the lookups found, as they were then, and what changed. */
  decisionAt(i: number): MatchDecision {
    const p = this.positions[i];
    const c = this.columns;
    const o = i * STRIDE;
    const kind = c[o + KIND];
    const byEmail = c[o + BY_EMAIL] < 0 ? undefined : this.snapshots[c[o + BY_EMAIL]];
    const byUsername = c[o + BY_USERNAME] < 0 ? undefined : this.snapshots[c[o + BY_USERNAME]];
    const after = c[o + AFTER] < 0 ? undefined : this.snapshots[c[o + AFTER]];
    const near = this.nearMisses.get(i);
    const usernameNear = this.usernameNearMisses.get(i);
    const usernameAlso = this.usernameAlsoFoundUsers.get(i);
    const also = this.alsoFoundUsers.get(i);
    const outcome = kind & 3;
    let changes = NO_CHANGES;
    if (after !== undefined) {
      // The user before: the one found (the email's or the userId's, as the outcome says); none if created.
      const before = outcome === MATCHED_BY_EMAIL ? byEmail : outcome === MATCHED_BY_USERNAME ? byUsername : undefined;
      const list: FieldChange[] = [];
      if (after.username !== before?.username) list.push({ field: 'username', before: before?.username, after: after.username });
      if (after.email !== before?.email) list.push({ field: 'email', before: before?.email, after: after.email });
      const props = this.propertyChanges.get(i);
      // A loop, not push(...props): a message can change 150,000 properties, past the stack's limit on arguments.
      if (props !== undefined) for (const change of props) list.push(change);
      if (list.length > 0) changes = list;
    }
    let usernameFormerly: FormerHolder | undefined;
    let emailFormerly: FormerHolder | undefined;
    if (byUsername === undefined && this.usernamesLost.size > 0) usernameFormerly = this.formerHolder(this.usernamesLost, this.inputs.userIdKey(p), i, 'username');
    if (byEmail === undefined && this.emailsLost.size > 0) {
      const key = this.settings.emailComparison === 'exact' ? this.inputs.exactEmailKey(p) : this.inputs.looseEmailKey(p);
      emailFormerly = this.formerHolder(this.emailsLost, key, i, 'email');
    }
    return {
      ...(usernameFormerly ? { usernameFormerly } : {}),
      ...(emailFormerly ? { emailFormerly } : {}),
      seq: this.inputs.seq(p),
      messageId: this.inputs.messageId(p),
      type: this.inputs.type(p),
      receivedAt: this.inputs.receivedAt(p),
      outcome: OUTCOMES[outcome],
      userId: after?.id,
      conflict: (kind & CONFLICT) !== 0,
      changes,
      byEmail,
      alsoFound: this.alsoFound.get(i),
      alsoFoundUser: also === undefined ? undefined : this.snapshots[also],
      nearMiss: near === undefined ? undefined : this.snapshots[near],
      byUsername,
      usernameAlsoFound: this.usernameAlsoFound.get(i),
      usernameAlsoFoundUser: usernameAlso === undefined ? undefined : this.snapshots[usernameAlso],
      usernameNearMiss: usernameNear === undefined ? undefined : this.snapshots[usernameNear],
    };
  }

  /** Notes the other holders of the username key when user `found` was not the only one. */
  private noteUsernameHolders(i: number, key: number, found: number): void {
    const count = this.byUsername.count(key);
    if (count < 2) return;
    const first = this.byUsername.first(key);
    this.usernameAlsoFound.set(i, count - 1);
    this.usernameAlsoFoundUsers.set(i, this.current[first === found ? this.byUsername.second(key) : first]);
  }

  /** Whether any decision changed a user's username away from one it had (see usernamesLost). */
  get renamedAny(): boolean {
    return this.usernamesLost.size > 0;
  }

  /** The user that last lost the key before decision i, the decision that took it and what it became. */
  private formerHolder(lost: Map<number, number[]>, key: number, i: number, field: 'username' | 'email'): FormerHolder | undefined {
    if (key < 0) return undefined;
    const pairs = lost.get(key);
    if (pairs === undefined) return undefined;
    for (let k = pairs.length - 2; k >= 0; k -= 2) {
      const j = pairs[k];
      if (j >= i) continue;
      const after = this.snapshots[this.columns[j * STRIDE + AFTER]];
      return { user: this.snapshots[pairs[k + 1]], seq: this.seqAt(j), changedTo: after[field] };
    }
    return undefined;
  }

  private recordLost(lost: Map<number, number[]>, key: number, i: number, snapshot: number): void {
    const pairs = lost.get(key);
    if (pairs === undefined) lost.set(key, [i, snapshot]);
    else pairs.push(i, snapshot);
  }

  // ---- the rule ----

  /** Runs the rule on one message; the decision, or undefined when the message is outside the matched scope. */
  add(input: MatchInput): MatchDecision | undefined {
    return this.match(input) ? this.decisionAt(this.count - 1) : undefined;
  }

  /** Runs the rule on one message without building the decision object; false when out of scope. */
  match(input: MatchInput): boolean {
    if (input.inputs !== this.inputs) throw new Error(`message #${input.seq} was extracted into other inputs than the matcher reads`);
    return this.matchAt(input.position);
  }

  /** Runs the rule on the message at position p of the inputs; false when out of scope. */
  matchAt(p: number): boolean {
    const settings = this.settings;
    const inputs = this.inputs;
    if (settings.scope === 'webhook' && !inputs.fromWebhook(p)) return false;
    const i = this.count++;
    if (i === this.positions.length) this.positions = grownTo(this.positions, i * 2);
    this.positions[i] = p;
    const o = i * STRIDE;
    if (o + STRIDE > this.columns.length) this.columns = grownTo(this.columns, this.columns.length * 2);
    const c = this.columns;

    // The first email location with something left after normalizing counts (interned at extraction).
    const exact = settings.emailComparison === 'exact';
    const key = exact ? inputs.exactEmailKey(p) : inputs.looseEmailKey(p);
    const userId = inputs.userIdKey(p);
    let byEmail = -1;
    let emailSnapshot = -1;
    if (key >= 0) {
      byEmail = this.byEmail.first(key);
      if (byEmail >= 0) {
        const count = this.byEmail.count(key);
        if (count > 1) {
          this.alsoFound.set(i, count - 1);
          this.alsoFoundUsers.set(i, this.current[this.byEmail.second(key)]);
        }
        emailSnapshot = this.current[byEmail];
      } else if (this.byLooseEmail !== undefined) {
        const near = this.byLooseEmail.first(inputs.nearEmailKey(p));
        if (near >= 0) this.nearMisses.set(i, this.current[near]);
      }
    }
    let byUsername = -1;
    if (userId >= 0) {
      // The user the email found already has this username: the userId names that user, no
      // conflict is possible, and the lookup is saved (the common case: identify with both).
      byUsername = byEmail >= 0 && this.usernameKeys[byEmail] === userId ? byEmail : this.byUsername.first(userId);
      if (byUsername >= 0) this.noteUsernameHolders(i, userId, byUsername);
      else this.noteUsernameNearMiss(i, inputs.userIdValue(p), userId);
    }

    let kind: number;
    let target: number;
    if (byEmail >= 0 && byUsername >= 0 && byEmail !== byUsername) {
      const emailWins = settings.conflict === 'email-wins';
      target = emailWins ? byEmail : byUsername;
      kind = (emailWins ? MATCHED_BY_EMAIL : MATCHED_BY_USERNAME) | CONFLICT;
    } else if (byEmail >= 0) {
      target = byEmail;
      kind = MATCHED_BY_EMAIL;
    } else if (byUsername >= 0) {
      target = byUsername;
      kind = MATCHED_BY_USERNAME;
    } else if (key >= 0 || userId >= 0) {
      target = -1;
      kind = CREATED;
    } else {
      // Neither an email nor a userId: the setting decides. An anonymous user's username is its
      // anonymousId, so the same anonymousId finds it again.
      const anonymousId = inputs.anonymousIdKey(p);
      if (settings.noIdentity === 'unmatched' || anonymousId < 0) {
        c[o + KIND] = UNMATCHED;
        c[o + BY_EMAIL] = -1;
        c[o + BY_USERNAME] = -1;
        c[o + AFTER] = -1;
        return true;
      }
      target = this.byUsername.first(anonymousId);
      if (target >= 0) this.noteUsernameHolders(i, anonymousId, target);
      else this.noteUsernameNearMiss(i, inputs.anonymousIdValue(p), anonymousId);
      c[o + KIND] = target < 0 ? CREATED : MATCHED_BY_USERNAME;
      c[o + BY_EMAIL] = -1;
      c[o + BY_USERNAME] = target < 0 ? -1 : this.current[target];
      c[o + AFTER] = this.apply(i, p, target, -1, anonymousId, idText(inputs.anonymousIdValue(p)), -1, target);
      return true;
    }
    c[o + KIND] = kind;
    c[o + BY_EMAIL] = emailSnapshot;
    c[o + BY_USERNAME] = byUsername < 0 ? -1 : this.current[byUsername];
    c[o + AFTER] = this.apply(i, p, target, key, userId, undefined, byEmail, byUsername);
    return true;
  }

  /**
   * Creates (target -1) or updates the user; returns its snapshot after the decision. p: the
   * message's input position. key: the
   * email's interned key (-1: none); usernameKey and username: the userId's (the anonymousId's),
   * the text read from the input when not given.
   */
  private apply(
    i: number,
    p: number,
    target: number,
    key: number,
    usernameKey: number,
    username: string | undefined,
    byEmail: number,
    byUsername: number,
  ): number {
    const inputs = this.inputs;
    const seq = inputs.seq(p);
    let from: FieldSource | undefined;
    let changed = false;
    let user: DirectoryUser;
    let index: number;
    if (target < 0) {
      user = { id: createdUserId(seq, (id) => this.startIds.has(id)), properties: NO_PROPERTIES, sources: {}, createdBy: seq, touchedBy: [seq] };
      const anonymousId = idText(inputs.anonymousIdValue(p));
      if (anonymousId !== undefined) user.anonymousId = anonymousId;
      index = this.users.push(user) - 1;
      this.ownProperties.push(false);
      this.current.push(-1); // a new user always gets a username or an email: its snapshot is taken below
      this.emailKeys.push(-1);
      this.looseKeys.push(-1);
      this.usernameKeys.push(-1);
      this.looseUsernameKeys.push(-1);
    } else {
      index = target;
      user = this.users[index];
    }
    let renamed = false;
    // A field held by the other user of a conflict is left alone, so no two users share it.
    if (usernameKey >= 0 && this.usernameKeys[index] !== usernameKey && (byUsername < 0 || byUsername === index)) {
      if (this.usernameKeys[index] >= 0) {
        this.byUsername.remove(this.usernameKeys[index], index);
        this.recordLost(this.usernamesLost, this.usernameKeys[index], i, this.current[index]);
      }
      this.byUsername.add(usernameKey, index);
      this.usernameKeys[index] = usernameKey;
      user.username = username ?? idText(inputs.userIdValue(p));
      if (this.looseUsernameKeys[index] >= 0) {
        this.byLooseUsername.remove(this.looseUsernameKeys[index], index);
        this.looseUsernameKeys[index] = -1;
      }
      this.indexLooseUsername(index, user.username!);
      ownSources(user).username = from ??= { seq, at: inputs.receivedAt(p) };
      renamed = changed = true;
    }
    if (key >= 0 && this.emailKeys[index] !== key && (byEmail < 0 || byEmail === index)) {
      const exact = this.settings.emailComparison === 'exact';
      const raw = inputs.emailValue(p, exact ? inputs.exactEmailAt(p) : inputs.looseEmailAt(p)) as string;
      if (this.emailKeys[index] >= 0 && user.email !== undefined && emailKey(user.email, this.settings.emailComparison) !== '') this.recordLost(this.emailsLost, this.emailKeys[index], i, this.current[index]);
      this.unindexEmail(index);
      user.email = exact ? raw : raw.trim();
      this.indexEmail(index, key, exact ? inputs.nearEmailKey(p) : -1, false);
      ownSources(user).email = from ??= { seq, at: inputs.receivedAt(p) };
      renamed = changed = true;
    }
    const traits = inputs.traits(p);
    let props: FieldChange[] | undefined;
    for (const k in traits) {
      const v = traits[k];
      const before = ownProperty(user.properties, k);
      if (sameValue(before, v)) continue;
      (props ??= []).push({ field: `properties.${k}`, before, after: v });
      if (!this.ownProperties[index]) {
        user.properties = { ...user.properties };
        this.ownProperties[index] = true;
      }
      setProperty(user.properties, k, v);
      ownSources(user)[`properties.${k}`] = from ??= { seq, at: inputs.receivedAt(p) };
    }
    if (props !== undefined) {
      this.propertyChanges.set(i, props);
      changed = true;
    }
    if (renamed) this.current[index] = this.snapshots.push(ref(user)) - 1;
    if (changed && target >= 0) {
      if (user.touchedBy === NO_SEQS) user.touchedBy = [seq];
      else user.touchedBy.push(seq);
    }
    return this.current[index];
  }

  /** Indexes user i's username by its loose key when that is not the username itself (rare). */
  private indexLooseUsername(i: number, username: string): void {
    const loose = looseUsernameKey(username);
    if (loose === username || loose === '') return;
    const key = this.inputs.interner.id(loose);
    this.looseUsernameKeys[i] = key;
    this.byLooseUsername.add(key, i);
  }

  /**
   * The userId (or, for an anonymous user, the anonymousId) found nobody: notes the first user (in
   * directory order) whose username differs from it only by space around it or invisible
   * characters, for the trace to name. value: the id as the message holds it; userId: its key.
   */
  private noteUsernameNearMiss(i: number, value: unknown, userId: number): void {
    const text = idText(value);
    if (text === undefined) return;
    const loose = looseUsernameKey(text);
    if (loose === '') return;
    const key = loose === text ? userId : this.inputs.interner.id(loose);
    // A clean username equal to the loose userId (only when the userId itself is not clean), or a
    // username that is not clean whose loose key is the same.
    const clean = loose === text ? -1 : this.byUsername.first(key);
    const unclean = this.byLooseUsername.first(key);
    const near = clean < 0 ? unclean : unclean < 0 ? clean : Math.min(clean, unclean);
    if (near >= 0) this.usernameNearMisses.set(i, this.current[near]);
  }

  /** Indexes user i's email: its key (not when empty) and, under exact comparison, its loose key. */
  private indexEmail(i: number, key: number, looseKey: number, empty: boolean): void {
    this.emailKeys[i] = key;
    if (!empty) this.byEmail.add(key, i);
    if (this.byLooseEmail !== undefined) {
      this.looseKeys[i] = looseKey;
      this.byLooseEmail.add(looseKey, i);
    }
  }

  private unindexEmail(i: number): void {
    if (this.emailKeys[i] < 0) return;
    this.byEmail.remove(this.emailKeys[i], i);
    this.emailKeys[i] = -1;
    if (this.byLooseEmail !== undefined) {
      this.byLooseEmail.remove(this.looseKeys[i], i);
      this.looseKeys[i] = -1;
    }
  }
}

/** The decisions (in columns, see Matcher) and the directory a run of the rule leaves. */
export type MatchingResult = Matcher;

/**
 * The decisions and directory for these inputs, from scratch: a pure function of its arguments.
 * Every input of MatchInputs, or the listed ones (which must all come from `from`).
 */
export function deriveMatching(start: readonly StartingUser[], settings: MatchingSettings, inputs: MatchInputs | readonly MatchInput[], from: MatchInputs = sharedMatchInputs): MatchingResult {
  if (inputs instanceof MatchInputs) {
    const m = new Matcher(start, settings, inputs);
    for (let p = 0; p < inputs.length; p++) m.matchAt(p);
    return m;
  }
  const m = new Matcher(start, settings, from);
  for (let i = 0; i < inputs.length; i++) m.match(inputs[i]);
  return m;
}
