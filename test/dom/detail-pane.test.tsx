// The inspector's detail pane below Playwright: DetailPane in happy-dom on the app's store, the
// selected capture fetched from a real engine over the WebSocket. Drop reasons, the masked write
// key, redacted headers, findings, and a payload with markup that stays text.
import { act, cleanup, fireEvent, render, screen, waitFor, within } from '@testing-library/react';
import { request } from 'node:http';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { DetailPane } from '../../src-renderer/src/inspector/DetailPane';
import { AppProvider, createAppStore } from '../../src-renderer/src/state';
import { connectClient, engineUrl, send } from './engine-http';

const WRITE_KEY = 'wk_detail_SECRET_42';

let client: ReturnType<typeof connectClient>;
beforeEach(async () => {
  expect(await send('DELETE', '/api/messages')).toBe(200);
  client = connectClient();
});
afterEach(() => {
  cleanup();
  client.close();
});

/** The pane on a fresh store of the app, its first page loaded. */
async function renderPane() {
  const store = createAppStore(client.api);
  render(
    <AppProvider api={client.api} store={store}>
      <DetailPane />
    </AppProvider>,
  );
  await store.getState().init();
  return store;
}

/** Selects a message and waits for its detail, loaded. */
async function openDetail(store: ReturnType<typeof createAppStore>, seq: number): Promise<HTMLElement> {
  await act(async () => store.getState().selectMessage(seq));
  return waitFor(() => {
    const p = screen.getByLabelText('Message detail');
    expect(p.getAttribute('aria-busy')).toBeNull();
    expect(p.textContent).toContain(`#${seq}`);
    return p;
  });
}

