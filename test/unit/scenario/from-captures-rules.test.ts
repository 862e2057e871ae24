// Save as scenario, the cases from-captures.test.ts leaves out: equal and unreadable receive
// times, a messageId the receiver assigned, several messages of one webhook, one message.
import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { loadScenario } from '../../../src-main/replay/load';
import type { CapturedMessage } from '../../../src-shared/capture';
import { stringifyExact } from '../../../src-shared/exact-json';
import { asSent, capturesToScenario } from '../../../src-shared/scenario/from-captures';
import { inTimeZone } from '../time-zone';

const cap = (seq: number, receivedAt: string, message: Record<string, unknown>, extra: Partial<CapturedMessage> = {}): CapturedMessage => ({
  seq, requestId: `r${seq}`, receivedAt, origin: { kind: 'tracking', endpoint: '/v1/track', writeKeySource: 'basic', writeKey: 'k' }, headers: {}, message: { ...message, receivedAt }, messageIdAssigned: false, dropReasons: [], findings: [], ...extra,
});
const hook = (name: string): Partial<CapturedMessage> => ({ origin: { kind: 'webhook', endpoint: `/webhook/${name}`, webhook: name, signature: { status: 'no-secret' } } });
const steps = (captures: CapturedMessage[]) => parse(capturesToScenario(captures, 'n')).steps as Record<string, unknown>[];

