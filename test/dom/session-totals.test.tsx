// The Sessions tab's totals pane when it has no row to show: before any session, it says totals
// come with the first; with sessions but no time in any module yet (sessions of one message with
// no module, the per-module tab being the one open), it says why instead of claiming there are none.
import { cleanup, fireEvent, render, screen } from '@testing-library/react';
import { afterEach, describe, expect, it } from 'vitest';
import { SessionTotals } from '../../src-renderer/src/sessions/SessionTotals';

afterEach(cleanup);
const none = () => undefined;

describe('the totals pane with nothing to list', () => {
  it('no session at all: totals come with the first one', () => {
    render(<SessionTotals totals={{ byUser: [], byAccount: [], byModule: [], conflicts: [] }} onShowMessage={none} />);
    expect(screen.getByText('Totals appear with the first session.')).toBeTruthy();
  });

  it('sessions with no module time: the module tab says why it is empty; the user tab lists them', () => {
    const anonymous = { key: '(anonymous)', sessions: 120, timeMs: 0 };
    render(<SessionTotals totals={{ byUser: [anonymous], byAccount: [{ ...anonymous, key: '(no account)' }], byModule: [], conflicts: [] }} onShowMessage={none} />);
    expect(screen.queryByText('Totals appear with the first session.')).toBeNull();
    expect(screen.getByText(/^No module time yet: the gap between two messages of a session counts toward the earlier message's module/)).toBeTruthy();
    fireEvent.click(screen.getByRole('tab', { name: 'Per user' }));
    expect(screen.getByRole('cell', { name: '(anonymous)' })).toBeTruthy();
    expect(screen.getByRole('cell', { name: '120' })).toBeTruthy();
  });
});
