// A key written twice, read back from the capture log: the start-up load's tallies and the detail
// read (toCapturedMessage) find it in the message's text, in either line form, and say nothing for
// a line whose message writes each key once (even when the line's other parts hold colons).
import { describe, expect, it } from 'vitest';
import { LogChunkReader } from '../../../src-main/store/log-chunk';
import { repeatedKeysText, toCapturedMessage, type RequestRecord } from '../../../src-main/store/record';
import { DUPLICATE_KEY_RULE } from '../../../src-shared/validate/duplicate-keys';

const REQUEST_LINE = '{"request":{"requestId":"r-1","receivedAt":"2026-12-07T01:00:00.000Z","origin":{"kind":"tracking","endpoint":"/v1/batch","writeKeySource":"basic"},"headers":{}}}';
const REQUEST: RequestRecord = { requestId: 'r-1', receivedAt: '2026-12-07T01:00:00.000Z', origin: { kind: 'tracking', endpoint: '/v1/batch', writeKeySource: 'basic' }, headers: {} };
const DUP_MESSAGE = '{"type":"page","userId":"u","name":"Home","properties":{"plan":"a","plan":"b"},"name":"Pricing","receivedAt":"2026-12-07T01:00:00.000Z","messageId":"m-1"}';
const lines = {
  requestForm: `{"seq":1,"message":${DUP_MESSAGE}}`,
  withDropReasons: `{"seq":2,"dropReasons":[{"code":"missing-identity","message":"no id: none","path":"userId"}],"message":${DUP_MESSAGE}}`,
  fullRecord: `{"seq":3,"requestId":"r-1","receivedAt":"2026-12-07T01:00:00.000Z","origin":{"kind":"tracking","endpoint":"/v1/batch","writeKeySource":"basic"},"headers":{"user-agent":"a:b"},"message":${DUP_MESSAGE},"messageIdAssigned":false}`,
  clean: '{"seq":4,"dropReasons":[{"code":"missing-event","message":"a: b","path":"event"}],"message":{"type":"page","userId":"u","name":"Home","receivedAt":"2026-12-07T01:00:00.000Z","messageId":"m-4"}}',
};

describe('a message line that writes a key twice', () => {
  it('gives the message\'s own text, in every line form, and nothing for a clean line', () => {
    for (const line of [lines.requestForm, lines.withDropReasons, lines.fullRecord]) expect(repeatedKeysText(line, JSON.parse(line))).toBe(DUP_MESSAGE);
    expect(repeatedKeysText(lines.clean, JSON.parse(lines.clean))).toBeUndefined();
  });

  it('is a warning on the record read back, named by path', () => {
    for (const line of [lines.requestForm, lines.fullRecord]) {
      const parsed = JSON.parse(line) as Record<string, unknown>;
      const rec = toCapturedMessage(parsed, REQUEST, true, repeatedKeysText(line, parsed));
      if (typeof rec === 'string') throw new Error(rec);
      expect(rec.message.name).toBe('Pricing');
      expect(rec.findings.filter((f) => f.rule === DUPLICATE_KEY_RULE).map((f) => f.path)).toEqual(['name', 'properties.plan']);
    }
  });

  it('is counted in the start-up load\'s tallies', () => {
    const text = [REQUEST_LINE, lines.requestForm, lines.withDropReasons, lines.fullRecord, lines.clean].join('\n') + '\n';
    const chunk = new LogChunkReader().parse(new TextEncoder().encode(text), false, true);
    expect(chunk.count).toBe(4);
    const warnings = Array.from({ length: 4 }, (_, i) => chunk.tallies[chunk.tallyOf[i]].warningCount);
    expect(warnings).toEqual([2, 2, 2, 0]);
  });
});
