// One typed input generated from a catalog FieldSpec. Every input carries data-path so a finding
// can focus it.
import { useEffect, useState } from 'react';
import type { FieldSpec } from '../../../src-shared/catalogs';
import type { Severity } from '../../../src-shared/validate/finding';
import { fromInputValue, parseSubtreeText, subtreeText, toInputValue } from './composer-logic';
import { nowIso } from './use-composer';
import { DottedPath } from '../ui';

export interface FieldInputProps {
  field: FieldSpec;
  /** Full path in the message (differs from field.path for array items). */
  path: string;
  value: unknown;
  onChange(path: string, value: unknown): void;
  severity?: Severity;
  /** Compact: inside an array row, without label. */
  compact?: boolean;
  /** The document the field comes from, shown beside its label (when the form's fields come from several). */
  origin?: string;
}

export function fieldDomId(path: string): string {
  return `cf-${path.replace(/[^A-Za-z0-9_-]/g, '_')}`;
}

export function RequirementMark({ field }: { field: FieldSpec }) {
  if (field.requirement === 'required') return <span className="req req-required" title="required">*</span>;
  if (field.requirement === 'recommended') return <span className="req req-recommended">recommended</span>;
  return null;
}

export function FieldInput({ field, path, value, onChange, severity, compact, origin }: FieldInputProps) {
  const id = fieldDomId(path);
  const cls = severity ? `has-${severity}` : undefined;
  const input = renderInput({ field, path, value, onChange, id, cls });
  if (compact) return input;
  return (
    <div className={`cfield cfield-${field.type}`}>
      <label htmlFor={id} className="cfield-label" title={field.description}>
        {field.label} <RequirementMark field={field} />
        {origin && (
          <span className="cfield-origin" title={`Documented by the ${origin}`}>
            {origin}
          </span>
        )}
        <span className="cfield-path"><DottedPath path={path} /></span>
      </label>
      {input}
      {field.defect && <div className="cfield-defect">⚠ {field.defect}</div>}
    </div>
  );
}

function renderInput({ field, path, value, onChange, id, cls }: { field: FieldSpec; path: string; value: unknown; onChange(path: string, v: unknown): void; id: string; cls?: string }) {
  const shown = toInputValue(field, value);
  // A field's state in words as well as in its border's colour: required, and invalid while an
  // error finding is about it (a screen reader heard neither).
  const severity = cls?.replace(/^has-/, '');
  const common = { id, 'data-path': path, className: cls, title: field.description, 'aria-label': field.label, 'aria-required': field.requirement === 'required' || undefined, 'aria-invalid': severity === 'error' || undefined };
  switch (field.type) {
    case 'boolean':
      return <input type="checkbox" {...common} checked={shown === true} onChange={(e) => onChange(path, fromInputValue(field, e.target.checked))} />;
    case 'number':
      return <input type="text" inputMode="decimal" {...common} value={String(shown)} placeholder={exampleText(field)} onChange={(e) => onChange(path, fromInputValue(field, e.target.value))} />;
    case 'iso8601':
      return (
        <div className="iso-input">
          <input type="text" {...common} value={String(shown)} placeholder="2025-03-14T09:26:53.000Z" onChange={(e) => onChange(path, fromInputValue(field, e.target.value))} />
          <button type="button" className="btn btn-sm" onClick={() => onChange(path, nowIso())} title="Set to the current time">
            Now
          </button>
        </div>
      );
    case 'object':
    case 'array':
      return <JsonSubtreeInput common={common} value={value} onCommit={(v) => onChange(path, v)} />;
    default:
      if (field.enum) {
        return (
          <select {...common} value={String(shown)} onChange={(e) => onChange(path, fromInputValue(field, e.target.value))}>
            <option value="">—</option>
            {field.enum.map((v) => (
              <option key={v} value={v}>
                {v}
              </option>
            ))}
          </select>
        );
      }
      return <input type="text" {...common} value={String(shown)} placeholder={exampleText(field)} maxLength={field.maxLength ? field.maxLength * 4 : undefined} onChange={(e) => onChange(path, fromInputValue(field, e.target.value))} />;
  }
}

function exampleText(field: FieldSpec): string | undefined {
  return typeof field.example === 'string' || typeof field.example === 'number' ? `e.g. ${field.example}` : undefined;
}

/** A free-form object or array edited as JSON; applied only when it parses. */
function JsonSubtreeInput({ common, value, onCommit }: { common: Record<string, unknown>; value: unknown; onCommit(v: unknown): void }) {
  // Numbers JSON.parse rounds are shown and read back with their digits (formMessage's markers).
  const external = value === undefined ? '' : subtreeText(value);
  const [text, setText] = useState(external);
  const [error, setError] = useState<string | null>(null);
  // Follow changes made elsewhere (raw JSON editor, examples) unless the user is mid-edit with an error.
  useEffect(() => {
    if (!error) setText(external);
  }, [external]);
  return (
    <>
      <textarea
        {...common}
        rows={Math.min(8, Math.max(2, text.split('\n').length))}
        value={text}
        spellCheck={false}
        onChange={(e) => {
          setText(e.target.value);
          if (!e.target.value.trim()) {
            setError(null);
            return onCommit(undefined);
          }
          try {
            onCommit(parseSubtreeText(e.target.value));
            setError(null);
          } catch (err) {
            setError((err as Error).message);
          }
        }}
      />
      {error && <div className="error-text">{error}</div>}
    </>
  );
}
