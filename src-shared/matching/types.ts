// Product Fruits user matching: the data the rule reads, the directory it keeps and the decisions
// it makes. Pure data; everything here is a function of (starting directory, settings, messages).
import type { Interner } from './key-index';
import type { MatchInputs } from './match-inputs';

/** The four settings the partner's document leaves open (see settings.ts for the defaults). */
export interface MatchingSettings {
  /** How a message's email is compared with a user's `email`. */
  emailComparison: 'ignore-case-and-space' | 'exact';
  /** A message with neither an email nor a `userId`. */
  noIdentity: 'unmatched' | 'create-anonymous';
  /** The email finds user A while the `userId` names user B. */
  conflict: 'email-wins' | 'userId-wins';
  /** Which captured messages the rule runs on. */
  scope: 'webhook' | 'webhook-and-tracking';
}

export type MatchOutcome = 'matched-by-email' | 'matched-by-username' | 'created' | 'unmatched';
export const MATCH_OUTCOMES: readonly MatchOutcome[] = ['matched-by-email', 'matched-by-username', 'created', 'unmatched'];

/** Where the rule may read an email, in the order it reads them. */
export type EmailPath = 'traits.email' | 'context.traits.email' | 'properties.email';
export const EMAIL_PATHS: readonly EmailPath[] = ['traits.email', 'context.traits.email', 'properties.email'];

/** One field as found on the message: absent, usable text, or a value of the wrong kind. */
export type FieldRead =
  | { state: 'absent' }
  | { state: 'text'; value: string; /** set when the message held a number, read as its text */ fromNumber?: true }
  | { state: 'unusable'; /** e.g. "an object", "true", "an empty string" */ what: string };

/**
 * What matching needs of one captured message: a view of its row in MatchInputs (the columns
 * the engine keeps; see match-inputs.ts), each value read as a FieldRead only when asked for.
 */
export interface MatchInput {
  /** The columns it is a row of, and where. */
  readonly inputs: MatchInputs;
  readonly position: number;
  seq: number;
  messageId?: string;
  type?: string;
  /** The event's name: a track's event, else a page's or screen's name (not read by the rule). */
  readonly event?: string;
  receivedAt: string;
  origin: 'webhook' | 'tracking';
  /** The message's userId, anonymousId and emails as it held them (undefined: absent; see extract.ts). */
  readonly userIdValue: unknown;
  readonly anonymousIdValue: unknown;
  readonly traitsEmail: unknown;
  readonly contextTraitsEmail: unknown;
  readonly propertiesEmail: unknown;
  /** The userId and anonymousId as read (a finite number is read as its text). */
  readonly userId: FieldRead;
  readonly anonymousId: FieldRead;
  /** The three email locations as read, in EMAIL_PATHS order. */
  readonly emails: readonly [FieldRead, FieldRead, FieldRead];
  /** User properties the message carries (context.traits, and traits of an identify), email excluded. */
  traits: Readonly<Record<string, unknown>>;

  // What the rule compares, interned at extraction (see key-index.ts); -1: none.
  /** The interner of the keys below. */
  readonly interner: Interner;
  /** The userId's text. */
  readonly userIdKey: number;
  /** The anonymousId's text (only matched under noIdentity = create-anonymous). */
  anonymousIdKey(): number;
  /** Ignoring case and space: the first email location with something left after trimming (0-2), and that email's key (trimmed, lower case). */
  readonly looseEmailAt: number;
  readonly looseEmailKey: number;
  /** Exact: the first email location holding text (0-2). */
  readonly exactEmailAt: number;
  /** Exact: that email as is, and that email ignoring case and space (for the near miss). */
  exactEmailKey(): number;
  nearEmailKey(): number;
  /** The value at an email location (0-2, EMAIL_PATHS order). */
  emailValue(at: number): unknown;
}

/** A user of the starting directory (users.json): what support imports or edits. */
export interface StartingUser {
  id: string;
  username?: string;
  email?: string;
  properties: Record<string, unknown>;
  /**
   * Over the contract only, as DirectoryUser's: the properties as JSON text with the digits of a
   * number a double cannot hold. users.saveStarting reads the properties from it when given (the
   * user editor sends the text as typed), so 9007199254740993 is not saved as …992.
   */
  propertiesJson?: string;
}

/** The message that set a field, and when it was received. */
export interface FieldSource {
  seq: number;
  at: string;
}

