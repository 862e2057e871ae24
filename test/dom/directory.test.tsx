// The Matching tab's user directory and duplicates report over the real engine: the starting
// directory imported through the API, webhook messages sent over HTTP, and what the panels show
// and do read back from the engine. Tested here: the table (search, sort, reverse, the links to
// traces and to a user's decisions, which bring up the Decisions section), the edit and add dialog (a properties error keeps the dialog
// and saves nothing; a save re-derives and the row follows; a trait past 2^53 keeps its digits through an edit), reset behind its confirmation, and
// the duplicates report's groups and links (in the whole Matching tab: a link leaves the
// Duplicates section for Decisions, showing the trace or the user's decisions).
// The starting directory is put back as it was after each test (other files use the engine too).
import { act, fireEvent, render, screen, waitFor, within } from '@testing-library/react';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it, vi } from 'vitest';
import type { StartingUser } from '../../src-shared/matching/types';
import { DirectoryPanel } from '../../src-renderer/src/matching/DirectoryPanel';
import { MatchingView } from '../../src-renderer/src/matching/MatchingView';
import { AppProvider, createAppStore, type AppStore } from '../../src-renderer/src/state';
import { clientPerTest, send, sendText } from './engine-http';

const engine = clientPerTest();
const WEBHOOK = 'dom-directory';
let before: StartingUser[];
let store: AppStore;

// The directory is a virtualized list: it renders the rows that fit its scroll box, and happy-dom
// lays nothing out (every box is 0 px tall). Give the list's scroll box a height.
// (@tanstack/react-virtual reads the box's clientWidth and clientHeight.)
const boxed = (base: PropertyKey, size: number) => {
  let proto: object | null = HTMLElement.prototype;
  while (proto && !Object.getOwnPropertyDescriptor(proto, base)) proto = Object.getPrototypeOf(proto);
  const real = Object.getOwnPropertyDescriptor(proto!, base)!;
  return {
    install: () =>
      Object.defineProperty(HTMLElement.prototype, base, {
        configurable: true,
        get(this: HTMLElement) {
          return this.classList.contains('msg-scroll') ? size : real.get!.call(this);
        },
      }),
    remove: () => (proto === HTMLElement.prototype ? Object.defineProperty(proto, base, real) : delete (HTMLElement.prototype as unknown as Record<PropertyKey, unknown>)[base]),
  };
};
const sizes = [boxed('clientWidth', 1000), boxed('clientHeight', 640)];
beforeAll(() => sizes.forEach((s) => s.install()));
afterAll(() => sizes.forEach((s) => s.remove()));

beforeEach(async () => {
  before = await engine.client.api.call('users.starting', undefined);
  await engine.client.api.call('users.import', {
    text: JSON.stringify([
      { id: 'dir-b', username: 'dir-bea', email: 'bea@dir.example', plan: 'free' },
      { id: 'dir-a', username: 'dir-al', email: 'al@dir.example', plan: 'pro' },
      { id: 'dir-c', username: 'dir-cy', email: 'cy@dir.example' },
    ]),
    replace: true,
  });
  store = createAppStore(engine.client.api);
  await store.getState().loadMatching();
});
afterEach(async () => {
  store.getState().dispose();
  await engine.client.api.call('users.import', { text: JSON.stringify(before), replace: true });
});

function renderWith(ui: React.ReactNode) {
  return render(
    <AppProvider api={engine.client.api} store={store}>
      {ui}
    </AppProvider>,
  );
}

/** The directory's rows as [id, username, email, properties] texts, in the order shown. */
function rows(): string[][] {
  const table = screen.getByRole('table', { name: 'User directory' });
  return within(table)
    .queryAllByRole('row')
    .map((r) => within(r).getAllByRole('cell').slice(0, 4).map((c) => c.textContent ?? ''));
}

async function sendWebhook(message: Record<string, unknown>): Promise<void> {
  expect(await send('POST', `/webhook/${WEBHOOK}`, message, { 'user-agent': 'Segment.io/1.0' })).toBe(200);
}

