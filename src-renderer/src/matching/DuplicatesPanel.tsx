// Users that look like one person, each with the messages that made them.
import { plural } from '../../../src-shared/plural';
import { useEffect, useState } from 'react';
import { DUPLICATE_KIND_TEXT, type DuplicateGroup } from '../../../src-shared/matching/duplicates';
import { errorMessage } from '../state/derive';
import { selectMatchingVersion, useAppStore, useEngineApi } from '../state';
import { Button, EmptyState, VisibleText } from '../ui';

/** The kind's text opens a heading here: its first letter in capitals. */
const sentenceCase = (text: string) => text.charAt(0).toUpperCase() + text.slice(1);

export function DuplicatesPanel({ onImportUsers }: { onImportUsers?: () => void }) {
  const api = useEngineApi();
  const version = useAppStore(selectMatchingVersion);
  const showTrace = useAppStore((s) => s.showTrace);
  const showUserDecisions = useAppStore((s) => s.showUserDecisions);
  const users = useAppStore((s) => s.matchingStatus?.users);
  const [groups, setGroups] = useState<DuplicateGroup[] | null>(null);
  const [error, setError] = useState<string | null>(null);

  useEffect(() => {
    let stale = false;
    api
      .call('matching.duplicates', undefined)
      .then((g) => !stale && setGroups(g))
      .catch((e) => !stale && setError(errorMessage(e)));
    return () => {
      stale = true;
    };
  }, [api, version]);

  if (error) return <div className="error-text" role="alert">{error}</div>;
  if (!groups) return <div className="detail-loading">Looking for duplicates…</div>;
  // With no user there is nothing to compare: "No likely duplicates" and its list of checks read as
  // a clean bill of health for a directory that holds no one.
  if (groups.length === 0 && users === 0) {
    return (
      <EmptyState
        title="No users to compare yet"
        actions={
          onImportUsers && (
            <Button variant="primary" onClick={onImportUsers}>
              Import users…
            </Button>
          )
        }
      >
        Duplicates are looked for once users are in the directory: send messages that name a user, or import the customer's users.
      </EmptyState>
    );
  }
  if (groups.length === 0) {
    return (
      <EmptyState title="No likely duplicates">
        No two users share an email (exactly, or but for case or spacing), no username equals another user's email, no two users were created from one anonymousId, no message's email and userId named two different users (a conflict), and no message created a user with a username another user had until a message renamed it.
      </EmptyState>
    );
  }
  return (
    <div className="duplicates page-scroll">
      <p className="hint">{plural(groups.length, 'group')} of users that look like one person.</p>
      {groups.map((g, i) => (
        <section key={i} className="card dup-group" aria-label={`Duplicate group ${i + 1}`}>
          <div className="dup-head">
            <strong>{sentenceCase(DUPLICATE_KIND_TEXT[g.kind])}</strong> <code title={g.key}>{g.key}</code>
            {g.messages && g.messages.length > 0 && (
              <span className="seq-links">
                {' '}in{' '}
                {g.messages.map((seq) => (
                  <button key={seq} type="button" className="link-button mono" onClick={() => showTrace(seq)} title="Show this message's trace">
                    #{seq}
                  </button>
                ))}
              </span>
            )}
          </div>
          <table className="data-table dup-table">
            <thead>
              <tr>
                <th scope="col">Id</th>
                <th scope="col">Username</th>
                <th scope="col">Email</th>
                <th scope="col">Created / changed by</th>
              </tr>
            </thead>
            <tbody>
              {g.users.map((u) => (
                <tr key={u.id}>
                  <td className="mono strong">
                    <button type="button" className="link-button mono" onClick={() => showUserDecisions(u.id)} title={`Show ${u.id}'s decisions`}>
                      {u.id}
                    </button>
                  </td>
                  <td className="mono">{u.username === undefined ? <span className="faint">—</span> : <VisibleText text={u.username} />}</td>
                  <td className="mono">{u.email === undefined ? <span className="faint">—</span> : <VisibleText text={u.email} />}</td>
                  <td>
                    {/* A flex box inside the cell: a td that is itself flex is no table cell (its row's border broke off). */}
                    <span className="seq-links">
                      {u.createdBy === null && <span className="faint">starting directory </span>}
                      {u.messages.map((seq) => (
                        <button key={seq} type="button" className="link-button mono" onClick={() => showTrace(seq)} title="Show this message's trace">
                          #{seq}
                        </button>
                      ))}
                    </span>
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </section>
      ))}
    </div>
  );
}
