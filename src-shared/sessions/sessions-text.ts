// The sessions listed, as text support can paste into a reply or a spreadsheet (the Sessions tab's
// "Copy sessions"): a title naming the count, the timeout and the time zone, a header row, and one
// tab-separated row per session in the order they began. Times are UTC, to the second, so a reader
// in another time zone reads the same moments; a value holding a tab or a line break has them as
// spaces (they would split its row), and one a spreadsheet would run as a formula is written as text.
import { plural } from '../plural';
import { formatDuration, isoTime } from '../sim-clock';
import { tabSeparatedCell as cell } from '../spreadsheet-cell';
import type { SessionView } from './view';

const HEADER = ['Session', 'anonymousId', 'User', 'Account', 'State', 'From', 'To', 'Duration', 'Messages', 'Times out', 'Time per module'];

/** "2026-12-04 09:00:00" (UTC); "+275760-09-13 00:30:00" past year 9999 (cut at 19 characters, it lost the seconds). */
const utc = (ms: number) => isoTime(ms).replace('T', ' ').replace(/\.\d{3}Z$/, '');

export function sessionsText(sessions: readonly SessionView[], timeoutMs: number): string {
  const rows = [...sessions]
    .sort((a, b) => a.startMs - b.startMs || (a.id < b.id ? -1 : a.id > b.id ? 1 : 0))
    .map((s) =>
      [
        cell(s.id),
        cell(s.anonymousId),
        cell(s.userId),
        cell(s.account),
        s.state === 'open' ? `open, times out in ${formatDuration(s.remainingMs ?? 0)}` : 'timed out',
        utc(s.startMs),
        utc(s.endMs),
        formatDuration(s.durationMs),
        String(s.messageSeqs.length),
        utc(s.timeoutAtMs),
        [...s.moduleTimes].sort((a, b) => b.ms - a.ms).map((m) => `${cell(m.key)} ${formatDuration(m.ms)}`).join('; '),
      ].join('\t'),
    );
  return [`${plural(sessions.length, 'Freshsuccess session')} (timeout ${formatDuration(timeoutMs)}; times in UTC)`, HEADER.join('\t'), ...rows].join('\n');
}