describe('Matching: the user directory', () => {
  it('lists the users, searches, sorts and reverses, as the engine answers', async () => {
    renderWith(<DirectoryPanel />);
    fireEvent.change(screen.getByRole('searchbox', { name: 'Search users' }), { target: { value: 'dir.example' } });
    await waitFor(() => expect(rows().map((r) => r[0])).toEqual(['dir-a', 'dir-b', 'dir-c']));
    expect(screen.getByText('3 users')).toBeTruthy();
    expect(document.querySelector('.msg-head.user-grid')?.textContent).toBe('IdUsernameEmailPropertiesCreated / changed by');
    expect(rows()[0]).toEqual(['dir-a', 'dir-al', 'al@dir.example', 'plan=pro']);
    // No properties: a dash, not an empty cell.
    expect(rows()[2][3]).toBe('—');
    // The client's texts are isolated for direction: a right-to-left value keeps its own order
    // after "plan=", and the id, username and email cells take the direction of their text.
    const first = within(screen.getByRole('table', { name: 'User directory' })).getAllByRole('row')[0];
    const cells = within(first).getAllByRole('cell');
    expect(cells.slice(0, 3).map((c) => c.getAttribute('dir'))).toEqual(['auto', 'auto', 'auto']);
    expect([...cells[3].querySelectorAll('bdi')].map((b) => b.textContent)).toEqual(['pro']);

    fireEvent.change(screen.getByRole('combobox', { name: 'Sort users by' }), { target: { value: 'email' } });
    fireEvent.click(screen.getByRole('button', { name: 'Reverse order' }));
    await waitFor(() => expect(rows().map((r) => r[2])).toEqual(['cy@dir.example', 'bea@dir.example', 'al@dir.example']));
    // The order is an arrow joined to the sort (a compact toolbar): pressed is descending, said in its title.
    const reverse = screen.getByRole('button', { name: 'Reverse order' });
    expect([reverse.textContent, reverse.getAttribute('aria-pressed'), reverse.title]).toEqual(['↓', 'true', 'Descending: click for ascending']);

    // A search the engine finds nothing for says so.
    fireEvent.change(screen.getByRole('searchbox', { name: 'Search users' }), { target: { value: 'nobody-at-all-dir' } });
    expect(await screen.findByText('No user matches the search')).toBeTruthy();
    expect(screen.getByText('0 users')).toBeTruthy();
    // No column names over no rows.
    expect(document.querySelector('.msg-head.user-grid')).toBeNull();
  });

  it('links a user to the messages that changed it: a trace per message, the rest as a filter', async () => {
    await engine.client.api.call('webhooks.save', { name: WEBHOOK, rejectInvalid: false });
    // Seven messages change dir-a (its plan flips each time): six links are shown, then "+1 more".
    for (let i = 0; i < 7; i++) await sendWebhook({ type: 'identify', messageId: `dir-m${i}`, userId: 'dir-al', traits: { email: 'al@dir.example', plan: i % 2 ? 'pro' : 'free' } });
    // On the Directory section, as a user clicking its links is.
    act(() => store.getState().setMatchingSection('directory'));
    renderWith(<DirectoryPanel />);
    fireEvent.change(screen.getByRole('searchbox', { name: 'Search users' }), { target: { value: 'dir-al' } });
    const links = await waitFor(() => {
      const cell = within(screen.getByRole('table', { name: 'User directory' })).getAllByRole('cell')[4];
      const found = within(cell).getAllByRole('button');
      expect(found).toHaveLength(7);
      return found;
    });
    const { decisions } = await engine.client.api.call('matching.decisions', { userId: 'dir-a', limit: 100 });
    const seqs = decisions.map((d) => d.seq);
    expect(seqs).toHaveLength(7);
    expect(links.slice(0, 6).map((b) => b.textContent)).toEqual(seqs.slice(0, 6).map((s) => `#${s}`));
    expect(links[0].title).toBe('Changed by this message: show its trace');
    expect(screen.getByText(/starting directory/)).toBeTruthy();

    fireEvent.click(links[2]);
    // The trace is in the Decisions section: the store switches to it (MatchingView shows it).
    expect(store.getState()).toMatchObject({ traceSeq: seqs[2], matchingSection: 'decisions', tab: 'matching' });
    act(() => store.getState().setMatchingSection('directory'));
    expect(links[6].textContent).toBe('+1 more');
    fireEvent.click(links[6]);
    expect(store.getState()).toMatchObject({ matchingUserFilter: 'dir-a', matchingSection: 'decisions' });
  });

  // A track without traits changes nothing, so it is in no user's "created / changed by": bob's
  // event landing on Ada (the customer's complaint) could not be reached from Ada's row, which
  // linked only the messages that changed her (and "+N more" only when those overflowed).
  it("opens all of a user's decisions from its id, those that changed nothing too", async () => {
    await engine.client.api.call('webhooks.save', { name: WEBHOOK, rejectInvalid: false });
    await sendWebhook({ type: 'track', messageId: 'dir-quiet', event: 'Invoice Paid', userId: 'dir-bea' });
    const { decisions } = await engine.client.api.call('matching.decisions', { userId: 'dir-b', limit: 100 });
    expect(decisions.map((d) => [d.messageId, d.changes.length])).toEqual([['dir-quiet', 0]]);
    act(() => store.getState().setMatchingSection('directory'));
    renderWith(<DirectoryPanel />);
    fireEvent.change(screen.getByRole('searchbox', { name: 'Search users' }), { target: { value: 'dir-bea' } });
    const row = await waitFor(() => {
      const found = within(screen.getByRole('table', { name: 'User directory' })).getAllByRole('row');
      expect(found).toHaveLength(1);
      return found[0];
    });
    // Nothing changed it: no message link in its cell.
    expect(within(within(row).getAllByRole('cell')[4]).queryAllByRole('button')).toEqual([]);
    const open = within(within(row).getAllByRole('cell')[0]).getByRole('button', { name: 'dir-b' });
    expect(open.title).toBe("Show dir-b's decisions: every message matched to it, those that changed nothing too");
    fireEvent.click(open);
    expect(store.getState()).toMatchObject({ matchingUserFilter: 'dir-b', matchingSection: 'decisions', tab: 'matching' });
  });

  it('edits a starting user: a bad properties text is named and saves nothing; a save is derived again and shown', async () => {
    renderWith(<DirectoryPanel />);
    fireEvent.change(screen.getByRole('searchbox', { name: 'Search users' }), { target: { value: 'dir-bea' } });
    fireEvent.click(await screen.findByRole('button', { name: 'Edit dir-b' }));
    const dialog = screen.getByRole('dialog', { name: 'Edit dir-b (starting directory)' });
    expect((within(dialog).getByLabelText('Id') as HTMLInputElement).disabled).toBe(true);
    expect((within(dialog).getByLabelText('Email') as HTMLInputElement).value).toBe('bea@dir.example');
    expect(JSON.parse((within(dialog).getByLabelText('Properties (JSON)') as HTMLTextAreaElement).value)).toEqual({ plan: 'free' });

    fireEvent.change(within(dialog).getByLabelText('Email'), { target: { value: 'beatrice@dir.example' } });
    fireEvent.change(within(dialog).getByLabelText('Properties (JSON)'), { target: { value: '["plan"]' } });
    fireEvent.click(within(dialog).getByRole('button', { name: 'Save' }));
    expect((await within(dialog).findByRole('alert')).textContent).toBe('Properties: must be a JSON object');
    fireEvent.change(within(dialog).getByLabelText('Properties (JSON)'), { target: { value: '{"plan": ' } });
    fireEvent.click(within(dialog).getByRole('button', { name: 'Save' }));
    await waitFor(() => expect(within(dialog).getByRole('alert').textContent).toMatch(/^Properties: .*JSON/));
    expect((await engine.client.api.call('users.starting', undefined)).find((u) => u.id === 'dir-b')?.email).toBe('bea@dir.example');

    fireEvent.change(within(dialog).getByLabelText('Properties (JSON)'), { target: { value: '{"plan": "team", "seats": 5}' } });
    fireEvent.click(within(dialog).getByRole('button', { name: 'Save' }));
    await waitFor(() => expect(screen.queryByRole('dialog')).toBeNull());
    const saved = (await engine.client.api.call('users.starting', undefined)).find((u) => u.id === 'dir-b');
    expect(saved).toEqual({ id: 'dir-b', username: 'dir-bea', email: 'beatrice@dir.example', properties: { plan: 'team', seats: 5 } });
    // The engine derived everything again and said so; the row follows without a reload.
    await waitFor(() => expect(rows()).toEqual([['dir-b', 'dir-bea', 'beatrice@dir.example', 'plan=team · seats=5']]));
  });

  it('adds a user; an id the engine refuses keeps the dialog open with its reason; Cancel saves nothing', async () => {
    renderWith(<DirectoryPanel />);
    fireEvent.click(screen.getByRole('button', { name: 'Add user' }));
    let dialog = screen.getByRole('dialog', { name: 'Add a user to the starting directory' });
    fireEvent.change(within(dialog).getByLabelText('Username'), { target: { value: 'dir-dee' } });
    fireEvent.click(within(dialog).getByRole('button', { name: 'Save' }));
    expect((await within(dialog).findByRole('alert')).textContent).toMatch(/id/i);
    expect(screen.getByRole('dialog')).toBe(dialog);

    fireEvent.click(within(dialog).getByRole('button', { name: 'Cancel' }));
    expect(screen.queryByRole('dialog')).toBeNull();
    expect((await engine.client.api.call('users.starting', undefined)).map((u) => u.id).sort()).toEqual(['dir-a', 'dir-b', 'dir-c']);

    fireEvent.click(screen.getByRole('button', { name: 'Add user' }));
    dialog = screen.getByRole('dialog', { name: 'Add a user to the starting directory' });
    fireEvent.change(within(dialog).getByLabelText('Id'), { target: { value: '  dir-d  ' } });
    fireEvent.change(within(dialog).getByLabelText('Username'), { target: { value: 'dir-dee' } });
    fireEvent.click(within(dialog).getByRole('button', { name: 'Save' }));
    await waitFor(() => expect(screen.queryByRole('dialog')).toBeNull());
    expect((await engine.client.api.call('users.starting', undefined)).find((u) => u.id === 'dir-d')).toEqual({ id: 'dir-d', username: 'dir-dee', properties: {} });
    fireEvent.change(screen.getByRole('searchbox', { name: 'Search users' }), { target: { value: 'dir-dee' } });
    await waitFor(() => expect(rows()).toEqual([['dir-d', 'dir-dee', '—', '—']]));
  });

  it('resets the starting directory only once confirmed', async () => {
    renderWith(<DirectoryPanel />);
    const reset = await waitFor(() => {
      const b = screen.getByRole('button', { name: 'Reset' }) as HTMLButtonElement;
      expect(b.disabled).toBe(false);
      return b;
    });
    fireEvent.click(reset);
    let confirm = screen.getByRole('dialog', { name: 'Empty the starting directory?' });
    expect(confirm.textContent).toContain('All 3 imported or edited users are removed');
    fireEvent.click(within(confirm).getByRole('button', { name: 'Cancel' }));
    expect(await engine.client.api.call('users.starting', undefined)).toHaveLength(3);

    fireEvent.click(reset);
    confirm = screen.getByRole('dialog', { name: 'Empty the starting directory?' });
    fireEvent.click(within(confirm).getByRole('button', { name: 'Reset' }));
    await waitFor(async () => expect(await engine.client.api.call('users.starting', undefined)).toEqual([]));
    // No starting users left: nothing to reset.
    await waitFor(() => expect((screen.getByRole('button', { name: 'Reset' }) as HTMLButtonElement).disabled).toBe(true));
  });

  // A user whose field holds a lone surrogate (half of an emoji, a client that cut a string): the CSV,
  // saved as UTF-8, holds U+FFFD there, and its import changed the user without a word. The export now
  // names the users and fields it cannot write exactly, and offers JSON, which keeps them.
  it('Export CSV names the users and fields a lone surrogate makes it unable to write exactly, and offers JSON', async () => {
    await engine.client.api.call('users.import', {
      text: '[{"id":"dir-s","username":"half\\ud83d","email":"s@dir.example","mood":"ok \\ude00"},{"id":"dir-e","username":"whole\\ud83d\\ude00"}]',
    });
    const created: Blob[] = [];
    vi.stubGlobal('URL', Object.assign(URL, { createObjectURL: vi.fn((b: Blob) => (created.push(b), `blob:dir-${created.length}`)), revokeObjectURL: vi.fn() }));
    const click = vi.spyOn(HTMLAnchorElement.prototype, 'click').mockImplementation(() => undefined);
    try {
      renderWith(<DirectoryPanel />);
      fireEvent.click(screen.getByRole('button', { name: 'Export CSV' }));
      const warning = await screen.findByTestId('export-csv-warning');
      expect(created).toHaveLength(1);
      expect(warning.textContent).toContain(
        'The CSV was saved, but it cannot hold 2 values exactly: user dir-s (username), user dir-s (properties.mood) hold a lone UTF-16 surrogate (half of an emoji), which UTF-8 writes as U+FFFD (\uFFFD), so importing this CSV would change them. Export JSON keeps them exactly.',
      );
      // The JSON export keeps them: read back, the same text.
      fireEvent.click(within(warning).getByRole('button', { name: 'Export JSON' }));
      await waitFor(() => expect(created).toHaveLength(2));
      const json = JSON.parse(await created[1].text()) as { id: string; username?: string }[];
      expect(json.find((u) => u.id === 'dir-s')!.username).toBe('half\ud83d');
      // A directory with none: no warning.
      await engine.client.api.call('users.deleteStarting', { id: 'dir-s' });
      fireEvent.click(screen.getByRole('button', { name: 'Export CSV' }));
      await waitFor(() => expect(created).toHaveLength(3));
      expect(screen.queryByTestId('export-csv-warning')).toBeNull();
    } finally {
      click.mockRestore();
      vi.unstubAllGlobals();
    }
  });

  it('exports the directory as the engine writes it', async () => {
    const created: Blob[] = [];
    const createObjectURL = vi.fn((b: Blob) => (created.push(b), `blob:dir-${created.length}`));
    vi.stubGlobal('URL', Object.assign(URL, { createObjectURL, revokeObjectURL: vi.fn() }));
    const clicks: { href: string; download: string }[] = [];
    const click = vi.spyOn(HTMLAnchorElement.prototype, 'click').mockImplementation(function (this: HTMLAnchorElement) {
      clicks.push({ href: this.href, download: this.download });
    });
    try {
      renderWith(<DirectoryPanel />);
      fireEvent.click(screen.getByRole('button', { name: 'Export CSV' }));
      await waitFor(() => expect(clicks).toHaveLength(1));
      expect(clicks[0]).toEqual({ href: 'blob:dir-1', download: 'eventbench-users.csv' });
      expect(await created[0].text()).toBe(await engine.client.api.call('users.export', { format: 'csv' }));
      expect(created[0].type).toBe('text/csv');
      fireEvent.click(screen.getByRole('button', { name: 'Export JSON' }));
      await waitFor(() => expect(clicks).toHaveLength(2));
      expect(clicks[1].download).toBe('eventbench-users.json');
      const json = JSON.parse(await created[1].text()) as { id: string }[];
      expect(json.map((u) => u.id)).toEqual(expect.arrayContaining(['dir-a', 'dir-b', 'dir-c']));
    } finally {
      click.mockRestore();
      vi.unstubAllGlobals();
    }
  });
});

