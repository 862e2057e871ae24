// One session in full (the Sessions tab's detail pane) below Playwright: messages sent over HTTP
// to the real engine on a paused simulation clock, the session's detail asked of the engine, and
// what the pane makes of it: open with its countdown, the facts, module time largest first with
// shares, the messages in time order with the gap after each and where each one's time came from,
// then timed out, a message arriving after that in a session of its own, and a late message.
import { cleanup, fireEvent, render, screen, within } from '@testing-library/react';
import { afterAll, afterEach, describe, expect, it, vi } from 'vitest';
import type { SessionDetail } from '../../src-shared/api';
import { localClockTime, localDateTime, utcOffsetText } from '../../src-renderer/src/inspector/format';
import { SessionDetailPane } from '../../src-renderer/src/sessions/SessionDetailPane';
import { clientPerTest, send } from './engine-http';

const engine = clientPerTest();
afterEach(async () => {
  cleanup();
  await engine.client.api.call('clock.act', { action: 'live' });
});
// Its session would stay open for a file that moves the clock to a time before it
// (sessions-view.test.tsx counts the open sessions): the messages go with the file.
afterAll(async () => {
  expect(await send('DELETE', '/api/messages')).toBe(200);
});

const MIN = 60_000;
// Before the times sessions-view.test.tsx uses (2032), far from every other file's: this browser's only session.
const T0 = Date.UTC(2031, 4, 2, 9, 0, 0);
const USER = 'dom-session-detail';
// Sessions are per browser (anonymousId), as Freshsuccess keys them.
const ANONYMOUS_ID = 'dom-sd-browser';

function track(event: string, module: string, atMs: number, original = false, anonymousId = ANONYMOUS_ID) {
  const time = new Date(atMs).toISOString();
  return send('POST', '/v1/track', { userId: USER, anonymousId, event, groupId: 'acct-7', properties: { module }, ...(original ? { originalTimestamp: time } : { timestamp: time }) }, { authorization: `Basic ${Buffer.from('dom-sd:').toString('base64')}` });
}

async function detail(id?: string): Promise<SessionDetail> {
  const [view] = id === undefined ? await engine.client.api.call('sessions.list', { anonymousId: ANONYMOUS_ID }) : [{ id }];
  const d = await engine.client.api.call('sessions.get', { id: view.id });
  if (!d) throw new Error('no session');
  return d;
}

const rowsOf = (section: HTMLElement) => within(section).getAllByRole('row').map((r) => within(r).getAllByRole('cell').map((c) => c.textContent));

