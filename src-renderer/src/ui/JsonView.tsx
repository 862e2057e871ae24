// Highlighted, foldable JSON. Everything is rendered as React text nodes (never innerHTML),
// so a payload containing markup stays inert.
import { plural } from '../../../src-shared/plural';
import { useState } from 'react';
import { exactText, isExactNumber } from '../../../src-shared/exact-json';

type Json = unknown;

const AUTO_COLLAPSE_ENTRIES = 50;

function Scalar({ value }: { value: Json }) {
  if (value === null) return <span className="j-null">null</span>;
  // A number kept as the digits the client sent (an id past 2^53: src-shared/exact-json.ts).
  if (isExactNumber(value)) return <span className="j-num">{exactText(value)}</span>;
  switch (typeof value) {
    case 'string':
      // bdi: a right-to-left string keeps its own order without reordering the quotes, comma and
      // next value around it.
      return <bdi className="j-str">{JSON.stringify(value)}</bdi>;
    case 'number':
      return <span className="j-num">{String(value)}</span>;
    case 'boolean':
      return <span className="j-bool">{String(value)}</span>;
    default:
      return <span className="j-null">{String(value)}</span>;
  }
}

function Node({ name, value, depth, last }: { name?: string; value: Json; depth: number; last: boolean }) {
  const isArray = Array.isArray(value);
  const isObject = value !== null && typeof value === 'object';
  const entries: [string, Json][] = isObject
    ? isArray
      ? (value as Json[]).map((v, i) => [String(i), v])
      : Object.entries(value as Record<string, Json>)
    : [];
  const [open, setOpen] = useState(entries.length <= AUTO_COLLAPSE_ENTRIES);
  const key =
    name !== undefined ? (
      <>
        <bdi className="j-key">{JSON.stringify(name)}</bdi>
        <span className="j-punct">: </span>
      </>
    ) : null;
  const comma = last ? null : <span className="j-punct">,</span>;
  // The first 24 px of the indent hold a line's fold toggle (a 24 x 24 target, WCAG 2.5.8).
  const indent = { paddingLeft: `calc(${depth * 1.1}em + 24px)` };

  if (!isObject) {
    return (
      <div className="j-line" style={indent}>
        {key}
        <Scalar value={value} />
        {comma}
      </div>
    );
  }
  const [openCh, closeCh] = isArray ? ['[', ']'] : ['{', '}'];
  if (entries.length === 0) {
    return (
      <div className="j-line" style={indent}>
        {key}
        <span className="j-punct">
          {openCh}
          {closeCh}
        </span>
        {comma}
      </div>
    );
  }
  const toggle = (
    <button
      type="button"
      className="j-toggle"
      aria-expanded={open}
      aria-label={open ? 'Fold' : 'Unfold'}
      onClick={() => setOpen(!open)}
    >
      {open ? '▾' : '▸'}
    </button>
  );
  if (!open) {
    return (
      <div className="j-line j-fold-line" style={indent}>
        {toggle}
        {key}
        <button type="button" className="j-folded" onClick={() => setOpen(true)}>
          <span className="j-folded-pill">
            {openCh} {plural(entries.length, isArray ? 'item' : 'key')} {closeCh}
          </span>
        </button>
        {comma}
      </div>
    );
  }
  return (
    <>
      <div className="j-line j-fold-line" style={indent}>
        {toggle}
        {key}
        <span className="j-punct">{openCh}</span>
      </div>
      {entries.map(([k, v], i) => (
        <Node key={k} name={isArray ? undefined : k} value={v} depth={depth + 1} last={i === entries.length - 1} />
      ))}
      <div className="j-line" style={indent}>
        <span className="j-punct">{closeCh}</span>
        {comma}
      </div>
    </>
  );
}

export function JsonView({ value, label }: { value: Json; label?: string }) {
  return (
    <div className="json-view" role="group" aria-label={label ?? 'JSON'}>
      <Node value={value} depth={0} last />
    </div>
  );
}
