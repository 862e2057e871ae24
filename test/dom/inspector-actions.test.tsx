// The inspector's list toolbar and selection actions below Playwright, on the real engine:
// messages sent over HTTP, and what the buttons do read back from the engine. Tested here: Pause
// and the count of messages captured meanwhile, Offline, Import (the result dialog with skipped
// lines), Export (the desktop shell's download is the engine's export), Clear behind its
// confirmation; the selection's count, Replay (the copies arrive with new messageIds; a refused
// target is shown in the dialog), Open in composer, Save as scenario.
import { request } from 'node:http';
import { act, fireEvent, render, screen, waitFor, within } from '@testing-library/react';
import { describe, expect, it, vi } from 'vitest';
import { ComposerView } from '../../src-renderer/src/composer/ComposerView';
import { ListToolbar } from '../../src-renderer/src/inspector/ListToolbar';
import { SelectionActions } from '../../src-renderer/src/inspector/SelectionActions';
import { AppProvider } from '../../src-renderer/src/state';
import { emptyLogPerTest, engineUrl, exportedMessages, send } from './engine-http';

const rig = emptyLogPerTest();

const track = (event: string, extra: Record<string, unknown> = {}) => send('POST', '/v1/track', { userId: 'u-actions', event, ...extra });

function renderWith(ui: React.ReactNode) {
  return render(
    <AppProvider api={rig.client.api} store={rig.store}>
      {ui}
    </AppProvider>,
  );
}

/** Captures Blob downloads made through an <a download> click. */
function catchDownloads(): { files: { name: string; blob: Blob }[]; restore(): void } {
  const files: { name: string; blob: Blob }[] = [];
  const blobs = new Map<string, Blob>();
  const create = vi.spyOn(URL, 'createObjectURL').mockImplementation((b) => {
    const url = `blob:test-${blobs.size + 1}`;
    blobs.set(url, b as Blob);
    return url;
  });
  const revoke = vi.spyOn(URL, 'revokeObjectURL').mockImplementation(() => undefined);
  const click = vi.spyOn(HTMLAnchorElement.prototype, 'click').mockImplementation(function (this: HTMLAnchorElement) {
    files.push({ name: this.download, blob: blobs.get(this.href)! });
  });
  return {
    files,
    restore() {
      create.mockRestore();
      revoke.mockRestore();
      click.mockRestore();
    },
  };
}

const allMessages = () => exportedMessages(rig.client);

/** A request with this body text, as a client wrote it (numbers JSON.stringify would round); resolves with the status and answer. */
function raw(method: string, path: string, body?: string): Promise<{ status: number; text: string }> {
  return new Promise((resolve, reject) => {
    const req = request(`${engineUrl}${path}`, { method, headers: { 'content-type': 'application/json' } }, (res) => {
      let text = '';
      res.setEncoding('utf8');
      res.on('data', (c: string) => (text += c));
      res.on('end', () => resolve({ status: res.statusCode!, text }));
    });
    req.on('error', reject);
    req.end(body);
  });
}