describe('Matching: the duplicates report', () => {
  it('groups users that look like one person, each linking to its decisions and the messages that made it', async () => {
    await engine.client.api.call('webhooks.save', { name: WEBHOOK, rejectInvalid: false });
    // A userId that is dir-c's email, and no email: no username equals it, so a user is created
    // whose username is another user's email.
    await sendWebhook({ type: 'track', event: 'Tour Start', messageId: 'dir-dup1', userId: 'cy@dir.example' });
    // The whole Matching tab, on the Duplicates section: its links bring up the Decisions section.
    renderWith(<MatchingView active />);
    fireEvent.click(screen.getByRole('tab', { name: 'Duplicates' }));
    const found = await waitFor(() => {
      const g = screen.getAllByRole('region').find((r) => r.textContent?.includes('dir-c'));
      expect(g).toBeTruthy();
      return g!;
    });
    expect(found.querySelector('.dup-head')?.textContent).toBe("A username equal to another user's email cy@dir.example");
    expect(found.querySelector('.dup-head code')?.textContent).toBe('cy@dir.example');
    const [head, ...body] = within(found).getAllByRole('row');
    expect(within(head).getAllByRole('columnheader').map((h) => h.textContent)).toEqual(['Id', 'Username', 'Email', 'Created / changed by']);
    const ids = body.map((r) => within(r).getAllByRole('cell')[0].textContent);
    const { decisions } = await engine.client.api.call('matching.decisions', { limit: 1000 });
    const made = decisions.find((d) => d.messageId === 'dir-dup1')!;
    expect(made.outcome).toBe('created');
    expect(ids).toEqual(expect.arrayContaining(['dir-c', made.userId]));

    const decisionsTab = () => screen.getByRole('tab', { name: /^Decisions/ });
    expect(decisionsTab().getAttribute('aria-selected')).toBe('false');
    fireEvent.click(within(found).getByRole('button', { name: `#${made.seq}` }));
    expect(store.getState()).toMatchObject({ traceSeq: made.seq, matchingSection: 'decisions' });
    expect(decisionsTab().getAttribute('aria-selected')).toBe('true');
    expect(screen.queryByRole('region', { name: /^Duplicate group/ })).toBeNull();
    const trace = screen.getByRole('complementary', { name: 'Decision trace' });
    await waitFor(() => expect(within(trace).getByRole('heading', { name: 'Why this user?' })).toBeTruthy());
    expect(trace.textContent).toContain(`#${made.seq}`);
    expect(trace.textContent).toContain('dir-dup1');

    // Back on the Duplicates: a user's id shows that user's decisions, in Decisions.
    fireEvent.click(screen.getByRole('tab', { name: 'Duplicates' }));
    const again = await waitFor(() => {
      const g = screen.getAllByRole('region').find((r) => r.textContent?.includes('dir-c'));
      expect(g).toBeTruthy();
      return g!;
    });
    fireEvent.click(within(again).getByRole('button', { name: 'dir-c' }));
    expect(store.getState()).toMatchObject({ matchingUserFilter: 'dir-c', matchingSection: 'decisions' });
    expect(decisionsTab().getAttribute('aria-selected')).toBe('true');
    expect((screen.getByRole('searchbox', { name: 'User id' }) as HTMLInputElement).value).toBe('dir-c');
  });
});

