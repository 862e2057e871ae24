// The Matching tab's decisions list by keyboard: the list takes focus (tabIndex 0), and ↑/↓,
// Home and End move the selected decision through the rows the filters keep, as the inspector's
// list does. Rows were chosen by mouse only, so a keyboard user reached the list but could open
// no trace. The rows are put in the store as the engine's matching.changed event puts them.
import { act, fireEvent, render, screen } from '@testing-library/react';
import { describe, expect, it } from 'vitest';
import type { DecisionRow } from '../../src-shared/matching/api-types';
import { DecisionsPanel } from '../../src-renderer/src/matching/DecisionsPanel';
import { AppProvider, createAppStore } from '../../src-renderer/src/state';
import { clientPerTest } from './engine-http';

const engine = clientPerTest();

const row = (seq: number, outcome: DecisionRow['outcome'], conflict = false): DecisionRow => ({
  seq,
  receivedAt: '2026-01-01T09:00:00.000Z',
  type: 'track',
  outcome,
  userId: `u-${seq}`,
  conflict,
  changed: [],
  event: 'Order Completed',
  email: `user${seq}@example.com`,
  messageUserId: `user${seq}`,
});

describe('Matching: the decisions list by keyboard', () => {
  it('moves the selection with ↑/↓, Home and End through the rows the filters keep', () => {
    const store = createAppStore(engine.client.api);
    render(
      <AppProvider api={engine.client.api} store={store}>
        <DecisionsPanel active />
      </AppProvider>,
    );
    const rows = [row(900001, 'created'), row(900002, 'matched-by-email', true), row(900003, 'unmatched'), row(900004, 'matched-by-email', true)];
    act(() => store.setState({ decisionRows: rows, decisionTotal: rows.length, outcomeBySeq: new Map(rows.map((r) => [r.seq, r])), loading: null }));
    const list = screen.getByRole('listbox', { name: 'Matching decisions' });
    expect(list.tabIndex).toBe(0);
    const key = (k: string) => act(() => void fireEvent.keyDown(list, { key: k }));

    key('ArrowDown');
    expect(store.getState().traceSeq).toBe(900001);
    key('ArrowDown');
    key('ArrowDown');
    expect(store.getState().traceSeq).toBe(900003);
    key('ArrowUp');
    expect(store.getState().traceSeq).toBe(900002);
    key('End');
    expect(store.getState().traceSeq).toBe(900004);
    key('ArrowDown'); // stays on the last row
    expect(store.getState().traceSeq).toBe(900004);
    key('Home');
    expect(store.getState().traceSeq).toBe(900001);

    // Only the rows the filters keep: "Conflicts only" leaves 900002 and 900004.
    act(() => store.getState().setMatchingConflictOnly(true));
    key('End');
    expect(store.getState().traceSeq).toBe(900004);
    key('ArrowUp');
    expect(store.getState().traceSeq).toBe(900002);
  });
});
