// The Workspace tab and the Connect tab over the real engine. Tested here: the draft (dirty mark,
// discard, remove, the other-destinations text, the checks line), the engine's refusals shown per
// field with nothing saved, a save read back from the engine, a seen source added in one click,
// a forward write key refused and set; Connect's addresses built from the engine's receiver URL
// and its webhooks. The workspace is put back as it was after each test.
import { act, fireEvent, render, screen, waitFor, within } from '@testing-library/react';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { Workspace } from '../../src-shared/workspace';
import { ConnectView } from '../../src-renderer/src/connect/ConnectView';
import { WorkspaceView } from '../../src-renderer/src/workspace/WorkspaceView';
import { AppProvider, createAppStore, type AppStore } from '../../src-renderer/src/state';
import { clientPerTest, send } from './engine-http';

const engine = clientPerTest();
let before: Workspace;
let store: AppStore;

beforeEach(async () => {
  before = (await engine.client.api.call('workspace.get', undefined)).workspace;
  await engine.client.api.call('workspace.save', { sources: [] });
  store = createAppStore(engine.client.api);
  await store.getState().loadWorkspace();
});
afterEach(async () => {
  store.getState().dispose();
  await engine.client.api.call('workspace.save', before);
});

function renderWith(ui: React.ReactNode) {
  return render(
    <AppProvider api={engine.client.api} store={store}>
      {ui}
    </AppProvider>,
  );
}

const saveButton = () => screen.getByRole('button', { name: 'Save workspace' }) as HTMLButtonElement;
const discardButton = () => screen.getByRole('button', { name: 'Discard changes' }) as HTMLButtonElement;
const sources = () => screen.queryAllByRole('group', { name: /^Source / });

