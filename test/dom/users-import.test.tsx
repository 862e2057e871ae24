// The users import dialog over the real engine: pasted CSV → the column mapping with a preview of
// the rows → import; bad rows listed by line with the engine's reason, good rows in the directory.
// The starting directory is the shared engine's: it is put back as it was after the test.
import { fireEvent, render, screen, waitFor, within } from '@testing-library/react';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import type { StartingUser } from '../../src-shared/matching/types';
import { ImportDialog } from '../../src-renderer/src/matching/ImportDialog';
import { AppProvider, createAppStore } from '../../src-renderer/src/state';
import { clientPerTest } from './engine-http';

const engine = clientPerTest();
let before: StartingUser[] = [];

beforeEach(async () => {
  before = await engine.client.api.call('users.starting', undefined);
});
afterEach(async () => {
  await engine.client.api.call('users.import', { text: JSON.stringify(before), replace: true });
});

const CSV = ['user_id,login,mail,plan', 'u-dom-1,dom-imp-1,imp1@dom.example,pro', 'u-dom-2,,,free', 'u-dom-3,dom-imp-3,not-an-email,pro', ''].join('\n');

describe('Users import dialog', () => {
  it('maps the columns over a preview, imports the good rows and lists the bad ones by line', async () => {
    const onClose = vi.fn();
    render(
      <AppProvider api={engine.client.api} store={createAppStore(engine.client.api)}>
        <ImportDialog onClose={onClose} />
      </AppProvider>,
    );
    const next = () => screen.getByRole('button', { name: 'Next: map columns' }) as HTMLButtonElement;
    expect(next().disabled).toBe(true);
    fireEvent.change(screen.getByLabelText('Users to import'), { target: { value: CSV } });
    expect(next().disabled).toBe(false);
    fireEvent.click(next());

    const table = await screen.findByRole('table', { name: 'Column mapping' });
    expect(screen.getByText(/^CSV, 3 rows\./)).toBeTruthy();
    const headers = within(table).getAllByRole('columnheader').map((th) => th.querySelector('.mono')!.textContent);
    expect(headers).toEqual(['user_id', 'login', 'mail', 'plan']);
    const rows = within(table).getAllByRole('row').slice(1).map((r) => [...r.querySelectorAll('td')].map((td) => td.textContent));
    expect(rows).toEqual([
      ['u-dom-1', 'dom-imp-1', 'imp1@dom.example', 'pro'],
      ['u-dom-2', '', '', 'free'],
      ['u-dom-3', 'dom-imp-3', 'not-an-email', 'pro'],
    ]);

    // Say what each column is; an ignored column's cells are greyed.
    const columnIs = (c: string) => screen.getByLabelText(`Column ${c} is`) as HTMLSelectElement;
    fireEvent.change(columnIs('user_id'), { target: { value: 'id' } });
    fireEvent.change(columnIs('login'), { target: { value: 'username' } });
    fireEvent.change(columnIs('mail'), { target: { value: 'email' } });
    fireEvent.change(columnIs('plan'), { target: { value: 'ignore' } });
    const planCells = () => within(table).getAllByRole('row').slice(1).map((r) => r.querySelectorAll('td')[3].className.includes('faint'));
    expect(planCells()).toEqual([true, true, true]);
    fireEvent.change(columnIs('plan'), { target: { value: 'property' } });
    expect(planCells()).toEqual([false, false, false]);

    fireEvent.click(screen.getByRole('button', { name: 'Import 3 rows' }));
    expect(await screen.findByText(/users imported; 1 row skipped:/)).toBeTruthy();
    const skipped = within(screen.getByRole('list', { name: 'Rows not imported' })).getAllByRole('listitem').map((li) => li.textContent);
    // Lines as the file numbers them: the header is line 1.
    expect(skipped).toHaveLength(1);
    expect(skipped[0]).toMatch(/^line 3: .*neither a username .* nor an email/);
    // An email without "@" is imported as it is (the rule creates such users), and said.
    const warned = within(screen.getByRole('list', { name: 'Rows imported with a warning' })).getAllByRole('listitem').map((li) => li.textContent);
    expect(warned).toEqual(['line 4: email "not-an-email" has no "@": imported as it is (matching compares it as text, as it does a message\'s email)']);

    const { users } = await engine.client.api.call('users.list', { q: 'dom-imp' });
    expect(users.map((u) => [u.id, u.username, u.email, u.properties.plan])).toEqual([
      ['u-dom-1', 'dom-imp-1', 'imp1@dom.example', 'pro'],
      ['u-dom-3', 'dom-imp-3', 'not-an-email', 'pro'],
    ]);

    fireEvent.click(screen.getByRole('button', { name: 'Done' }));
    expect(onClose).toHaveBeenCalledTimes(1);
  });

  it('says which property columns a CSV imports as text (numbers, true/false), and that JSON keeps them', async () => {
    render(
      <AppProvider api={engine.client.api} store={createAppStore(engine.client.api)}>
        <ImportDialog onClose={() => undefined} />
      </AppProvider>,
    );
    fireEvent.change(screen.getByLabelText('Users to import'), { target: { value: 'id,username,seats,active,zip\nu-dom-t1,dom-t-1,42,true,00123\n' } });
    fireEvent.click(screen.getByRole('button', { name: 'Next: map columns' }));
    const note = await screen.findByRole('note', { name: 'Columns imported as text' });
    expect(note.textContent).toBe('Imported as text, as every CSV cell is: seats (such as 42), active (such as true). To keep numbers and true/false as they are, import a JSON export instead.');
    // A column not imported as a property is not named; none left, no note.
    fireEvent.change(screen.getByLabelText('Column seats is') as HTMLSelectElement, { target: { value: 'ignore' } });
    expect(note.textContent).toMatch(/^Imported as text, as every CSV cell is: active \(such as true\)\./);
    fireEvent.change(screen.getByLabelText('Column active is') as HTMLSelectElement, { target: { value: 'ignore' } });
    expect(screen.queryByRole('note', { name: 'Columns imported as text' })).toBeNull();
  });

  it('goes back from the mapping to the text, which is kept', async () => {
    render(
      <AppProvider api={engine.client.api} store={createAppStore(engine.client.api)}>
        <ImportDialog onClose={() => undefined} />
      </AppProvider>,
    );
    fireEvent.change(screen.getByLabelText('Users to import'), { target: { value: CSV } });
    fireEvent.click(screen.getByRole('button', { name: 'Next: map columns' }));
    await screen.findByRole('table', { name: 'Column mapping' });
    fireEvent.click(screen.getByRole('button', { name: 'Back' }));
    expect((screen.getByLabelText('Users to import') as HTMLTextAreaElement).value).toBe(CSV);
    expect(screen.queryByRole('table', { name: 'Column mapping' })).toBeNull();
  });

  // Excel's "Unicode Text" and Notepad's "Unicode" are UTF-16 LE with a byte-order mark: read with
  // file.text() (always UTF-8) the box showed "��u\0s\0e\0r…" and every column name was garbage.
  const renderDialog = () =>
    render(
      <AppProvider api={engine.client.api} store={createAppStore(engine.client.api)}>
        <ImportDialog onClose={() => undefined} />
      </AppProvider>,
    );
  const chooseFile = (bytes: Uint8Array<ArrayBuffer>, name: string) => fireEvent.change(screen.getByLabelText('Users file'), { target: { files: [new File([bytes], name)] } });
  const textBox = () => screen.getByLabelText('Users to import') as HTMLTextAreaElement;

  it('a chosen file in UTF-16 (with its byte-order mark) is read as its text', async () => {
    renderDialog();
    const utf16 = new Uint8Array([0xff, 0xfe, ...Buffer.from('user_id,login\nu-16,zoë\n', 'utf16le')]);
    chooseFile(utf16, 'users.csv');
    await waitFor(() => expect(textBox().value).toBe('user_id,login\nu-16,zoë\n'));
    fireEvent.click(screen.getByRole('button', { name: 'Next: map columns' }));
    const table = await screen.findByRole('table', { name: 'Column mapping' });
    expect(within(table).getAllByRole('columnheader').map((th) => th.querySelector('.mono')!.textContent)).toEqual(['user_id', 'login']);
  });

  it('a chosen file in UTF-32 is an error naming it, and the box is left as it was', async () => {
    renderDialog();
    fireEvent.change(textBox(), { target: { value: 'kept' } });
    chooseFile(new Uint8Array([0xff, 0xfe, 0, 0, 0x61, 0, 0, 0]), 'users.csv');
    expect((await screen.findByRole('alert')).textContent).toMatch(/^users\.csv: the file is UTF-32 \(little-endian, with a byte-order mark\), which Eventbench does not read; save it as UTF-8/);
    expect(textBox().value).toBe('kept');
  });

  // Two users of one email were imported silently; a lone line naming no column gave "0 users imported."
  it('lists two users of one email among the rows imported with a warning, naming both ids and the email', async () => {
    renderDialog();
    fireEvent.change(textBox(), { target: { value: 'id,email\nu-dup-1,dup@dom.example\nu-dup-2,Dup@dom.example\n' } });
    fireEvent.click(screen.getByRole('button', { name: 'Next: map columns' }));
    fireEvent.click(await screen.findByRole('button', { name: 'Import 2 rows' }));
    expect(await screen.findByText('2 users imported.')).toBeTruthy();
    expect(screen.getByText('1 row imported as it is, worth a look:')).toBeTruthy();
    const warned = within(screen.getByRole('list', { name: 'Rows imported with a warning' })).getAllByRole('listitem').map((li) => li.textContent);
    expect(warned).toEqual([
      'line 3: id "u-dup-2" has the same email as id "u-dup-1" (line 2) but for case or spacing, which matching ignores by default ("Dup@dom.example" and "dup@dom.example"): a message with it finds only one of them (see Duplicates)',
    ]);
  });

  it('a lone line naming no column is refused with what is wrong, nothing imported', async () => {
    renderDialog();
    fireEvent.change(textBox(), { target: { value: '1234' } });
    fireEvent.click(screen.getByRole('button', { name: 'Next: map columns' }));
    // Said before anything is sent: no row, nothing to add (the button cannot add nobody).
    expect((await screen.findByRole('note')).textContent).toContain('No row follows the header row, so there is no user to add.');
    expect((screen.getByRole('button', { name: 'Import 0 rows' }) as HTMLButtonElement).disabled).toBe(true);
    // Replacing would empty the directory: the engine refuses a header that names no user column.
    fireEvent.click(screen.getByRole('checkbox', { name: /Replace the starting directory/ }));
    expect(screen.getByRole('note').textContent).toContain('Replacing empties the starting directory');
    fireEvent.click(screen.getByRole('button', { name: 'Empty the directory' }));
    expect((await screen.findByRole('alert')).textContent).toMatch(/^line 1 \("1234"\) was read as the header row, but it names no id, username or email column and no row follows it: nothing to import/);
    // The engine's words alone, not its field name for scripts ("… (text)").
    expect((await screen.findByRole('alert')).textContent).not.toMatch(/\(text\)$/);
    expect(screen.queryByText(/users? imported/)).toBeNull();
  });
});
