// A messageId the client sent that identifies nothing (12345, true, {}, "", null): the receiver
// takes it as missing and assigns one (ingest.ts). The client's value is kept beside the capture
// (CapturedMessage.clientMessageId), so support can still see what the customer's code sent;
// these are the words for it, in the detail pane and as a finding.
import type { Finding } from '../validate/finding';
import { shownValue } from '../shown-value';

export const CLIENT_MESSAGE_ID_RULE = 'segment.messageId.replaced';

/** What kind of JSON value the client sent, for a sentence: "a number", "an empty string". */
export function jsonKindOf(value: unknown): string {
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'an array';
  switch (typeof value) {
    case 'string':
      return value === '' ? 'an empty string' : 'a string';
    case 'number':
      return 'a number';
    case 'boolean':
      return 'a boolean';
    case 'object':
      return 'an object';
    default:
      return typeof value;
  }
}

/**
 * "client sent messageId 12345, a number; Eventbench assigned 6f1d…". `assignedId` undefined: where
 * the assigned id is shown just above (the detail pane), "the id above" rather than it again.
 */
export function clientMessageIdSentence(clientValue: unknown, assignedId?: unknown, exactText?: string): string {
  const kind = jsonKindOf(clientValue);
  // An id past 2^53 with the client's digits, cut as shownValue cuts (its text is JSON already).
  const text = exactText === undefined ? shownValue(clientValue) : exactText.length > 80 ? `${exactText.slice(0, 79)}…` : exactText;
  const shown = clientValue === null ? 'null' : `${text}, ${kind}`;
  const assigned = assignedId === undefined ? 'the id above' : typeof assignedId === 'string' ? assignedId : shownValue(assignedId);
  return `client sent messageId ${shown}; Eventbench assigned ${assigned}`;
}

/** The warning a message whose client messageId was replaced carries (derived, never stored). */
export function clientMessageIdFinding(clientValue: unknown, assignedId: unknown, exactText?: string): Finding {
  return {
    severity: 'warning',
    path: 'messageId',
    rule: CLIENT_MESSAGE_ID_RULE,
    message: `The ${clientMessageIdSentence(clientValue, assignedId, exactText)} in its place: a messageId is a non-empty string (at most 100 characters), and Eventbench takes any other value as missing. Send a unique string per message (a UUID): Segment recognises a retried message by it.`,
    profile: 'segment',
  };
}

/** Findings for a capture with or without a replaced client messageId (an empty list without). */
export function clientMessageIdFindings(capture: { clientMessageId?: unknown; clientMessageIdJson?: string; message: { messageId?: unknown } }): Finding[] {
  return Object.prototype.hasOwnProperty.call(capture, 'clientMessageId') ? [clientMessageIdFinding(capture.clientMessageId, capture.message.messageId, capture.clientMessageIdJson)] : [];
}