describe('inspector: the list toolbar', () => {
  it('pauses: new messages are counted, not listed, until Resume', async () => {
    expect(await track('Before pause')).toBe(200);
    await rig.store.getState().init();
    renderWith(<ListToolbar shell="electron" />);
    expect(screen.getByText('Live')).toBeTruthy();
    fireEvent.click(screen.getByRole('button', { name: /Pause/ }));
    expect(screen.getByRole('button', { name: /Resume/ }).getAttribute('aria-pressed')).toBe('true');
    expect(await track('While paused 1')).toBe(200);
    expect(await track('While paused 2')).toBe(200);
    const counter = await screen.findByRole('button', { name: '2 new' });
    // It counts every arrival: a live region here was read out at each one.
    expect(counter.closest('[aria-live], [role="status"], [role="log"]')).toBeNull();
    expect(rig.store.getState().view.toArray().map((r) => r.name)).toEqual(['Before pause']);
    fireEvent.click(counter);
    await waitFor(() => expect(rig.store.getState().view.toArray().map((r) => r.name)).toEqual(['Before pause', 'While paused 1', 'While paused 2']));
    expect(screen.getByText('Live')).toBeTruthy();
  });

  it('a file imported a second time: the dialog says its messages were already in the log, naming the first and how many more', async () => {
    await rig.store.getState().init();
    renderWith(<ListToolbar shell="electron" />);
    const ndjson = [1, 2, 3].map((i) => JSON.stringify({ type: 'track', userId: 'u-twice', event: `Twice ${i}`, messageId: `twice-${i}` })).join('\n');
    const importIt = async () => {
      const input = screen.getByLabelText('Import an NDJSON file') as HTMLInputElement;
      await act(async () => {
        fireEvent.change(input, { target: { files: [new File([ndjson], 'capture.ndjson', { type: 'application/x-ndjson' })] } });
      });
      return screen.findByRole('dialog', { name: 'Import finished' });
    };
    let dialog = await importIt();
    expect(dialog.textContent).toContain('Imported 3 messages.');
    expect(within(dialog).queryByRole('note')).toBeNull();
    fireEvent.click(within(dialog).getByRole('button', { name: 'OK' }));
    const found = await rig.client.api.call('messages.search', { text: '"twice-1"' });
    expect(found).toHaveLength(1);
    const firstSeq = (found as number[])[0];

    dialog = await importIt();
    expect(dialog.textContent).toContain('Imported 3 messages.');
    expect(within(dialog).getByRole('note').textContent).toBe(
      `line 1: messageId "twice-1" was already in the log (#${firstSeq}), as were 2 other messages among the file's first 1,000: this file, or part of it, was imported before, and its messages are now in the log twice (matching and sessions see each twice). To import it afresh, clear the log first`,
    );
    fireEvent.click(within(dialog).getByRole('button', { name: 'OK' }));
  });

  it('imports a file and reports each skipped line; exports what the engine holds; clears only once confirmed', async () => {
    await rig.store.getState().init();
    renderWith(<ListToolbar shell="electron" />);
    const exportButton = () => screen.getByRole('button', { name: 'Export' }) as HTMLButtonElement;
    const clearButton = () => screen.getByRole('button', { name: 'Clear…' }) as HTMLButtonElement;
    // Nothing captured: nothing to export or clear.
    expect(exportButton().disabled).toBe(true);
    expect(clearButton().disabled).toBe(true);

    const ndjson = [
      JSON.stringify({ type: 'track', userId: 'u-imp', event: 'Imported 1' }),
      '{"type": "track", "userId": ',
      JSON.stringify({ type: 'track', userId: 'u-imp', event: 'Imported 2' }),
      '[1, 2]',
    ].join('\n');
    // Line 5 in Latin-1 (0xE9 for é): the file's bytes reach the engine, which refuses the line by
    // number; decoded here first, it was imported with U+FFFD in place of the byte, unreported.
    const latin1Line = new Uint8Array([...new TextEncoder().encode('\n{"type":"track","userId":"u-imp","event":"Caf'), 0xe9, ...new TextEncoder().encode('"}')]);
    const input = screen.getByLabelText('Import an NDJSON file') as HTMLInputElement;
    await act(async () => {
      fireEvent.change(input, { target: { files: [new File([ndjson, latin1Line], 'capture.ndjson', { type: 'application/x-ndjson' })] } });
    });
    const dialog = await screen.findByRole('dialog', { name: 'Import finished' });
    expect(dialog.textContent).toContain('Imported 2 messages. 3 lines were skipped:');
    const skipped = within(dialog).getAllByRole('listitem').map((li) => li.textContent);
    expect(skipped).toHaveLength(3);
    expect(skipped[0]).toMatch(/^line 2: /);
    expect(skipped[1]).toMatch(/^line 4: /);
    expect(skipped[2]).toMatch(/^line 5: the line is not UTF-8: a byte sequence could not be read as UTF-8: at byte offset 45, E9 \(Windows-1252 "é"\)/);
    fireEvent.click(within(dialog).getByRole('button', { name: 'OK' }));
    expect(screen.queryByRole('dialog')).toBeNull();
    await waitFor(() => expect(rig.store.getState().rows.toArray().map((r) => r.name)).toEqual(['Imported 1', 'Imported 2']));

    const downloads = catchDownloads();
    try {
      await waitFor(() => expect(exportButton().disabled).toBe(false));
      fireEvent.click(exportButton());
      await waitFor(() => expect(downloads.files).toHaveLength(1));
      expect(downloads.files[0].name).toMatch(/^eventbench-capture-\d{4}-\d\d-\d\dT\d\d-\d\d-\d\d\.ndjson$/);
      expect(await downloads.files[0].blob.text()).toBe(await rig.client.api.call('messages.export', undefined));
    } finally {
      downloads.restore();
    }

    fireEvent.click(clearButton());
    let confirm = screen.getByRole('dialog', { name: 'Clear all captured messages?' });
    expect(confirm.textContent).toContain('This deletes all 2 messages from the capture log on disk.');
    fireEvent.click(within(confirm).getByRole('button', { name: 'Cancel' }));
    expect(await allMessages()).toHaveLength(2);
    fireEvent.click(clearButton());
    confirm = screen.getByRole('dialog', { name: 'Clear all captured messages?' });
    fireEvent.click(within(confirm).getByRole('button', { name: 'Clear messages' }));
    await waitFor(async () => expect(await allMessages()).toHaveLength(0));
    await waitFor(() => expect(rig.store.getState().rows).toHaveLength(0));
  });

  // A picked PNG was "Imported 0 messages. 1 line was skipped: line 1: …", as if one line of it were bad.
  it('says a file that is not NDJSON was not read, with the engine\'s words, not as a skipped line', async () => {
    await rig.store.getState().init();
    renderWith(<ListToolbar shell="electron" />);
    const png = new Uint8Array([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0x00, 0x00, 0x00, 0x0d, 0x49, 0x48, 0x44, 0x52]);
    const input = screen.getByLabelText('Import an NDJSON file') as HTMLInputElement;
    await act(async () => {
      fireEvent.change(input, { target: { files: [new File([png], 'capture.ndjson', { type: 'application/x-ndjson' })] } });
    });
    const dialog = await screen.findByRole('dialog', { name: 'Import failed' });
    expect(dialog.textContent).not.toContain('skipped');
    expect(dialog.textContent).toContain('the file looks like a PNG image (it begins with the bytes 89 50 4E 47 0D 0A 1A 0A), not NDJSON: the import takes a capture export, one JSON message per line as Export saves it (.ndjson), gzipped or not (.ndjson.gz). Nothing was imported');
    fireEvent.click(within(dialog).getByRole('button', { name: 'OK' }));
  });

  it('says Offline while the engine cannot be reached', async () => {
    await rig.store.getState().init();
    renderWith(<ListToolbar shell="websocket" />);
    expect(screen.getByText('Live')).toBeTruthy();
    act(() => rig.store.setState({ connection: 'reconnecting' as never }));
    expect(screen.getByText('Offline').getAttribute('title')).toMatch(/^Not connected to the engine/);
    // The browser shell exports through the engine's streaming endpoint.
    expect(screen.getByRole('link', { name: 'Export' }).getAttribute('href')).toBe('/api/export');
  });
});

