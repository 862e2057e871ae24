// Session inputs for the session model's tests: messages at T0 + minutes, one anonymousId.
import type { SessionInput } from '../../../src-shared/sessions/session-input';
import { SessionModel } from '../../../src-shared/sessions/sessions';

export const MIN = 60_000;
export const T0 = Date.parse('2026-03-01T10:00:00Z');
export const TIMEOUT = 30 * MIN;

/** A message at T0 + minutes, arriving then too unless `arrivalMin` says otherwise. */
export function msg(seq: number, minutes: number, o: Partial<SessionInput> & { arrivalMin?: number } = {}): SessionInput {
  const { arrivalMin, ...rest } = o;
  return { seq, anonymousId: 'a', type: 'track', feature: 'F', timeMs: T0 + minutes * MIN, timeSource: 'originalTimestamp', arrivalMs: T0 + (arrivalMin ?? minutes) * MIN, endpoint: '/v1/track', ...rest };
}
export const build = (inputs: SessionInput[], timeoutMs = TIMEOUT) => SessionModel.from(inputs, { timeoutMs });
