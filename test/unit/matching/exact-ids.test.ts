// A numeric userId past 2^53 (analytics-php's PHP int, analytics-java's Long, analytics-go's int64)
// is matched as the digits the client sent: JSON.parse reads 9007199254740993 as …992, so without
// the message's text the two users below were one. The engine feeds each capture with its text
// (messageJson) when an id was rounded; these captures are built the same way.
import { describe, expect, it } from 'vitest';
import type { CapturedMessage } from '../../../src-shared/capture';
import { explainDecision } from '../../../src-shared/matching/explain';
import { MatchInputs } from '../../../src-shared/matching/match-inputs';
import { deriveMatching } from '../../../src-shared/matching/matcher';
import { traceSentences } from '../../../src-shared/matching/trace-text';
import type { MatchingSettings } from '../../../src-shared/matching/types';
import { DEFAULTS } from './helpers';

const WEBHOOK = { kind: 'webhook', endpoint: '/webhook/pf', webhook: 'pf', signature: { status: 'no-secret' } } as const;

/** A capture as the feed gives it: the parsed message, and its text when an id was rounded. */
function capture(seq: number, text: string): Pick<CapturedMessage, 'seq' | 'receivedAt' | 'origin' | 'message' | 'messageJson'> {
  return { seq, receivedAt: `2026-01-01T00:00:0${seq}.000Z`, origin: WEBHOOK, message: JSON.parse(text), messageJson: text };
}

const track = (seq: number, userId: string) => capture(seq, `{"type":"track","event":"Big Id","messageId":"m-${seq}","userId":${userId}}`);

describe('a userId past 2^53 matches as its digits', () => {
  const inputs = MatchInputs.from([track(1, '9007199254740993'), track(2, '9007199254740992'), track(3, '9007199254740993')]);
  const result = deriveMatching([], DEFAULTS, inputs);

  it('…993 and …992 are two users; …993 again finds its own', () => {
    expect(result.users.map((u) => u.username)).toEqual(['9007199254740993', '9007199254740992']);
    expect(result.decisions.map((d) => d.outcome)).toEqual(['created', 'created', 'matched-by-username']);
    expect(result.decisions[2].userId).toBe(result.decisions[0].userId);
  });

  it('the input reads the digits, and the trace names them', () => {
    expect(inputs.at(0).userId).toEqual({ state: 'text', value: '9007199254740993', fromNumber: true });
    const steps = traceSentences(explainDecision(result.decisions[2], inputs.at(2), DEFAULTS));
    expect(steps.join('\n')).toContain('9007199254740993');
    expect(steps.join('\n')).not.toContain('9007199254740992');
  });

  it('an anonymousId past 2^53 keys an anonymous user by its digits', () => {
    const settings: MatchingSettings = { ...DEFAULTS, noIdentity: 'create-anonymous' };
    const anon = (seq: number, id: string) => capture(seq, `{"type":"page","messageId":"m-${seq}","anonymousId":${id}}`);
    const r = deriveMatching([], settings, MatchInputs.from([anon(1, '1234567890123456789'), anon(2, '1234567890123456788')]));
    expect(r.users.map((u) => u.username)).toEqual(['1234567890123456789', '1234567890123456788']);
  });

  it('an ordinary number id is read as before (no text needed)', () => {
    const r = deriveMatching([], DEFAULTS, MatchInputs.from([{ ...track(1, '42'), messageJson: undefined }]));
    expect(r.users.map((u) => u.username)).toEqual(['42']);
  });
});
