// Size limits of Segment's Tracking API (domain.md). Larger requests get HTTP 400 there, and here.
export const MAX_MESSAGE_BYTES = 32 * 1024;
export const MAX_REQUEST_BYTES = 500 * 1024;
export const MAX_BATCH_MESSAGES = 2500;
export const MAX_MESSAGE_ID_LENGTH = 100;
/**
 * Deepest nesting of objects and arrays accepted. JSON.parse takes any depth, but re-serializing
 * (the API's answers, the UI) overflows the stack somewhere below 5,000: a message that could be
 * stored but never shown again is refused up front instead. Real Segment messages nest a handful
 * of levels.
 */
export const MAX_NESTING_DEPTH = 256;

export function tooDeepMessage(depth: number, what: string): string {
  return `${what} nests objects and arrays ${formatCount(depth)} levels deep; Eventbench accepts at most ${MAX_NESTING_DEPTH} (deeper JSON cannot be shown or sent on again)`;
}
/**
 * Eventbench's own limit: the bytes of batch-level fields (context, integrations, sentAt) copied
 * into the messages of one request. Each message is stored with the copies it takes, so a 400 KB
 * batch-level context over 2,400 one-line messages, a valid 500 KB request, became 1 GB of
 * captures. Real clients copy a library's context of a few hundred bytes: 2,500 of them are
 * under 1 MB.
 */
export const MAX_BATCH_FIELD_COPY_BYTES = 16 * 1024 * 1024;

/** Segment drops a repeated messageId seen within about this long. */
export const DUPLICATE_WINDOW_MS = 24 * 60 * 60 * 1000;

/** 40123 -> "40,123" (fixed format, so error texts do not depend on the machine's locale). */
export function formatCount(n: number): string {
  return String(n).replace(/\B(?=(\d{3})+(?!\d))/g, ',');
}