/** A user of the live directory: the starting one changed by every decision so far. */
export interface DirectoryUser {
  id: string;
  username?: string;
  email?: string;
  properties: Record<string, unknown>;
  /**
   * Over the contract, when a property holds a number a double cannot hold (a trait sent as
   * 9007199254740993): the properties as JSON text with those digits; `properties` then holds the
   * nearest double (exact-values.ts: exactPropertiesOf reads them).
   */
  propertiesJson?: string;
  /**
   * Field name ('username', 'email', or 'properties.<key>') -> the message that last set it. A field
   * without an entry comes from the starting directory.
   */
  sources: Record<string, FieldSource>;
  /** null: from the starting directory; else the seq of the message that created it. */
  createdBy: number | null;
  /** The seqs of the messages that created or changed it, in order. */
  touchedBy: number[];
  /** For users created from an anonymousId (setting noIdentity = create-anonymous). */
  anonymousId?: string;
}

/** A user the rule looked at, as it was when looked at. */
export interface UserRef {
  id: string;
  username?: string;
  email?: string;
}

/**
 * The user that had a username or email until a message changed it away: named where a later
 * lookup of that username or email finds nobody (the directory changes as messages arrive, and
 * "no user has it" read as if the starting directory never had it).
 */
export interface FormerHolder {
  /** The user as it was just before that message. */
  user: UserRef;
  /** The message that changed it. */
  seq: number;
  /** What that message changed the field to. */
  changedTo: string | undefined;
}

export type TraceStep =
  | { kind: 'read-email'; path: EmailPath; read: FieldRead; normalized?: string; used: boolean; /** why not used though present */ skipped?: 'earlier-email' | 'empty-after-normalizing' | 'group-traits' }
  | { kind: 'read-id'; path: 'userId' | 'anonymousId'; read: FieldRead }
  | { kind: 'lookup-email'; key: string; comparison: MatchingSettings['emailComparison']; found?: UserRef; /** more users share the key: the first in directory order is taken */ alsoFound?: number; alsoFoundUser?: UserRef; nearMiss?: UserRef; formerly?: FormerHolder }
  | { kind: 'lookup-username'; key: string; viaAnonymousId?: true; found?: UserRef; /** more users have the username (see MatchDecision.usernameAlsoFound) */ alsoFound?: number; alsoFoundUser?: UserRef; formerly?: FormerHolder; /** see MatchDecision.usernameNearMiss */ nearMiss?: UserRef }
  | { kind: 'conflict'; byEmail: UserRef; byUsername: UserRef; winner: 'email' | 'userId' }
  | { kind: 'no-identity'; setting: MatchingSettings['noIdentity'] }
  | { kind: 'created'; user: UserRef }
  | { kind: 'updated'; user: UserRef }
  | { kind: 'kept'; field: 'email' | 'username'; value: string | undefined; wanted: string; heldBy: UserRef };

/** One field an update or a creation changed. */
export interface FieldChange {
  field: string;
  before: unknown;
  after: unknown;
  /**
   * Over the contract, a value holding a number a double cannot hold (a trait sent as
   * 9007199254740993) as JSON text with those digits; before/after then hold the nearest double
   * (exact-values.ts: exactChangeValue reads them).
   */
  beforeJson?: string;
  afterJson?: string;
}

/**
 * The rule's one decision about one matched message, kept compact: what the lookups found, as
 * they were then. The full step-by-step trace is rebuilt from it, the message's MatchInput and the
 * settings on demand (explain.ts), so a million decisions do not hold a million traces.
 */
export interface MatchDecision {
  seq: number;
  messageId?: string;
  type?: string;
  receivedAt: string;
  outcome: MatchOutcome;
  /** The directory id of the user updated or created; absent when unmatched. */
  userId?: string;
  conflict: boolean;
  changes: readonly FieldChange[];
  /** The user the email found (the first in directory order), as it was then. */
  byEmail?: UserRef;
  /** More users had that email too. */
  alsoFound?: number;
  /** The second of them in directory order, as it was then (the trace names it). */
  alsoFoundUser?: UserRef;
  /** Under exact comparison, a user whose email differs only by case, space or Unicode form (NFC/NFD). */
  nearMiss?: UserRef;
  /** The user the userId (or, for anonymous users, the anonymousId) found, as it was then. */
  byUsername?: UserRef;
  /**
   * More users had that username too (a directory can hold two users with one username; the
   * lookup takes the first in directory order, or the user the email found when it has it).
   */
  usernameAlsoFound?: number;
  /** The first of those others in directory order, as it was then (the trace names it). */
  usernameAlsoFoundUser?: UserRef;
  /**
   * The userId (or, for anonymous users, the anonymousId) found nobody, but a user's username
   * differs from it only by space around it or invisible characters (`bob ` or `bob` + U+200B against `bob`), which the exact comparison does not ignore.
   */
  usernameNearMiss?: UserRef;
  /** The userId found nobody, but a user had it as its username until an earlier message changed it. */
  usernameFormerly?: FormerHolder;
  /** The email found nobody, but a user had it until an earlier message changed it. */
  emailFormerly?: FormerHolder;
}

/** A decision with its full trace. */
export type ExplainedDecision = MatchDecision & { trace: TraceStep[] };
