// The live user directory: search, sort, per user the messages that created or changed it (each
// opening its trace in Decisions; as many as fit, see SeqLinks); edit a starting-directory user,
// reset, export JSON/CSV. The search, order and scroll offset are kept in the store across sections
// and tabs.
import { csvUnwritable, csvUnwritableWarning, hasLoneSurrogate } from '../../../src-shared/matching/csv-unwritable';
import { plural } from '../../../src-shared/plural';
import { useVirtualizer } from '@tanstack/react-virtual';
import { Fragment, useEffect, useLayoutEffect, useRef, useState, type UIEvent } from 'react';
import type { DirectoryUser } from '../../../src-shared/matching/types';
import { exactPropertiesOf, valueText } from '../../../src-shared/matching/exact-values';
import { errorMessage } from '../state/derive';
import { selectMatchingVersion, useAppStore, useAppStoreApi, useEngineApi } from '../state';
import { Button, ConfirmDialog, downloadText, EmptyState, VisibleText } from '../ui';
import { offsetWhileShown } from '../ui/virtual';
import { SeqLinks } from './SeqLinks';
import { UserEditDialog } from './UserEditDialog';
import { formatCount } from '../../../src-shared/tracking-api/limits';

const ROW_HEIGHT = 32;

/** Who set a field, for its tooltip: a message (with when) or the starting directory. */
function setBy(u: DirectoryUser, field: string): string {
  const src = u.sources[field];
  return src ? `set by message #${src.seq} (received ${src.at})` : 'from the starting directory';
}
const USERS_SHOWN_MAX = 5000;

