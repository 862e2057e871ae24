// The matching part of the UI <-> engine contract (src-shared/api.ts imports and re-exports it).
import type { MatchingComparison } from './compare';
import type { ColumnReadAsText } from './csv-text-columns';
import type { ExplainedDecision, MatchingSettings, MatchOutcome } from './types';

export interface MatchingStatus {
  settings: MatchingSettings;
  /** Decisions made (messages matched). */
  decisions: number;
  /** Users in the live directory, and in the starting one (users.json). */
  users: number;
  startingUsers: number;
  /** Captures the matcher has seen. */
  messagesSeen: number;
  /**
   * Changes whenever every decision was derived again (settings, starting directory, clear): while
   * it stays the same, decisions are only ever appended, so a client can fetch just the new ones.
   */
  generation: number;
}
/** A decision without its trace: a row of the Matching list. */
export interface DecisionRow {
  seq: number;
  messageId?: string;
  type?: string;
  receivedAt: string;
  outcome: MatchOutcome;
  userId?: string;
  conflict: boolean;
  /** In a conflict, the directory id of the user the setting did not choose (the one that lost). */
  conflictLoser?: string;
  /** Fields changed, e.g. ["email", "properties.plan"]. */
  changed: string[];
  /** What names the message: a track's event, else a page's or screen's name. */
  event?: string;
  /**
   * Who the message says it is, each as it carried it: its email (the first the rule reads; a
   * group call's traits.email is its account's, not read), its userId (a number as its text), its
   * anonymousId. `userId` above is the directory user the rule chose.
   */
  email?: string;
  messageUserId?: string;
  anonymousId?: string;
  /**
   * How many directory users held the message's email when it was looked up, when more than one
   * did: the rule took the first in directory order, the usual cause of events on the wrong user.
   */
  emailHolders?: number;
  /**
   * Likewise for the username the message's userId (for an anonymous user, its anonymousId) was
   * looked up as: how many directory users had it, when more than one did.
   */
  usernameHolders?: number;
}
/** A decision with its structured trace and the same trace as numbered-ready sentences. */
export type DecisionDetail = ExplainedDecision & { steps: string[] };
export interface DecisionQuery {
  outcome?: MatchOutcome;
  /** Directory id of the user the decision updated or created. */
  userId?: string;
  /**
   * Directory id of a user the decision is about: the one it updated or created, or the one that
   * lost its conflict (the email found one user, the userId named another).
   */
  involving?: string;
  seq?: number;
  /**
   * A userId or email the message carried (its userId equal, or its email equal ignoring case and
   * surrounding space): the decisions about those messages, whichever user each landed on.
   */
  carried?: string;
  /** Only decisions about messages after this seq. */
  afterSeq?: number;
  conflict?: boolean;
  /** Keep the newest N (default 1000). */
  limit?: number;
}
export interface UsersQuery {
  /** Case-insensitive substring of id, username, email or a property value. */
  q?: string;
  sort?: 'id' | 'username' | 'email' | 'changes';
  descending?: boolean;
  /** At most N users (default 1000). */
  limit?: number;
}
export interface WhatIfResult {
  settings: MatchingSettings;
  comparison: MatchingComparison;
  /** Totals before the lists were cut to keep the answer small. */
  totals: { decisions: number; added: number; removed: number; changed: number };
}
export type ColumnTarget = 'id' | 'username' | 'email' | 'property' | 'ignore';
export interface UsersImportPreview {
  format: 'csv' | 'json';
  columns: string[];
  /** The first rows as text, in column order. */
  rows: { line: number; values: string[] }[];
  /** Rows in the file (good and bad). */
  total: number;
  /** The suggested mapping: every column -> what it becomes. */
  mapping: Record<string, ColumnTarget>;
  /** The first problems found while reading the file. */
  errors: { line: number; message: string }[];
  /** CSV: the columns holding a number, true/false or JSON, which are imported as text (csv-text-columns.ts). */
  readAsText?: ColumnReadAsText[];
}
export interface UsersImportRequest {
  /** CSV with a header row, or a JSON array of objects. */
  text: string;
  /** Column -> target; unmapped columns become properties. Default: the suggested mapping. */
  mapping?: Record<string, ColumnTarget>;
  /** Replace the starting directory instead of adding to it (users with an existing id replace it). */
  replace?: boolean;
}