describe('Workspace: the draft', () => {
  it('marks changes, discards them, and saves a source the engine then holds', async () => {
    renderWith(<WorkspaceView />);
    expect(await screen.findByText('No sources yet')).toBeTruthy();
    expect(saveButton().disabled).toBe(true);
    expect(screen.getByTestId('workspace-note').textContent).toBe('Checking against every partner: connect your sources to narrow this.');
    // With no sources the empty card holds the only Add source; with one, the page's header does.
    expect(screen.getAllByRole('button', { name: 'Add source' })).toHaveLength(1);
    expect(screen.getByRole('button', { name: 'Add source' }).closest('.empty-state')).not.toBeNull();

    fireEvent.click(screen.getByRole('button', { name: 'Add source' }));
    expect(sources()).toHaveLength(1);
    expect(screen.getByRole('button', { name: 'Add source' }).closest('.page-intro')).not.toBeNull();
    expect(screen.getByText('Unsaved changes')).toBeTruthy();
    expect(saveButton().disabled).toBe(false);
    fireEvent.click(discardButton());
    expect(sources()).toHaveLength(0);
    expect(screen.queryByText('Unsaved changes')).toBeNull();

    fireEvent.click(screen.getByRole('button', { name: 'Add source' }));
    const source = sources()[0];
    fireEvent.change(within(source).getByLabelText('Source name'), { target: { value: 'Marketing site' } });
    fireEvent.change(within(source).getByLabelText('Source kind'), { target: { value: 'provesource' } });
    fireEvent.change(within(source).getByLabelText('Write key'), { target: { value: 'wk_marketing_123456' } });
    fireEvent.click(within(source).getByLabelText('Freshsuccess'));
    // What the source will be checked against follows the draft.
    expect(source.querySelector('.ws-checks')?.textContent).toBe("Checks: Segment's spec, ProveSource's catalog, Freshsuccess (on the message as Segment delivers it).");
    // Other destinations: comma-separated names, blanks dropped but the one being typed.
    fireEvent.change(within(source).getByLabelText('Other destinations'), { target: { value: 'Amplitude, , Mixpanel,' } });
    expect((within(source).getByLabelText('Other destinations') as HTMLInputElement).value).toBe('Amplitude, Mixpanel, ');

    fireEvent.click(saveButton());
    // The blank after the last comma is not sent as a destination.
    expect(await screen.findByText('Saved: the inspector now checks each message against its own source.')).toBeTruthy();
    const saved = (await engine.client.api.call('workspace.get', undefined)).workspace.sources;
    expect(saved).toHaveLength(1);
    expect(saved[0]).toMatchObject({ name: 'Marketing site', kind: 'provesource', destinations: ['freshsuccess', 'Amplitude', 'Mixpanel'] });
    // Only a masked form of the key is kept, and the field shows that.
    expect(saved[0].writeKey).not.toContain('marketing');
    await waitFor(() => expect((within(sources()[0]).getByLabelText('Write key') as HTMLInputElement).value).toBe(saved[0].writeKey));
    expect(screen.getByTestId('workspace-note').textContent).toContain('1 source configured');
    expect(saveButton().disabled).toBe(true);
  });

  // With sources already there, Add source put the new one at the end of the list, below the fold
  // in a 900 px window: the click seemed to do nothing. The new source's name now has the focus
  // (the browser scrolls it into view), ready to be typed over.
  it('Add source focuses the new source\'s name, wherever the list ends', async () => {
    renderWith(<WorkspaceView />);
    await screen.findByText('No sources yet');
    for (let n = 1; n <= 3; n++) {
      fireEvent.click(screen.getByRole('button', { name: 'Add source' }));
      const name = within(sources()[n - 1]).getByLabelText('Source name') as HTMLInputElement;
      await waitFor(() => expect(document.activeElement).toBe(name));
      expect(name.value).toBe(`Source ${n}`);
    }
  });

  it("shows each of the engine's refusals by field, saves nothing, and keeps the draft", async () => {
    renderWith(<WorkspaceView />);
    fireEvent.click(await screen.findByRole('button', { name: 'Add source' }));
    fireEvent.click(screen.getByRole('button', { name: 'Add source' }));
    const [a, b] = sources();
    fireEvent.change(within(a).getByLabelText('Source name'), { target: { value: '' } });
    fireEvent.change(within(a).getByLabelText('Write key'), { target: { value: 'same_key_abcdef' } });
    fireEvent.change(within(b).getByLabelText('Write key'), { target: { value: 'same_key_abcdef' } });
    fireEvent.change(within(b).getByLabelText('Forward to'), { target: { value: 'custom' } });
    fireEvent.change(within(b).getByLabelText('Forward URL'), { target: { value: 'ftp://proxy' } });

    fireEvent.click(saveButton());
    // Each refusal under the source it is about, led by the field's label; other sources by number.
    const refusalsOf = (n: number) => within(screen.getByRole('alert', { name: `Why source ${n} was not saved` })).getAllByRole('listitem').map((li) => li.textContent);
    await waitFor(() => expect(screen.getAllByRole('alert')).toHaveLength(2));
    expect(refusalsOf(1)).toEqual([expect.stringMatching(/^Name: must be a non-empty string/)]);
    expect(refusalsOf(2)).toEqual(['The same writeKey same_key_abcdef as source 1', expect.stringMatching(/^Forward to: must be "us", "eu" or an http\(s\) URL such as https:\/\/proxy\.example\.com, not "ftp:\/\/proxy"$/)]);
    expect(within(a).getByRole('alert')).toBeTruthy();
    expect(screen.getByText('Not saved: 3 problems to fix, shown under the sources.')).toBeTruthy();
    expect((await engine.client.api.call('workspace.get', undefined)).workspace.sources).toEqual([]);
    expect(sources()).toHaveLength(2);
    expect(screen.getByText('Unsaved changes')).toBeTruthy();

    // Fixing them and saving clears the list.
    fireEvent.click(within(b).getByRole('button', { name: /^Remove/ }));
    fireEvent.change(within(sources()[0]).getByLabelText('Source name'), { target: { value: 'App' } });
    fireEvent.click(saveButton());
    // The list goes as the save starts; the save is done once the page says so.
    expect(await screen.findByText('Saved: the inspector now checks each message against its own source.')).toBeTruthy();
    expect(screen.queryByRole('alert')).toBeNull();
    expect(screen.queryByText(/^Not saved/)).toBeNull();
    expect((await engine.client.api.call('workspace.get', undefined)).workspace.sources.map((s) => s.name)).toEqual(['App']);
  });

  it('adds a source the receiver has seen in one click, by its webhook', async () => {
    await engine.client.api.call('webhooks.save', { name: 'dom-ws-hook', rejectInvalid: false });
    expect(await send('POST', '/webhook/dom-ws-hook', { type: 'track', event: 'Seen', userId: 'u1' }, { 'user-agent': 'Segment.io/1.0' })).toBe(200);
    await store.getState().loadWorkspace();
    renderWith(<WorkspaceView />);
    const seen = await screen.findByRole('table', { name: 'Seen sources' });
    const row = within(seen).getAllByRole('row').find((r) => r.textContent?.includes('webhook dom-ws-hook'))!;
    expect(row).toBeTruthy();
    fireEvent.click(within(row).getByRole('button', { name: 'Add as source' }));
    // In the draft now: the row says so, and the source is named after the webhook.
    expect(within(row).getByText('in the draft')).toBeTruthy();
    const source = screen.getByRole('group', { name: 'Source dom-ws-hook' });
    expect((within(source).getByLabelText('Webhook name') as HTMLInputElement).value).toBe('dom-ws-hook');
    fireEvent.click(saveButton());
    await waitFor(() => expect(within(row).getByText('dom-ws-hook')).toBeTruthy());
    expect((await engine.client.api.call('workspace.get', undefined)).workspace.sources).toEqual([expect.objectContaining({ webhook: 'dom-ws-hook', name: 'dom-ws-hook' })]);
  });

  it('asks for the forward write key only once saved, and keeps it out of the page once set', async () => {
    renderWith(<WorkspaceView />);
    fireEvent.click(await screen.findByRole('button', { name: 'Add source' }));
    let source = sources()[0];
    fireEvent.change(within(source).getByLabelText('Write key'), { target: { value: 'wk_forwarding_1' } });
    fireEvent.change(within(source).getByLabelText('Forward to'), { target: { value: 'eu' } });
    expect(within(source).getByText('Save the workspace, then set the write key to forward with.')).toBeTruthy();
    expect(within(source).queryByLabelText('Forward write key')).toBeNull();
    fireEvent.click(saveButton());
    source = await waitFor(() => {
      const s = sources()[0];
      expect(within(s).getByLabelText('Forward write key')).toBeTruthy();
      return s;
    });
    const keyField = () => within(source).getByLabelText('Forward write key') as HTMLInputElement;
    const setKey = within(source).getByRole('button', { name: 'Set key' }) as HTMLButtonElement;
    expect(setKey.disabled).toBe(true);
    expect(keyField().placeholder).toBe("the Segment source's write key");
    fireEvent.change(keyField(), { target: { value: '  fwd_secret_key_42  ' } });
    expect(setKey.disabled).toBe(false);
    await act(async () => {
      fireEvent.submit(setKey.closest('form')!);
    });
    await waitFor(() => expect(keyField().value).toBe(''));
    const [status] = await engine.client.api.call('forward.status', undefined);
    expect(status).toMatchObject({ hasKey: true, state: expect.not.stringMatching(/^no-key$/) });
    await waitFor(() => expect(keyField().placeholder).toBe('key set: type to replace'));
    expect(document.body.innerHTML).not.toContain('fwd_secret_key_42');
  });
});

