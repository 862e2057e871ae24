// The composer's drafts bar below Playwright, on the real engine (drafts.json in its data dir):
// save under a name (Enter or the button), load one back into the composer, delete, a name the
// engine refuses shown with its reason; a draft saved is there for the next composer opened.
import { act, cleanup, fireEvent, render, screen, waitFor } from '@testing-library/react';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import type { Draft } from '../../src-shared/api';
import { DraftsBar, type DraftsBarProps } from '../../src-renderer/src/composer/DraftsBar';
import { AppProvider, createAppStore } from '../../src-renderer/src/state';
import { connectClient } from './engine-http';

let client: ReturnType<typeof connectClient>;
beforeEach(async () => {
  client = connectClient();
  for (const d of (await client.api.call('drafts.list', undefined)).drafts) await client.api.call('drafts.delete', { name: d.name });
});
afterEach(() => {
  cleanup();
  client.close();
});

const MESSAGE = { type: 'track', event: 'Tour Start', userId: 'u-draft', properties: { tour_id: 't1' } };

function renderBar(props: Partial<DraftsBarProps> = {}) {
  const onLoad = vi.fn<(d: Draft) => void>();
  render(
    <AppProvider api={client.api} store={createAppStore(client.api)}>
      <DraftsBar profile="produktly" eventOrCall="Tour Start" message={MESSAGE} onLoad={onLoad} disabledReason={null} {...props} />
    </AppProvider>,
  );
  return onLoad;
}

const nameField = () => screen.getByLabelText('Draft name') as HTMLInputElement;
const saveButton = () => screen.getByRole('button', { name: /^Save/ }) as HTMLButtonElement;
const picker = () => screen.getByLabelText('Saved drafts') as HTMLSelectElement;

describe('composer: saved drafts', () => {
  it('saves under a name, loads it back in a new composer, and deletes it', async () => {
    renderBar();
    await waitFor(() => expect(picker().options[0].textContent).toBe('No saved drafts'));
    expect(saveButton().disabled).toBe(true);
    fireEvent.change(nameField(), { target: { value: '  tour start, t1  ' } });
    expect(saveButton().disabled).toBe(false);
    await act(async () => {
      fireEvent.click(saveButton());
    });
    await waitFor(() => expect(saveButton().textContent).toBe('Saved ✓'));
    const stored = (await client.api.call('drafts.list', undefined)).drafts;
    expect(stored).toEqual([expect.objectContaining({ name: 'tour start, t1', profile: 'produktly', event: 'Tour Start', message: MESSAGE })]);
    expect(picker().value).toBe('tour start, t1');
    cleanup();

    // Another composer: the draft is listed, and picking it hands it to the composer.
    const onLoad = renderBar({ message: {}, eventOrCall: 'identify' });
    await waitFor(() => expect(picker().options[0].textContent).toBe('Load draft (1)…'));
    expect(picker().options[1].textContent).toBe('tour start, t1 · Tour Start');
    fireEvent.change(picker(), { target: { value: 'tour start, t1' } });
    expect(onLoad).toHaveBeenCalledWith(expect.objectContaining({ name: 'tour start, t1', message: MESSAGE }));
    expect(nameField().value).toBe('tour start, t1');

    const del = screen.getByRole('button', { name: 'Delete' }) as HTMLButtonElement;
    expect(del.disabled).toBe(false);
    await act(async () => {
      fireEvent.click(del);
    });
    await waitFor(() => expect(picker().options[0].textContent).toBe('No saved drafts'));
    expect((await client.api.call('drafts.list', undefined)).drafts).toEqual([]);
    expect(del.disabled).toBe(true);
  });

  it('saves on Enter; a name the engine refuses is shown with its reason and nothing is saved', async () => {
    renderBar();
    fireEvent.change(nameField(), { target: { value: 'x'.repeat(500) } });
    await act(async () => {
      fireEvent.keyDown(nameField(), { key: 'Enter' });
    });
    expect((await screen.findByRole('alert')).textContent).toMatch(/name: at most \d+ characters/);
    expect((await client.api.call('drafts.list', undefined)).drafts).toEqual([]);

    fireEvent.change(nameField(), { target: { value: 'by enter' } });
    await act(async () => {
      fireEvent.keyDown(nameField(), { key: 'Enter' });
    });
    await waitFor(async () => expect((await client.api.call('drafts.list', undefined)).drafts.map((d) => d.name)).toEqual(['by enter']));
    // A success clears the earlier error.
    expect(screen.queryByRole('alert')).toBeNull();
  });

  it('will not save while the composer says why not, by the button or by Enter', async () => {
    renderBar({ disabledReason: 'Fix the JSON first' });
    fireEvent.change(nameField(), { target: { value: 'broken' } });
    expect(saveButton().disabled).toBe(true);
    expect(saveButton().title).toBe('Fix the JSON first');
    // A save asks the engine at once (before its first await): no such call may be made.
    const call = vi.spyOn(client.api, 'call');
    try {
      await act(async () => {
        fireEvent.keyDown(nameField(), { key: 'Enter' });
      });
      expect(call.mock.calls.filter(([name]) => name === 'drafts.save')).toEqual([]);
    } finally {
      call.mockRestore();
    }
    expect((await client.api.call('drafts.list', undefined)).drafts).toEqual([]);
  });
});