describe('save as scenario', () => {
  it('messages received at the same moment are sent without a clock step between them', () => {
    expect(steps([cap(1, '2026-02-01T10:00:00.000Z', { type: 'track', event: 'A' }), cap(2, '2026-02-01T10:00:00.000Z', { type: 'track', event: 'B' }), cap(3, '2026-02-01T10:00:00.250Z', { type: 'track', event: 'C' })]).map((s) => ('advance' in s ? s.advance : s.id))).toEqual(['m1', 'm2', '250ms', 'm3', undefined]);
  });

  it('a receive time that cannot be read adds no clock step, and the next step counts from the last readable one', () => {
    const doc = parse(capturesToScenario([cap(1, 'garbage', { type: 'track', event: 'A' }), cap(2, '2026-02-01T10:00:00.000Z', { type: 'track', event: 'B' }), cap(3, 'garbage', { type: 'track', event: 'C' }), cap(4, '2026-02-01T10:00:02.000Z', { type: 'track', event: 'D' })], 'n'));
    expect(doc.start).toBe('2026-02-01T10:00:00.000Z');
    expect(doc.steps.map((s: Record<string, unknown>) => ('advance' in s ? s.advance : s.id))).toEqual(['m1', 'm2', 'm3', '2000ms', 'm4', undefined]);
  });

  it('a receive time without an offset is UTC, in every zone (it was read as local time)', () => {
    const captures = [cap(1, '2026-02-01T10:00:00', { type: 'track', event: 'A' }), cap(2, '2026-02-01T10:00:01.5Z', { type: 'track', event: 'B' }), cap(3, '2026-02-01T11:00:01.5+01:00', { type: 'track', event: 'C' })];
    for (const zone of ['UTC', 'America/New_York']) {
      const doc = inTimeZone(zone, () => parse(capturesToScenario(captures, 'n')));
      expect(doc.start, zone).toBe('2026-02-01T10:00:00.000Z');
      expect(doc.steps.map((s: Record<string, unknown>) => ('advance' in s ? s.advance : s.id)), zone).toEqual(['m1', '1500ms', 'm2', 'm3', undefined]);
    }
  });

  it('numbers past a double keep their digits in the file, bare (integers and a long decimal alike), and a load of the file reads them back', () => {
    const messageJson = '{"type":"track","event":"Order","userId":"u","properties":{"orderId":9007199254740993,"refund":-1234567890123456789,"ratio":0.12345678901234567891,"name":"9007199254740993"},"receivedAt":"2026-02-01T10:00:00.000Z"}';
    const c = cap(1, '2026-02-01T10:00:00.000Z', JSON.parse(messageJson) as Record<string, unknown>, { messageJson });
    const yaml = capturesToScenario([c], 'n');
    expect(yaml).toContain('orderId: 9007199254740993\n');
    expect(yaml).toContain('refund: -1234567890123456789\n');
    // It was written as the nearest double (0.12345678901234568).
    expect(yaml).toContain('ratio: 0.12345678901234567891\n');
    // A string of digits stays a string.
    expect(yaml).toContain('name: "9007199254740993"\n');
    const loaded = loadScenario(yaml, 'saved.scenario.yaml');
    if (!loaded.ok) throw new Error(loaded.errors.map((e) => e.message).join('; '));
    const step = loaded.scenario.steps[0] as Extract<(typeof loaded.scenario.steps)[number], { kind: 'send' }>;
    expect(stringifyExact(step.send.message)).toBe('{"type":"track","event":"Order","userId":"u","properties":{"orderId":9007199254740993,"refund":-1234567890123456789,"ratio":0.12345678901234567891,"name":"9007199254740993"}}');
    // asSent without `exact` is the parsed message (what the checks read).
    expect(asSent(c, false).properties).toEqual({ orderId: 9007199254740992, refund: -1234567890123456800, ratio: 0.12345678901234568, name: '9007199254740993' });
  });

  it('no start when no receive time can be read (the runner uses its default)', () => {
    const doc = parse(capturesToScenario([cap(1, '', { type: 'track', event: 'A', userId: 'u' })], 'n'));
    expect(doc).not.toHaveProperty('start');
    expect(doc).not.toHaveProperty('webhooks');
  });

  it('a messageId the receiver assigned is dropped, even when two messages share it', () => {
    const [first, second] = steps([cap(1, '2026-02-01T10:00:00Z', { type: 'track', event: 'A', messageId: 'auto' }, { messageIdAssigned: true }), cap(2, '2026-02-01T10:00:00Z', { type: 'track', event: 'A', messageId: 'auto' }, { messageIdAssigned: true })]);
    expect(first.send).toEqual({ message: { type: 'track', event: 'A' } });
    expect(second.send).toEqual({ message: { type: 'track', event: 'A' } });
    // a client id shared with an assigned one is not a duplicate the client made
    const mixed = steps([cap(1, '2026-02-01T10:00:00Z', { type: 'track', event: 'A', messageId: 'x' }), cap(2, '2026-02-01T10:00:00Z', { type: 'track', event: 'A', messageId: 'x' }, { messageIdAssigned: true })]);
    expect(mixed.slice(0, 2).map((s) => (s.send as { message: Record<string, unknown> }).message.messageId)).toEqual([undefined, undefined]);
  });

  it('a message as sent: without receivedAt, with its own messageId only when asked to keep it', () => {
    const c = cap(1, '2026-02-01T10:00:00Z', { type: 'track', event: 'A', messageId: 'client' });
    expect(asSent(c, true)).toEqual({ type: 'track', event: 'A', messageId: 'client' });
    expect(asSent(c, false)).toEqual({ type: 'track', event: 'A' });
    expect(asSent({ ...c, messageIdAssigned: true }, true)).toEqual({ type: 'track', event: 'A' });
    // the capture itself is left as it was
    expect(c.message).toEqual({ type: 'track', event: 'A', messageId: 'client', receivedAt: '2026-02-01T10:00:00Z' });
  });

  it('a message sent again has no sentAt: whatever sends it sets its own (the old one read as a client clock behind by the time since)', () => {
    const c = cap(1, '2026-02-01T10:00:01Z', { type: 'track', event: 'A', timestamp: '2026-02-01T10:00:00Z', sentAt: '2026-02-01T10:00:00.500Z' });
    expect(asSent(c, true)).toEqual({ type: 'track', event: 'A', timestamp: '2026-02-01T10:00:00Z' });
    expect(c.message.sentAt).toBe('2026-02-01T10:00:00.500Z');
    expect(steps([c])[0].send).toEqual({ message: { type: 'track', event: 'A', timestamp: '2026-02-01T10:00:00Z' } });
  });

  it('each webhook is declared once; drop reasons are expected per step, in step order', () => {
    const doc = parse(
      capturesToScenario(
        [
          cap(1, '2026-02-01T10:00:00Z', { type: 'track', event: 'A' }, { ...hook('pf'), dropReasons: [{ code: 'missing-identity', message: 'x' }, { code: 'missing-event', message: 'y' }] }),
          cap(2, '2026-02-01T10:00:00Z', { type: 'track', event: 'B', userId: 'u' }, hook('other')),
          cap(3, '2026-02-01T10:00:00Z', { type: 'track', event: 'C' }, { ...hook('pf'), dropReasons: [{ code: 'missing-identity', message: 'x' }] }),
        ],
        'n',
      ),
    );
    expect(doc.webhooks).toEqual([{ name: 'pf' }, { name: 'other' }]);
    expect(doc.steps.slice(3)).toEqual([{ expect: { messages: { count: 3 } } }, { expect: { dropReasons: { step: 'm1', codes: ['missing-identity', 'missing-event'] } } }, { expect: { dropReasons: { step: 'm3', codes: ['missing-identity'] } } }]);
  });

  it('the description says how many messages and which seqs, in seq order', () => {
    expect(parse(capturesToScenario([cap(4, '2026-02-01T10:00:00Z', { type: 'track', event: 'A', userId: 'u' })], 'one')).description).toBe('Saved from 1 captured message (seq 4), with their relative timing.');
    expect(parse(capturesToScenario([cap(9, '2026-02-01T10:00:00Z', { type: 'track', event: 'A', userId: 'u' }), cap(4, '2026-02-01T10:00:00Z', { type: 'track', event: 'A', userId: 'u' })], 'two')).description).toBe('Saved from 2 captured messages (seq 4, 9), with their relative timing.');
  });

  it('long values stay on one line, and the file loads back as a valid scenario', () => {
    const long = 'word '.repeat(60).trim();
    const text = capturesToScenario([cap(1, '2026-02-01T10:00:00Z', { type: 'track', event: 'A', userId: 'u', properties: { note: long } })], 'long');
    expect(text.split('\n').some((line) => line.includes(long))).toBe(true);
    expect(loadScenario(text, 'long.scenario.yaml').ok).toBe(true);
  });

  it('a key named "<<" is written quoted: bare, YAML reads it as a merge key and the file was refused', () => {
    const properties = { '<<': 'merge', nested: { '<<': { x: 1 } }, list: [{ '<<': 2 }], value: '<<' };
    const text = capturesToScenario([cap(1, '2026-02-01T10:00:00Z', { type: 'track', event: 'A', userId: 'u', properties })], 'merge');
    const loaded = loadScenario(text, 'merge.scenario.yaml');
    expect(loaded.ok ? [] : loaded.errors.map((e) => e.message)).toEqual([]);
    if (!loaded.ok) return;
    const send = loaded.scenario.steps.find((st) => st.kind === 'send');
    expect(send?.kind === 'send' && send.send.message?.properties).toEqual(properties);
  });

  it('a byte-order mark a client sent (U+FEFF in an event, a key, a user id) is written as "\\uFEFF": a raw one in a file is refused, and the file loads back with it', () => {
    const properties = { 'k\uFEFF': '\uFEFFv', plain: 'p' };
    const text = capturesToScenario([cap(1, '2026-02-01T10:00:00Z', { type: 'track', event: 'E\uFEFF', userId: '\uFEFFu', properties })], 'bom \uFEFF');
    expect(text).not.toContain('\uFEFF');
    const loaded = loadScenario(text, 'bom.scenario.yaml');
    expect(loaded.ok ? [] : loaded.errors.map((e) => e.message)).toEqual([]);
    if (!loaded.ok) return;
    expect(loaded.scenario.name).toBe('bom \uFEFF');
    const send = loaded.scenario.steps.find((st) => st.kind === 'send');
    expect(send?.kind === 'send' && send.send.message).toMatchObject({ event: 'E\uFEFF', userId: '\uFEFFu', properties });
  });
});