// The Decisions list's user box takes a directory id (the User column). Support starts from what
// the customer names, a userId or an email: "dir-al" there found nothing and said only "No
// decision passes these filters. Change or clear the filters." It now says which user that is.
describe("Matching: a user box holding a message's userId or email", () => {
  it('names the directory user with that username or email, and shows its decisions from there', async () => {
    await engine.client.api.call('webhooks.save', { name: WEBHOOK, rejectInvalid: false });
    await sendWebhook({ type: 'track', messageId: 'dir-named', event: 'Invoice Paid', userId: 'dir-al' });
    await store.getState().loadMatching();
    renderWith(<MatchingView active />);
    const box = screen.getByRole('searchbox', { name: 'User id' }) as HTMLInputElement;
    for (const [typed, said] of [
      ['dir-al', 'The username dir-al is user dir-a.'],
      [' AL@dir.example', 'The email AL@dir.example is user dir-a.'],
    ]) {
      fireEvent.change(box, { target: { value: typed } });
      expect(await screen.findByText(said)).toBeTruthy();
      expect(screen.getByText(/^This box takes the id of a directory user/)).toBeTruthy();
    }
    fireEvent.click(screen.getByRole('button', { name: "Show dir-a's decisions" }));
    expect(box.value).toBe('dir-a');
    const list = screen.getByRole('listbox', { name: 'Matching decisions' });
    await waitFor(() => expect(within(list).getAllByRole('option').length).toBeGreaterThan(0));
    // Nobody has it: said so.
    fireEvent.change(box, { target: { value: 'dir-nobody' } });
    expect(await screen.findByText('No user of the directory has the id, username or email dir-nobody.')).toBeTruthy();
  });
});

