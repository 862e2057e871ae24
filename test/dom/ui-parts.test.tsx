// The shared UI parts every pane uses, below Playwright: the JSON view (payloads are shown as
// text, never as markup; big objects start folded; folding and unfolding) and the copy button
// (the clipboard, the fallback where there is none, a refusal said so, back to its label after).
import { act, fireEvent, render, screen } from '@testing-library/react';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { CopyButton } from '../../src-renderer/src/ui/CopyButton';
import { FilePickerButton } from '../../src-renderer/src/ui/FilePickerButton';
import { ConfirmDialog } from '../../src-renderer/src/ui/Dialog';
import { useState } from 'react';
import { JsonView } from '../../src-renderer/src/ui/JsonView';
import { Tabs, tabPanelId } from '../../src-renderer/src/ui/Tabs';
import { TabCount } from '../../src-renderer/src/ui/TabCount';
import { Sentence } from '../../src-renderer/src/matching/TracePane';
import { clientPerTest } from './engine-http';

clientPerTest(); // cleans the DOM up after each test

/** The view's lines as the eye reads them. */
const lines = (root: HTMLElement) => [...root.querySelectorAll('.j-line')].map((l) => l.textContent!.replace(/[▾▸]/g, '').trim());

describe('JSON view', () => {
  it('shows every value as JSON text, in order, with its commas; a payload holding markup stays text', () => {
    const value = { event: '<img src=x onerror="alert(1)">', n: 1.5, ok: false, none: null, list: ['a', 2], empty: {}, nothing: [], quote: 'say "hi"\n' };
    const { container } = render(<JsonView value={value} label="Payload" />);
    expect(screen.getByRole('group', { name: 'Payload' })).toBeTruthy();
    expect(lines(container)).toEqual([
      '{',
      '"event": "<img src=x onerror=\\"alert(1)\\">",',
      '"n": 1.5,',
      '"ok": false,',
      '"none": null,',
      '"list": [',
      '"a",',
      '2',
      '],',
      '"empty": {},',
      '"nothing": [],',
      '"quote": "say \\"hi\\"\\n"',
      '}',
    ]);
    expect(container.querySelector('img')).toBeNull();
    expect(container.querySelector('.j-str')!.textContent).toBe(JSON.stringify(value.event));
    expect([...container.querySelectorAll('.j-bool, .j-num, .j-null')].map((e) => e.className)).toEqual(['j-num', 'j-bool', 'j-null', 'j-num']);
  });

  it('isolates each key and string for direction: a right-to-left value does not reorder the quotes, comma or number after it', () => {
    // In a left-to-right line, "שלום עולם! 42" followed by `,` and a number ran together as one
    // right-to-left run: the 42 and the punctuation changed places. A <bdi> keeps each to itself.
    const value = { 'שם': 'שלום עולם! 42', mixed: 'Order #123 من العميل', n: 7 };
    const { container } = render(<JsonView value={value} />);
    const strings = [...container.querySelectorAll('.j-str')];
    expect(strings.map((e) => [e.tagName, e.textContent])).toEqual([
      ['BDI', JSON.stringify(value['שם'])],
      ['BDI', JSON.stringify(value.mixed)],
    ]);
    expect([...container.querySelectorAll('.j-key')].map((e) => e.tagName)).toEqual(['BDI', 'BDI', 'BDI']);
    expect(lines(container)[1]).toBe('"שם": "שלום עולם! 42",');
  });

  it('a trace sentence isolates each quoted value for direction', () => {
    const { container } = render(<Sentence text={'Read `traits.name` = `مرحبا 123` (compared as is).'} />);
    expect([...container.querySelectorAll('code')].map((c) => [c.getAttribute('dir'), c.textContent])).toEqual([
      ['auto', 'traits.name'],
      ['auto', 'مرحبا 123'],
    ]);
  });

  it('a trace sentence quoting a value with a backtick shows it as one code span, the rest as text', () => {
    const { container } = render(<Sentence text={'Read `userId` = ``x`y``: no user has it.'} />);
    expect([...container.querySelectorAll('code')].map((c) => c.textContent)).toEqual(['userId', 'x`y']);
    expect(container.textContent).toBe('Read userId = x`y: no user has it.');
  });

  it('folds a node and unfolds it, from its toggle or its summary; more than 50 entries start folded', () => {
    const big = Object.fromEntries(Array.from({ length: 51 }, (_, i) => [`k${i}`, i]));
    const fifty = Array.from({ length: 50 }, (_, i) => i);
    const { container } = render(<JsonView value={{ big, fifty, one: ['x'], single: { a: 1 } }} />);
    expect(lines(container)).toContain('"big": { 51 keys },');
    expect(lines(container)).toContain('"fifty": [');
    const toggles = () => screen.getAllByRole('button', { name: /^(Fold|Unfold)$/ });
    // The root, big (folded), fifty, one, single.
    expect(toggles().map((t) => t.getAttribute('aria-expanded'))).toEqual(['true', 'false', 'true', 'true', 'true']);

    fireEvent.click(toggles()[3]); // fold "one"
    expect(lines(container)).toContain('"one": [ 1 item ],');
    fireEvent.click(toggles()[4]); // fold "single"
    expect(lines(container)).toContain('"single": { 1 key }');
    fireEvent.click(screen.getByRole('button', { name: '{ 51 keys }' })); // the summary unfolds too
    expect(lines(container)).toContain('"k50": 50');
    expect(lines(container)).toContain('"k0": 0,');
    fireEvent.click(toggles()[0]); // the root
    expect(lines(container)).toEqual(['{ 4 keys }']);
    expect(toggles()[0].getAttribute('aria-label')).toBe('Unfold');
  });

  it('a bare value at the top is one line', () => {
    const { container } = render(<JsonView value="just text" />);
    expect(lines(container)).toEqual(['"just text"']);
    expect(screen.getByRole('group', { name: 'JSON' })).toBeTruthy();
  });
});

