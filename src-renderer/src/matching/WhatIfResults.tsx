// What-if: the decisions that would change (outcome now → then) and the directory difference; or,
// once applied, the same told in the past tense under the settings that changed (before → after).
import { plural } from '../../../src-shared/plural';
import { useEffect, useRef, type CSSProperties } from 'react';
import type { WhatIfResult } from '../../../src-shared/matching/api-types';
import type { DecisionBrief } from '../../../src-shared/matching/compare';
import { exactFieldValue, valueText } from '../../../src-shared/matching/exact-values';
import { isExactNumber } from '../../../src-shared/exact-json';
import { useAppStore } from '../state';
import { OutcomeBadge } from './OutcomeBadge';
import { formatCount } from '../../../src-shared/tracking-api/limits';

function Brief({ b }: { b: DecisionBrief | null }) {
  // Outside the scope (the only way a message has no decision): "not matched" beside the rule's own
  // "unmatched" read as no change at all.
  if (!b)
    return (
      <span className="faint" title={'The rule does not run on this message: it came through the Tracking API, and "Messages matched" is webhook messages only'}>
        out of scope
      </span>
    );
  return (
    <span className="brief">
      <OutcomeBadge outcome={b.outcome} conflict={b.conflict} /> {b.userId && (
        <span className="mono brief-id" title={b.userId}>
          {b.userId}
        </span>
      )}
    </span>
  );
}

// A text with space around it is quoted, so the space shows ("Carol@Globex.com " read as "Carol@Globex.com").
// A number sent as 9007199254740993 shows those digits (exactFieldValue reads them; valueText writes them).
function show(v: unknown): string {
  if (v === undefined) return '(none)';
  const marker: boolean = isExactNumber(v); // (a type guard: read apart, it would leave no string below)
  if (typeof v !== 'string' || marker) return valueText(v);
  return v.trim() === v && v !== '' ? v : JSON.stringify(v);
}
// An added or removed user's fields by name, as a changed user's are: "+ new-1 someone-else · Ada@Example.com"
// left a support engineer to guess which was the username (in the Product Fruits example, the
// userId the message sent), and hid the email's surrounding space.
// Each field is one piece (.diff-field): in the narrow panel `email: " Ada@Example.com "` broke at the
// quoted space, its opening quote alone at a line's end.
function UserFields({ u }: { u: { username?: string; email?: string } }) {
  const fields = [u.username !== undefined ? `username: ${show(u.username)}` : '', u.email !== undefined ? `email: ${show(u.email)}` : ''].filter(Boolean);
  return fields.map((f, i) => (
    <span key={f}>
      {i > 0 && <span className="faint"> · </span>}
      <span className="mono faint diff-field">{f}</span>
    </span>
  ));
}
const LIST_MAX = 200;

/** How many digits the largest seq among these decisions has. */
function seqDigits(decisions: readonly { seq: number }[]): number {
  let largest = 0;
  for (const d of decisions) if (d.seq > largest) largest = d.seq;
  return String(largest).length;
}

/** applied: the settings changed, in words; the result is then what the change did, not what it would do. */
export function WhatIfResults({ result, applied }: { result: WhatIfResult; applied?: string[] }) {
  const selectDecision = useAppStore((s) => s.selectDecision);
  const { comparison: c, totals } = result;
  const nothing = totals.decisions + totals.added + totals.removed + totals.changed === 0;
  const ref = useRef<HTMLElement>(null);
  // The results sit below the settings: bring them into view when they arrive.
  useEffect(() => {
    ref.current?.scrollIntoView({ block: 'nearest' });
  }, [result]);
  return (
    <section className="what-if" aria-label={applied ? 'Applied settings' : 'What-if results'} ref={ref} role={applied ? 'region' : undefined}>
      <h3>{applied ? 'Applied' : 'If applied'}</h3>
      {applied?.map((line) => (
        <p key={line} className="applied-setting">
          {line}
        </p>
      ))}
      {nothing ? (
        <p className="hint">{applied ? 'No decision and no user changed: every decision was derived again, alike.' : 'No decision and no user would change.'}</p>
      ) : (
        <p className="what-if-totals">
          <strong>{plural(totals.decisions, 'decision')}</strong> {applied ? 'changed' : 'would change'}; users:{' '}
          <strong>{formatCount(totals.added)}</strong> added, <strong>{formatCount(totals.removed)}</strong> removed,{' '}
          <strong>{formatCount(totals.changed)}</strong> changed.
        </p>
      )}
      {c.decisions.length > 0 && (
        <table className="data-table what-if-table" aria-label={applied ? 'Decisions that changed' : 'Decisions that would change'}>
          <colgroup>
            {/* # is as wide as the longest seq shown (matching.css sizes it in the seq's digits). */}
            <col className="what-if-seq-col" style={{ '--seq-digits': seqDigits(c.decisions.slice(0, LIST_MAX)) } as CSSProperties} />
            <col />
            <col />
          </colgroup>
          <thead>
            <tr>
              <th>#</th>
              <th>{applied ? 'Before' : 'Now'}</th>
              <th>{applied ? 'After' : 'Then'}</th>
            </tr>
          </thead>
          <tbody>
            {c.decisions.slice(0, LIST_MAX).map((d) => (
              // The row is a click target; its seq is the keyboard's (a row cannot take the focus).
              <tr key={d.seq} className="clickable" onClick={() => selectDecision(d.seq)} title="Show the current trace">
                <td className="mono">
                  <button type="button" className="link-button" aria-label={`Show the trace of #${d.seq}`} onClick={(e) => (e.stopPropagation(), selectDecision(d.seq))}>
                    {d.seq}
                  </button>
                </td>
                <td>
                  <Brief b={d.now} />
                </td>
                <td>
                  <Brief b={d.then} />
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
      {c.decisions.length > LIST_MAX && <p className="hint">…and {formatCount(totals.decisions - LIST_MAX)} more.</p>}
      {totals.added + totals.removed + totals.changed > 0 && <h3>Directory difference</h3>}
      {(c.users.added.length > 0 || c.users.removed.length > 0) && (
        <ul className="plain-list user-diff">
          {c.users.added.slice(0, LIST_MAX).map((u) => (
            <li key={`+${u.id}`}>
              <span className="diff-add">+ {u.id}</span> <UserFields u={u} />
            </li>
          ))}
          {c.users.removed.slice(0, LIST_MAX).map((u) => (
            <li key={`-${u.id}`}>
              <span className="diff-remove">− {u.id}</span> <UserFields u={u} />
            </li>
          ))}
        </ul>
      )}
      {c.users.changed.length > 0 && (
        <ul className="plain-list user-diff">
          {c.users.changed.slice(0, LIST_MAX).map((u) => (
            <li key={u.id}>
              <span className="diff-change">~ {u.id}</span>{' '}
              {u.fields.map((f) => (
                <span key={f.field}>
                  <span className="mono faint diff-field">
                    {f.field}: {show(exactFieldValue(f, 'now'))} → {show(exactFieldValue(f, 'then'))}
                  </span>{' '}
                </span>
              ))}
            </li>
          ))}
        </ul>
      )}
    </section>
  );
}
