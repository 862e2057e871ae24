// "Open in composer" on a captured message: the composer sends it as the workspace source it came
// from, so it is checked as that source's message. It used to pick the first source of the
// workspace (a ProveSource source), whatever the message's own: a web app's "Report Exported"
// was flagged "not a ProveSource event", and a local send would have carried ProveSource's key.
import { act, fireEvent, render, screen, waitFor } from '@testing-library/react';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { Workspace } from '../../src-shared/workspace';
import { ComposerView } from '../../src-renderer/src/composer/ComposerView';
import { SelectionActions } from '../../src-renderer/src/inspector/SelectionActions';
import { AppProvider } from '../../src-renderer/src/state';
import { emptyLogPerTest, send } from './engine-http';

const rig = emptyLogPerTest();
let before: Workspace;

const basic = (key: string) => ({ authorization: `Basic ${Buffer.from(`${key}:`).toString('base64')}` });

beforeEach(async () => {
  before = (await rig.client.api.call('workspace.get', undefined)).workspace;
  await rig.client.api.call('workspace.save', {
    sources: [
      { id: 'ps', name: 'ProveSource', kind: 'provesource', writeKey: 'wk_provesource_5c0e11', destinations: ['freshsuccess'] },
      { id: 'web', name: 'Web app', kind: 'custom', writeKey: 'wk_web_app_7f3a9c', destinations: ['freshsuccess'] },
    ],
  } as Workspace);
});
afterEach(async () => {
  await rig.client.api.call('workspace.save', before);
});

function openCaptured(event: string) {
  render(
    <AppProvider api={rig.client.api} store={rig.store}>
      <SelectionActions />
      <ComposerView />
    </AppProvider>,
  );
  const row = rig.store.getState().rows.toArray().find((r) => r.name === event)!;
  act(() => rig.store.getState().selectMessage(row.seq));
  fireEvent.click(screen.getByRole('button', { name: 'Open in composer' }));
}

const sentAs = () => screen.getByRole<HTMLSelectElement>('combobox', { name: 'Source' });

describe('Open in composer: sent as the message\'s own source', () => {
  it('a web app message opens as "Web app", not as the first source', async () => {
    expect(await send('POST', '/v1/track', { userId: 'u-1001', event: 'Report Exported', properties: { module: 'Reports' } }, basic('wk_web_app_7f3a9c'))).toBe(200);
    await rig.store.getState().init();
    await rig.store.getState().loadWorkspace();
    openCaptured('Report Exported');
    await waitFor(() => expect(screen.getByLabelText<HTMLTextAreaElement>('Message JSON').value).toContain('"Report Exported"'));
    await waitFor(() => expect(sentAs().value).toBe('web'));
    expect(document.body.textContent).toContain('Source "Web app"');
    expect(document.body.textContent).not.toContain('is not a ProveSource event');
  });

  it('a message of a source not in the workspace opens as "a source not in the workspace"', async () => {
    expect(await send('POST', '/v1/track', { userId: 'u-1001', event: 'Cron Ran' }, basic('wk_unknown_999'))).toBe(200);
    await rig.store.getState().init();
    await rig.store.getState().loadWorkspace();
    openCaptured('Cron Ran');
    await waitFor(() => expect(screen.getByLabelText<HTMLTextAreaElement>('Message JSON').value).toContain('"Cron Ran"'));
    await waitFor(() => expect(sentAs().value).toBe(''));
    // The option is short (the list is as wide as its longest option); its tooltip says it whole.
    expect(sentAs().selectedOptions[0].textContent).toBe('another source');
    expect(sentAs().title).toMatch(/^a source not in the workspace/);
  });

  it('a webhook message opens as the webhook source', async () => {
    await rig.client.api.call('workspace.save', {
      sources: [
        { id: 'ps', name: 'ProveSource', kind: 'provesource', writeKey: 'wk_provesource_5c0e11', destinations: [] },
        { id: 'hook', name: 'Segment webhook', kind: 'custom', webhook: 'segment-prod', destinations: ['product-fruits'] },
      ],
    } as Workspace);
    expect(await send('POST', '/webhook/segment-prod', { type: 'identify', userId: 'u-1001', traits: { email: 'ada@acme.test' } })).toBe(200);
    await rig.store.getState().init();
    await rig.store.getState().loadWorkspace();
    openCaptured('ada@acme.test');
    await waitFor(() => expect(screen.getByLabelText<HTMLTextAreaElement>('Message JSON').value).toContain('ada@acme.test'));
    await waitFor(() => expect(sentAs().value).toBe('hook'));
  });
});

// With no source of the chosen catalog's kind, the composer fell back to the workspace's first
// source: a Produktly tour event was "sent as" the ProveSource source and flagged "not a
// ProveSource event". It now picks a source that fits the profile, else none of the workspace's.
describe('Sent as follows the profile when no source is chosen', () => {
  it('picks the source of the catalog\'s kind, one connected to Freshsuccess, a custom one for plain Segment, else none', async () => {
    await rig.store.getState().init();
    await rig.store.getState().loadWorkspace();
    render(
      <AppProvider api={rig.client.api} store={rig.store}>
        <ComposerView />
      </AppProvider>,
    );
    const profile = screen.getByRole<HTMLSelectElement>('combobox', { name: 'Profile' });
    await waitFor(() => expect(sentAs().value).toBe('ps'));
    fireEvent.change(profile, { target: { value: 'produktly' } });
    await waitFor(() => expect(sentAs().value).toBe(''));
    expect(document.body.textContent).not.toContain('is not a ProveSource event');
    fireEvent.change(profile, { target: { value: 'freshsuccess' } });
    await waitFor(() => expect(sentAs().value).toBe('ps'));
    fireEvent.change(profile, { target: { value: 'segment' } });
    await waitFor(() => expect(sentAs().value).toBe('web'));
    // A choice made by hand stays.
    fireEvent.change(sentAs(), { target: { value: 'ps' } });
    fireEvent.change(profile, { target: { value: 'produktly' } });
    await waitFor(() => expect(sentAs().value).toBe('ps'));
  });
});
