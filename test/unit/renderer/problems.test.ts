// The Problems column in words: drop reasons and bad signatures loud, Segment-spec findings as a
// badge, partner-profile findings as one quiet part with per-profile counts in its tooltip.
import { describe, expect, it } from 'vitest';
import { countText, problemParts, quietPieces } from '../../../src-renderer/src/inspector/problems';
import { summary } from './summary-rows';

const clean = { dropCodes: [], findingProfiles: [], findingCounts: [], errorCount: 0, warningCount: 0 };

describe('problem parts', () => {
  it('says nothing for a clean row', () => {
    expect(problemParts(summary(1, clean))).toEqual([]);
  });

  it('counts in words', () => {
    expect(countText(2, 3)).toBe('2 errors · 3 warnings');
    expect(countText(1, 0)).toBe('1 error');
    expect(countText(0, 1)).toBe('1 warning');
    expect(countText(0, 0)).toBe('');
  });

  it('names the first drop reason, counts the rest, and puts every sentence in the tooltip', () => {
    const [drop] = problemParts(summary(1, { ...clean, dropCodes: ['missing-identity', 'missing-event'] }));
    expect(drop).toMatchObject({ kind: 'drop', label: 'would drop: no identity +1', tone: 'error' });
    expect(drop.title).toBe('Segment would drop this: no userId or anonymousId; track without event');
  });

  // The cell shows the badges that fit and hides the rest: at 1000 px "spec: 2 warnings" filled it
  // while a workspace source's "1 error: Freshsuccess" was on the hidden line.
  it('puts errors before warnings, whatever their kind, and keeps the order otherwise', () => {
    const row = summary(2, { ...clean, findingProfiles: ['segment', 'freshsuccess'], findingCounts: [0, 2, 1, 0], errorCount: 1, warningCount: 2 });
    expect(problemParts(row, true).map((p) => [p.label, p.tone])).toEqual([
      ['1 error: Freshsuccess', 'error'],
      ['spec: 2 warnings', 'warn'],
    ]);
    // Quiet partner notes (no workspace) stay after the spec badge.
    expect(problemParts(row, false).map((p) => p.kind)).toEqual(['spec', 'partner']);
    // Two warnings keep their kind order; a bad signature comes before a redelivery.
    const warned = summary(3, { ...clean, findingProfiles: ['segment', 'freshsuccess'], findingCounts: [0, 1, 0, 1], errorCount: 0, warningCount: 2 });
    expect(problemParts(warned, true).map((p) => p.kind)).toEqual(['spec', 'partner']);
    const webhook = summary(4, { ...clean, origin: 'webhook', dropCodes: ['duplicate-message-id'], signature: 'invalid' });
    expect(problemParts(webhook).map((p) => p.label)).toEqual(['bad signature', 'redelivered']);
  });

  // Segment delivers a webhook event again when the first delivery was not answered 2xx in time:
  // the repeat is no message Segment would drop (it sent it), but one the consumer must take once.
  it('a webhook row whose messageId came before is a redelivery, not a message Segment would drop', () => {
    const parts = problemParts(summary(10, { ...clean, origin: 'webhook', dropCodes: ['duplicate-message-id'] }));
    expect(parts.map((p) => p.label)).toEqual(['redelivered']);
    expect(parts[0]).toMatchObject({ kind: 'redelivery', tone: 'warn' });
    expect(parts[0].title).toMatch(/^Delivered again: this webhook already received this messageId within the last 24 hours/);
    // Another reason on the same row keeps its words; a Tracking API duplicate is still one Segment drops.
    const both = problemParts(summary(11, { ...clean, origin: 'webhook', dropCodes: ['duplicate-message-id', 'missing-identity'] }));
    expect(both.map((p) => p.label)).toEqual(['would drop: no identity', 'redelivered']);
    const [tracking] = problemParts(summary(12, { ...clean, dropCodes: ['duplicate-message-id'] }));
    expect(tracking.label).toBe('would drop: duplicate');
  });

  it('words the webhook signature: bad and missing are errors, valid is ok, unchecked is neutral', () => {
    const label = (signature: 'valid' | 'invalid' | 'missing' | 'no-secret') => {
      const [p] = problemParts(summary(10, { ...clean, origin: 'webhook', signature }));
      return [p.label, p.tone];
    };
    expect(label('invalid')).toEqual(['bad signature', 'error']);
    expect(label('missing')).toEqual(['no signature', 'error']);
    expect(label('valid')).toEqual(['signed', 'ok']);
    expect(label('no-secret')).toEqual(['unsigned', 'neutral']);
  });

  it('says "unsigned" only when no X-Signature came: one that came with no secret set is "not checked"', () => {
    const [unsigned] = problemParts(summary(10, { ...clean, origin: 'webhook', signature: 'no-secret' }));
    expect(unsigned).toMatchObject({ kind: 'signature', label: 'unsigned', tone: 'neutral' });
    expect(unsigned.title).toMatch(/no X-Signature/);
    const [unchecked] = problemParts(summary(10, { ...clean, origin: 'webhook', signature: 'no-secret', signatureUnchecked: true }));
    expect(unchecked).toMatchObject({ kind: 'signature', label: 'not checked', tone: 'neutral' });
    expect(unchecked.title).toMatch(/X-Signature came/);
    expect(unchecked.title).toMatch(/set the webhook's secret/);
    // Only no-secret has an unchecked form: a checked signature keeps its own word.
    expect(problemParts(summary(10, { ...clean, origin: 'webhook', signature: 'valid', signatureUnchecked: true }))[0].label).toBe('signed');
  });

  it('keeps Segment-spec findings loud and partner findings quiet, per profile in the tooltip', () => {
    const parts = problemParts(
      summary(1, {
        ...clean,
        findingProfiles: ['segment', 'freshsuccess', 'provesource'],
        findingCounts: [1, 0, 2, 3, 0, 1],
        errorCount: 3,
        warningCount: 4,
      }),
    );
    expect(parts.map((p) => [p.kind, p.label, p.tone])).toEqual([
      ['spec', 'spec: 1 error', 'error'],
      ['partner', 'Freshsuccess: 2 errors · 3 warnings; ProveSource: 1 warning', 'neutral'],
    ]);
    expect(parts[1].title).toBe('Freshsuccess: 2 errors · 3 warnings\nProveSource: 1 warning');
  });

  // The quiet note led with every name and ended with the totals: the cell at 1400 px with the
  // detail open read "ProveSource, Freshsuccess", no count, nor which of them had the error.
  it('names each partner with its own counts in a quiet note, one with errors first', () => {
    const row = summary(1, { ...clean, findingProfiles: ['provesource', 'freshsuccess'], findingCounts: [0, 1, 1, 0], errorCount: 1, warningCount: 1 });
    const partner = problemParts(row).find((p) => p.kind === 'partner')!;
    expect(partner.label).toBe('Freshsuccess: 1 error; ProveSource: 1 warning');
    expect(quietPieces(partner.label)).toEqual(['Freshsuccess', ': 1 error', '; ProveSource', ': 1 warning']);
    // One partner reads as before; the loud note (a workspace configured) is unchanged.
    expect(problemParts(summary(2, { ...clean, findingProfiles: ['freshsuccess'], findingCounts: [2, 0], errorCount: 2 }))[0].label).toBe('Freshsuccess: 2 errors');
    expect(problemParts(row, true).find((p) => p.kind === 'partner')!.label).toBe('1 error · 1 warning: ProveSource, Freshsuccess');
  });

  it('folds spec findings into the drop badge, which already says what is wrong', () => {
    const parts = problemParts(
      summary(1, { ...clean, dropCodes: ['missing-event'], findingProfiles: ['segment', 'freshsuccess'], findingCounts: [1, 0, 1, 0], errorCount: 2 }),
    );
    expect(parts.map((p) => p.kind)).toEqual(['drop', 'partner']);
    expect(parts[0].title).toBe('Segment would drop this: track without event\nSegment spec: 1 error');
  });

  it('a spec warning alone is a warning badge', () => {
    const parts = problemParts(summary(1, { ...clean, findingProfiles: ['segment'], findingCounts: [0, 2], warningCount: 2 }));
    expect(parts).toEqual([{ kind: 'spec', label: 'spec: 2 warnings', title: 'Segment spec: 2 warnings', tone: 'warn' }]);
  });

  it('without per-profile counts falls back to totals, quietly', () => {
    const parts = problemParts(summary(1, { ...clean, findingCounts: undefined, findingProfiles: ['freshsuccess', 'segment'], errorCount: 2, warningCount: 1 }));
    expect(parts).toEqual([
      { kind: 'partner', label: '2 errors · 1 warning · Freshsuccess, Segment spec', title: 'Validator findings from Freshsuccess, Segment spec', tone: 'neutral' },
    ]);
  });

  it('partner findings are loud once a workspace says they apply to the row\'s source', () => {
    const row = summary(1, { ...clean, findingProfiles: ['freshsuccess'], findingCounts: [1, 2], errorCount: 1, warningCount: 2 });
    expect(problemParts(row).find((p) => p.kind === 'partner')?.tone).toBe('neutral');
    expect(problemParts(row, true).find((p) => p.kind === 'partner')?.tone).toBe('error');
    const warnOnly = summary(2, { ...clean, findingProfiles: ['provesource'], findingCounts: [0, 1], warningCount: 1 });
    expect(problemParts(warnOnly, true).find((p) => p.kind === 'partner')?.tone).toBe('warn');
  });
});

// The quiet note was cut with an ellipsis where the cell ended: "ProveSource, Freshsuccess: 1 er…".
describe('quietPieces', () => {
  it('cuts a quiet note only between names and counts, each piece keeping its separator', () => {
    expect(quietPieces('ProveSource, Freshsuccess: 1 error · 3 warnings')).toEqual(['ProveSource,', ' Freshsuccess', ': 1 error', ' · 3 warnings']);
    expect(quietPieces('2 errors · 1 warning · Freshsuccess, Segment spec')).toEqual(['2 errors', ' · 1 warning', ' · Freshsuccess,', ' Segment spec']);
    expect(quietPieces('Produktly (Segment catalog page): 2 warnings')).toEqual(['Produktly (Segment catalog page)', ': 2 warnings']);
    // Put back together, the pieces are the label.
    for (const p of problemParts(summary(1, { ...clean, findingProfiles: ['provesource', 'freshsuccess'], findingCounts: [0, 0, 1, 1, 0, 2], errorCount: 1, warningCount: 3 }))) {
      expect(quietPieces(p.label).join('')).toBe(p.label);
    }
  });
});
