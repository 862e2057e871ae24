// The inspector's list while a big log loads: older rows are put in front of the ones shown, 50,000
// at a time. Scrolled up, the rows on screen must stay on screen (the scroll position moves down
// by the rows added); following the bottom, the newest stay. happy-dom lays nothing out, so the
// scroll element's heights are given as Chromium would have them. The views are put in the store
// as the messages slice puts them.
import { act, fireEvent, render } from '@testing-library/react';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { MessageSummary } from '../../src-shared/capture';
import { MessageList } from '../../src-renderer/src/inspector/MessageList';
import { AppProvider, createAppStore } from '../../src-renderer/src/state';
import { RowList } from '../../src-renderer/src/state/row-list';
import { summaryRow } from '../summary-row';
import { clientPerTest } from './engine-http';

const engine = clientPerTest();
const ROW = 30;
const VIEWPORT = 600;

function rows(from: number, to: number): RowList {
  return RowList.of(Array.from({ length: to - from + 1 }, (_, i): MessageSummary => summaryRow(from + i)));
}

// The list reads its viewport's height when it mounts: the scroll element has it from the start.
const clientHeight = Object.getOwnPropertyDescriptor(HTMLElement.prototype, 'clientHeight');
beforeEach(() => {
  Object.defineProperty(HTMLElement.prototype, 'clientHeight', {
    configurable: true,
    get(this: HTMLElement) {
      return this.classList.contains('msg-scroll') ? VIEWPORT : (clientHeight?.get?.call(this) ?? 0);
    },
  });
});
afterEach(() => {
  if (clientHeight) Object.defineProperty(HTMLElement.prototype, 'clientHeight', clientHeight);
});

function setup() {
  const store = createAppStore(engine.client.api);
  act(() => store.setState({ rows: rows(2001, 6000), view: rows(2001, 6000), paused: false }));
  const { container } = render(
    <AppProvider api={engine.client.api} store={store}>
      <MessageList active />
    </AppProvider>,
  );
  const scroller = container.querySelector('.msg-scroll') as HTMLElement;
  Object.defineProperty(scroller, 'scrollHeight', { configurable: true, get: () => store.getState().view.length * ROW });
  const seqsShown = () => [...container.querySelectorAll('.msg-row')].map((e) => Number((e as HTMLElement).dataset.seq));
  return { store, scroller, seqsShown };
}

describe('inspector list: older rows put in front', () => {
  it('scrolled up: the rows on screen stay on screen', () => {
    const { store, scroller, seqsShown } = setup();
    // Scroll up so that row 3001 (index 1000) is at the top.
    act(() => {
      scroller.scrollTop = 1000 * ROW;
      fireEvent.scroll(scroller);
    });
    expect(seqsShown()).toContain(3001);
    expect(seqsShown()).not.toContain(6000);
    act(() => store.setState({ rows: rows(1, 6000), view: rows(1, 6000) }));
    expect(scroller.scrollTop).toBe(3000 * ROW);
    expect(seqsShown()).toContain(3001);
    expect(seqsShown()).toContain(3010);
    expect(seqsShown()).not.toContain(1001);
  });

  it('at the bottom: the newest rows stay, and no row on screen is made again', () => {
    const { store, scroller, seqsShown } = setup();
    expect(seqsShown()).toContain(6000);
    const before = new Map([...document.querySelectorAll('.msg-row')].map((e) => [Number((e as HTMLElement).dataset.seq), e]));
    act(() => store.setState({ rows: rows(1, 6000), view: rows(1, 6000) }));
    expect(scroller.scrollTop).toBe(6000 * ROW - VIEWPORT);
    expect(seqsShown()).toContain(6000);
    // The newest row's element is the one that was there.
    expect(document.querySelector('.msg-row[data-seq="6000"]')).toBe(before.get(6000));
  });
});
