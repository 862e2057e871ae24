// The composer's send panel below Playwright, sending through the real engine's sender
// (analytics-node, or a signed webhook POST) to the engine's own receiver, so what arrives is read
// back as captured. Tested here: copies with fresh messageIds, the times and interval checks, a
// custom host with a typed write key, the stored write key (masked, removed), and a webhook URL
// picked from the configured ones, signed with the secret the receiver checks.
import { act, fireEvent, render, screen, waitFor, within } from '@testing-library/react';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { Workspace } from '../../src-shared/workspace';
import { SendPanel } from '../../src-renderer/src/composer/SendPanel';
import { AppProvider } from '../../src-renderer/src/state';
import { emptyLogPerTest, exportedMessages } from './engine-http';

const rig = emptyLogPerTest();
beforeEach(() => rig.store.getState().loadInfo());
afterEach(() => rig.client.api.call('secrets.setWriteKey', { writeKey: null }));

function renderPanel(message: Record<string, unknown>) {
  render(
    <AppProvider api={rig.client.api} store={rig.store}>
      <SendPanel message={message as never} disabledReason={null} />
    </AppProvider>,
  );
}

/** The messages whose event is `event`, each with its request (origin, signature, masked key). */
const captured = async (event: string) => (await exportedMessages(rig.client)).filter((c) => c.message.event === event);

const radio = (name: string) => screen.getByRole('radio', { name });
const sendButton = () => screen.getByRole('button', { name: /^Send/ }) as HTMLButtonElement;

