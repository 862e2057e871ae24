// Search and filters above the list. The search box is debounced in the store (~100 ms).
import { plural } from '../../../src-shared/plural';
import { HAS_PROBLEMS_MEANING } from '../../../src-shared/workspace';
import { forwardRef, useEffect, useRef, useState } from 'react';
import { useAppStore, useShallow } from '../state';
import { isFilterActive } from '../state/filter-logic';
import { Button } from '../ui';
import { profileLabel } from './format';
import { formatCount } from '../../../src-shared/tracking-api/limits';

export const FilterBar = forwardRef<HTMLInputElement>(function FilterBar(_props, searchRef) {
  const searchInput = useAppStore((s) => s.searchInput);
  const setSearchText = useAppStore((s) => s.setSearchText);
  const filters = useAppStore(useShallow((s) => s.filters));
  const setFilter = useAppStore((s) => s.setFilter);
  const clearFilters = useAppStore((s) => s.clearFilters);
  const knownTypes = useAppStore((s) => s.knownTypes);
  const knownEndpoints = useAppStore((s) => s.knownEndpoints);
  const knownProfiles = useAppStore((s) => s.knownProfiles);
  const searchPending = useAppStore((s) => s.searchPending);
  const searchError = useAppStore((s) => s.searchError);
  const shown = useAppStore((s) => s.view.length);
  const total = useAppStore((s) => s.rows.length);
  const active = isFilterActive(filters) || searchInput.trim() !== '';
  // Search runs in the engine; the other filters work on the rows already here.
  const offline = useAppStore((s) => s.connection !== 'connected');
  const countText = active ? `${formatCount(shown)} of ${formatCount(total)}` : plural(total, 'message');
  // What a screen reader hears: the count once a filter or search the user set has its answer,
  // not every change of it (at 1,000 messages a second the count changes at every frame, and a
  // live count was read out without end).
  const [announced, setAnnounced] = useState('');
  const latest = useRef(countText);
  latest.current = countText;
  const query = JSON.stringify([filters, searchInput.trim()]);
  const firstQuery = useRef(query);
  useEffect(() => {
    if (searchPending || query === firstQuery.current) return;
    firstQuery.current = '';
    setAnnounced(latest.current);
  }, [query, searchPending]);

  return (
    <div className={active ? 'filter-bar filter-bar-active' : 'filter-bar'}>
      <div className="search-box">
        <input
          ref={searchRef}
          type="search"
          placeholder={offline ? 'Search unavailable: not connected' : 'Search payloads…'}
          aria-label="Search payloads"
          dir="auto"
          value={searchInput}
          disabled={offline}
          onChange={(e) => setSearchText(e.target.value)}
          className={searchError ? 'invalid' : undefined}
          title={offline ? 'Search runs in the engine: it comes back once reconnected. The other filters still work on the rows shown.' : (searchError ?? 'Case-insensitive text search over the whole payload')}
        />
        <kbd className="search-kbd" aria-hidden="true">
          {searchPending ? '…' : '/'}
        </kbd>
      </div>
      <select aria-label="Filter by type" value={filters.type} onChange={(e) => setFilter({ type: e.target.value })}>
        <option value="">All types</option>
        {withCurrent(knownTypes, filters.type).map((t) => (
          <option key={t} value={t}>
            {t}
          </option>
        ))}
      </select>
      <select
        aria-label="Filter by endpoint"
        value={filters.endpoint}
        onChange={(e) => setFilter({ endpoint: e.target.value })}
      >
        <option value="">All endpoints</option>
        {withCurrent(knownEndpoints, filters.endpoint).map((t) => (
          <option key={t} value={t}>
            {t}
          </option>
        ))}
      </select>
      <select
        aria-label="Filter by profile with findings"
        value={filters.profile}
        onChange={(e) => setFilter({ profile: e.target.value })}
      >
        <option value="">All findings</option>
        {withCurrent(knownProfiles, filters.profile).map((p) => (
          <option key={p} value={p}>
            {profileLabel(p)} findings
          </option>
        ))}
      </select>
      <label className="check" title={HAS_PROBLEMS_MEANING}>
        <input
          type="checkbox"
          checked={filters.hasProblems}
          onChange={(e) => setFilter({ hasProblems: e.target.checked })}
        />
        Has problems
      </label>
      {active && (
        <Button size="sm" variant="ghost" onClick={clearFilters}>
          Clear filters
        </Button>
      )}
      <span className="filter-count">{countText}</span>
      <span className="sr-only" role="status">
        {announced}
      </span>
    </div>
  );
});

/** Options list that still contains the selected value after a clear emptied the facets. */
function withCurrent(list: readonly string[], current: string): readonly string[] {
  return current && !list.includes(current) ? [...list, current] : list;
}
