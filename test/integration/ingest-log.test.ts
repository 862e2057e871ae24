// The ingest fast path: one request line per request, then lean message lines with no findings
// (recomputed on read); the message comes last, as the client's own text of it with the stamped
// fields appended (JSON.stringify(message) where that cannot be: see ingest.ts), and the search
// index reads those bytes back from the file.
import { readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import type { CapturedMessage } from '../../src-shared/capture';
import { toSummary } from '../../src-shared/summary';
import { clientMessageIdFindings } from '../../src-shared/tracking-api/client-message-id';
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

    const [requestLine, ...lines] = await logLines(t.dataDir);
    expect(lines).toHaveLength(batch.batch.length);
    const { request } = JSON.parse(requestLine) as { request: Pick<CapturedMessage, 'requestId' | 'receivedAt' | 'origin' | 'headers'> };
    expect(Object.keys(request)).toEqual(['requestId', 'receivedAt', 'origin', 'headers']);
    expect(request.origin).toMatchObject({ kind: 'tracking', endpoint: '/v1/batch' });
    expect(request.headers['x-note']).toBe('naïve');
    const list = await t.engine.call('messages.list', undefined);
    for (const [i, line] of lines.entries()) {
      const record = JSON.parse(line) as CapturedMessage;
      const plain = !record.messageIdAssigned && !record.dropReasons;
      expect(Object.keys(record)).toEqual(plain ? ['seq', 'message'] : ['seq', ...(record.messageIdAssigned ? ['messageIdAssigned'] : []), ...('clientMessageId' in record ? ['clientMessageId'] : []), ...(record.dropReasons ? ['dropReasons'] : []), 'message']);
      // The client stringified compactly and its text is kept: so the line holds what stringifying gives.
      expect(line.slice(-JSON.stringify(record.message).length - 12)).toBe(`,"message":${JSON.stringify(record.message)}}`);
      const full = await t.engine.call('messages.get', { seq: record.seq });
      expect(full).toMatchObject({ ...request, seq: record.seq, messageIdAssigned: record.messageIdAssigned === true, dropReasons: record.dropReasons ?? [] });
      expect(full?.message).toEqual(record.message);
      // The group's messageId 42 was replaced: kept beside it, and said (client-message-id.test.ts).
      expect(record.clientMessageId).toBe(i === 2 ? 42 : undefined);
      expect(full?.findings).toEqual([...receiverFindings(record.message), ...clientMessageIdFindings(record)]);
      expect(list[i]).toEqual(toSummary(full!));
    }
    expect(lines.map((l) => Object.keys(JSON.parse(l)).length)).toEqual([2, 3, 4, 3, 3, 4]);
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

    // The same after a restart (the loader hands its texts to the search corpus).
    const before = await t.engine.call('messages.list', undefined);
    const engine = await t.restart();
    expect(await engine.call('messages.list', undefined)).toEqual(before);
    expect(await engine.call('messages.search', { text: 'café ünïcode' })).toEqual([1]);
  });

  it('keeps each batch item as the client sent it, one per line, parsing to the captured message', async () => {
    t = await startTestEngine();
    const items = [
      '{"type":"track","event":"Caf\\u00e9 \\"q\\" ]}","userId":"u1","messageId":"raw-1","n":1.50,"big":1e2}',
      '{ "type" : "identify", "anonymousId" : "a2" , "traits": { } }',
      '{}',
    ];
    const body = `{"writeKey":"wk", "batch" :[ ${items.join(' ,\t')} ],"sentAt":"2026-01-01T00:00:05.000Z"}`;
    const pretty = JSON.stringify({ batch: [{ type: 'track', userId: 'u4', event: 'Pretty' }] }, null, 2);
    for (const text of [body, pretty]) {
      const res = await fetch(`${t.engine.url}/v1/batch`, { method: 'POST', body: text, headers: { 'content-type': 'application/json' } });
      expect(res.status).toBe(200);
    }
    const lines = (await logLines(t.dataDir)).filter((l) => l.startsWith('{"seq":'));
    expect(lines).toHaveLength(4);
    const sentAt = ',"sentAt":"2026-01-01T00:00:05.000Z"';
    const [first, second, third] = await Promise.all([1, 2, 3].map((seq) => t!.engine.call('messages.get', { seq })));
    expect(lines[0]).toBe(`{"seq":1,"message":${items[0].slice(0, -1)}${sentAt},"receivedAt":${JSON.stringify(first!.receivedAt)}}}`);
    expect(lines[1]).toContain(`"message":${items[1].slice(0, -1)}${sentAt},"receivedAt":`);
    expect(lines[2]).toContain(`"message":{${sentAt.slice(1)},"receivedAt":`);
    for (const [i, line] of lines.entries()) {
      const full = await t.engine.call('messages.get', { seq: i + 1 });
      expect((JSON.parse(line) as CapturedMessage).message).toEqual(full!.message);
    }
    expect(first!.message).toMatchObject({ event: 'Café "q" ]}', n: 1.5, big: 100, sentAt: '2026-01-01T00:00:05.000Z' });
    expect([second!.message.type, third!.messageIdAssigned]).toEqual(['identify', true]);
    // Search sees the stored text: the client's escapes and spacing, as sent.
    expect(await t.engine.call('messages.search', { text: '"type" : "identify"' })).toEqual([2]);
    const engine = await t.restart();
    expect((await engine.call('messages.get', { seq: 4 }))?.message).toMatchObject({ event: 'Pretty', userId: 'u4' });
  });

  it('a body with stray bytes that are not UTF-8 (otherwise ASCII) is stored as valid UTF-8: each stray byte as U+FFFD', async () => {
    t = await startTestEngine();
    const body = Buffer.concat([Buffer.from('{"batch":[{"type":"track","userId":"u","event":"bad '), Buffer.from([0xff, 0xfe]), Buffer.from('"}]}')]);
    const res = await fetch(`${t.engine.url}/v1/batch`, { method: 'POST', body, headers: { 'content-type': 'application/json' } });
    expect(res.status).toBe(200);
    const bytes = await readFile(join(t.dataDir, 'captures.ndjson'));
    // A strict decoder (Python's, for one) reads the whole log.
    expect(() => new TextDecoder('utf-8', { fatal: true }).decode(bytes)).not.toThrow();
    expect((await t.engine.call('messages.get', { seq: 1 }))!.message.event).toBe('bad \ufffd\ufffd');
    await t.restart();
    expect((await t.engine.call('messages.get', { seq: 1 }))!.message.event).toBe('bad \ufffd\ufffd');
  });

  it('loads logs of the older one-record-per-line form (stored findings ignored), mixed with the new form', async () => {
    t = await startTestEngine();
    await postJson(`${t.engine.url}/v1/track`, { userId: 'u', event: 'E' });
    await t.engine.close();
    const [requestLine, line] = await logLines(t.dataDir);
    const { request } = JSON.parse(requestLine);
    const old = { ...JSON.parse(line), ...request, messageIdAssigned: false, dropReasons: [], findings: [{ severity: 'error', path: 'x', rule: 'stale', message: 'stale', profile: 'segment' }] };
    const oldLine = JSON.stringify({ seq: 1, requestId: old.requestId, receivedAt: old.receivedAt, origin: old.origin, headers: old.headers, messageIdAssigned: false, dropReasons: [], message: old.message, findings: old.findings });
    await writeFile(join(t.dataDir, 'captures.ndjson'), oldLine + '\n');
    let engine = await t.restart();
    const full = await engine.call('messages.get', { seq: 1 });
    expect(full).toMatchObject({ seq: 1, requestId: request.requestId, receivedAt: request.receivedAt, origin: request.origin, headers: request.headers });
    expect(full?.findings).toEqual(receiverFindings(full!.message));
    expect(full?.findings.some((f) => f.rule === 'stale')).toBe(false);
    const [summary] = await engine.call('messages.list', undefined);
    expect(summary.findingProfiles).not.toContain('segment');

    // New captures append in the new form after the old line; all of it loads again.
    await postJson(`${engine.url}/v1/batch`, { batch: [{ type: 'track', userId: 'v', event: 'F' }, { type: 'track', userId: 'w', event: 'G' }] });
    const all = await logLines(t.dataDir);
    expect(all).toHaveLength(4);
    expect(all[0]).toBe(oldLine);
    const before = await engine.call('messages.list', undefined);
    const fullBefore = await Promise.all([1, 2, 3].map((seq) => engine.call('messages.get', { seq })));
    engine = await t.restart();
    expect(engine.info().storeWarnings).toEqual([]);
    expect(await engine.call('messages.list', undefined)).toEqual(before);
    expect(await Promise.all([1, 2, 3].map((seq) => engine.call('messages.get', { seq })))).toEqual(fullBefore);
    expect(await engine.call('messages.search', { text: '"event":"g"' })).toEqual([3]);
  });
});
