// The Scenarios tab over the real engine: the bundled examples listed, a broken file's errors with
// their lines, and a scenario stepped through then resumed, each step's status and a failed
// expectation's expected vs actual as the engine's run reports them.
import { fireEvent, render, screen, waitFor, within } from '@testing-library/react';
import { mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { ScenariosView } from '../../src-renderer/src/scenarios/ScenariosView';
import { AppProvider, createAppStore } from '../../src-renderer/src/state';
import { SimClockProvider } from '../../src-renderer/src/sessions/clock-context';
import { createSimClockStore } from '../../src-renderer/src/sessions/sim-clock-store';
import { clientPerTest } from './engine-http';
import type { CommandName, EngineApi } from '../../src-shared/api';

const engine = clientPerTest();

afterEach(async () => {
  // A run moves the shared engine's simulation clock to the scenario's start.
  await engine.client.api.call('scenarios.control', { action: 'stop' }).catch(() => undefined);
  await engine.client.api.call('clock.act', { action: 'live' });
});

function renderView() {
  const store = createAppStore(engine.client.api);
  render(
    <AppProvider api={engine.client.api} store={store}>
      <SimClockProvider store={createSimClockStore(engine.client.api)}>
        <ScenariosView active />
      </SimClockProvider>
    </AppProvider>,
  );
}

/**
 * Renders the tab over the test engine with each call of `command` held until `release()`, to see
 * what the tab shows while the engine has not answered; with `{ holding: false }`, only the calls
 * made after `hold()`.
 */
function renderWithHeld(command: CommandName, { holding = true } = {}): { release: () => void; hold: () => void } {
  const real = engine.client.api;
  let holdingNow = holding;
  let release!: () => void;
  const held = new Promise<void>((r) => (release = r));
  const api: EngineApi = { subscribe: (l) => real.subscribe(l), call: ((name: CommandName, arg: never) => (name === command && holdingNow ? held.then(() => real.call(name, arg)) : real.call(name, arg))) as EngineApi['call'] };
  render(
    <AppProvider api={api} store={createAppStore(api)}>
      <SimClockProvider store={createSimClockStore(api)}>
        <ScenariosView active />
      </SimClockProvider>
    </AppProvider>,
  );
  return { release, hold: () => (holdingNow = true) };
}

function openFile(name: string, text: string | Uint8Array<ArrayBuffer>) {
  const input = screen.getByLabelText('Open a scenario file') as HTMLInputElement;
  fireEvent.change(input, { target: { files: [new File([text], name, { type: 'text/yaml' })] } });
}

const stepStatuses = () => [...document.querySelectorAll('.scn-step')].map((li) => li.getAttribute('data-status'));

describe('Scenarios view', () => {
  it('lists every bundled example by its file', async () => {
    renderView();
    const files = readdirSync(join(__dirname, '../../scenarios')).filter((f) => f.endsWith('.scenario.yaml'));
    expect(files.length).toBeGreaterThan(0);
    const list = screen.getByRole('complementary', { name: 'Scenarios' });
    for (const f of files) expect(await within(list).findByText(f)).toBeTruthy();
    expect(screen.getByText('Pick a scenario')).toBeTruthy();
  });

  // The Examples heading showed over nothing until the engine answered (a flash of an empty section).
  it('shows the Examples heading only once there are examples under it', async () => {
    const { release } = renderWithHeld('scenarios.examples');
    const list = screen.getByRole('complementary', { name: 'Scenarios' });
    expect(within(list).getByRole('heading', { name: 'Your file' })).toBeTruthy();
    expect(within(list).queryByRole('heading', { name: 'Examples' })).toBeNull();
    release();
    const heading = await within(list).findByRole('heading', { name: 'Examples' });
    // Its list follows it, with the examples in it.
    const examples = heading.nextElementSibling!;
    expect(examples.tagName).toBe('UL');
    expect(examples.querySelectorAll('li').length).toBeGreaterThan(0);
  });

  // Until the engine answered (1.6 s on a first visit), the pane said "Choose a bundled example" over a list with none.
  it('says the bundled examples are loading until they are listed, then offers them', async () => {
    const { release } = renderWithHeld('scenarios.examples');
    const pane = () => screen.getByText('Pick a scenario').parentElement!.textContent!;
    expect(pane()).toContain('Loading the bundled examples…');
    expect(pane()).not.toContain('Choose a bundled example');
    release();
    await within(screen.getByRole('complementary', { name: 'Scenarios' })).findByRole('heading', { name: 'Examples' });
    expect(pane()).toContain('Choose a bundled example');
    expect(pane()).not.toContain('Loading');
  });

  // Opening another file kept the previous file's check (its name, steps and an enabled Play) until
  // the new one's answered, and the pane said nothing while a check took seconds.
  it('a file being checked says so, with Play disabled, and shows nothing of the file before it', async () => {
    const { release, hold } = renderWithHeld('scenarios.check', { holding: false });
    openFile('good.scenario.yaml', 'name: The good one\nsteps:\n  - advance: 1m\n');
    expect(await screen.findByRole('heading', { name: 'The good one' })).toBeTruthy();
    await waitFor(() => expect((screen.getByRole('button', { name: '▶ Play' }) as HTMLButtonElement).disabled).toBe(false));
    hold();
    openFile('broken.scenario.yaml', 'name: broken\nsteps:\n  - sned: {}\n');
    expect((await screen.findByText(/^Checking /)).textContent).toBe('Checking broken.scenario.yaml…');
    expect(screen.getByRole('heading', { name: 'broken.scenario.yaml' })).toBeTruthy();
    expect(screen.queryByRole('heading', { name: 'The good one' })).toBeNull();
    expect(document.querySelectorAll('.scn-step')).toHaveLength(0);
    expect((screen.getByRole('button', { name: '▶ Play' }) as HTMLButtonElement).disabled).toBe(true);
    release();
    expect((await screen.findByRole('alert')).textContent).toContain('broken.scenario.yaml:3:5: step 1: unknown key "sned"');
    expect(screen.queryByText(/^Checking /)).toBeNull();
  });

  // type: trak passed the check without a word; a scenario may send it on purpose, so it is a warning beside an enabled Play.
  it("says a send's type that is no call type, with the type meant, and still offers Play", async () => {
    renderView();
    openFile('typo.scenario.yaml', 'name: Typo\nsteps:\n  - send: { message: { type: trak, userId: u, event: Paid } }\n');
    await screen.findByRole('heading', { name: 'Typo' });
    const note = screen.getByTestId('check-warnings');
    expect(note.getAttribute('role')).toBe('note');
    expect(within(note).getByText('A warning (the file still plays):')).toBeTruthy();
    expect(note.querySelector('li')!.textContent).toMatch(/^typo\.scenario\.yaml:3:30: step 1: send\.message\.type: "trak" is not a Segment call type; did you mean "track"\?/);
    expect((screen.getByRole('button', { name: '▶ Play' }) as HTMLButtonElement).disabled).toBe(false);
    openFile('fine.scenario.yaml', 'name: Fine\nsteps:\n  - send: { message: { type: track, userId: u, event: Paid } }\n');
    await screen.findByRole('heading', { name: 'Fine' });
    expect(screen.queryByTestId('check-warnings')).toBeNull();
  });

  // The warning said :5:30 and the step's row only "line 4": a user looked on line 4 for the value.
  it("marks the step a check warning is in with the warning's own line and column, before and after Play", async () => {
    renderView();
    const text = ['name: Typo below', 'steps:', '  - advance: 1m', '  - id: buy', '    send: { via: sender, target: local, message: { type: pgae, userId: u } }', ''].join('\n');
    openFile('below.scenario.yaml', text);
    await screen.findByRole('heading', { name: 'Typo below' });
    expect(screen.getByTestId('check-warnings').querySelector('li')!.textContent).toMatch(/^below\.scenario\.yaml:5:58: step 2: send\.message\.type: "pgae"/);
    const heads = () => [...document.querySelectorAll('.scn-step-head')].map((h) => h.textContent);
    expect(heads()).toEqual(['○not run: advance 1mline 3', '○not run: send pgae via sender#buy⚠ warning at line 5:58line 4']);
    expect(document.querySelector('.scn-warn-at')!.getAttribute('title')).toMatch(/^step 2: send\.message\.type: "pgae" is not a Segment call type/);
    fireEvent.change(screen.getByLabelText('Speed'), { target: { value: '0' } });
    fireEvent.click(screen.getByRole('button', { name: '▶ Play' }));
    await waitFor(() => expect(screen.getByTestId('scenario-status').textContent).toBe('Passed: 2 steps, 1 with a warning'));
    expect(document.querySelectorAll('.scn-step')[1].querySelector('.scn-warn-at')!.textContent).toBe('⚠ warning at line 5:58');
    expect(document.querySelectorAll('.scn-step')[0].querySelector('.scn-warn-at')).toBeNull();
  });

  // The status line counted a passed send with a check warning (type: trak) "with a warning" while its row said ✓ "passed".
  it("a passed step a check warning holds in shows ⚠ and says 'passed with a warning', as the status line counts it", async () => {
    renderView();
    openFile('trak.scenario.yaml', 'name: Trak\nsteps:\n  - send: { message: { type: trak, userId: u, event: Paid } }\n  - advance: 1m\n');
    await screen.findByRole('heading', { name: 'Trak' });
    const icons = () => [...document.querySelectorAll('.scn-step .scn-icon')].map((i) => i.textContent);
    expect(icons()).toEqual(['○', '○']);
    fireEvent.change(screen.getByLabelText('Speed'), { target: { value: '0' } });
    fireEvent.click(screen.getByRole('button', { name: '▶ Play' }));
    await waitFor(() => expect(screen.getByTestId('scenario-status').textContent).toBe('Passed: 2 steps, 1 with a warning'));
    expect(icons()).toEqual(['⚠', '✓']);
    const [sent, advanced] = [...document.querySelectorAll('.scn-step')];
    expect(sent.querySelector('.sr-only')!.textContent).toBe('passed with a warning: ');
    expect(sent.classList.contains('is-warned')).toBe(true);
    expect(advanced.querySelector('.sr-only')!.textContent).toBe('passed: ');
  });

  // Every round's row of a repeated send showed the warning, also the round a later expectation said was meant to fail.
  it("marks only the rounds of a repeat a warning holds in, and the status line counts those rows", async () => {
    renderView();
    const text = ['name: Rounds', 'steps:', '  - repeat:', '      times: 3', '      steps:', '        - id: "buy-{{i}}"', '          send: { via: sender, target: local, message: { type: pgae, userId: u } }', '  - expect: { delivery: { step: buy-2, state: failed } }', ''].join('\n');
    openFile('rounds.scenario.yaml', text);
    await screen.findByRole('heading', { name: 'Rounds' });
    const marked = () => [...document.querySelectorAll('.scn-step')].map((row) => row.querySelectorAll('.scn-warn-at').length);
    expect(marked()).toEqual([1, 0, 1, 0]);
    fireEvent.change(screen.getByLabelText('Speed'), { target: { value: '0' } });
    fireEvent.click(screen.getByRole('button', { name: '▶ Play' }));
    await waitFor(() => expect(screen.getByTestId('scenario-status').textContent).toBe('Passed: 4 steps, 2 with a warning'));
    expect(marked()).toEqual([1, 0, 1, 0]);
    expect([...document.querySelectorAll('.scn-step .scn-icon')].map((i) => i.textContent)).toEqual(['⚠', '✓', '⚠', '✓']);
  });

  // A step's id showed only once the run began, while a warning or an expectation named the step by it.
  it('shows each step’s id before Play, as during the run', async () => {
    renderView();
    openFile('ids.scenario.yaml', 'name: Ids\nsteps:\n  - id: added\n    send: { message: { type: track, userId: u, event: Added } }\n  - advance: 1m\n');
    await screen.findByRole('heading', { name: 'Ids' });
    expect([...document.querySelectorAll('.scn-step')].map((li) => li.querySelector('.scn-step-head')!.textContent)).toEqual(['○not run: send Added#addedline 3', '○not run: advance 1mline 5']);
  });

  it('shows a broken file’s errors with their line, and offers no Play', async () => {
    renderView();
    openFile('broken.scenario.yaml', 'name: broken\nsteps:\n  - sned: { message: {} }\n');
    const invalid = await screen.findByText('This file is not a valid scenario:');
    const errors = within(invalid.closest('.scn-invalid') as HTMLElement).getAllByRole('listitem').map((li) => li.textContent);
    expect(errors.length).toBeGreaterThan(0);
    // file:line:column, as an editor or a compiler names a place.
    expect(errors[0]).toMatch(/^broken\.scenario\.yaml:3:5: step 1: /);
    expect(errors.join('\n')).toMatch(/sned/);
    expect((screen.getByRole('button', { name: '▶ Play' }) as HTMLButtonElement).disabled).toBe(true);
  });

  // Five errors were listed and nothing said of the rest: each fix met five new ones.
  it('says how many errors a broken file has beyond those listed', async () => {
    renderView();
    openFile('many.scenario.yaml', `name: many\nsteps:\n${'  - sned: x\n'.repeat(8)}`);
    const invalid = (await screen.findByText('This file is not a valid scenario:')).closest('.scn-invalid') as HTMLElement;
    expect(within(invalid).getAllByRole('listitem')).toHaveLength(5);
    expect(invalid.querySelector('.scn-left-out')?.textContent).toBe('…and 3 more errors in the file.');
  });

  it('steps through a scenario, then resumes it: statuses, the step count, and a failed expectation’s diff', async () => {
    renderView();
    openFile(
      'dom-session.scenario.yaml',
      [
        'name: A session still open after a minute',
        'start: "2026-01-01T09:00:00Z"',
        'steps:',
        '  - send:',
        '      message: { type: track, anonymousId: dom-scn-visitor, event: Opened, properties: { module: Billing } }',
        '  - advance: 1m',
        '  - expect:',
        '      session: { anonymousId: dom-scn-visitor, state: open }',
        '  - expect:',
        '      session: { anonymousId: dom-scn-visitor, state: timedOut }',
        '',
      ].join('\n'),
    );
    await screen.findByRole('heading', { name: 'A session still open after a minute' });
    expect(screen.getByTestId('scenario-status').textContent).toBe('4 steps');
    // Nothing announced until the run has an outcome.
    const announced = screen.getByRole('status');
    expect(announced.textContent).toBe('');
    expect(stepStatuses()).toEqual(['pending', 'pending', 'pending', 'pending']);

    fireEvent.click(screen.getByRole('button', { name: 'Step through' }));
    await waitFor(() => expect(screen.getByTestId('scenario-status').textContent).toBe('Paused before step 1 of 4'));
    // The step that Step runs next is marked "next" (every step was a grey ○, so whether step 1 had run was a guess).
    const marked = () => [...document.querySelectorAll('.scn-step')].map((li) => (li.querySelector('.scn-next')?.textContent ?? ''));
    expect(marked()).toEqual(['next', '', '', '']);
    fireEvent.click(screen.getByRole('button', { name: 'Step' }));
    await waitFor(() => expect(stepStatuses()[0]).toBe('passed'));
    expect(stepStatuses().slice(1)).toEqual(['pending', 'pending', 'pending']);
    // The step's result and the pause that follows it may arrive as separate pushes.
    await waitFor(() => expect(screen.getByTestId('scenario-status').textContent).toBe('Paused before step 2 of 4'));
    expect(marked()).toEqual(['', 'next', '', '']);

    fireEvent.change(screen.getByLabelText('Speed'), { target: { value: '0' } });
    fireEvent.click(screen.getByRole('button', { name: '▶ Resume' }));
    await waitFor(() => expect(screen.getByTestId('scenario-status').textContent).toBe('1 of 4 steps failed'));
    expect(stepStatuses()).toEqual(['passed', 'passed', 'passed', 'failed']);
    expect(marked()).toEqual(['', '', '', '']);
    expect(screen.getByText('expectations failed')).toBeTruthy();
    // In words too, not only by icon and colour: the outcome is announced, each step and
    // expectation says whether it passed.
    expect(announced.textContent).toBe('Scenario finished: 1 of 4 steps failed');
    const steps = [...document.querySelectorAll('.scn-step')];
    expect(steps.map((li) => li.querySelector('.scn-step-head')!.textContent!.replace(/^[✓✗○◐!]/, '').split(':')[0])).toEqual(['passed', 'passed', 'passed', 'failed']);
    expect([...document.querySelectorAll('.scn-expects li')].map((li) => li.textContent!.replace(/^[✓✗]/, '').split(':')[0])).toEqual(['met', 'not met']);
    // The failed expectation says what was expected and what the engine had.
    const diff = screen.getByLabelText('Expected vs actual').textContent ?? '';
    expect(diff).toMatch(/timedOut/);
    expect(diff).toMatch(/open/);
    // Which side is which, as the CLI's "(- expected, + actual)" says: red was read as "what happened".
    expect(screen.getByTestId('diff-legend').textContent).toBe('- expected (the file), + actual (what happened)');
    // Finished: Play again is offered.
    expect(screen.getByRole('button', { name: '▶ Play' })).toBeTruthy();
  });

  it('a run stopped part way says it was stopped, after how many steps, and not that expectations failed', async () => {
    renderView();
    openFile('dom-stop.scenario.yaml', ['name: Stopped part way', 'steps:', '  - advance: 1m', '  - advance: 1m', '  - advance: 1m', '  - expect: { sessions: { count: 0 } }', ''].join('\n'));
    await screen.findByRole('heading', { name: 'Stopped part way' });
    fireEvent.click(screen.getByRole('button', { name: 'Step through' }));
    await waitFor(() => expect(screen.getByTestId('scenario-status').textContent).toBe('Paused before step 1 of 4'));
    fireEvent.click(screen.getByRole('button', { name: 'Step' }));
    await waitFor(() => expect(screen.getByTestId('scenario-status').textContent).toBe('Paused before step 2 of 4'));
    fireEvent.click(screen.getByRole('button', { name: 'Stop' }));
    // It read "Failed: 0 steps of 4" beside "expectations failed", for a run that failed nothing.
    await waitFor(() => expect(screen.getByTestId('scenario-status').textContent).toBe('Stopped after 1 of 4 steps'));
    expect(screen.queryByText('expectations failed')).toBeNull();
    expect(screen.getByText('stopped')).toBeTruthy();
  });

  // Any client of the engine starts scenarios (with --host 0.0.0.0, whoever holds the token): a
  // users file was read from any path, relative to the engine's working directory, into /api/users.
  it('reads a users file from the folder of a scenario opened by its path, and from nowhere else', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'eventbench-scn-'));
    try {
      mkdirSync(join(dir, 'qa'));
      writeFileSync(join(dir, 'qa/users.csv'), 'id,username,email\nu-dom-ada,dom-ada,dom-ada@example.com\n');
      writeFileSync(join(dir, 'outside.csv'), 'id,username,email\nu-dom-eve,dom-eve,dom-eve@example.com\n');
      const scenario = (file: string, name = `users from ${file}`) => [`name: ${name}`, 'steps:', `  - users: { file: ${file} }`, '  - expect: { users: { contains: [{ id: u-dom-ada }] } }', ''].join('\n');
      writeFileSync(join(dir, 'qa/mine.scenario.yaml'), scenario('users.csv'));
      writeFileSync(join(dir, 'qa/escape.scenario.yaml'), scenario('../outside.csv'));
      renderView();
      const openPath = async (path: string, name: string) => {
        fireEvent.change(screen.getByLabelText('Scenario file path'), { target: { value: path } });
        fireEvent.submit(screen.getByLabelText('Scenario file path').closest('form')!);
        await screen.findByRole('heading', { name });
      };
      const play = async (status: RegExp) => {
        fireEvent.change(screen.getByLabelText('Speed'), { target: { value: '0' } });
        fireEvent.click(screen.getByRole('button', { name: '▶ Play' }));
        await waitFor(() => expect(screen.getByTestId('scenario-status').textContent).toMatch(status));
      };
      await openPath(join(dir, 'qa/mine.scenario.yaml'), 'users from users.csv');
      await play(/^Passed/);
      expect(stepStatuses()).toEqual(['passed', 'passed']);

      await openPath(join(dir, 'qa/escape.scenario.yaml'), 'users from ../outside.csv');
      await play(/ steps? failed$/);
      expect(stepStatuses()[0]).toBe('error');
      expect(await screen.findByText(/\.\.\/outside\.csv is outside the scenario's folder/)).toBeTruthy();

      // The same text opened as a file (no path, so no folder): it reads no file.
      openFile('pasted.scenario.yaml', scenario('users.csv', 'the same, without its path'));
      await screen.findByRole('heading', { name: 'the same, without its path' });
      await play(/ steps? failed$/);
      expect(await screen.findByText(/opened in the app without its folder, so it reads no files/)).toBeTruthy();
      expect((await engine.client.api.call('users.list', { q: 'dom-eve' })).users).toEqual([]);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it("plays a session scenario again: it fails against the first play's messages, and passes from a cleared log", async () => {
    renderView();
    // The bundled Freshsuccess example: a session that times out, a second one, an account conflict.
    const example = readFileSync(join(__dirname, '../../scenarios/freshsuccess-session.scenario.yaml'), 'utf8');
    openFile('freshsuccess-session.scenario.yaml', example.replace(/^name: .*$/m, 'name: Played twice'));
    await screen.findByRole('heading', { name: 'Played twice' });
    fireEvent.change(screen.getByLabelText('Speed'), { target: { value: '0' } });
    const playAndWait = async (status: RegExp) => {
      fireEvent.click(screen.getByRole('button', { name: '▶ Play' }));
      await waitFor(() => expect(screen.getByTestId('scenario-status').textContent).toMatch(status));
    };
    await playAndWait(/^Passed/);
    // The same anonymousId at the same simulated times: its messages join the first play's session.
    await playAndWait(/ steps? failed$/);
    expect(screen.getAllByText(/the engine already held \d+ messages? of these sessions from before this run.*Clear the log first/).length).toBeGreaterThan(0);
    fireEvent.click(screen.getByLabelText(/Clear the log first/));
    await playAndWait(/^Passed/);
    const captured = await engine.client.api.call('messages.list', undefined);
    expect(captured.length).toBe((example.match(/^  - send:/gm) ?? []).length);
  });

  // PowerShell 5.1's Out-File saves UTF-16: file.text() read it as NULs, a parse error at line 1.
  it('opens a scenario file saved as UTF-16, and says why a UTF-32 one cannot be opened', async () => {
    renderView();
    const yaml = 'name: Saved by PowerShell\nsteps:\n  - advance: 1m\n';
    openFile('ps.scenario.yaml', Uint8Array.from(Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from(yaml, 'utf16le')])));
    await screen.findByRole('heading', { name: 'Saved by PowerShell' });
    openFile('wide.scenario.yaml', new Uint8Array([0xff, 0xfe, 0, 0, ...[...yaml].flatMap((c) => [c.charCodeAt(0), 0, 0, 0])]));
    await screen.findByText(/Could not open wide\.scenario\.yaml: the file is UTF-32 \(little-endian, with a byte-order mark\), which Eventbench does not read; save it as UTF-8 \(or UTF-16\)\. Still showing ps\.scenario\.yaml\./);
    expect(screen.getByRole('heading', { name: 'Saved by PowerShell' })).toBeTruthy();
  });

  // The announcement glued "steps" to any number: "Scenario passed: 1 steps".
  it('a one-step run is announced in the singular', async () => {
    renderView();
    openFile('one.scenario.yaml', 'name: One step\nsteps:\n  - advance: 1m\n');
    await screen.findByRole('heading', { name: 'One step' });
    fireEvent.change(screen.getByLabelText('Speed'), { target: { value: '0' } });
    fireEvent.click(screen.getByRole('button', { name: '▶ Play' }));
    await waitFor(() => expect(screen.getByTestId('scenario-status').textContent).toBe('Passed: 1 step'));
    // It has no expect step: "all expectations met" said it checked what it never did.
    expect(screen.getByRole('status').textContent).toBe('Scenario passed: 1 step, nothing expected (no expect step)');
    expect(screen.getByText('nothing expected')).toBeTruthy();
    expect(screen.queryByText('all expectations met')).toBeNull();
  });

  // A via: sender send whose delivery failed showed ✓ with nothing captured: read as "sent".
  it('a sender send whose delivery failed shows ⚠ and why, not ✓; one the file expects to fail shows ✓', async () => {
    renderView();
    const send = '  - send: { via: sender, target: local, message: { type: pgae, userId: u } }\n';
    openFile('refused.scenario.yaml', `name: Refused\nsteps:\n${send}  - advance: 1m\n`);
    await screen.findByRole('heading', { name: 'Refused' });
    fireEvent.change(screen.getByLabelText('Speed'), { target: { value: '0' } });
    fireEvent.click(screen.getByRole('button', { name: '▶ Play' }));
    await waitFor(() => expect(screen.getByTestId('scenario-status').textContent).toBe('Passed: 2 steps, 1 with a warning'));
    const [sent, advanced] = [...document.querySelectorAll('.scn-step')];
    expect(sent.querySelector('.scn-icon')!.textContent).toBe('⚠');
    expect(sent.querySelector('.sr-only')!.textContent).toBe('passed with a warning: ');
    expect(sent.querySelector('.scn-step-warning')!.textContent).toMatch(/^its delivery failed: it was not sent: type "pgae" is not a Segment call type;.* \(if that is on purpose, say so after the send: expect: \{ delivery: \{ state: failed \} \}\)$/);
    expect(advanced.querySelector('.scn-icon')!.textContent).toBe('✓');
    expect(advanced.querySelector('.scn-step-warning')).toBeNull();
    openFile('meant.scenario.yaml', `name: Meant\nsteps:\n${send}  - expect: { delivery: { state: failed } }\n`);
    await screen.findByRole('heading', { name: 'Meant' });
    fireEvent.click(screen.getByRole('button', { name: '▶ Play' }));
    await waitFor(() => expect(screen.getByTestId('scenario-status').textContent).toBe('Passed: 2 steps'));
    expect([...document.querySelectorAll('.scn-step .scn-icon')].map((i) => i.textContent)).toEqual(['✓', '✓']);
    expect(document.querySelector('.scn-step-warning')).toBeNull();
  });
});
