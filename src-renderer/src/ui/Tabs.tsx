// A strip of tabs over views (WAI-ARIA's tabs pattern): the selected tab is the one in the Tab
// order, arrow keys (wrapping), Home and End move the selection and the focus. Every tab used to
// be a Tab stop (eight before any content) and arrow keys did nothing.
import { useRef, type KeyboardEvent, type ReactNode } from 'react';

export interface TabItem<T extends string> {
  id: T;
  label: ReactNode;
}

/** The id of a tab's panel: give it to the element with role="tabpanel". */
export const tabPanelId = (id: string, idPrefix?: string) => (idPrefix ? `${idPrefix}-panel-${id}` : `panel-${id}`);
/** The id of a tab: the panel's aria-labelledby. */
export const tabId = (id: string, idPrefix?: string) => (idPrefix ? `${idPrefix}-tab-${id}` : `tab-${id}`);

export function Tabs<T extends string>({
  items,
  active,
  onChange,
  label,
  idPrefix,
  className = 'tabs',
}: {
  items: readonly TabItem<T>[];
  active: T;
  onChange: (id: T) => void;
  /** The tablist's accessible name. */
  label: string;
  /** For a strip inside a view: ids become `${idPrefix}-tab-${id}` and `${idPrefix}-panel-${id}`. */
  idPrefix?: string;
  className?: string;
}) {
  const tabs = useRef(new Map<T, HTMLButtonElement>());
  const onKeyDown = (e: KeyboardEvent) => {
    const at = items.findIndex((i) => i.id === active);
    const last = items.length - 1;
    const to = e.key === 'ArrowRight' ? (at === last ? 0 : at + 1) : e.key === 'ArrowLeft' ? (at <= 0 ? last : at - 1) : e.key === 'Home' ? 0 : e.key === 'End' ? last : -1;
    if (to < 0) return;
    e.preventDefault();
    e.stopPropagation();
    onChange(items[to].id);
    tabs.current.get(items[to].id)?.focus();
  };
  return (
    <div className={className} role="tablist" aria-label={label} onKeyDown={onKeyDown}>
      {items.map((item) => (
        <button
          key={item.id}
          ref={(el) => {
            if (el) tabs.current.set(item.id, el);
            else tabs.current.delete(item.id);
          }}
          type="button"
          role="tab"
          id={tabId(item.id, idPrefix)}
          aria-selected={item.id === active}
          aria-controls={item.id === active ? tabPanelId(item.id, idPrefix) : undefined}
          tabIndex={item.id === active ? 0 : -1}
          className={item.id === active ? 'tab active' : 'tab'}
          onClick={() => onChange(item.id)}
        >
          {item.label}
        </button>
      ))}
    </div>
  );
}