export function DirectoryPanel({ onImportUsers }: { onImportUsers?: () => void }) {
  const api = useEngineApi();
  const startingUsers = useAppStore((s) => s.matchingStatus?.startingUsers ?? 0);
  // An export of no users downloads "[]" or a header line: nothing to export until a user is in.
  const directoryEmpty = useAppStore((s) => s.matchingStatus?.users === 0);
  const noExportWhy = directoryEmpty ? 'The directory is empty: nothing to export yet' : undefined;
  const version = useAppStore(selectMatchingVersion);
  const showTrace = useAppStore((s) => s.showTrace);
  const showUserDecisions = useAppStore((s) => s.showUserDecisions);
  // In the store: the search and order outlive this panel (unmounted on another section).
  const { q, sort, descending } = useAppStore((s) => s.directoryView);
  const setView = useAppStore((s) => s.setDirectoryView);
  const setQ = (value: string) => setView({ q: value });
  const setSort = (value: typeof sort) => setView({ sort: value });
  const setDescending = (value: boolean) => setView({ descending: value });
  const [list, setList] = useState<{ total: number; users: DirectoryUser[] } | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [editing, setEditing] = useState<DirectoryUser | 'new' | null>(null);
  const [confirmReset, setConfirmReset] = useState(false);
  const addRef = useRef<HTMLButtonElement>(null);

  useEffect(() => {
    let stale = false;
    const t = setTimeout(() => {
      api
        .call('users.list', { q, sort, descending, limit: USERS_SHOWN_MAX })
        .then((r) => !stale && (setList(r), setError(null)))
        .catch((e) => !stale && setError(errorMessage(e)));
    }, 120);
    return () => {
      stale = true;
      clearTimeout(t);
    };
  }, [api, q, sort, descending, version]);

  const users = list?.users ?? [];
  const scrollRef = useRef<HTMLDivElement>(null);
  const virtualizer = useVirtualizer({
    count: users.length,
    getScrollElement: () => scrollRef.current,
    estimateSize: () => ROW_HEIGHT,
    overscan: 10,
    observeElementOffset: offsetWhileShown,
  });
  // The scroll offset outlives the panel too (another section unmounts it): put back once the rows
  // are in (fetched again on mount; the list is empty until then), then kept as the user scrolls.
  const store = useAppStoreApi();
  const setScrollTop = useAppStore((s) => s.setDirectoryScrollTop);
  const [scrollTo] = useState(() => store.getState().directoryScrollTop);
  const restoring = useRef(scrollTo > 0);
  useLayoutEffect(() => {
    if (!restoring.current || !list) return;
    restoring.current = false;
    if (scrollRef.current) scrollRef.current.scrollTop = scrollTo;
  }, [list, scrollTo]);
  const onScroll = (e: UIEvent<HTMLDivElement>) => {
    const el = e.currentTarget;
    // Not while the offset is still to be put back, nor from a list the hidden tab lays out at 0 px.
    if (!restoring.current && el.clientHeight > 0) setScrollTop(el.scrollTop);
  };
  // A CSV is saved as UTF-8: a lone surrogate in a user's field becomes U+FFFD, and a CSV round trip
  // changed that user without a word. The export still downloads, and says which users and fields.
  const [exportWarning, setExportWarning] = useState<string | null>(null);
  const exportAs = async (format: 'json' | 'csv') => {
    try {
      setExportWarning(null);
      const text = await api.call('users.export', { format });
      downloadText(`eventbench-users.${format}`, text, format === 'json' ? 'application/json' : 'text/csv');
      if (format === 'csv' && hasLoneSurrogate(text)) {
        // The JSON export escapes them, so it tells which users and fields hold one.
        const users = JSON.parse(await api.call('users.export', { format: 'json' })) as Parameters<typeof csvUnwritable>[0];
        setExportWarning(csvUnwritableWarning(csvUnwritable(users)) ?? null);
      }
    } catch (e) {
      setError(errorMessage(e));
    }
  };

  return (
    <div className="directory">
      {/* One row beside the settings panel at 1,000 px: the order is an arrow joined to the sort;
          the two exports follow an "Export" label, apart (joined, they read as two buttons touching). */}
      <div className="filter-bar matching-filters directory-bar">
        <input type="search" aria-label="Search users" placeholder="Search users" title="Search the id, username, email and properties" value={q} onChange={(e) => setQ(e.target.value)} />
        <span className="joined">
          <select aria-label="Sort users by" value={sort} onChange={(e) => setSort(e.target.value as typeof sort)}>
            <option value="id">Sort: id</option>
            <option value="username">Sort: username</option>
            <option value="email">Sort: email</option>
            <option value="changes">Sort: messages</option>
          </select>
          <Button size="sm" aria-label="Reverse order" aria-pressed={descending} title={descending ? 'Descending: click for ascending' : 'Ascending: click for descending'} onClick={() => setDescending(!descending)}>
            {descending ? '↓' : '↑'}
          </Button>
        </span>
        <span className="filter-count" title={list && list.total > users.length ? `The first ${formatCount(users.length)} of ${formatCount(list.total)} users are shown: search to find the others` : undefined}>
          {list ? `${list.total > users.length ? `${formatCount(users.length)} of ` : ''}${plural(list.total, 'user')}` : 'Loading…'}
        </span>
        <span className="bar-fill" />
        <Button size="sm" onClick={() => setEditing('new')} ref={addRef}>
          Add user
        </Button>
        <span className="export-group" role="group" aria-label="Export the directory">
          <span className="hint" aria-hidden="true">
            Export
          </span>
          <Button size="sm" onClick={() => exportAs('json')} disabled={directoryEmpty} aria-label="Export JSON" title={noExportWhy ?? 'Download the directory as matching left it, as JSON (to get the same decisions in another Eventbench, use Export starting users)'}>
            JSON
          </Button>
          <Button size="sm" onClick={() => exportAs('csv')} disabled={directoryEmpty} aria-label="Export CSV" title={noExportWhy ?? 'Download the directory as matching left it, as CSV (to get the same decisions in another Eventbench, use Export starting users)'}>
            CSV
          </Button>
        </span>
        <Button size="sm" variant="danger" disabled={!startingUsers} onClick={() => setConfirmReset(true)} title="Empty the starting directory">
          Reset
        </Button>
      </div>
      {error && (
        <div className="error-text" role="alert">
          {error}
        </div>
      )}
      {exportWarning && (
        <div className="banner" role="status" aria-label="Export CSV warning" data-testid="export-csv-warning">
          <span>{exportWarning}</span>
          <Button size="sm" onClick={() => void exportAs('json')}>
            Export JSON
          </Button>
          <Button size="sm" variant="ghost" aria-label="Dismiss" onClick={() => setExportWarning(null)}>
            ✕
          </Button>
        </div>
      )}
      {/* Column names over no rows only pushed the empty state down. */}
      {users.length > 0 && (
        <div className="msg-head user-grid" aria-hidden="true">
          <span>Id</span>
          <span>Username</span>
          <span>Email</span>
          <span>Properties</span>
          <span>Created / changed by</span>
          <span />
        </div>
      )}
      {list && users.length === 0 ? (
        <EmptyState
          title={q ? 'No user matches the search' : 'The directory is empty'}
          actions={
            !q &&
            onImportUsers && (
              <Button variant="primary" onClick={onImportUsers}>
                Import users…
              </Button>
            )
          }
        >
          {q ? 'Try another search.' : 'Each matched message that names a user (by userId or email) adds it here; or import the customer\'s users (CSV or JSON).'}
        </EmptyState>
      ) : (
        <div className="msg-scroll" ref={scrollRef} role="table" aria-label="User directory" onScroll={onScroll}>
          <div className="msg-canvas" style={{ height: virtualizer.getTotalSize() }}>
            {virtualizer.getVirtualItems().map((item) => {
              const u = users[item.index];
              // A property sent as 9007199254740993 shows those digits (propertiesJson: exact-values.ts).
              const properties = exactPropertiesOf(u);
              const props = Object.entries(properties).map(([k, v]) => `${k}=${valueText(v)}`).join(' · ');
              // Each value whole in the tooltip, as the username's and email's are: the cell cuts a long one
              // (`account_id=900719925474099…` hid the digits that tell two ids apart).
              const propsSources = Object.entries(properties).map(([k, v]) => `${k}=${valueText(v)} — ${setBy(u, `properties.${k}`)}`).join('\n');
              return (
                <div key={u.id} role="row" className="msg-row user-grid" style={{ transform: `translateY(${item.start}px)`, height: ROW_HEIGHT }}>
                  <span className="mono strong" role="cell" dir="auto">
                    {/* Every message matched to the user, not only those that changed it (a track
                        without traits changes nothing, and was reachable from no link here). */}
                    <button type="button" className="link-button user-id-link" dir="auto" onClick={() => showUserDecisions(u.id)} title={`Show ${u.id}'s decisions: every message matched to it, those that changed nothing too`}>
                      {u.id}
                    </button>
                  </span>
                  <span className="mono" role="cell" title={u.username === undefined ? undefined : `${u.username}\n${setBy(u, 'username')}`} dir="auto">
                    {u.username === undefined ? <span className="faint">—</span> : <VisibleText text={u.username} />}
                  </span>
                  <span className="mono" role="cell" title={u.email === undefined ? undefined : `${u.email}\n${setBy(u, 'email')}`} dir="auto">
                    {u.email === undefined ? <span className="faint">—</span> : <VisibleText text={u.email} />}
                  </span>
                  <span className="faint" role="cell" title={propsSources || undefined}>
                    {/* Each value isolated: "name=שלום עולם! 42" read as "name=42 שלום עולם!" */}
                    {props
                      ? Object.entries(properties).map(([k, v], i) => (
                          <Fragment key={k}>
                            {i > 0 && ' · '}
                            {k}=<bdi>{valueText(v)}</bdi>
                          </Fragment>
                        ))
                      : '—'}
                  </span>
                  <SeqLinks user={u} onTrace={showTrace} onMore={() => showUserDecisions(u.id)} />
                  <span role="cell" className="actions-cell">
                    {u.createdBy === null && (
                      <Button size="sm" variant="ghost" onClick={() => setEditing(u)} aria-label={`Edit ${u.id}`}>
                        Edit
                      </Button>
                    )}
                  </span>
                </div>
              );
            })}
          </div>
        </div>
      )}
      {editing && <UserEditDialog user={editing === 'new' ? null : editing} onClose={() => setEditing(null)} />}
      {confirmReset && (
        <ConfirmDialog
          title="Empty the starting directory?"
          message={`All ${formatCount(startingUsers)} imported or edited users are removed from users.json; every decision is derived again from the captured messages alone.`}
          confirmLabel="Reset"
          danger
          onCancel={() => setConfirmReset(false)}
          onConfirm={() => {
            setConfirmReset(false);
            // Reset is disabled once the directory is empty, which drops its focus: Add user is beside it.
            api.call('users.clear', undefined).then(
              () => addRef.current?.focus(),
              (e) => setError(errorMessage(e)),
            );
          }}
        />
      )}
    </div>
  );
}