describe('dialog', () => {
  function Opener() {
    const [open, setOpen] = useState(false);
    return (
      <>
        <button type="button" onClick={() => setOpen(true)}>
          Clear…
        </button>
        <button type="button">Behind</button>
        {open && <ConfirmDialog title="Clear?" message="Sure?" confirmLabel="Clear messages" danger onConfirm={() => setOpen(false)} onCancel={() => setOpen(false)} />}
      </>
    );
  }

  it('keeps Tab and Shift+Tab inside while open, and gives the focus back to its opener when it closes', () => {
    render(<Opener />);
    const opener = screen.getByRole('button', { name: 'Clear…' });
    opener.focus();
    fireEvent.click(opener);
    const cancel = screen.getByRole('button', { name: 'Cancel' });
    const confirm = screen.getByRole('button', { name: 'Clear messages' });
    // A dangerous confirmation starts on Cancel: Enter pressed once too often does not clear the log.
    expect(document.activeElement).toBe(cancel);
    confirm.focus();
    // From the last control, Tab goes round to the first (it went on to the page behind the backdrop).
    fireEvent.keyDown(confirm, { key: 'Tab' });
    expect(document.activeElement).toBe(cancel);
    fireEvent.keyDown(cancel, { key: 'Tab', shiftKey: true });
    expect(document.activeElement).toBe(confirm);
    // Esc closes it; the focus is back on "Clear…", not lost to the page.
    fireEvent.keyDown(confirm, { key: 'Escape' });
    expect(screen.queryByRole('dialog')).toBeNull();
    expect(document.activeElement).toBe(opener);
  });
});

describe('copy button', () => {
  const clipboard = Object.getOwnPropertyDescriptor(navigator, 'clipboard');
  const execCommand = document.execCommand;
  afterEach(() => {
    if (clipboard) Object.defineProperty(navigator, 'clipboard', clipboard);
    else delete (navigator as { clipboard?: unknown }).clipboard;
    document.execCommand = execCommand;
    vi.useRealTimers();
  });
  const withClipboard = (writeText: (text: string) => Promise<void>) => Object.defineProperty(navigator, 'clipboard', { configurable: true, value: { writeText } });

  it('copies the text as it is at click time, says so, and shows its label again after a moment', async () => {
    vi.useFakeTimers();
    const written: string[] = [];
    withClipboard(async (text) => void written.push(text));
    let current = 'first';
    render(<CopyButton text={() => current} label="Copy curl" />);
    current = 'second';
    await act(async () => void fireEvent.click(screen.getByRole('button', { name: 'Copy curl' })));
    expect(written).toEqual(['second']);
    expect(screen.getByRole('button').textContent).toBe('Copied ✓');
    act(() => void vi.advanceTimersByTime(1499));
    expect(screen.getByRole('button').textContent).toBe('Copied ✓');
    act(() => void vi.advanceTimersByTime(1));
    expect(screen.getByRole('button').textContent).toBe('Copy curl');
  });

  it('without a clipboard (or when it refuses), copies through a selected text area; says when that fails too', async () => {
    withClipboard(() => Promise.reject(new Error('denied')));
    const copied: string[] = [];
    document.execCommand = ((command: string) => {
      const area = document.querySelector('textarea')!;
      copied.push(`${command}:${area.value}:${area.selectionStart === 0 && area.selectionEnd === area.value.length}`);
      return true;
    }) as typeof document.execCommand;
    render(<CopyButton text="the text" />);
    await act(async () => void fireEvent.click(screen.getByRole('button', { name: 'Copy' })));
    expect(copied).toEqual(['copy:the text:true']);
    expect(document.querySelector('textarea')).toBeNull(); // removed again
    expect(screen.getByRole('button').textContent).toBe('Copied ✓');

    Object.defineProperty(navigator, 'clipboard', { configurable: true, value: undefined });
    document.execCommand = (() => false) as typeof document.execCommand;
    render(<CopyButton text="again" label="Copy it" />);
    await act(async () => void fireEvent.click(screen.getByRole('button', { name: 'Copy it' })));
    expect(screen.getByRole('button', { name: 'Copy failed' })).toBeTruthy();
  });
});

