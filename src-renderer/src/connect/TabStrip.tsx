// A strip of tabs over one panel (WAI-ARIA's tabs pattern): the selected tab is the one in the Tab
// order; arrow keys (wrapping), Home and End move the selection and the focus.
import { useRef, type KeyboardEvent, type ReactNode } from 'react';

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
  const tabs = useRef(new Map<Id, HTMLButtonElement>());
  const onKeyDown = (e: KeyboardEvent) => {
    const at = items.findIndex((i) => i.id === selected);
    const last = items.length - 1;
    const to = e.key === 'ArrowRight' ? (at === last ? 0 : at + 1) : e.key === 'ArrowLeft' ? (at === 0 ? last : at - 1) : e.key === 'Home' ? 0 : e.key === 'End' ? last : -1;
    if (to < 0) return;
    e.preventDefault();
    onSelect(items[to].id);
    tabs.current.get(items[to].id)?.focus();
  };
  return (
    <div className="client-snippets">
      <div className="lang-tabs" role="tablist" aria-label={label} onKeyDown={onKeyDown}>
        {items.map((item) => (
          <button
            key={item.id}
            ref={(el) => {
              if (el) tabs.current.set(item.id, el);
              else tabs.current.delete(item.id);
            }}
            type="button"
            role="tab"
            id={`${idPrefix}-tab-${item.id}`}
            aria-selected={item.id === selected}
            aria-controls={item.id === selected ? `${idPrefix}-panel-${item.id}` : undefined}
            tabIndex={item.id === selected ? 0 : -1}
            className={item.id === selected ? 'tab active' : 'tab'}
            onClick={() => onSelect(item.id)}
          >
            {item.label}
          </button>
        ))}
      </div>
      <div className="lang-panel" role="tabpanel" id={`${idPrefix}-panel-${selected}`} aria-labelledby={`${idPrefix}-tab-${selected}`}>
        {children}
      </div>
    </div>
  );
}
