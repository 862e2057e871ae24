import type { StoreWriteFailure } from '../../../src-shared/api';
import { localClockTime } from '../inspector/format';

/** The banner's words while the engine cannot write captures (disk full...). */
export function writeFailureText(f: StoreWriteFailure): string {
  const what = f.code === 'ENOSPC' ? 'The disk is full: captures cannot be written' : 'Captures cannot be written';
  return `${what} (${f.message}). Requests are answered 500 since ${localClockTime(Date.parse(f.since))}; clients retry, and nothing of those requests is kept. This goes away once a write succeeds.`;
}
