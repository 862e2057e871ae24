// A strip of tabs over one panel inside a view: the view-level Tabs (roving focus, arrow keys)
// with the panel beside it.
import type { ReactNode } from 'react';
import { Tabs, tabId, tabPanelId } from '../ui/Tabs';

export function TabStrip<Id extends string>({
  label,
  idPrefix,
  items,
  selected,
  onSelect,
  children,
}: {
  /** The tablist's accessible name. */
  label: string;
  /** Ids are `${idPrefix}-tab-${id}` and `${idPrefix}-panel-${id}`. */
  idPrefix: string;
  items: readonly { id: Id; label: string }[];
  selected: Id;
  onSelect: (id: Id) => void;
  /** The selected tab's panel. */
  children: ReactNode;
}) {
  return (
    <div className="client-snippets">
      <Tabs className="lang-tabs" label={label} idPrefix={idPrefix} items={items} active={selected} onChange={onSelect} />
      <div className="lang-panel" role="tabpanel" id={tabPanelId(selected, idPrefix)} aria-labelledby={tabId(selected, idPrefix)}>
        {children}
      </div>
    </div>
  );
}
