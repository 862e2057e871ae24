// The composer as the user meets it, below Playwright: ComposerView rendered into happy-dom with
// @testing-library/react, talking to a real engine (test/dom/global-setup.ts) over its real
// transport, the WebSocket client the browser mode uses. JSON ↔ form sync both ways, invalid JSON, findings that focus their field, sending
// to the local receiver and the captured message.
import { get } from 'node:http';
import { act, cleanup, fireEvent, render, screen, waitFor, within } from '@testing-library/react';
import { afterEach, beforeEach, describe, expect, inject, it } from 'vitest';
import { WebSocket } from 'ws';
import type { CapturedMessage } from '../../src-shared/capture';
import { ComposerView } from '../../src-renderer/src/composer/ComposerView';
import { offsetOfLineColumn } from '../../src-renderer/src/composer/JsonEditor';
import { AppProvider, createAppStore } from '../../src-renderer/src/state';
import { createWebSocketClient, type SocketLike } from '../../src-renderer/src/state/ws-client';

const engineUrl = inject('engineUrl');

/** A GET with Node's http (happy-dom's fetch applies a page's same-origin policy). */
function nodeGet(url: string): Promise<{ status: number; body: string }> {
  return new Promise((resolve, reject) => {
    get(url, (res) => {
      let body = '';
      res.setEncoding('utf8');
      res.on('data', (c: string) => (body += c));
      res.on('end', () => resolve({ status: res.statusCode!, body }));
    }).on('error', reject);
  });
}
let client: ReturnType<typeof createWebSocketClient>;
beforeEach(() => {
  client = createWebSocketClient(`${engineUrl.replace('http', 'ws')}/ws`, { createSocket: (url) => new WebSocket(url) as unknown as SocketLike });
});
afterEach(() => {
  cleanup();
  client.close();
});

function renderComposer() {
  const store = createAppStore(client.api);
  return render(
    <AppProvider api={client.api} store={store}>
      <ComposerView />
    </AppProvider>,
  );
}

const input = (path: string) => document.querySelector<HTMLInputElement>(`[data-path="${path}"]`)!;
const jsonArea = () => screen.getByLabelText<HTMLTextAreaElement>('Message JSON');
const jsonOf = () => JSON.parse(jsonArea().value) as Record<string, any>;

describe('composer: form and JSON stay in sync', () => {
  it('opens on ProveSource Goal Completed; a form edit shows in the JSON at once', () => {
    renderComposer();
    expect(screen.getByLabelText<HTMLSelectElement>('Profile').value).toBe('provesource');
    expect(screen.getByLabelText<HTMLSelectElement>('Event').value).toBe('Goal Completed');
    expect(jsonOf()).toMatchObject({ type: 'track', event: 'Goal Completed' });
    fireEvent.change(input('properties.goalName'), { target: { value: 'Started trial' } });
    expect(jsonOf().properties.goalName).toBe('Started trial');
    fireEvent.change(input('properties.goalId'), { target: { value: 'goal-77' } });
    expect(jsonOf().properties).toMatchObject({ goalId: 'goal-77', goalName: 'Started trial' });
  });

  it('a valid JSON edit updates the form; invalid JSON shows line and column and leaves the form alone (locked)', () => {
    renderComposer();
    const message = jsonOf();
    message.properties.goalName = 'From JSON';
    fireEvent.change(jsonArea(), { target: { value: JSON.stringify(message, null, 2) } });
    expect(input('properties.goalName').value).toBe('From JSON');

    fireEvent.change(jsonArea(), { target: { value: '{\n  "type": "track",\n  "event": \n}' } });
    const alert = screen.getByRole('alert');
    expect(alert.textContent).toMatch(/^Line 4, column 1: .+\. The form keeps the last valid message\.$/);
    // The gutter numbers the four lines and marks the fourth; "Line 4, column 1" puts the caret there.
    expect(screen.getByTestId('json-gutter').querySelector('pre')!.textContent).toBe('1\n2\n3\n4');
    expect(screen.getByTestId('json-error-line').textContent).toBe('4');
    fireEvent.click(within(alert).getByRole('button', { name: 'Line 4, column 1' }));
    expect(jsonArea().selectionStart).toBe('{\n  "type": "track",\n  "event": \n'.length);
    expect(input('properties.goalName').value).toBe('From JSON');
    expect(input('properties.goalName').closest('fieldset')!.disabled).toBe(true);
    expect(screen.getByText(/findings are for the last valid version/)).toBeTruthy();
    // The text typed is kept as typed, not reformatted.
    expect(jsonArea().value).toBe('{\n  "type": "track",\n  "event": \n}');

    // Fixed: the form follows again and unlocks.
    message.properties.goalName = 'Fixed';
    fireEvent.change(jsonArea(), { target: { value: JSON.stringify(message) } });
    expect(screen.queryByRole('alert')).toBeNull();
    expect(screen.queryByTestId('json-error-line')).toBeNull();
    expect(input('properties.goalName').value).toBe('Fixed');
    expect(input('properties.goalName').closest('fieldset')!.disabled).toBe(false);
  });

  it('a parse error\'s line and column map to a text offset, clamped to the line and the text', () => {
    expect(offsetOfLineColumn('ab\ncd', 1, 1)).toBe(0);
    expect(offsetOfLineColumn('ab\ncd', 2, 2)).toBe(4);
    expect(offsetOfLineColumn('ab\ncd', 1, 9)).toBe(2); // past the line's end: its end
    expect(offsetOfLineColumn('ab\ncd', 5, 1)).toBe(5); // past the text: its end
    expect(offsetOfLineColumn('ab\n', 2, 1)).toBe(3);
  });

  it('picking another profile and event rebuilds the form and the JSON, keeping the identity', () => {
    renderComposer();
    fireEvent.change(input('userId'), { target: { value: 'user-kept' } });
    fireEvent.change(screen.getByLabelText('Profile'), { target: { value: 'freshsuccess' } });
    fireEvent.change(screen.getByLabelText('Event'), { target: { value: 'group' } });
    expect(jsonOf()).toMatchObject({ type: 'group', userId: 'user-kept' });
    expect(input('traits.createdAt')).toBeTruthy();
    expect(input('properties.goalId')).toBeNull();
  });
});

