// The rows' event times (src-renderer/src/state/event-times.ts): asked of the engine in batches
// as rows appear, cached by seq. On the real engine over the WebSocket. Tested here what a
// reload and a change of connection do to that cache: an answer asked on a connection since
// closed, an answer in flight when the cache is forgotten, a row whose time was cached when the
// cache is forgotten. In each, the row must end up showing its time, not stay blank.
import { act, render, screen, waitFor } from '@testing-library/react';
import { useState } from 'react';
import { afterAll, beforeEach, describe, expect, it } from 'vitest';
import type { EngineApi } from '../../src-shared/api';
import { forgetEventTimes, useEventTime } from '../../src-renderer/src/state/event-times';
import { connectClient, emptyLogPerTest, send } from './engine-http';

const rig = emptyLogPerTest();
afterAll(async () => {
  expect(await send('DELETE', '/api/messages')).toBe(200);
});

const AT = '2031-03-04T09:05:01.000Z';
let rerender: () => void = () => undefined;

function Row({ api, seq }: { api: EngineApi; seq: number }) {
  const [, setN] = useState(0);
  rerender = () => setN((n) => n + 1);
  const at = useEventTime(api, seq);
  return <span data-testid="time">{at === undefined ? '(asking)' : (at ?? '(none)')}</span>;
}

async function oneMessage(): Promise<number> {
  expect(await send('POST', '/v1/track', { userId: 'u-times', event: 'Timed', timestamp: AT })).toBe(200);
  return (await rig.client.api.call('messages.page', { limit: 1 })).lastSeq;
}

beforeEach(() => forgetEventTimes()); // the cache is module-wide: each test starts from nothing

describe('event times across reloads and connections', () => {
  it('asked on a connection that closed before the batch went out: the row still gets its time, through the connection it is shown with now', async () => {
    const seq = await oneMessage();
    const first = connectClient();
    const shown = render(<Row api={first.api} seq={seq} />);
    // The batch waits 30 ms; the first connection goes before it is sent.
    shown.unmount();
    first.close();
    render(<Row api={rig.client.api} seq={seq} />);
    await waitFor(() => expect(screen.getByTestId('time').textContent).toBe(AT));
  });

  it('an answer in flight when the cache is forgotten is dropped, and the row asks again', async () => {
    const seq = await oneMessage();
    let asked = 0;
    const api: EngineApi = {
      ...rig.client.api,
      call: ((name: string, arg: unknown) => {
        const answer = (rig.client.api.call as (n: string, a: unknown) => Promise<unknown>)(name, arg);
        if (name === 'messages.eventTimes' && ++asked === 1) forgetEventTimes(); // a reload lands meanwhile
        return answer;
      }) as EngineApi['call'],
    };
    render(<Row api={api} seq={seq} />);
    await waitFor(() => expect(screen.getByTestId('time').textContent).toBe(AT));
    expect(asked).toBe(2);
  });

  it('a row whose time was cached asks again once the cache is forgotten, instead of going blank', async () => {
    const seq = await oneMessage();
    const asking = render(<Row api={rig.client.api} seq={seq} />);
    await waitFor(() => expect(screen.getByTestId('time').textContent).toBe(AT));
    // A row that appears with its time already cached (scrolled back into view), then stays alone.
    render(<Row api={rig.client.api} seq={seq} />);
    asking.unmount();
    expect(screen.getByTestId('time').textContent).toBe(AT);
    act(() => forgetEventTimes());
    act(() => rerender());
    await waitFor(() => expect(screen.getByTestId('time').textContent).toBe(AT));
  });
});
