// The composer and the inspector run the same checks: every catalog example (each event, each
// spelling, each call), composed, then sent by the real sender (analytics-node) to the real
// receiver. A message the composer calls clean is clean once captured, and every problem the
// inspector finds the composer already showed; with a workspace too.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { CapturedMessage, JsonObject } from '../../src-shared/capture';
import { exampleMessage, PROFILES } from '../../src-shared/catalogs/index';
import type { ProfileId } from '../../src-shared/catalogs/types';
import { eventChoices } from '../../src-renderer/src/composer/composer-logic';
import { composeFindings, hasProblems, planFor, type Workspace } from '../../src-shared/workspace';
import { startTestEngine, type TestEngine } from './helpers/engine';

let t: TestEngine;
beforeAll(async () => {
  t = await startTestEngine();
});
afterAll(() => t.dispose());

const examples: { profile: ProfileId; choice: string; message: JsonObject }[] = [];
for (const p of PROFILES) {
  for (const c of eventChoices(p.id)) {
    examples.push({ profile: p.id, choice: c.value, message: exampleMessage(p.id, c.value, { now: new Date().toISOString(), messageId: `agree-${p.id}-${c.value}-${examples.length}` }) });
  }
}

const serious = (rules: { severity: string; rule: string; path: string }[]) => rules.filter((f) => f.severity !== 'info').map((f) => `${f.rule} @ ${f.path}`);

async function sendAll(tag: string): Promise<Map<string, CapturedMessage>> {
  for (const e of examples) {
    const message: JsonObject = { ...e.message, messageId: `${e.message.messageId}-${tag}` };
    const { deliveries } = await t.engine.call('sender.send', { target: { kind: 'local' }, message, freshMessageIds: false });
    expect(deliveries.length).toBe(1);
    // A delivery names what was sent, not only where.
    const named = typeof message.event === 'string' ? message.event : typeof message.name === 'string' ? message.name : undefined;
    expect(deliveries[0].label).toBe(named ? `${String(message.type)} "${named}"` : String(message.type));
  }
  const res = await fetch(`${t.engine.url}/api/messages/wait?text=${encodeURIComponent(`-${tag}"`)}&count=${examples.length}&timeoutMs=15000`);
  expect(res.status).toBe(200);
  const captured = (await (await fetch(`${t.engine.url}/api/messages?text=${encodeURIComponent(`-${tag}"`)}`)).json()) as CapturedMessage[];
  return new Map(captured.map((c) => [String(c.message.messageId), c]));
}

async function compare(tag: string, workspace: Workspace, identity: { writeKeyMasked?: string }): Promise<number> {
  await t.engine.call('workspace.save', workspace);
  const captured = await sendAll(tag);
  const rows = new Map((await t.engine.call('messages.list', undefined)).map((r) => [r.seq, r]));
  let clean = 0;
  for (const e of examples) {
    const c = captured.get(`${e.message.messageId}-${tag}`);
    expect(c, `${e.profile} ${e.choice} was captured`).toBeDefined();
    const composed = serious(composeFindings({ ...e.message }, e.profile, planFor(workspace, identity), new Date().toISOString()));
    const inspected = serious(c!.findings);
    const row = rows.get(c!.seq)!;
    // Every problem the inspector sees, the composer showed before sending.
    expect(inspected.filter((f) => !composed.includes(f)), `${e.profile} ${e.choice}`).toEqual([]);
    if (composed.length === 0) {
      clean++;
      expect(hasProblems(row), `${e.profile} ${e.choice}: clean in the composer, clean in the inspector`).toBe(false);
    }
    expect(row.errorCount + row.warningCount, `${e.profile} ${e.choice}: the row counts what the detail shows`).toBe(inspected.length);
  }
  return clean;
}

describe('composer and inspector agree', () => {
  it('with no workspace (every partner checked)', async () => {
    const clean = await compare('every', { sources: [] }, {});
    expect(clean).toBeGreaterThan(0);
  }, 60_000);

  it.each([
    ['a ProveSource source connected to nothing', []],
    ['a ProveSource source connected to Freshsuccess', ['freshsuccess']],
  ])('with the sender\'s source in the workspace: %s', async (_, destinations) => {
    // The local target sends with the sender's own write key: take it from what was captured.
    const seen = (await t.engine.call('workspace.get', undefined)).seen.find((s) => s.writeKeyMasked !== undefined);
    expect(seen).toBeDefined();
    const masked = seen!.writeKeyMasked!;
    const workspace: Workspace = { sources: [{ id: 's', name: 'Sender', kind: 'provesource', writeKey: masked, destinations }] };
    const clean = await compare(`ws${destinations.length}`, workspace, { writeKeyMasked: masked });
    // ProveSource's own examples are clean for ProveSource alone; Freshsuccess wants groupId on them.
    if (destinations.length === 0) expect(clean).toBeGreaterThan(0);
  }, 60_000);
});