describe('composer: what the JSON holds that the form has no field for', () => {
  it('after Freshsuccess → Produktly the kept groupId is named under the form, and removing it there takes it out of the JSON', () => {
    renderComposer();
    fireEvent.change(screen.getByLabelText('Profile'), { target: { value: 'freshsuccess' } });
    fireEvent.change(screen.getByLabelText('Event'), { target: { value: 'group' } });
    fireEvent.change(input('groupId'), { target: { value: 'acct-9' } });
    // No such line while every key has its field.
    expect(screen.queryByRole('group', { name: /Also in the JSON/ })).toBeNull();
    fireEvent.change(screen.getByLabelText('Profile'), { target: { value: 'produktly' } });
    expect(jsonOf().groupId).toBe('acct-9');
    expect(input('groupId')).toBeNull();
    const extra = screen.getByRole('group', { name: /Also in the JSON/ });
    expect(extra.textContent).toContain('groupId');
    expect(extra.textContent).toMatch(/no field for it here/);
    fireEvent.click(within(extra).getByRole('button', { name: 'Remove groupId from the JSON' }));
    expect(jsonOf()).not.toHaveProperty('groupId');
    expect(screen.queryByRole('group', { name: /Also in the JSON/ })).toBeNull();
  });

  it('a property typed in the JSON that the event has no field for is named too, by its path', () => {
    renderComposer();
    // What the SDK and the receiver add (a captured message opened here) is not listed.
    const text = JSON.stringify({ ...jsonOf(), properties: { ...jsonOf().properties, plan: 'pro' }, context: { library: { name: 'analytics-node' } }, _metadata: { jsRuntime: 'node' }, sentAt: '2026-12-01T00:00:00.000Z' }, null, 2);
    fireEvent.change(jsonArea(), { target: { value: text } });
    const extra = screen.getByRole('group', { name: /Also in the JSON/ });
    expect(within(extra).getByRole('button', { name: 'Remove properties.plan from the JSON' })).toBeTruthy();
    expect([...extra.querySelectorAll('[data-extra-path]')].map((e) => e.getAttribute('data-extra-path'))).toEqual(['properties.plan']);
  });
});

