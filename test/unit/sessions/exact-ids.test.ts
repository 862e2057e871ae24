// Sessions and the Freshsuccess account tracker key ids past 2^53 by the digits the client sent
// (a PHP int, a Java Long, a Go int64): JSON.parse reads 9007199254740993 as …992, and
// 1234567890123456789 and …788 as one double, so two users were one, and a userId under two such
// groupIds was no conflict. Captures carry their text (messageJson) when an id was rounded, as the
// engine's feed gives them. Also the endpoint filter: "import", "/v1/import" and "/v1/import/" alike.
import { describe, expect, it } from 'vitest';
import type { CapturedMessage } from '../../../src-shared/capture';
import { SessionInputs, toSessionInput, type SessionInput } from '../../../src-shared/sessions/session-input';
import { SessionModel } from '../../../src-shared/sessions/sessions';
import { inputFilter, querySessions, sessionTotals } from '../../../src-shared/sessions/view';

const ORIGIN = { kind: 'tracking', endpoint: '/v1/batch', writeKeySource: 'none' } as const;

function capture(seq: number, text: string, endpoint = '/v1/batch'): Pick<CapturedMessage, 'seq' | 'receivedAt' | 'origin' | 'message' | 'messageJson'> {
  return { seq, receivedAt: `2026-01-01T00:00:0${seq}.000Z`, origin: { ...ORIGIN, endpoint }, message: JSON.parse(text), messageJson: text };
}
const model = (texts: string[]) => SessionModel.from(texts.map((t, i) => toSessionInput(capture(i + 1, t))!));

describe('ids past 2^53 in sessions', () => {
  it('a session’s user is the exact userId: …993 and …992 are two users', () => {
    const m = model([
      '{"type":"track","event":"A","anonymousId":"a1","userId":9007199254740993}',
      '{"type":"track","event":"B","anonymousId":"a2","userId":9007199254740992}',
    ]);
    expect(sessionTotals(m).byUser.map((t) => t.key).sort()).toEqual(['9007199254740992', '9007199254740993']);
    expect(querySessions(m, { userId: '9007199254740993' }, 0).map((s) => [s.anonymousId, s.userId])).toEqual([['a1', '9007199254740993']]);
  });

  it('an anonymousId past 2^53 keys its own lane', () => {
    const m = model(['{"type":"track","event":"A","anonymousId":1234567890123456789}', '{"type":"track","event":"B","anonymousId":1234567890123456788}']);
    expect([...m.lanes.keys()].sort()).toEqual(['1234567890123456788', '1234567890123456789']);
  });

  it('the account tracker: two users under two groupIds are no conflict; one user under two is, named by its digits', () => {
    const apart = model([
      '{"type":"group","anonymousId":"a1","userId":9007199254740993,"groupId":"acme"}',
      '{"type":"group","anonymousId":"a2","userId":9007199254740992,"groupId":"globex"}',
    ]);
    expect(apart.conflicts()).toEqual([]);
    const conflict = model([
      '{"type":"group","anonymousId":"a1","userId":9007199254740993,"groupId":1234567890123456789}',
      '{"type":"group","anonymousId":"a1","userId":9007199254740993,"groupId":1234567890123456788}',
    ]);
    expect(conflict.conflicts()).toEqual([{ userId: '9007199254740993', accounts: [{ groupId: '1234567890123456789', seq: 1 }, { groupId: '1234567890123456788', seq: 2 }] }]);
  });

  it('context.groupId past 2^53 (a track’s account) is read exactly too', () => {
    const m = model([
      '{"type":"track","event":"A","anonymousId":"a1","userId":"u-1","context":{"groupId":1234567890123456789}}',
      '{"type":"track","event":"B","anonymousId":"a1","userId":"u-1","context":{"groupId":1234567890123456788}}',
    ]);
    expect(m.conflicts().map((c) => c.accounts.map((a) => a.groupId))).toEqual([['1234567890123456789', '1234567890123456788']]);
  });
});

describe('the endpoint filter', () => {
  const inputs = SessionInputs.of(
    ['/v1/import/', '/v1/import', '/v1/batch', '/webhook/pf'].map((endpoint, i): SessionInput => ({ seq: i + 1, anonymousId: 'a', type: 'track', feature: 'F', timeMs: i, timeSource: 'receivedAt', arrivalMs: i, endpoint })),
  );
  const kept = (endpoint: string) => {
    const keep = inputFilter({ endpoint })!;
    return [0, 1, 2, 3].filter((i) => keep(inputs, i)).map((i) => inputs.endpoint(i));
  };

  it('takes "import", "/v1/import" and "/v1/import/" alike (analytics-java posts to /v1/import/)', () => {
    for (const e of ['import', '/v1/import', '/v1/import/', 'v1/import', 'import/']) expect(kept(e)).toEqual(['/v1/import/', '/v1/import']);
    expect(kept('batch')).toEqual(['/v1/batch']);
    expect(kept('/webhook/pf')).toEqual(['/webhook/pf']);
  });
});
