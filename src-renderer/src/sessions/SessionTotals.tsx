// Totals per user, per account and per module (time and sessions), sortable, and the account
// conflicts Freshsuccess would hit (a userId under two groupIds).
import { plural } from '../../../src-shared/plural';
import { useState } from 'react';
import type { SessionTotals as Totals, Total } from '../../../src-shared/sessions/view';
import { formatDuration } from '../../../src-shared/sim-clock';
import { TabCount, Tabs, tabPanelId, VisibleText } from '../ui';
import { formatCount } from '../../../src-shared/tracking-api/limits';

type By = 'byUser' | 'byAccount' | 'byModule' | 'conflicts';
const TABS: { id: By; label: string }[] = [
  { id: 'byUser', label: 'Per user' },
  { id: 'byAccount', label: 'Per account' },
  { id: 'byModule', label: 'Per module' },
  { id: 'conflicts', label: 'Account conflicts' },
];
type SortKey = 'key' | 'sessions' | 'timeMs';

/** `lateCount`: messages listed as late in the sessions shown (they are in no session, so in no total). */
export function SessionTotals({ totals, lateCount = 0, onShowMessage, filtered = false }: { totals: Totals | null; lateCount?: number; onShowMessage: (seq: number) => void; filtered?: boolean }) {
  const [by, setBy] = useState<By>('byModule');
  const [sort, setSort] = useState<{ key: SortKey; desc: boolean }>({ key: 'timeMs', desc: true });
  if (!totals) return null;
  const rows: Total[] = by === 'conflicts' ? [] : [...totals[by]].sort((a, b) => {
    const d = sort.key === 'key' ? a.key.localeCompare(b.key) : a[sort.key] - b[sort.key];
    return sort.desc ? -d : d;
  });
  const th = (key: SortKey, label: string) => (
    <th className={key === 'key' ? undefined : 'num'} aria-sort={sort.key === key ? (sort.desc ? 'descending' : 'ascending') : 'none'}>
      <button type="button" className="th-sort" onClick={() => setSort((s) => ({ key, desc: s.key === key ? !s.desc : key !== 'key' }))}>
        {label} {sort.key === key ? (sort.desc ? '▾' : '▴') : ''}
      </button>
    </th>
  );
  return (
    <section className="totals" aria-label="Session totals">
      <div className="totals-tabs">
        <Tabs
          label="Totals"
          active={by}
          onChange={setBy}
          items={TABS.map((t) => ({
            id: t.id,
            label: (
              <>
                {t.label}
                {t.id === 'conflicts' && totals.conflicts.length > 0 && <TabCount n={totals.conflicts.length} noun="conflict" tone="warn" />}
              </>
            ),
          }))}
        />
      </div>
      <div className="totals-body" role="tabpanel" id={tabPanelId(by)} aria-labelledby={`tab-${by}`}>
        {by === 'conflicts' ? (
          totals.conflicts.length === 0 ? (
            <p className="muted">No userId was seen under two groupIds.</p>
          ) : (
            <ul className="conflicts">
              {totals.conflicts.map((c) => (
                <li key={c.userId}>
                  userId{' '}
                  <strong className="mono">
                    <bdi>
                      <VisibleText text={c.userId} />
                    </bdi>
                  </strong>{' '}
                  is in {c.accounts.length} accounts:{' '}
                  {c.accounts.map((a, i) => (
                    <span key={a.groupId}>
                      {i > 0 && ', '}
                      <bdi className="mono">{a.groupId}</bdi>
                      {a.seq !== undefined && (
                        <>
                          {' '}
                          (first in{' '}
                          <button type="button" className="link-button" onClick={() => onShowMessage(a.seq!)}>
                            #{a.seq}
                          </button>
                          )
                        </>
                      )}
                    </span>
                  ))}
                  . Messages without groupId from this user cannot be given one account.
                </li>
              ))}
            </ul>
          )
        ) : rows.length === 0 ? (
          <p className="muted">
            {totals.byUser.length === 0
              ? filtered
                ? 'No session under the filters: nothing to total.'
                : 'Totals appear with the first session.'
              : // Sessions exist, but none has time in a module yet: say why, not that there are none.
                'No module time yet: the gap between two messages of a session counts toward the earlier message\'s module (properties.module), but no session has a module or a gap between two messages yet (a session of one message has none).'}
          </p>
        ) : (
          <table className="totals-table">
            <thead>
              <tr>
                {th('key', by === 'byUser' ? 'User' : by === 'byAccount' ? 'Account' : 'Module')}
                {th('sessions', 'Sessions')}
                {th('timeMs', 'Time')}
              </tr>
            </thead>
            <tbody>
              {rows.slice(0, 200).map((r) => (
                <tr key={r.key}>
                  <td dir="auto">
                    <VisibleText text={r.key} />
                  </td>
                  <td className="num">{formatCount(r.sessions)}</td>
                  <td className="num mono">{formatDuration(r.timeMs)}</td>
                </tr>
              ))}
            </tbody>
          </table>
        )}
        {by !== 'conflicts' && lateCount > 0 && (
          <p className="muted totals-late">
            {plural(lateCount, 'late message')} {lateCount === 1 ? 'is' : 'are'} in no session, so not counted here
            (each arrived after its session had timed out, or lies a timeout or more from every session): a session's detail lists its late ones.
          </p>
        )}
      </div>
    </section>
  );
}