// domain.md: where a document is silent "the UI and the docs must say so"; Produktly's catalog
// "carries both [documents], marking where each comes from".
describe('composer: where each field comes from, and the catalog notes', () => {
  it("Produktly: each field names its document; the notes say what the documents say and Eventbench's choices", () => {
    renderComposer();
    fireEvent.change(screen.getByLabelText('Profile'), { target: { value: 'produktly' } });
    fireEvent.change(screen.getByLabelText('Event'), { target: { value: 'tour_step' } });
    const labelOf = (path: string) => document.querySelector(`label[for="${input(path).id}"]`)!;
    expect(labelOf('properties.tour_id').textContent).toContain('Segment catalog page');
    expect(labelOf('properties.email_id').textContent).toContain('partner template');
    const notes = screen.getByRole('group', { name: /About the Produktly catalog/ });
    expect(notes.textContent).toMatch(/documentation defect/);
  });

  it('ProveSource: the notes say its document ranks no property, so a missing one is a warning', () => {
    renderComposer();
    const notes = screen.getByRole('group', { name: /About the ProveSource catalog/ });
    expect(notes.textContent).toMatch(/without saying which are required/);
    // One document for every field: no tag repeating it on each.
    expect(document.querySelectorAll('.cfield-origin')).toHaveLength(0);
  });
});

describe('composer: findings', () => {
  it('a required field says so in words, and is invalid while an error is about it (not only by its border)', () => {
    renderComposer();
    fireEvent.change(screen.getByLabelText('Profile'), { target: { value: 'freshsuccess' } });
    fireEvent.change(screen.getByLabelText('Event'), { target: { value: 'group' } });
    fireEvent.click(screen.getByRole('button', { name: 'Fill with example' }));
    const companyName = () => screen.getByRole('textbox', { name: 'Company name' });
    expect(companyName().getAttribute('aria-required')).toBe('true');
    expect(companyName().getAttribute('aria-invalid')).toBeNull();
    expect(screen.getByRole('textbox', { name: 'Website' }).getAttribute('aria-required')).toBeNull();
    const message = jsonOf();
    delete message.traits.name;
    fireEvent.change(jsonArea(), { target: { value: JSON.stringify(message) } });
    expect(companyName().getAttribute('aria-invalid')).toBe('true');
    fireEvent.change(input('traits.name'), { target: { value: 'Acme' } });
    expect(companyName().getAttribute('aria-invalid')).toBeNull();
  });

  it('a missing catalog field is listed as a warning; clicking it focuses its input', () => {
    renderComposer();
    fireEvent.click(screen.getByRole('button', { name: 'Fill with example' }));
    const findings = screen.getByLabelText('Findings');
    // No workspace: every partner is checked (as the inspector will); ProveSource's own rules pass.
    // ProveSource's document lists goalId without ranking it above goalName: a warning, as for either.
    const warnings = () => findings.querySelectorAll(".cfinding-warning").length;
    expect(within(findings).queryByText(/properties\.goalId/)).toBeNull();
    const before = warnings();
    fireEvent.change(input('properties.goalId'), { target: { value: '' } });
    const message = jsonOf();
    delete message.properties.goalId;
    fireEvent.change(jsonArea(), { target: { value: JSON.stringify(message) } });
    const finding = within(findings).getByText(/Goal ID \(properties\.goalId\) is missing/);
    expect(warnings()).toBe(before + 1);
    fireEvent.click(finding);
    expect(document.activeElement).toBe(input('properties.goalId'));
  });
});

describe('composer: send', () => {
  it('sends the edited message to the local receiver, which captures it as composed', async () => {
    renderComposer();
    fireEvent.click(screen.getByRole('button', { name: 'Fill with example' }));
    const goalName = `Sent from the form ${Math.random().toString(36).slice(2)}`; // one engine serves every test
    fireEvent.change(input('properties.goalName'), { target: { value: goalName } });
    const composed = jsonOf();
    await act(async () => {
      fireEvent.click(screen.getByRole('button', { name: /^Send$/ }));
    });
    const match = encodeURIComponent(JSON.stringify({ properties: { goalName } }));
    const res = await nodeGet(`${engineUrl}/api/messages/wait?match=${match}&timeoutMs=15000`);
    expect(res.status).toBe(200);
    const [captured] = JSON.parse(res.body) as CapturedMessage[];
    expect(captured.message.properties).toEqual(composed.properties);
    expect(captured.message).toMatchObject({ type: 'track', event: 'Goal Completed', userId: composed.userId });
    expect(captured.message.messageId).not.toBe(composed.messageId); // "Fresh messageId per copy" is on by default
    expect(captured.origin).toMatchObject({ kind: 'tracking', endpoint: '/v1/batch' });
    await waitFor(() => expect(document.querySelector('.delivery')?.textContent).toContain('delivered'));
  });
});