describe('Connect: the addresses to send to', () => {
  it("builds every snippet from the engine's receiver URL and lists each webhook", async () => {
    await engine.client.api.call('webhooks.save', { name: 'dom-connect-a', rejectInvalid: false });
    await engine.client.api.call('webhooks.save', { name: 'dom-connect-b', rejectInvalid: false });
    await store.getState().loadInfo();
    await store.getState().loadWebhooks();
    renderWith(<ConnectView />);
    const info = store.getState().info!;
    const url = info.receiverUrl.replace(/\/+$/, '');
    expect(screen.getByTestId('receiver-url').textContent).toBe(url);
    const hooks = store.getState().webhooks;
    expect(screen.getByTestId('webhook-url').textContent).toBe(`${url}/webhook/${hooks[0].name}`);
    for (const w of hooks.slice(1)) expect(screen.getByText(w.url)).toBeTruthy();

    // One client at a time, picked from tabs; the arrow keys move between them.
    const panel = () => screen.getByRole('tabpanel').textContent ?? '';
    const pick = (name: string) => fireEvent.click(screen.getByRole('tab', { name }));
    const hostPort = url.replace(/^http:\/\//, '');
    const port = new URL(url).port;
    expect(screen.getByRole('tab', { name: 'Node.js' }).getAttribute('aria-selected')).toBe('true');
    expect(panel()).toContain(`host: '${url}'`);
    pick('Python');
    expect(panel()).toContain(`analytics.host = '${url}'`);
    expect(panel()).toContain('analytics.flush()');
    pick('Ruby');
    expect(panel()).toContain(`host: '127.0.0.1', port: ${port})`);
    expect(panel()).toContain('Segment::Analytics::Transport.prepend(');
    pick('Go');
    expect(panel()).toContain(`Endpoint: "${url}", // no trailing slash`);
    pick('curl');
    expect(panel()).toContain(`curl -X POST '${url}/v1/track'`);
    fireEvent.keyDown(screen.getByRole('tab', { name: 'curl' }), { key: 'ArrowRight' });
    expect(document.activeElement).toBe(screen.getByRole('tab', { name: 'analytics.js' }));
    expect(panel()).toContain(`cdnURL: '${url}',`);
    fireEvent.keyDown(screen.getByRole('tab', { name: 'analytics.js' }), { key: 'ArrowRight' });
    expect(screen.getByRole('tab', { name: 'Snippet (HTML)' }).getAttribute('aria-selected')).toBe('true');
    expect(panel()).toContain(`window.analytics._cdn = '${url}';`);
    expect(panel()).toContain(`t.src = "${url}/analytics.js/v1/" + key + "/analytics.min.js";`);
    fireEvent.keyDown(screen.getByRole('tab', { name: 'Snippet (HTML)' }), { key: 'ArrowRight' });
    expect(screen.getByRole('tab', { name: 'Node.js' }).getAttribute('aria-selected')).toBe('true');
    fireEvent.keyDown(screen.getByRole('tab', { name: 'Node.js' }), { key: 'End' });
    expect(screen.getByRole('tab', { name: 'Snippet (HTML)' }).getAttribute('aria-selected')).toBe('true');
    expect(screen.getByTestId('mobile-note').textContent).toContain(`set both apiHost and cdnHost to ${hostPort}/v1`);
    expect(screen.getByTestId('react-native-note').textContent).toContain(`set proxy to ${url}/v1/b`);
    expect(screen.getByTestId('mobile-note').textContent).toContain('(analytics-swift, analytics-kotlin, Analytics-CSharp, analytics_flutter)');
    expect(screen.getByTestId('classic-note').textContent).toContain(`a ConnectionFactory (Android) that sends every request to ${hostPort}`);
    expect(screen.getByTestId('classic-note').textContent).toContain('they post to /v1/batch and /v1/import');

    // Every snippet's address answers: the curl one, sent as it is written.
    expect(await send('POST', '/v1/track', { userId: 'user-123', event: 'Order Completed', properties: { total: 42 } }, { authorization: `Basic ${Buffer.from('YOUR_WRITE_KEY:').toString('base64')}` })).toBe(200);

    fireEvent.click(within(screen.getByRole('region', { name: 'Webhook destination' })).getByRole('link', { name: 'Webhooks' }));
    expect(store.getState().tab).toBe('webhooks');
  });

  it('shows client activity as it happens: a settings download, newest first', async () => {
    await store.getState().loadInfo();
    renderWith(<ConnectView />);
    const card = () => screen.getByRole('region', { name: 'Client activity' });
    await waitFor(() => expect(card().textContent).toMatch(/Nothing yet|downloaded the settings|loaded analytics\.js|TLS handshake/));
    expect(await send('GET', '/v1/projects/dom_activity_key/settings', undefined, { 'user-agent': 'analytics-kotlin/1.20.0' })).toBe(200);
    const first = await waitFor(() => {
      const item = within(card()).getAllByRole('listitem')[0];
      expect(item.textContent).toContain('analytics-kotlin/1.20.0 from 127.0.0.1 downloaded the settings of write key dom…key');
      return item;
    });
    expect(within(first).getByText('settings')).toBeTruthy();
    expect(first.textContent).not.toContain('dom_activity_key');
  });
});
