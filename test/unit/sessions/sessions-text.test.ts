// The Sessions tab's "Copy sessions": the sessions listed, as a table support can paste into a reply
// or a spreadsheet (tab-separated, a header naming the time zone and the timeout). Worked out by hand
// from the rules (README "Sessions and the simulation clock").
import { describe, expect, it } from 'vitest';
import { SessionModel } from '../../../src-shared/sessions/sessions';
import type { SessionInput } from '../../../src-shared/sessions/session-input';
import { querySessions } from '../../../src-shared/sessions/view';
import { sessionsText } from '../../../src-shared/sessions/sessions-text';

const MIN = 60_000;
const T0 = Date.parse('2026-12-04T09:00:00Z');
const at = (min: number) => T0 + min * MIN;
const msg = (seq: number, min: number, o: Partial<SessionInput> = {}): SessionInput => ({ seq, anonymousId: 'laptop', type: 'track', feature: 'F', timeMs: at(min), timeSource: 'timestamp', arrivalMs: at(min), endpoint: '/v1/t', ...o });

describe('sessionsText', () => {
  // laptop: 0..10 (Reports), silent 35 min, 45..48; phone: 20..26 and still open at 40.
  const model = SessionModel.from(
    [
      msg(1, 0, { type: 'identify', feature: '(identify)', userId: 'jdoe', groupId: 'acme' }),
      msg(2, 4, { feature: 'Report Viewed', module: 'Reports', userId: 'jdoe' }),
      msg(3, 10, { feature: 'Report Exported', module: 'Reports', userId: 'jdoe' }),
      msg(4, 20, { anonymousId: 'phone', feature: 'Message Read', module: 'Inbox', userId: 'jdoe' }),
      msg(5, 26, { anonymousId: 'phone', feature: 'Comment\tAdded', module: '=Inbox', userId: 'jdoe' }),
      msg(6, 45, { feature: 'Dashboard Viewed', module: 'Dashboard', userId: 'jdoe' }),
      msg(7, 48, { feature: 'Report Viewed', module: 'Reports', userId: 'jdoe' }),
    ],
    { timeoutMs: 30 * MIN },
  );
  const text = sessionsText(querySessions(model, {}, at(50)), 30 * MIN);
  const lines = text.split('\n');

  it('a title naming the count, the timeout and the time zone, then a header row and one row per session in start order', () => {
    expect(lines[0]).toBe('3 Freshsuccess sessions (timeout 30 min; times in UTC)');
    expect(lines[1].split('\t')).toEqual(['Session', 'anonymousId', 'User', 'Account', 'State', 'From', 'To', 'Duration', 'Messages', 'Times out', 'Time per module']);
    expect(lines.slice(2).map((l) => l.split('\t')[0])).toEqual(['laptop#1', 'phone#1', 'laptop#2']);
    expect(lines).toHaveLength(5);
  });

  it('each session: its user, account, state, times (UTC, to the second), duration, message count and module times, largest first', () => {
    expect(lines[2].split('\t')).toEqual(['laptop#1', 'laptop', 'jdoe', 'acme', 'timed out', '2026-12-04 09:00:00', '2026-12-04 09:10:00', '10 min', '3', '2026-12-04 09:40:00', 'Reports 6 min; (no module) 4 min']);
    // Open at the clock reading (26 + 30 = 56 > 50): with the time left.
    expect(lines[3].split('\t')).toEqual(['phone#1', 'phone', 'jdoe', 'acme', 'open, times out in 6 min', '2026-12-04 09:20:00', '2026-12-04 09:26:00', '6 min', '2', '2026-12-04 09:56:00', "Inbox 6 min; '=Inbox 0 s"]);
    expect(lines[4].split('\t').slice(0, 9)).toEqual(['laptop#2', 'laptop', 'jdoe', 'acme', 'open, times out in 28 min', '2026-12-04 09:45:00', '2026-12-04 09:48:00', '3 min', '2']);
  });

  it('a tab or line break inside a value cannot break the table; a value a spreadsheet would run as a formula is written as text', () => {
    const odd = SessionModel.from([msg(1, 0, { anonymousId: 'a\tb\nc', userId: '@cmd' })], { timeoutMs: 30 * MIN });
    const row = sessionsText(querySessions(odd, {}, at(50)), 30 * MIN).split('\n')[2].split('\t');
    expect(row.slice(0, 5)).toEqual(['a b c#1', 'a b c', "'@cmd", '', 'timed out']);
  });

  it('sessions that began at the same moment are in anonymousId order, whatever order they are listed in; a CRLF is one space', () => {
    const same = SessionModel.from(
      [msg(1, 0, { anonymousId: 'b-phone' }), msg(2, 0, { anonymousId: 'c-tablet' }), msg(3, 0, { anonymousId: 'a-laptop\r\nx' })],
      { timeoutMs: 30 * MIN },
    );
    const listed = querySessions(same, {}, at(50));
    for (const order of [listed, [...listed].reverse(), [listed[1], listed[2], listed[0]]]) {
      expect(sessionsText(order, 30 * MIN).split('\n').slice(2).map((l) => l.split('\t')[1])).toEqual(['a-laptop x', 'b-phone', 'c-tablet']);
    }
  });

  it('a session at the last moment a Date holds: its times whole, to the second, the timeout past it too (it read "+275760-09-13 00:00" and "8640000001800000")', () => {
    const far = SessionModel.from([msg(1, 0, { timeMs: 8.64e15, arrivalMs: T0 })], { timeoutMs: 30 * MIN });
    const row = sessionsText(querySessions(far, {}, at(50)), 30 * MIN).split('\n')[2].split('\t');
    expect([row[5], row[6], row[9]]).toEqual(['+275760-09-13 00:00:00', '+275760-09-13 00:00:00', '+275760-09-13 00:30:00']);
  });

  it('no sessions: the title says so and the header stays', () => {
    expect(sessionsText([], 45 * MIN)).toBe('0 Freshsuccess sessions (timeout 45 min; times in UTC)\nSession\tanonymousId\tUser\tAccount\tState\tFrom\tTo\tDuration\tMessages\tTimes out\tTime per module');
  });
});
