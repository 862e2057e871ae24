// Size limits of Segment's Tracking API (domain.md). Larger requests get HTTP 400 there, and here.
export const MAX_MESSAGE_BYTES = 32 * 1024;
export const MAX_REQUEST_BYTES = 500 * 1024;
export const MAX_BATCH_MESSAGES = 2500;
export const MAX_MESSAGE_ID_LENGTH = 100;
/** Segment drops a repeated messageId seen within about this long. */
export const DUPLICATE_WINDOW_MS = 24 * 60 * 60 * 1000;

/** 40123 -> "40,123" (fixed format, so error texts do not depend on the machine's locale). */
export function formatCount(n: number): string {
  return String(n).replace(/\B(?=(\d{3})+(?!\d))/g, ',');
}