describe('composer: the send panel', () => {
  it('sends copies with fresh messageIds to this receiver; checks times and interval first', async () => {
    renderPanel({ type: 'track', event: 'Panel Copies', userId: 'u-panel', messageId: 'fixed-id' });
    expect(radio('Local').getAttribute('aria-checked')).toBe('true');
    expect(screen.getByText(rig.store.getState().info!.receiverUrl)).toBeTruthy();
    expect((screen.getByLabelText('Interval in milliseconds') as HTMLInputElement).disabled).toBe(true);

    fireEvent.change(screen.getByLabelText('Times'), { target: { value: '1001' } });
    fireEvent.click(sendButton());
    expect(screen.getByRole('alert').textContent).toBe('Times: a whole number from 1 to 1000, not "1001".');
    // Number() took each of these: "1e1" as 10 copies, "0x3" as 3, a German "1.000" (a thousand) as 1.
    for (const typed of ['1e1', '0x3', '1.000', '2.5']) {
      fireEvent.change(screen.getByLabelText('Times'), { target: { value: typed } });
      fireEvent.click(sendButton());
      expect(screen.getByRole('alert').textContent).toBe(`Times: a whole number from 1 to 1000, not "${typed}".`);
    }
    fireEvent.change(screen.getByLabelText('Times'), { target: { value: '3' } });
    expect(sendButton().textContent).toBe('Send 3 copies');
    fireEvent.change(screen.getByLabelText('Interval in milliseconds'), { target: { value: '-5' } });
    fireEvent.click(sendButton());
    expect(screen.getByRole('alert').textContent).toBe('Interval: a whole number of milliseconds, 0 or more, not "-5".');
    // An empty Interval was sent as 0 ms, "1.000" (a German thousand) as 1 ms.
    for (const typed of ['', ' ', '1.000', '1e3']) {
      fireEvent.change(screen.getByLabelText('Interval in milliseconds'), { target: { value: typed } });
      fireEvent.click(sendButton());
      expect(screen.getByRole('alert').textContent).toBe(`Interval: a whole number of milliseconds, 0 or more, not ${JSON.stringify(typed)}.`);
    }
    expect(await captured('Panel Copies')).toEqual([]);

    fireEvent.change(screen.getByLabelText('Interval in milliseconds'), { target: { value: '0' } });
    await act(async () => {
      fireEvent.click(sendButton());
    });
    const copies = await waitFor(async () => {
      const c = await captured('Panel Copies');
      expect(c).toHaveLength(3);
      return c;
    });
    const ids = copies.map((c) => c.message.messageId);
    expect(new Set(ids).size).toBe(3);
    expect(ids).not.toContain('fixed-id');
    expect(screen.queryByRole('alert')).toBeNull();
  });

  it('sends to a custom host with the key typed for this send; stores a key, shows it masked, removes it', async () => {
    renderPanel({ type: 'track', event: 'Panel Custom', userId: 'u-panel' });
    fireEvent.click(radio('Custom'));
    fireEvent.change(screen.getByLabelText('Custom host'), { target: { value: `  ${rig.store.getState().info!.receiverUrl}  ` } });
    fireEvent.change(screen.getByLabelText('Write key'), { target: { value: ' wk_panel_custom_99 ' } });
    await act(async () => {
      fireEvent.click(sendButton());
    });
    const [c] = await waitFor(async () => {
      const found = await captured('Panel Custom');
      expect(found).toHaveLength(1);
      return found;
    });
    // The receiver saw the typed key (trimmed), masked as it masks every key.
    expect(JSON.stringify(c.request)).toContain('wk_…_99');

    // Store a key: the panel shows it masked and the secret store has it; Remove forgets it.
    fireEvent.change(screen.getByLabelText('Write key'), { target: { value: 'wk_stored_key_42' } });
    await act(async () => {
      fireEvent.click(screen.getByRole('button', { name: 'Store' }));
    });
    const masked = await screen.findByLabelText('Stored write key');
    expect(masked.textContent).toBe((await rig.client.api.call('secrets.status', undefined)).writeKeyMasked);
    expect(masked.textContent).not.toContain('stored_key');
    expect((screen.getByLabelText('Write key') as HTMLInputElement).value).toBe('');
    expect((screen.getByLabelText('Write key') as HTMLInputElement).placeholder).toBe('Use another key for this send');
    await act(async () => {
      fireEvent.click(screen.getByRole('button', { name: 'Remove' }));
    });
    await waitFor(() => expect(screen.queryByLabelText('Stored write key')).toBeNull());
    expect((await rig.client.api.call('secrets.status', undefined)).hasWriteKey).toBe(false);
  });

  it('posts to a configured webhook picked from the list, signed with the secret the receiver checks', async () => {
    await rig.client.api.call('webhooks.save', { name: 'dom-panel-hook', secret: 'panel-secret', rejectInvalid: true });
    await rig.store.getState().loadWebhooks();
    renderPanel({ type: 'identify', event: 'Panel Hook', userId: 'u-panel-hook', traits: { email: 'hook@panel.example' } });
    fireEvent.click(radio('Webhook'));
    const pick = within(screen.getByLabelText('Configured webhooks')).getByRole('button', { name: 'dom-panel-hook' });
    fireEvent.click(pick);
    const hook = rig.store.getState().webhooks.find((w) => w.name === 'dom-panel-hook')!;
    expect((screen.getByLabelText('Webhook URL') as HTMLInputElement).value).toBe(hook.url);
    expect(pick.getAttribute('aria-pressed')).toBe('true');

    // A wrong secret: the receiver finds the signature invalid (kept, flagged, answered 401).
    fireEvent.change(screen.getByLabelText('Shared secret'), { target: { value: 'not-the-secret' } });
    await act(async () => {
      fireEvent.click(sendButton());
    });
    await waitFor(async () => expect((await captured('Panel Hook')).map((x) => (x.request.origin as { signature: { status: string } }).signature.status)).toEqual(['invalid']));
    await waitFor(() => expect(sendButton().disabled).toBe(false));
    fireEvent.change(screen.getByLabelText('Shared secret'), { target: { value: 'panel-secret' } });
    await act(async () => {
      fireEvent.click(sendButton());
    });
    const [c] = await waitFor(async () => {
      const found = (await captured('Panel Hook')).filter((x) => JSON.stringify(x.request).includes('"status":"valid"'));
      expect(found).toHaveLength(1);
      return found;
    });
    expect(c.message.userId).toBe('u-panel-hook');
    expect(JSON.stringify(c.request)).toContain('dom-panel-hook');
  });

  it('"Send to" is one Tab stop, and arrow keys choose the target', () => {
    // Each of the four targets was a Tab stop, and arrow keys did nothing in the radio group.
    renderPanel({ type: 'track', event: 'Panel Keys', userId: 'u-panel' });
    const stops = () => screen.getAllByRole('radio').filter((r) => r.tabIndex === 0).map((r) => r.textContent);
    expect(stops()).toEqual(['Local']);
    radio('Local').focus();
    fireEvent.keyDown(radio('Local'), { key: 'ArrowRight' });
    expect(radio('Segment').getAttribute('aria-checked')).toBe('true');
    expect(document.activeElement).toBe(radio('Segment'));
    expect(stops()).toEqual(['Segment']);
    fireEvent.keyDown(radio('Segment'), { key: 'ArrowLeft' });
    fireEvent.keyDown(radio('Local'), { key: 'ArrowUp' });
    expect(radio('Webhook').getAttribute('aria-checked')).toBe('true');
    expect(document.activeElement).toBe(radio('Webhook'));
    fireEvent.keyDown(radio('Webhook'), { key: 'ArrowDown' });
    expect(radio('Local').getAttribute('aria-checked')).toBe('true');
  });
});