describe('inspector detail pane', () => {
  it('shows what Segment would drop, the masked key, redacted headers, and markup as text', async () => {
    const markup = '<img src=x onerror="globalThis.pwned=1"><b>bold</b>';
    const auth = `Basic ${Buffer.from(`${WRITE_KEY}:`).toString('base64')}`;
    expect(await send('POST', '/v1/track', { event: markup, properties: { note: markup } }, { authorization: auth })).toBe(200);

    const store = createAppStore(client.api);
    render(
      <AppProvider api={client.api} store={store}>
        <DetailPane />
      </AppProvider>,
    );
    expect(screen.getByText('No message selected')).toBeTruthy();
    await store.getState().init();
    const [row] = store.getState().rows.toArray();
    const pane = await openDetail(store, row.seq);

    // Title: the event name, as text.
    expect(within(pane).getByRole('heading', { level: 2 }).textContent).toBe(markup);
    expect(pane.querySelector('img')).toBeNull();
    expect(pane.querySelector('b')).toBeNull();
    expect((globalThis as { pwned?: number }).pwned).toBeUndefined();
    // No userId or anonymousId: Segment would drop it.
    const drops = within(pane).getByLabelText('Drop reasons');
    expect(drops.textContent).toMatch(/Segment would drop this:/);
    expect(drops.textContent).toMatch(/userId|anonymousId/);
    // The write key is masked everywhere; the Authorization header is redacted.
    expect(pane.textContent).not.toContain(WRITE_KEY);
    expect(pane.textContent).toContain('wk_…_42');
    expect(pane.textContent).not.toContain(auth);
    expect(pane.textContent).toMatch(/authorization/i);
    // The payload itself is there, as text.
    expect(within(pane).getByLabelText('Payload JSON').textContent).toContain('onerror');

    fireEvent.click(within(pane).getByRole('button', { name: 'Close detail' }));
    expect(screen.getByText('No message selected')).toBeTruthy();
  });

  // A webhook delivery that came twice (Segment retries one not answered 2xx within 5 s): the pane
  // said "Segment would drop this … The Tracking API still answers 200", though Segment sent it.
  it('a webhook event delivered twice: the second is a redelivery to take once, not a message Segment would drop', async () => {
    const event = { type: 'track', event: 'Retried', userId: 'u1', messageId: 'wh-retry-1' };
    expect(await send('POST', '/webhook/pf', event)).toBe(200);
    expect(await send('POST', '/webhook/pf', event)).toBe(200);
    const store = await renderPane();
    const [first, again] = store.getState().rows.toArray();
    let pane = await openDetail(store, first.seq);
    expect(within(pane).queryByLabelText('Redelivery')).toBeNull();
    pane = await openDetail(store, again.seq);
    expect(within(pane).queryByLabelText('Drop reasons')).toBeNull();
    expect(pane.textContent).not.toMatch(/Segment would drop|Tracking API still answers/);
    const note = within(pane).getByLabelText('Redelivery');
    expect(note.textContent).toMatch(/^Delivered again: this webhook already received messageId "wh-retry-1" within the last 24 hours/);
    expect(note.textContent).toMatch(/take each messageId once/);
  });

  // A tracking pixel is a GET (an <img src>): the pane said "POST /v1/pixel/track".
  it('a tracking pixel capture shows the GET it came as', async () => {
    const data = Buffer.from(JSON.stringify({ writeKey: WRITE_KEY, userId: 'u1', event: 'Email Opened' })).toString('base64');
    expect(await send('GET', `/v1/pixel/track?data=${data}`)).toBe(200);
    const store = await renderPane();
    const [row] = store.getState().rows.toArray();
    const pane = await openDetail(store, row.seq);
    expect(pane.textContent).toContain('GET /v1/pixel/track');
    expect(pane.textContent).not.toContain('POST /v1/pixel/track');
  });

  it('a request with no write key: no Segment source would take it, and the pane says how to send one', async () => {
    expect(await send('POST', '/v1/track', { userId: 'u1', event: 'Keyless' })).toBe(200);
    expect(await send('POST', '/v1/track', { userId: 'u1', event: 'Keyed', writeKey: WRITE_KEY })).toBe(200);
    const store = await renderPane();
    const [keyless, keyed] = store.getState().rows.toArray();
    let pane = await openDetail(store, keyless.seq);
    const note = within(pane).getByLabelText('No write key');
    expect(note.textContent).toMatch(/none sent/);
    expect(note.textContent).toMatch(/no source would take it/);
    expect(note.textContent).toMatch(/Basic auth/);
    pane = await openDetail(store, keyed.seq);
    expect(within(pane).queryByLabelText('No write key')).toBeNull();
    expect(pane.textContent).toContain('wk_…_42');
  });

  // A writeKey sent as a number (a config read from YAML or an env var) is taken out of the stored
  // message like any writeKey, so the pane said "none sent" and the raw JSON had no writeKey.
  it('says why the body\'s writeKey was not taken, without its value', async () => {
    const res = await fetch(`${engineUrl}/v1/track`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: '{"writeKey":8675309,"userId":"u-num","event":"Numbered"}' });
    expect(res.status).toBe(200);
    const store = await renderPane();
    const [row] = store.getState().rows.toArray();
    const pane = await openDetail(store, row.seq);
    expect(pane.textContent).toContain('none taken');
    expect(within(pane).getByLabelText('Write key problem').textContent).toBe("writeKey ignored The body's writeKey is a number, not text: it was not taken as the write key (send it as a string).");
    expect(pane.textContent).not.toContain('8675309');
  });

  it('says so when the selected message is gone (the log was cleared)', async () => {
    const store = await renderPane();
    await act(async () => store.getState().selectMessage(999_999));
    await waitFor(() => expect(screen.getByText('Message #999999 is gone')).toBeTruthy());
  });

  it('shows, copies and cURLs an integer past 2^53 with the digits the client sent; findings as for any number', async () => {
    // A Go or Ruby client's int64 ids, as text: JSON.parse would make 9007199254740993 ...992.
    const body = (id: string, n: string) => `{"userId":"u-go","event":"Order Completed","messageId":"${id}","properties":{"orderId":${n},"ids":[1234567890123456789]}}`;
    for (const [id, n] of [['exact-1', '9007199254740993'], ['exact-2', '42']]) {
      const res = await fetch(`${engineUrl}/v1/track`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: body(id, n) });
      expect(res.status).toBe(200);
    }
    const copied: string[] = [];
    Object.defineProperty(navigator, 'clipboard', { configurable: true, value: { writeText: async (text: string) => void copied.push(text) } });
    const store = await renderPane();
    const [big, small] = store.getState().rows.toArray();
    const smallPane = await openDetail(store, small.seq);
    const smallFindings = within(smallPane).queryByLabelText('Findings')?.textContent;
    const pane = await openDetail(store, big.seq);
    const payload = within(pane).getByLabelText('Payload JSON').textContent ?? '';
    expect(payload).toContain('9007199254740993');
    expect(payload).toContain('1234567890123456789');
    expect(payload).not.toContain('9007199254740992');
    expect(payload).not.toContain('1234567890123456800');
    expect(within(pane).queryByLabelText('Findings')?.textContent).toBe(smallFindings);
    fireEvent.click(within(pane).getByRole('button', { name: 'Copy JSON' }));
    fireEvent.click(within(pane).getByRole('button', { name: 'Copy as cURL' }));
    await waitFor(() => expect(copied).toHaveLength(2));
    expect(copied[0]).toContain('"orderId": 9007199254740993');
    expect(JSON.parse(copied[0]).messageId).toBe('exact-1');
    expect(copied[1]).toContain('"orderId":9007199254740993');
    expect(copied[1]).toContain('[1234567890123456789]');
    delete (navigator as { clipboard?: unknown }).clipboard;
  });

  it('says a body was not UTF-8, where and what its bytes were, and names the field that holds U+FFFD', async () => {
    // Windows PowerShell 5.1 sends a string body as ISO-8859-1: "é" is the one byte E9.
    const body = Buffer.from('{"type":"track","userId":"u-ps","event":"Caf\xe9 opened"}', 'latin1');
    const status = await new Promise<number>((resolve, reject) => {
      const req = request(`${engineUrl}/v1/track`, { method: 'POST', headers: { 'content-type': 'application/json' } }, (res) => {
        res.resume();
        res.on('end', () => resolve(res.statusCode!));
      });
      req.on('error', reject);
      req.end(body);
    });
    expect(status).toBe(200);
    const store = await renderPane();
    const [row] = store.getState().rows.toArray();
    const pane = await openDetail(store, row.seq);
    expect(within(pane).getByRole('heading', { level: 2 }).textContent).toBe('Caf\uFFFD opened');
    const encoding = within(pane).getByLabelText('Body encoding problem');
    expect(encoding.textContent).toContain('Body not UTF-8');
    expect(encoding.textContent).toContain('A byte sequence could not be read as UTF-8 and became U+FFFD');
    expect([...encoding.querySelectorAll('li')].map((li) => li.textContent)).toEqual([`byte ${body.indexOf(0xe9)}: E9 (Windows-1252 "é") after rId":"u-ps","event":"Caf`]);
    expect(encoding.textContent).toMatch(/Send the body encoded as UTF-8\.$/);
    expect(pane.textContent).toContain('event ("Caf\uFFFD opened") holds U+FFFD');
  });
});
