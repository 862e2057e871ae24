// A strip of tabs over views (WAI-ARIA's tabs pattern): the selected tab is the one in the Tab
// order, arrow keys (wrapping), Home and End move the selection and the focus. Every tab used to
// be a Tab stop (eight before any content) and arrow keys did nothing.
import { useRef, type KeyboardEvent, type ReactNode } from 'react';

export interface TabItem<T extends string> {
  id: T;
  label: ReactNode;
}

/** The id of a tab's panel: give it to the element with role="tabpanel". */
export const tabPanelId = (id: string) => `panel-${id}`;

export function Tabs<T extends string>({
  items,
  active,
  onChange,
  label,
}: {
  items: readonly TabItem<T>[];
  active: T;
  onChange: (id: T) => void;
  label: string;
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
    <div className="tabs" role="tablist" aria-label={label} onKeyDown={onKeyDown}>
      {items.map((item) => (
        <button
          key={item.id}
          ref={(el) => {
            if (el) tabs.current.set(item.id, el);
            else tabs.current.delete(item.id);
          }}
          type="button"
          role="tab"
          id={`tab-${item.id}`}
          aria-selected={item.id === active}
          aria-controls={item.id === active ? tabPanelId(item.id) : undefined}
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