// The engine names a bad send target by its request field ("target.writeKey: …", as a scenario's
// `via: sender` step wants it); the panel showed that as it was, where its own checks say the
// field's label ("Times: …").
describe('composer: the send panel names a missing target field by its label', () => {
  it('Segment without a write key, a custom host left empty', async () => {
    renderPanel({ type: 'track', event: 'Panel Field Names', userId: 'u-panel' });
    fireEvent.click(radio('Segment'));
    await act(async () => {
      fireEvent.click(sendButton());
    });
    const alert = await screen.findByRole('alert');
    expect(alert.textContent).toMatch(/^Write key: no Segment write key given/);
    fireEvent.click(radio('Custom'));
    await act(async () => {
      fireEvent.click(sendButton());
    });
    expect((await screen.findByRole('alert')).textContent).toMatch(/^Host: enter the base URL of the custom host/);
    expect(screen.getByRole('alert').textContent).not.toContain('target.');
  });
});

// The Webhook target started at /webhook/product-fruits (its placeholder) whatever was configured,
// and a configured webhook's shared secret had to be typed again, else the send went out unsigned.
describe("composer: the Webhook target's default", () => {
  let before: Workspace;
  beforeEach(async () => {
    before = (await rig.client.api.call('workspace.get', undefined)).workspace;
    for (const w of await rig.client.api.call('webhooks.list', undefined)) await rig.client.api.call('webhooks.delete', { name: w.name });
  });
  afterEach(async () => {
    await rig.client.api.call('workspace.save', before);
    for (const w of await rig.client.api.call('webhooks.list', undefined)) await rig.client.api.call('webhooks.delete', { name: w.name });
  });

  it('is /webhook/product-fruits when no webhook is configured', async () => {
    await rig.client.api.call('workspace.save', { sources: [] });
    await rig.store.getState().loadWorkspace();
    await rig.store.getState().loadWebhooks();
    renderPanel({ type: 'track', event: 'Hook Default None', userId: 'u-panel' });
    fireEvent.click(radio('Webhook'));
    expect((screen.getByLabelText('Webhook URL') as HTMLInputElement).value).toBe(`${rig.store.getState().info!.receiverUrl}/webhook/product-fruits`);
    expect(screen.queryByLabelText('Configured webhooks')).toBeNull();
  });

  it("is the workspace's webhook source, the others offered; signed with the webhook's configured secret", async () => {
    await rig.client.api.call('webhooks.save', { name: 'aa-other', rejectInvalid: false });
    await rig.client.api.call('webhooks.save', { name: 'pf-prod', secret: 'pf-prod-secret', rejectInvalid: true });
    await rig.client.api.call('workspace.save', { sources: [{ id: 'pf', name: 'Product Fruits', kind: 'custom', webhook: 'pf-prod', destinations: ['productfruits'] }] } as unknown as Workspace);
    await rig.store.getState().loadWorkspace();
    await rig.store.getState().loadWebhooks();
    renderPanel({ type: 'identify', event: 'Hook Default Signed', userId: 'u-hook-default', traits: { email: 'default@hook.example' } });
    fireEvent.click(radio('Webhook'));
    const receiverUrl = rig.store.getState().info!.receiverUrl;
    expect((screen.getByLabelText('Webhook URL') as HTMLInputElement).value).toBe(`${receiverUrl}/webhook/pf-prod`);
    const picks = within(screen.getByLabelText('Configured webhooks')).getAllByRole('button');
    expect(picks.map((b) => [b.textContent, b.getAttribute('aria-pressed')])).toEqual([
      ['pf-prod', 'true'],
      ['aa-other', 'false'],
    ]);
    expect(screen.getByText(/Left empty, it is signed with the secret set for pf-prod/)).toBeTruthy();

    // Sent with the secret left empty: the receiver (which rejects invalid signatures) finds it valid.
    await act(async () => {
      fireEvent.click(sendButton());
    });
    await waitFor(async () => expect((await captured('Hook Default Signed')).map((x) => (x.request.origin as { signature: { status: string } }).signature.status)).toEqual(['valid']));
    await waitFor(() => expect(sendButton().disabled).toBe(false));

    // The other webhook, picked: no secret set, so no note about one.
    fireEvent.click(picks[1]);
    expect((screen.getByLabelText('Webhook URL') as HTMLInputElement).value).toBe(`${receiverUrl}/webhook/aa-other`);
    expect(screen.queryByText(/Left empty, it is signed/)).toBeNull();
  });
});