describe('Matching: the filters across sections, and a trace opened past them', () => {
  it('keeps the Decisions filters and the directory search and order when the section changes', async () => {
    renderWith(<MatchingView active />);
    fireEvent.change(screen.getByRole('combobox', { name: 'Outcome' }), { target: { value: 'created' } });
    fireEvent.click(screen.getByRole('checkbox', { name: 'Conflicts only' }));
    fireEvent.change(screen.getByRole('searchbox', { name: 'User id' }), { target: { value: 'dir-a' } });
    fireEvent.click(screen.getByRole('tab', { name: /^Directory/ }));
    fireEvent.change(screen.getByRole('searchbox', { name: 'Search users' }), { target: { value: 'dir-' } });
    fireEvent.change(screen.getByRole('combobox', { name: 'Sort users by' }), { target: { value: 'email' } });
    fireEvent.click(screen.getByRole('button', { name: 'Reverse order' }));
    await waitFor(() => expect(rows().map((r) => r[0])).toEqual(['dir-c', 'dir-b', 'dir-a']));

    fireEvent.click(screen.getByRole('tab', { name: 'Duplicates' }));
    fireEvent.click(screen.getByRole('tab', { name: /^Decisions/ }));
    expect((screen.getByRole('combobox', { name: 'Outcome' }) as HTMLSelectElement).value).toBe('created');
    expect((screen.getByRole('checkbox', { name: 'Conflicts only' }) as HTMLInputElement).checked).toBe(true);
    expect((screen.getByRole('searchbox', { name: 'User id' }) as HTMLInputElement).value).toBe('dir-a');
    fireEvent.click(screen.getByRole('tab', { name: /^Directory/ }));
    expect((screen.getByRole('searchbox', { name: 'Search users' }) as HTMLInputElement).value).toBe('dir-');
    expect((screen.getByRole('combobox', { name: 'Sort users by' }) as HTMLSelectElement).value).toBe('email');
    expect(screen.getByRole('button', { name: 'Reverse order' }).getAttribute('aria-pressed')).toBe('true');
    await waitFor(() => expect(rows().map((r) => r[0])).toEqual(['dir-c', 'dir-b', 'dir-a']));
  });

  it('shows the row of a trace opened past the filters, says which were cleared (Undo), and says when a filter hides it', async () => {
    await engine.client.api.call('webhooks.save', { name: WEBHOOK, rejectInvalid: false });
    await sendWebhook({ type: 'track', event: 'Tour Start', messageId: 'dir-f1', userId: 'dir-al' }); // dir-a, by username
    await sendWebhook({ type: 'identify', messageId: 'dir-f2', userId: 'x', traits: { email: 'bea@dir.example' } }); // dir-b, by email
    await store.getState().loadMatching();
    const { decisions } = await engine.client.api.call('matching.decisions', { limit: 1000 });
    const [al, bea] = ['dir-f1', 'dir-f2'].map((id) => decisions.find((d) => d.messageId === id)!);
    expect([al.userId, bea.userId]).toEqual(['dir-a', 'dir-b']);

    renderWith(<MatchingView active />);
    const userSearch = () => screen.getByRole('searchbox', { name: 'User id' }) as HTMLInputElement;
    const notice = () => screen.getByRole('status', { name: 'Decisions filters' });
    const selected = () => screen.queryByRole('listbox', { name: 'Matching decisions' })?.querySelector('[aria-selected="true"]') ?? null;
    fireEvent.change(userSearch(), { target: { value: 'dir-b' } });
    expect(notice().textContent).toBe('');

    // Opened from elsewhere (a directory link, "Why this user?"): the user filter hid it, so it goes.
    act(() => store.getState().showTrace(al.seq));
    expect(userSearch().value).toBe('');
    await waitFor(() => expect(selected()?.getAttribute('data-seq')).toBe(String(al.seq)));
    expect(notice().textContent).toContain(`Filter cleared to show #${al.seq}: user dir-b.`);
    fireEvent.click(within(notice()).getByRole('button', { name: 'Undo' }));
    expect(userSearch().value).toBe('dir-b');
    expect(selected()).toBeNull();

    // Now hidden by a filter: said, with a button that shows it again.
    expect(notice().textContent).toContain(`#${al.seq} is hidden by the filters (user dir-b).`);
    fireEvent.click(within(notice()).getByRole('button', { name: `Show #${al.seq}` }));
    expect(userSearch().value).toBe('');
    await waitFor(() => expect(selected()?.getAttribute('data-seq')).toBe(String(al.seq)));
    expect(notice().textContent).toBe('');

    // The notice of a clearing can be dismissed; a row picked in the list is never hidden.
    fireEvent.change(screen.getByRole('combobox', { name: 'Outcome' }), { target: { value: 'matched-by-email' } });
    act(() => store.getState().showTrace(al.seq));
    expect((screen.getByRole('combobox', { name: 'Outcome' }) as HTMLSelectElement).value).toBe('');
    expect(notice().textContent).toContain('outcome matched-by-email');
    fireEvent.click(within(notice()).getByRole('button', { name: 'Dismiss' }));
    expect(notice().textContent).toBe('');

    // Every filter hiding everything: the empty list's "clear the filters" clears them all.
    fireEvent.change(userSearch(), { target: { value: 'nobody-dir' } });
    fireEvent.click(screen.getByRole('checkbox', { name: 'Conflicts only' }));
    fireEvent.click(screen.getByRole('button', { name: 'clear the filters' }));
    expect(store.getState()).toMatchObject({ matchingUserFilter: '', matchingOutcomeFilter: '', matchingConflictOnly: false });
    await waitFor(() => expect(selected()?.getAttribute('data-seq')).toBe(String(al.seq)));
  });
});

