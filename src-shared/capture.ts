// What the receiver records for every message it captures. One CapturedMessage is one line of
// the capture log (NDJSON) and the unit the inspector, the matcher and the simulator work on.
import type { BodyEncodingProblem } from './tracking-api/utf8';
import type { Finding } from './validate/finding';

/** A JSON object as received; Segment messages are loose, so fields are read defensively. */
export type JsonObject = { [key: string]: unknown };

export type CallType = 'track' | 'identify' | 'group' | 'page' | 'screen' | 'alias';
export const CALL_TYPES: readonly CallType[] = ['track', 'identify', 'group', 'page', 'screen', 'alias'];

/** Why Segment would silently drop (or could not use) a message it answered 200 to. */
export type DropCode =
  | 'missing-identity' // neither userId nor anonymousId
  | 'missing-event' // track without event
  | 'missing-group-id' // group without groupId
  | 'missing-previous-id' // alias without previousId
  | 'unknown-type' // type is not one of the six call types
  | 'duplicate-message-id' // same messageId seen within 24 h
  | 'message-id-too-long'; // messageId over 100 characters

/** Every drop code: the scenario schema's `dropReasons.codes` takes these and no other. */
export const DROP_CODES = ['missing-identity', 'missing-event', 'missing-group-id', 'missing-previous-id', 'unknown-type', 'duplicate-message-id', 'message-id-too-long'] as const satisfies readonly DropCode[];
// Each DropCode is in the list (a code added to the type and not here fails to compile).
const _allDropCodes: DropCode extends (typeof DROP_CODES)[number] ? true : never = true;
void _allDropCodes;

export interface DropReason {
  code: DropCode;
  /** Human sentence, shown after "Segment would drop this: ". */
  message: string;
  /** JSON path of the field concerned, e.g. "userId" or "messageId". */
  path?: string;
}

/** Which bytes a valid X-Signature was computed over. */
export type SignatureBasis = 'raw-body' | 'serialized' | 'first-element';

export type SignatureCheck =
  | { status: 'valid'; basis: SignatureBasis }
  | { status: 'invalid'; received: string }
  | { status: 'missing' }
  /**
   * No secret is set for the webhook, so nothing was checked. `received`: an X-Signature came
   * (its shape, as for 'invalid'); absent when the request was unsigned.
   */
  | { status: 'no-secret'; received?: string };

export type CaptureOrigin =
  | {
      kind: 'tracking';
      /** Request path, e.g. "/v1/batch". */
      endpoint: string;
      /**
       * The write key masked ("abc…xyz", bullets for a short key), never the key itself: logs
       * written before keys were masked hold it in clear, and it is masked when read.
       */
      writeKey?: string;
      /**
       * The first 12 hex digits of the key's SHA-256: the same key, the same fingerprint. What
       * messages are grouped and filtered by source with; the key cannot be had back from it.
       */
      writeKeyFingerprint?: string;
      writeKeySource: 'basic' | 'body' | 'none';
      /**
       * Set when an Authorization header came but could not give a write key (another scheme, bad
       * base64, empty user name): Segment still answers 200 and falls back to the body's writeKey.
       */
      authWarning?: string;
      /** Set when the body had a writeKey that could not be taken (not text, or empty): its type, never its value. */
      writeKeyWarning?: string;
      /**
       * Keys the body wrote twice that the receiver takes out or replaces (a writeKey, a receivedAt,
       * a single call's type other than its path's), one sentence each: the stored message cannot
       * show them, as it shows any other repeat. Never a write key's value.
       */
      replacedKeyRepeats?: string[];
      /** Set when the body was not UTF-8: where, and what its bytes were (each was read as U+FFFD). */
      encoding?: BodyEncodingProblem;
    }
  | {
      kind: 'webhook';
      endpoint: string; // "/webhook/<name>"
      webhook: string;
      signature: SignatureCheck;
      /** As for the Tracking API: set when the body was not UTF-8. */
      encoding?: BodyEncodingProblem;
    };

export interface CapturedMessage {
  /** Position in the capture log, 1-based, increasing; stable across restarts. */
  seq: number;
  /** Groups the messages of one HTTP request (a batch, a webhook array). */
  requestId: string;
  /** ISO-8601, set by the receiver on receipt. */
  receivedAt: string;
  origin: CaptureOrigin;
  /** Request headers, lower-cased names, Authorization and X-Signature values redacted. */
  headers: Record<string, string>;
  /** The message as received plus receivedAt and, when absent, an assigned messageId. */
  message: JsonObject;
  /**
   * The message's text as the log keeps it, present only when it holds a number `message` cannot
   * (an integer past 2^53, a decimal of 16+ significant digits: JSON.parse rounds them). Whatever
   * shows, copies or re-sends the message reads it from here (src-shared/exact-json.ts); findings
   * and filters read `message`.
   */
  messageJson?: string;
  messageIdAssigned: boolean;
  /**
   * Present only when the client sent a messageId the receiver replaced (12345, true, {}, "",
   * null): the value it sent, since `message.messageId` holds the assigned one. Absent in logs
   * written before it was kept.
   */
  clientMessageId?: unknown;
  /**
   * clientMessageId's text as the client wrote it, present only when it holds a number the value
   * cannot (a messageId past 2^53: JSON.parse rounds it), as messageJson is for the message.
   */
  clientMessageIdJson?: string;
  dropReasons: DropReason[];
  /** Validator findings against every profile (Segment spec and partner catalogs). */
  findings: Finding[];
}

/** Compact row for the inspector list; the full message is fetched on demand. */
export interface MessageSummary {
  seq: number;
  receivedAt: string;
  type: string;
  /** event for track, name for page/screen, groupId for group, previousId for alias, traits.email or '' for identify. */
  name: string;
  userId?: string;
  anonymousId?: string;
  origin: 'tracking' | 'webhook';
  endpoint: string;
  /** Write key masked for display, e.g. "abc…xyz". */
  writeKeyMasked?: string;
  /**
   * The write key's fingerprint (see src-main/store/write-key.ts): tells keys apart that mask
   * alike. Carried into the index's request groups (the workspace matches on it); rows sent to
   * the UI leave it out.
   */
  writeKeyFingerprint?: string;
  webhook?: string;
  signature?: SignatureCheck['status'];
  /**
   * With signature 'no-secret': an X-Signature came, but no secret is set to check it (so the
   * request was not "unsigned"). Absent otherwise.
   */
  signatureUnchecked?: true;
  dropCodes: DropCode[];
  /** Profiles with at least one error or warning finding, e.g. ["freshsuccess"]. */
  findingProfiles: string[];
  errorCount: number;
  warningCount: number;
  /**
   * Errors and warnings per entry of findingProfiles, flattened: [errors0, warnings0, errors1, …].
   * Lets the inspector show Segment-spec findings apart from (quieter) partner-profile ones.
   */
  findingCounts?: number[];
}