describe('Sessions: the detail pane', () => {
  it('shows an open session: countdown, facts, module time largest first, messages with their gaps', async () => {
    await engine.client.api.call('clock.act', { action: 'pause' });
    await engine.client.api.call('clock.act', { action: 'set', to: T0 + 13 * MIN });
    expect(await track('Report Viewed', 'reports', T0, true)).toBe(200);
    expect(await track('Invoice Opened', 'billing', T0 + 2 * MIN)).toBe(200);
    expect(await track('Report Exported', 'reports', T0 + 12 * MIN, true)).toBe(200);
    const d = await detail();
    const onShowMessage = vi.fn();
    const onClose = vi.fn();
    render(<SessionDetailPane detail={d} now={T0 + 13 * MIN} onShowMessage={onShowMessage} onClose={onClose} />);
    const pane = screen.getByRole('complementary', { name: 'Session detail' });

    // Open, timing out 30 minutes after its last message: 29 minutes from now.
    expect(within(pane).getByText('open · times out in 29 min')).toBeTruthy();
    expect(screen.getByTestId('session-duration').textContent).toBe('12 min');
    const facts = Object.fromEntries([...pane.querySelectorAll('dt')].map((dt) => [dt.textContent, dt.nextElementSibling?.textContent]));
    // In local time, as the lanes' axis (this machine's zone: UTC in CI; the e2e test runs in New York).
    expect(facts).toEqual({
      Times: `Local time (${utcOffsetText(T0)}), as on the lanes`,
      From: localDateTime(T0),
      To: localDateTime(T0 + 12 * MIN),
      'Times out': localDateTime(T0 + 42 * MIN),
      User: USER,
      Account: 'acct-7',
    });

    // Module time: each message's module until the next message (reports 0-2 min, billing 2-12).
    const [modules, features] = within(pane).getAllByRole('table');
    expect(rowsOf(modules)).toEqual([
      ['billing', '10 min', '83%'],
      ['reports', '2 min', '17%'],
    ]);
    expect(rowsOf(features).map((r) => r[0])).toEqual(['Invoice Opened', 'Report Viewed', 'Report Exported']);

    const items = within(within(pane).getByRole('list')).getAllByRole('listitem');
    expect(items.map((li) => li.querySelector('.sd-feature')?.textContent)).toEqual(['Report Viewed', 'Invoice Opened', 'Report Exported']);
    // Each line says what it is in words: the message, its event time and where that came from,
    // the gap to the next message and the module it counts toward (it read "· time from timestamp
    // then 02:00", and nothing on the lines with an originalTimestamp).
    const clock = (ms: number) => localDateTime(ms).slice(11);
    expect(items.map((li) => li.querySelector('.sd-when')?.textContent)).toEqual([
      `Event time ${clock(T0)}, from its originalTimestamp`,
      `Event time ${clock(T0 + 2 * MIN)}, from its timestamp (it has no originalTimestamp)`,
      `Event time ${clock(T0 + 12 * MIN)}, from its originalTimestamp`,
    ]);
    expect(items.map((li) => li.querySelector('.sd-gap')?.textContent)).toEqual([
      '2 min until the next message, counted toward reports',
      '10 min until the next message, counted toward billing',
      "The session's last message: its time ends here",
    ]);
    fireEvent.click(within(items[1]).getByRole('button', { name: `#${d.messages[1].seq}` }));
    expect(onShowMessage).toHaveBeenCalledWith(d.messages[1].seq);
    fireEvent.click(within(pane).getByRole('button', { name: 'Close session detail' }));
    expect(onClose).toHaveBeenCalledTimes(1);
    expect(within(pane).queryByText(/Late messages/)).toBeNull();
  });

  it('shows a timed-out session without the message that arrived after it timed out: that one opened a new session', async () => {
    await engine.client.api.call('clock.act', { action: 'pause' });
    await engine.client.api.call('clock.act', { action: 'set', to: T0 + 100 * MIN });
    // Its time is inside the session, but it arrives after the session timed out (domain.md: a new session).
    expect(await track('Report Shared', 'reports', T0 + 20 * MIN, true)).toBe(200);
    const sessions = await engine.client.api.call('sessions.list', { anonymousId: ANONYMOUS_ID });
    expect(sessions.map((v) => [v.id, v.messageSeqs.length, v.late.length])).toEqual([
      [`${ANONYMOUS_ID}#2`, 1, 0],
      [`${ANONYMOUS_ID}#1`, 3, 0],
    ]);
    render(<SessionDetailPane detail={await detail(`${ANONYMOUS_ID}#1`)} now={T0 + 100 * MIN} onShowMessage={() => undefined} onClose={() => undefined} />);
    const pane = screen.getByRole('complementary', { name: 'Session detail' });
    expect(within(pane).getByText('timed out')).toBeTruthy();
    expect(within(within(pane).getByRole('list')).getAllByRole('listitem')).toHaveLength(3);
    expect(within(pane).queryByText(/Late messages/)).toBeNull();
  });

  it('lists a message that would join two open sessions as late, with its time, arrival and why', async () => {
    await engine.client.api.call('clock.act', { action: 'pause' });
    await engine.client.api.call('clock.act', { action: 'set', to: T0 + 100 * MIN });
    // Two sessions dated ahead of the paused clock, 50 minutes apart; then one 25 minutes from each.
    const other = 'dom-sd-joining';
    for (const at of [140, 190, 165]) expect(await track('Report Viewed', 'reports', T0 + at * MIN, true, other)).toBe(200);
    const d = await detail(`${other}#2`);
    expect(d.session.late).toHaveLength(1);
    render(<SessionDetailPane detail={d} now={T0 + 100 * MIN} onShowMessage={() => undefined} onClose={() => undefined} />);
    const pane = screen.getByRole('complementary', { name: 'Session detail' });
    const late = within(pane).getByRole('heading', { name: 'Late messages (1)' }).closest('section')!;
    expect(late.textContent).toContain(`time ${localDateTime(T0 + 165 * MIN)}, arrived ${localDateTime(T0 + 100 * MIN)}`);
    expect(late.textContent).toContain(`its time is less than the timeout from both ${other}#1 and ${other}#2`);
  });

  it('agrees with its lane at the deadline: the page\'s clock, not the engine\'s state as of the fetch, decides', () => {
    // Fetched a moment after the engine's clock passed the deadline; the page's clock is 0.4 s short of it.
    const d: SessionDetail = {
      session: { id: 'a#1', anonymousId: 'a', state: 'timedOut', start: '', end: '', startMs: T0, endMs: T0 + 12 * MIN, durationMs: 12 * MIN, timeoutAt: '', timeoutAtMs: T0 + 42 * MIN, moduleTimes: [], featureTimes: [], messageSeqs: [], late: [] },
      messages: [],
    };
    const { rerender } = render(<SessionDetailPane detail={d} now={T0 + 42 * MIN - 400} onShowMessage={() => undefined} onClose={() => undefined} />);
    const pane = screen.getByRole('complementary', { name: 'Session detail' });
    expect(within(pane).getByText('open · times out in 0.4 s')).toBeTruthy();
    rerender(<SessionDetailPane detail={d} now={T0 + 42 * MIN} onShowMessage={() => undefined} onClose={() => undefined} />);
    expect(within(pane).getByText('timed out')).toBeTruthy();
    expect(within(pane).queryByText(/times out in/)).toBeNull();
  });

  it('a session at the last moment a Date holds: its timeout, 30 min past it, reads as a date and time, and its message\'s time whole', async () => {
    // It read "0NaN-NaN-NaN NaN:NaN:NaN" over a tooltip of digits (8640000001800000), and the
    // message's time, cut from a six-digit year's text by length, "3 00:00:00".
    expect(await send('POST', '/v1/track', { userId: USER, anonymousId: 'dom-sd-far', event: 'Far Away', timestamp: '+275760-09-13T00:00:00.000Z' }, { authorization: `Basic ${Buffer.from('dom-sd:').toString('base64')}` })).toBe(200);
    const [far] = await engine.client.api.call('sessions.list', { anonymousId: 'dom-sd-far' });
    render(<SessionDetailPane detail={await detail(far.id)} now={Date.now()} onShowMessage={() => undefined} onClose={() => undefined} />);
    const pane = screen.getByRole('complementary', { name: 'Session detail' });
    const fact = (name: string) => [...pane.querySelectorAll('dt')].find((dt) => dt.textContent === name)!.nextElementSibling!;
    expect(fact('From').textContent).toBe(localDateTime(8.64e15));
    expect(fact('Times out').textContent).toBe(localDateTime(8.64e15 + 30 * MIN));
    expect(fact('Times out').textContent).toMatch(/^275760-09-1[34] \d\d:\d\d:00$/);
    expect(fact('Times out').querySelector('[title]')!.getAttribute('title')).toBe('+275760-09-13T00:30:00.000Z (UTC)');
    expect(pane.querySelector('.sd-when')!.textContent).toBe(`Event time ${localClockTime(8.64e15)}, from its timestamp (it has no originalTimestamp)`);
    expect(pane.textContent).not.toMatch(/NaN|8640000/);
  });
});
