// Sessions read a message's time as the rest of Eventbench does (tracking-api/time: a time
// without an offset is UTC), so the same captures give the same sessions in every time zone. They
// were read with Date.parse, which takes "2026-05-01T10:00:00" (analytics-python's naive
// datetimes, a time typed by hand) as local time: in New York, 4 hours later than the inspector.
import { describe, expect, it } from 'vitest';
import type { CapturedMessage, CaptureOrigin } from '../../../src-shared/capture';
import { toSessionInput, type SessionInput } from '../../../src-shared/sessions/session-input';
import { durationMs, firstMs, lastMs, moduleTimes, SessionModel } from '../../../src-shared/sessions/sessions';
import { canSwitchTimeZone, inTimeZone, ZONES } from '../time-zone';

const MIN = 60_000;
const ORIGIN: CaptureOrigin = { kind: 'tracking', endpoint: '/v1/batch', writeKeySource: 'basic', writeKey: 'k' };
const capture = (seq: number, receivedAt: string, message: Record<string, unknown>): CapturedMessage =>
  ({ seq, requestId: `r${seq}`, receivedAt, origin: ORIGIN, headers: {}, message: { anonymousId: 'anon-1', type: 'track', ...message, receivedAt }, messageIdAssigned: false, dropReasons: [], findings: [] }) as CapturedMessage;

// Offset-less times, one with Z among them, and an offset-less receipt time for the last one.
const CAPTURES = [
  capture(1, '2026-05-01T10:00:05.000Z', { event: 'Opened', originalTimestamp: '2026-05-01T10:00:00', properties: { module: 'Billing' } }),
  capture(2, '2026-05-01T10:12:05.000Z', { event: 'Paid', timestamp: '2026-05-01T10:12:00.123456', properties: { module: 'Billing' } }),
  capture(3, '2026-05-01T10:15:05.000Z', { event: 'Viewed', originalTimestamp: '2026-05-01T10:15:00Z', properties: { module: 'Reports' } }),
  capture(4, '2026-05-01T10:20:00', { event: 'Closed', properties: { module: 'Reports' } }),
];

function sessionsIn(zone: string) {
  return inTimeZone(zone, () => {
    const inputs = CAPTURES.map((c) => toSessionInput(c)).filter((i): i is SessionInput => i !== undefined);
    const model = SessionModel.from(inputs, { timeoutMs: 30 * MIN });
    return {
      inputs: inputs.map((i) => [i.timeMs, i.timeSource, i.arrivalMs]),
      sessions: [...model.sessions()].map((s) => ({ id: s.id, first: firstMs(s), last: lastMs(s), duration: durationMs(s), modules: moduleTimes(s) })),
    };
  });
}

describe('sessions from times without an offset', () => {
  it('read them as UTC: one session of 20 minutes, the times Date.UTC gives', () => {
    const expected = {
      inputs: [
        [Date.UTC(2026, 4, 1, 10, 0), 'originalTimestamp', Date.UTC(2026, 4, 1, 10, 0, 5)],
        [Date.UTC(2026, 4, 1, 10, 12, 0, 123), 'timestamp', Date.UTC(2026, 4, 1, 10, 12, 5)],
        [Date.UTC(2026, 4, 1, 10, 15), 'originalTimestamp', Date.UTC(2026, 4, 1, 10, 15, 5)],
        [Date.UTC(2026, 4, 1, 10, 20), 'receivedAt', Date.UTC(2026, 4, 1, 10, 20)],
      ],
      sessions: [
        {
          id: 'anon-1#1',
          first: Date.UTC(2026, 4, 1, 10),
          last: Date.UTC(2026, 4, 1, 10, 20),
          duration: 20 * MIN,
          modules: [
            { key: 'Billing', ms: 15 * MIN },
            { key: 'Reports', ms: 5 * MIN },
          ],
        },
      ],
    };
    for (const zone of ZONES) expect(sessionsIn(zone), zone).toEqual(expected);
  });

  // Needs the zone switched (not in a worker thread: see canSwitchTimeZone).
  it.skipIf(!canSwitchTimeZone)('are the same with TZ=UTC and TZ=America/New_York', () => {
    // The zone is in effect: New York reads a local date-time 4 hours after UTC in May.
    expect(inTimeZone('America/New_York', () => new Date(2026, 4, 1, 10).getTime())).toBe(Date.UTC(2026, 4, 1, 14));
    expect(sessionsIn('America/New_York')).toEqual(sessionsIn('UTC'));
  });
});
