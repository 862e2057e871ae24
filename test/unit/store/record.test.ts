// encodeCaptures writes log lines straight into bytes; they must be exactly serializeCapture's
// lines, and the offsets it reports must point at each line and its message JSON.
import { describe, expect, it } from 'vitest';
import type { CapturedMessage } from '../../../src-shared/capture';
import { encodeCaptures, serializeCapture, toCapturedMessage, type SerializedParts } from '../../../src-main/store/record';

function entry(seq: number, message: CapturedMessage['message'], extra: Partial<CapturedMessage> = {}, requestId = 'req-1') {
  const capture: CapturedMessage = {
    seq,
    requestId,
    receivedAt: '2026-01-01T12:00:00.000Z',
    origin: { kind: 'tracking', endpoint: '/v1/batch', writeKey: 'clé', writeKeySource: 'body' },
    headers: { host: 'localhost', 'user-agent': 'naïve ✓' },
    message,
    messageIdAssigned: false,
    dropReasons: [],
    findings: [],
    ...extra,
  };
  const parts: SerializedParts = { messageJson: JSON.stringify(message), originJson: JSON.stringify(capture.origin), headersJson: JSON.stringify(capture.headers) };
  return { capture, parts };
}

describe('encodeCaptures', () => {
  it('gives the bytes of serializeCapture and where each line and message is', () => {
    const entries = [
      entry(9, { type: 'track', event: 'A', messageId: 'm' }),
      entry(10, { type: 'track', event: 'Café 😀 \u2028 "q"', messageId: 'm2' }),
      entry(1234567, { type: 'track' }, { messageIdAssigned: true, dropReasons: [{ code: 'missing-event', message: 'no event «x»', path: 'event' }] }),
      entry(1234568, {}, {}, 'req-2'),
      entry(1234569, { type: 'identify', traits: { big: 'ü'.repeat(400_000) } }), // grows the scratch buffer
    ];
    const { data, lineStarts, lineEnds, messageStarts } = encodeCaptures(entries);
    const expected = entries.map((e) => serializeCapture(e.capture, e.parts));
    expect(data.toString('utf8')).toBe(expected.join(''));
    entries.forEach((e, i) => {
      expect(data.toString('utf8', lineStarts[i], lineEnds[i]) + '\n').toBe(expected[i]);
      expect(data[lineEnds[i]]).toBe(0x0a);
      expect(data.toString('utf8', messageStarts[i], lineEnds[i] - 1)).toBe(e.parts.messageJson);
      // And the line reads back as the capture (findings recomputed, not stored).
      const back = toCapturedMessage(JSON.parse(expected[i]));
      expect(back).toMatchObject({ seq: e.capture.seq, message: e.capture.message, dropReasons: e.capture.dropReasons, headers: e.capture.headers });
      expect(expected[i]).not.toContain('"findings"');
    });
  });
});
