// The ingest fast path: log lines carry no findings (recomputed on read), the message comes last
// and is byte-for-byte JSON.stringify(message), and the search index works from those bytes.
import { readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import type { CapturedMessage } from '../../src-shared/capture';
import { toSummary } from '../../src-shared/summary';
import { receiverFindings } from '../../src-shared/validate/validate';
import { postJson, startTestEngine, type TestEngine } from './helpers/engine';

let t: TestEngine | undefined;
afterEach(async () => {
  await t?.dispose();
  t = undefined;
});

const batch = {
  sentAt: '2026-01-01T00:00:05.000Z',
  context: { library: { name: 'analytics-node' } },
  batch: [
    { type: 'track', event: 'Café Ünïcode ✓ 😀', userId: 'u1', messageId: 'm-1', properties: { plan: 'Pro' } },
    { type: 'track', event: 'Goal Completed', userId: 'u2' }, // messageId assigned
    { type: 'group', userId: 'u3', groupId: 'acme', messageId: 42, traits: { name: 'Acme' } }, // replaced in place
    { type: 'identify', anonymousId: 'a4', receivedAt: 'client says', sentAt: '2026-01-01T00:00:01.000Z' },
    { type: 'track', userId: 'u1', messageId: 'm-1' }, // duplicate id, no event: drop reasons
    {},
  ],
};

async function logLines(dataDir: string): Promise<string[]> {
  return (await readFile(join(dataDir, 'captures.ndjson'), 'utf8')).trimEnd().split('\n');
}

describe('capture log lines and recomputed findings', () => {
  it('writes lean lines, recomputes findings on read, and searches the stored bytes', async () => {
    t = await startTestEngine();
    const res = await postJson(`${t.engine.url}/v1/batch`, batch, { 'x-note': 'naïve' });
    expect(res.status).toBe(200);

    const lines = await logLines(t.dataDir);
    expect(lines).toHaveLength(batch.batch.length);
    const list = await t.engine.call('messages.list', undefined);
    for (const [i, line] of lines.entries()) {
      const record = JSON.parse(line) as CapturedMessage;
      expect(Object.keys(record)).toEqual(['seq', 'requestId', 'receivedAt', 'origin', 'headers', 'messageIdAssigned', 'dropReasons', 'message']);
      // The message text in the line is exactly what stringifying it gives.
      expect(line.slice(-JSON.stringify(record.message).length - 12)).toBe(`,"message":${JSON.stringify(record.message)}}`);
      const full = await t.engine.call('messages.get', { seq: record.seq });
      expect(full?.message).toEqual(record.message);
      expect(full?.findings).toEqual(receiverFindings(record.message));
      expect(list[i]).toEqual(toSummary(full!));
    }
    // Findings still reach the summaries (Freshsuccess wants originalTimestamp on every call).
    expect(list.every((s) => s.errorCount > 0)).toBe(true);
    expect(list.filter((s) => s.type === 'track').every((s) => s.findingProfiles.includes('freshsuccess'))).toBe(true);
    expect(list[4].dropCodes).toEqual(['missing-event', 'duplicate-message-id']);
    expect(list[5].dropCodes).toContain('unknown-type');

    // Search decodes the stored UTF-8 and matches case-insensitively, JSON syntax included.
    expect(await t.engine.call('messages.search', { text: 'CAFÉ ÜNÏCODE ✓ 😀' })).toEqual([1]);
    expect(await t.engine.call('messages.search', { text: '"plan":"pro"' })).toEqual([1]);
    expect(await t.engine.call('messages.search', { text: '"receivedAt":"client says"' })).toEqual([]);
    expect(await t.engine.call('messages.search', { text: '"messageid":"m-1"' })).toEqual([1, 5]);
    // Captures after a search are found too.
    await postJson(`${t.engine.url}/v1/track`, { userId: 'later', event: 'Later Ünïcode' });
    expect(await t.engine.call('messages.search', { text: 'later ünïcode' })).toEqual([7]);

    // The same after a restart (the loader keeps its texts as strings).
    const before = await t.engine.call('messages.list', undefined);
    const engine = await t.restart();
    expect(await engine.call('messages.list', undefined)).toEqual(before);
    expect(await engine.call('messages.search', { text: 'café ünïcode' })).toEqual([1]);
  });

  it('ignores findings stored by older versions and recomputes them', async () => {
    t = await startTestEngine();
    await postJson(`${t.engine.url}/v1/track`, { userId: 'u', event: 'E' });
    await t.engine.close();
    const [line] = await logLines(t.dataDir);
    const old = { ...JSON.parse(line), findings: [{ severity: 'error', path: 'x', rule: 'stale', message: 'stale', profile: 'segment' }] };
    await writeFile(join(t.dataDir, 'captures.ndjson'), JSON.stringify(old) + '\n');
    const engine = await t.restart();
    const full = await engine.call('messages.get', { seq: 1 });
    expect(full?.findings).toEqual(receiverFindings(full!.message));
    expect(full?.findings.some((f) => f.rule === 'stale')).toBe(false);
    const [summary] = await engine.call('messages.list', undefined);
    expect(summary.findingProfiles).not.toContain('segment');
  });
});
