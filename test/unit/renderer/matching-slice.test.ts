// The renderer's matching state: loads decisions on init and on `matching.changed`, keeps each
// seq's outcome for the inspector, and "Why this user?" opens the trace in the Matching tab.
import { describe, expect, it } from 'vitest';
import type { CommandArg, CommandName, CommandResult } from '../../../src-shared/api';
import type { DecisionDetail, DecisionRow } from '../../../src-shared/matching/api-types';
import { DEFAULT_MATCHING_SETTINGS } from '../../../src-shared/matching/settings';
import { createAppStore } from '../../../src-renderer/src/state/store';
import { FakeEngine, manualFrames } from './fake-engine';

const row = (seq: number, over: Partial<DecisionRow> = {}): DecisionRow => ({ seq, receivedAt: '2026-01-01T00:00:00.000Z', outcome: 'created', userId: `new-${seq}`, conflict: false, changed: ['username'], ...over });

class MatchingEngine extends FakeEngine {
  decisionRows: DecisionRow[] = [row(1, { outcome: 'matched-by-email', userId: 'u-ada' })];
  generation = 1;
  async call<K extends CommandName>(name: K, arg: CommandArg<K>): Promise<CommandResult<K>> {
    if (name.startsWith('matching.')) this.calls.push({ name, arg });
    if (name === 'matching.status') return this.status() as CommandResult<K>;
    if (name === 'matching.list') {
      const after = (arg as { afterSeq?: number } | undefined)?.afterSeq ?? 0;
      return { total: this.decisionRows.length, rows: this.decisionRows.filter((r) => r.seq > after) } as CommandResult<K>;
    }
    if (name === 'matching.get') {
      const r = this.decisionRows.find((d) => d.seq === (arg as { seq: number }).seq);
      return (r ? ({ ...r, changes: [], trace: [], steps: [`Outcome for #${r.seq}.`] } satisfies Partial<DecisionDetail>) : null) as CommandResult<K>;
    }
    return super.call(name, arg);
  }
  status() {
    return { settings: DEFAULT_MATCHING_SETTINGS, decisions: this.decisionRows.length, users: 1, startingUsers: 1, messagesSeen: 1, generation: this.generation };
  }
}

const flush = () => new Promise((r) => setTimeout(r, 0));

describe('matching slice', () => {
  it('loads decisions on init and keeps each seq outcome for the inspector', async () => {
    const engine = new MatchingEngine();
    const store = createAppStore(engine, { scheduleFrame: manualFrames().schedule });
    await store.getState().init();
    expect(store.getState().decisionRows).toHaveLength(1);
    expect(store.getState().outcomeBySeq.get(1)?.outcome).toBe('matched-by-email');
    expect(store.getState().matchingStatus?.decisions).toBe(1);
  });

  it('on matching.changed fetches only the new decisions, or all of them after a re-derive', async () => {
    const engine = new MatchingEngine();
    const store = createAppStore(engine, { scheduleFrame: manualFrames().schedule });
    await store.getState().init();
    engine.decisionRows = [...engine.decisionRows, row(2)];
    engine.calls = [];
    engine.emit({ name: 'matching.changed', payload: engine.status() });
    await flush();
    await flush();
    expect(store.getState().decisionRows.map((r) => r.seq)).toEqual([1, 2]);
    expect(store.getState().outcomeBySeq.get(2)?.outcome).toBe('created');
    expect(engine.calls.find((c) => c.name === 'matching.list')?.arg).toMatchObject({ afterSeq: 1 });

    // Settings changed: every decision may differ, so all are fetched again.
    engine.generation = 2;
    engine.decisionRows = [row(1, { outcome: 'created', userId: 'new-1' }), row(2)];
    engine.calls = [];
    engine.emit({ name: 'matching.changed', payload: engine.status() });
    await flush();
    await flush();
    expect(engine.calls.find((c) => c.name === 'matching.list')?.arg).not.toHaveProperty('afterSeq');
    expect(store.getState().outcomeBySeq.get(1)?.outcome).toBe('created');
  });

  it('showTrace switches to the Matching tab and loads the trace', async () => {
    const engine = new MatchingEngine();
    const store = createAppStore(engine, { scheduleFrame: manualFrames().schedule });
    await store.getState().init();
    store.getState().showTrace(1);
    expect(store.getState().tab).toBe('matching');
    expect(store.getState().traceSeq).toBe(1);
    await flush();
    expect(store.getState().trace?.steps).toEqual(['Outcome for #1.']);
  });
});