describe('tabs', () => {
  function Strip() {
    const [active, setActive] = useState<'one' | 'two' | 'three'>('one');
    return (
      <>
        <Tabs label="Parts" active={active} onChange={setActive} items={[{ id: 'one', label: 'One' }, { id: 'two', label: 'Two' }, { id: 'three', label: 'Three' }]} />
        <div role="tabpanel" id={tabPanelId(active)} aria-labelledby={`tab-${active}`}>
          {active}
        </div>
      </>
    );
  }
  const tab = (name: string) => screen.getByRole('tab', { name });

  it('is one Tab stop; arrow keys (wrapping), Home and End select and focus a tab, which names its panel', () => {
    // Every tab was a Tab stop (eight before the inspector's first control) and arrows did nothing.
    render(<Strip />);
    const stops = () => screen.getAllByRole('tab').filter((t) => t.tabIndex === 0).map((t) => t.textContent);
    expect(stops()).toEqual(['One']);
    expect(document.getElementById(tab('One').getAttribute('aria-controls')!)?.textContent).toBe('one');
    tab('One').focus();
    fireEvent.keyDown(tab('One'), { key: 'ArrowRight' });
    expect(tab('Two').getAttribute('aria-selected')).toBe('true');
    expect(document.activeElement).toBe(tab('Two'));
    expect(stops()).toEqual(['Two']);
    expect(screen.getByRole('tabpanel', { name: 'Two' }).textContent).toBe('two');
    fireEvent.keyDown(tab('Two'), { key: 'End' });
    expect(document.activeElement).toBe(tab('Three'));
    fireEvent.keyDown(tab('Three'), { key: 'ArrowRight' });
    expect(document.activeElement).toBe(tab('One'));
    fireEvent.keyDown(tab('One'), { key: 'ArrowLeft' });
    expect(document.activeElement).toBe(tab('Three'));
    fireEvent.keyDown(tab('Three'), { key: 'Home' });
    expect(tab('One').getAttribute('aria-selected')).toBe('true');
    expect(stops()).toEqual(['One']);
  });
});

describe('a tab count', () => {
  it('is abbreviated past 9,999, the exact count in its tooltip and for a screen reader', () => {
    const { container, rerender } = render(<TabCount n={1_234_567} noun="message" />);
    const badge = container.querySelector('.tab-count') as HTMLElement;
    expect(badge.title).toBe('1,234,567 messages');
    expect(badge.querySelector('[aria-hidden="true"]')!.textContent).toBe('1.2M+');
    expect(badge.querySelector('.sr-only')!.textContent).toBe('1,234,567 messages');
    rerender(<TabCount n={42} noun="message" />);
    expect(container.querySelector('.tab-count')!.textContent).toBe('42');
  });
});

// The Scenarios tab and the users import each hand-rolled a hidden file input opened by a button;
// one part now does it for both (the same names for assistive tech and for tests).
describe('FilePickerButton', () => {
  it('opens the hidden, labelled file input from a styled button and hands over the chosen file', () => {
    const onFile = vi.fn();
    render(
      <FilePickerButton inputLabel="Open a scenario file" accept=".yaml,.yml,.json" onFile={onFile}>
        Open a file…
      </FilePickerButton>,
    );
    const button = screen.getByRole('button', { name: 'Open a file…' });
    const input = screen.getByLabelText('Open a scenario file') as HTMLInputElement;
    expect(input.type).toBe('file');
    expect(input.accept).toBe('.yaml,.yml,.json');
    expect(input.tabIndex).toBe(-1);
    expect(input.classList.contains('sr-only')).toBe(true);
    expect(button.classList.contains('btn-sm')).toBe(true);

    const click = vi.spyOn(input, 'click').mockImplementation(() => undefined);
    fireEvent.click(button);
    expect(click).toHaveBeenCalledTimes(1);

    const file = new File(['name: x\n'], 'x.scenario.yaml', { type: 'text/yaml' });
    fireEvent.change(input, { target: { files: [file] } });
    expect(onFile).toHaveBeenCalledWith(file);
    expect(input.value).toBe('');
    // Closed without a file: nothing to hand over.
    fireEvent.change(input, { target: { files: [] } });
    expect(onFile).toHaveBeenCalledTimes(1);
  });
});