describe('Matching: editing a user whose trait a message sent past 2^53', () => {
  it('the editor shows the digits sent, and a save keeps them in the starting directory (it saved …992)', async () => {
    const BIG = '9007199254740993';
    await engine.client.api.call('users.import', { text: JSON.stringify([...before, { id: 'dir-e', username: 'dir-exact', email: 'e@dir.example' }]), replace: true });
    // As text: JSON.stringify of a JavaScript object could not write these digits.
    expect(await sendText('POST', `/webhook/${WEBHOOK}`, `{"type":"identify","messageId":"dir-big","userId":"dir-exact","traits":{"seats":${BIG},"plan":"team"}}`, { 'user-agent': 'Segment.io/1.0' })).toBe(200);
    renderWith(<DirectoryPanel />);
    fireEvent.change(screen.getByRole('searchbox', { name: 'Search users' }), { target: { value: 'dir-exact' } });
    await waitFor(() => expect(rows()).toEqual([['dir-e', 'dir-exact', 'e@dir.example', `seats=${BIG} · plan=team`]]));
    fireEvent.click(screen.getByRole('button', { name: 'Edit dir-e' }));
    const dialog = screen.getByRole('dialog', { name: 'Edit dir-e (starting directory)' });
    const text = (within(dialog).getByLabelText('Properties (JSON)') as HTMLTextAreaElement).value;
    expect(text).toBe(`{\n  "seats": ${BIG},\n  "plan": "team"\n}`);
    fireEvent.change(within(dialog).getByLabelText('Email'), { target: { value: 'exact@dir.example' } });
    fireEvent.click(within(dialog).getByRole('button', { name: 'Save' }));
    await waitFor(() => expect(screen.queryByRole('dialog')).toBeNull());
    const saved = (await engine.client.api.call('users.starting', undefined)).find((u) => u.id === 'dir-e');
    // Over the contract as the directory's users go: the nearest double, and the digits as text.
    expect(saved).toEqual({ id: 'dir-e', username: 'dir-exact', email: 'exact@dir.example', properties: { plan: 'team', seats: 9007199254740992 }, propertiesJson: `{"seats":${BIG},"plan":"team"}` });
    await waitFor(() => expect(rows()).toEqual([['dir-e', 'dir-exact', 'exact@dir.example', `seats=${BIG} · plan=team`]]));
    // A second edit, of the saved starting user, starts from those digits again.
    fireEvent.click(screen.getByRole('button', { name: 'Edit dir-e' }));
    expect((within(screen.getByRole('dialog')).getByLabelText('Properties (JSON)') as HTMLTextAreaElement).value).toContain(`"seats": ${BIG}`);
  });
});