describe('inspector: the selected messages', () => {
  it('replays the selection to this receiver with new messageIds', async () => {
    expect(await track('Replay me 1', { messageId: 'orig-1' })).toBe(200);
    expect(await track('Replay me 2', { messageId: 'orig-2' })).toBe(200);
    await rig.store.getState().init();
    renderWith(<SelectionActions />);
    // With nothing selected the bar keeps its place (so the list does not move on the first click), its actions off.
    const idle = screen.getByRole('toolbar', { name: 'Selected messages' });
    expect(idle.textContent).toContain('No message selected');
    for (const name of ['Replay…', 'Open in composer', 'Save as scenario…']) expect((within(idle).getByRole('button', { name }) as HTMLButtonElement).disabled).toBe(true);
    const [a, b] = rig.store.getState().rows.toArray();
    act(() => rig.store.getState().selectMessage(a.seq));
    expect(screen.getByRole('toolbar', { name: 'Selected messages' }).textContent).toContain(`#${a.seq} selected`);
    act(() => {
      rig.store.getState().markRow(a.seq, 'toggle');
      rig.store.getState().markRow(b.seq, 'toggle');
    });
    const bar = screen.getByRole('toolbar', { name: 'Selected messages' });
    expect(bar.textContent).toContain('2 selected');
    expect((within(bar).getByRole('button', { name: 'Open in composer' }) as HTMLButtonElement).disabled).toBe(true);

    fireEvent.click(within(bar).getByRole('button', { name: 'Replay…' }));
    const dialog = screen.getByRole('dialog', { name: 'Replay 2 messages' });
    // Segment with no write key stored: said at once, and Replay is off until another target is chosen.
    const sendTo = within(dialog).getByLabelText('Send to') as HTMLSelectElement;
    fireEvent.change(sendTo, { target: { value: 'segment-us' } });
    await waitFor(() => expect(within(dialog).getByRole('alert').textContent).toContain('No write key is stored'));
    expect((within(dialog).getByRole('button', { name: 'Replay' }) as HTMLButtonElement).disabled).toBe(true);
    fireEvent.change(sendTo, { target: { value: 'local' } });
    expect(within(dialog).queryByRole('alert')).toBeNull();
    await act(async () => {
      fireEvent.click(within(dialog).getByRole('button', { name: 'Replay' }));
    });
    await waitFor(() => expect(screen.queryByRole('dialog')).toBeNull());
    expect(bar.textContent).toContain("Replaying 2 messages; the composer's Deliveries show each result.");
    const copies = await waitFor(async () => {
      const all = await allMessages();
      const c = all.filter((m) => String(m.message.event).startsWith('Replay me') && !String(m.message.messageId).startsWith('orig-'));
      expect(c).toHaveLength(2);
      return c;
    });
    expect(copies.map((c) => c.message.event).sort()).toEqual(['Replay me 1', 'Replay me 2']);

    fireEvent.click(within(bar).getByRole('button', { name: 'Clear selection' }));
    expect(rig.store.getState().markedSeqs).toEqual([]);
  });

  it('shows a replay target the engine refuses in the dialog, which stays open', async () => {
    expect(await track('Refused target')).toBe(200);
    await rig.store.getState().init();
    renderWith(<SelectionActions />);
    act(() => rig.store.getState().selectMessage(rig.store.getState().rows.at(0).seq));
    fireEvent.click(screen.getByRole('button', { name: 'Replay…' }));
    const dialog = screen.getByRole('dialog', { name: 'Replay 1 message' });
    fireEvent.change(within(dialog).getByRole('combobox', { name: 'Send to' }), { target: { value: 'custom' } });
    fireEvent.change(within(dialog).getByPlaceholderText('http://127.0.0.1:9000'), { target: { value: 'not a url' } });
    await act(async () => {
      fireEvent.click(within(dialog).getByRole('button', { name: 'Replay' }));
    });
    expect((await within(dialog).findByRole('alert')).textContent).toMatch(/host|URL/i);
    expect(screen.getByRole('dialog')).toBe(dialog);
  });

  it('opens a message with an id past 2^53 in the composer with its digits, keeps them through a form edit, and sends them', async () => {
    const ORDER_ID = '9007199254740993'; // JSON.parse gives ...992
    const sent = await raw('POST', '/v1/track', `{"userId":"u-actions","event":"Big id","messageId":"big-compose-1","properties":{"orderId":${ORDER_ID},"n":1}}`);
    expect(sent.status).toBe(200);
    await rig.store.getState().init();
    renderWith(
      <>
        <SelectionActions />
        <ComposerView />
      </>,
    );
    act(() => rig.store.getState().selectMessage(rig.store.getState().rows.at(0).seq));
    fireEvent.click(screen.getByRole('button', { name: 'Open in composer' }));
    const area = () => screen.getByLabelText<HTMLTextAreaElement>('Message JSON');
    await waitFor(() => expect(area().value).toContain(`"orderId": ${ORDER_ID}`));
    expect(area().value).not.toContain('9007199254740992');
    // The plain parse still feeds the findings and the form (the same message otherwise).
    expect(JSON.parse(area().value)).toEqual(rig.store.getState().composerInbox!.message);
    fireEvent.change(document.querySelector<HTMLInputElement>('[data-path="userId"]')!, { target: { value: 'u-composed-big' } });
    expect(area().value).toContain('"userId": "u-composed-big"');
    expect(area().value).toContain(`"orderId": ${ORDER_ID}`);

    fireEvent.click(screen.getByRole('button', { name: 'Send' }));
    const line = await waitFor(async () => {
      const found = (await raw('GET', '/api/export')).text.split('\n').find((l) => l.includes('"userId":"u-composed-big"'));
      expect(found).toBeDefined();
      return found!;
    });
    expect(line).toContain(`"orderId":${ORDER_ID},"n":1`);
    expect(line).not.toContain('9007199254740992');
    // What went over the wire, as the deliveries list shows it.
    const deliveries = await rig.client.api.call('sender.deliveries', undefined);
    expect(deliveries.flatMap((d) => d.attempts.map((a) => a.requestBody)).find((b) => b.includes('u-composed-big'))).toContain(`"orderId":${ORDER_ID}`);
  });

  it('opens one message in the composer, and saves the selection as a scenario', async () => {
    expect(await track('To compose', { properties: { plan: 'pro' } })).toBe(200);
    await rig.store.getState().init();
    renderWith(<SelectionActions />);
    const seq = rig.store.getState().rows.at(0).seq;
    act(() => rig.store.getState().selectMessage(seq));
    fireEvent.click(screen.getByRole('button', { name: 'Open in composer' }));
    await waitFor(() => expect(rig.store.getState().composerInbox).not.toBeNull());
    expect(rig.store.getState().tab).toBe('composer');
    expect(rig.store.getState().composerInbox!.message).toMatchObject({ type: 'track', event: 'To compose', userId: 'u-actions', properties: { plan: 'pro' } });

    const downloads = catchDownloads();
    try {
      // It asks for a name, the default filled in: every saved file was "Replay of N captured messages".
      fireEvent.click(screen.getByRole('button', { name: 'Save as scenario…' }));
      const dialog = screen.getByRole('dialog', { name: 'Save 1 message as a scenario' });
      const name = within(dialog).getByLabelText('Scenario name') as HTMLInputElement;
      expect(name.value).toBe('Replay of 1 captured message');
      fireEvent.change(name, { target: { value: '  Ada’s checkout, reproduced  ' } });
      fireEvent.click(within(dialog).getByRole('button', { name: 'Save' }));
      await waitFor(() => expect(downloads.files).toHaveLength(1));
      expect(screen.queryByRole('dialog')).toBeNull();
      const expected = await rig.client.api.call('messages.toScenario', { seqs: [seq], name: 'Ada’s checkout, reproduced' });
      expect(expected.file).toBe('ada-s-checkout-reproduced.scenario.yaml');
      expect(expected.text).toContain('name: Ada’s checkout, reproduced\n');
      expect(downloads.files[0].name).toBe(expected.file);
      expect(await downloads.files[0].blob.text()).toBe(expected.text);
      expect(rig.store.getState().scenarioInbox).toMatchObject({ file: expected.file, text: expected.text });
      expect(rig.store.getState().tab).toBe('scenarios');
    } finally {
      downloads.restore();
    }
  });
});
