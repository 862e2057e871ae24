// The form generated from the catalog: identity & time, the event's own fields, and arrays of
// objects (ProveSource's events[]) as editable rows.
import type { JsonObject } from '../../../src-shared/capture';
import type { FieldSpec, ProfileId } from '../../../src-shared/catalogs';
import type { Severity } from '../../../src-shared/validate/finding';
import { blankRow, formLayout, getPath, originTags, pathsWithoutField } from './composer-logic';
import { FieldInput, RequirementMark, fieldDomId } from './FieldInput';

export interface ComposerFormProps {
  profile: ProfileId;
  eventOrCall: string;
  message: JsonObject;
  severities: Map<string, Severity>;
  onChange(path: string, value: unknown): void;
  disabled: boolean;
}

export function ComposerForm({ profile, eventOrCall, message, severities, onChange, disabled }: ComposerFormProps) {
  let layout: ReturnType<typeof formLayout>;
  try {
    layout = formLayout(profile, eventOrCall);
  } catch (err) {
    return <div className="error-text">{(err as Error).message}</div>;
  }
  // Where each field is documented, when the fields come from more than one document (Produktly).
  const origins = originTags(profile, eventOrCall);
  // Keys the JSON holds that this event's form has no input for: named at the top (seen without
  // scrolling past every field), with a remove action, not hidden.
  const extra = pathsWithoutField(layout, message);
  const field = (f: FieldSpec) => <FieldInput key={f.path} field={f} path={f.path} value={getPath(message, f.path)} onChange={onChange} severity={severities.get(f.path)} origin={origins.get(f.path)} />;
  return (
    <fieldset className="composer-form" disabled={disabled}>
      {extra.length > 0 && (
        <section className="form-section form-extra" role="group" aria-labelledby="composer-extra-title">
          <h3 id="composer-extra-title">Also in the JSON</h3>
          <ul className="extra-paths">
            {extra.map((p) => (
              <li key={p} className="extra-path" data-extra-path={p}>
                <code>{p}</code>
                <button type="button" className="btn btn-sm btn-ghost" aria-label={`Remove ${p} from the JSON`} title={`Remove ${p} from the JSON`} onClick={() => onChange(p, undefined)}>
                  ✕
                </button>
              </li>
            ))}
          </ul>
          <p className="hint">
            The form has no field for {extra.length === 1 ? 'it' : 'them'} here; edit {extra.length === 1 ? 'it' : 'them'} in the JSON editor, or remove {extra.length === 1 ? 'it' : 'them'}.
          </p>
        </section>
      )}
      <section className="form-section">
        <h3>Identity</h3>
        <div className="form-grid">{layout.identity.map(field)}</div>
      </section>
      <section className="form-section">
        <h3>Time</h3>
        <div className="form-grid">{layout.time.map(field)}</div>
      </section>
      <section className="form-section">
        <h3>{message.type === 'identify' || message.type === 'group' ? 'Traits' : 'Event'}</h3>
        <div className="form-grid">
          {layout.eventNameField && field(layout.eventNameField)}
          {layout.fields.filter((f) => !(f.type === 'array' && f.items)).map(field)}
        </div>
        {layout.fields.length === 0 && !layout.eventNameField && <p className="hint">This call has no catalog fields; add any in the JSON editor.</p>}
        {layout.fields
          .filter((f) => f.type === 'array' && f.items)
          .map((f) => (
            <ArrayRows key={f.path} field={f} rows={getPath(message, f.path)} severities={severities} onChange={onChange} />
          ))}
      </section>
    </fieldset>
  );
}

function ArrayRows({ field, rows, severities, onChange }: { field: FieldSpec; rows: unknown; severities: Map<string, Severity>; onChange(path: string, value: unknown): void }) {
  const items = field.items ?? [];
  const list = Array.isArray(rows) ? rows : [];
  const notAnArray = rows !== undefined && !Array.isArray(rows);
  const setRows = (next: unknown[]) => onChange(field.path, next);
  // A requirement every column shares is said once, above the table: a "recommended" under each
  // heading made the check columns as wide as the badge, and the Notification ID input showed
  // 112 px of the 193 an ID takes.
  const shared = items.length > 1 && items.every((it) => it.requirement === items[0].requirement) ? items[0] : undefined;
  return (
    <div className="array-field" data-path={field.path} tabIndex={-1}>
      <div className="array-head">
        <span className="cfield-label" title={field.description}>
          {field.label} <RequirementMark field={field} />
          <span className="cfield-path">{field.path}[]</span>
          {shared && shared.requirement !== 'optional' && (
            <span className="array-columns-req">
              each column {shared.requirement === 'required' ? 'required' : <RequirementMark field={shared} />}
            </span>
          )}
        </span>
        <button type="button" className="btn btn-sm" onClick={() => setRows([...list, blankRow(items)])}>
          + Add row
        </button>
      </div>
      {notAnArray && <div className="error-text">{field.path} is not an array; fix it in the JSON editor.</div>}
      {list.length === 0 ? (
        <div className="array-empty">No rows. {field.description}</div>
      ) : (
        <div className="array-scroll">
          <table className="array-table">
            <thead>
              <tr>
                <th className="row-num">#</th>
                {items.map((it) => (
                  <th key={it.path} className={`cell-${it.type}`} title={it.description}>
                    {it.label} {!shared && <RequirementMark field={it} />}
                  </th>
                ))}
                <th />
              </tr>
            </thead>
            <tbody>
              {list.map((row, i) => (
                <tr key={i} data-row={i}>
                  <td className="row-num">{i + 1}</td>
                  {items.map((it) => {
                    const path = `${field.path}[${i}].${it.path}`;
                    return (
                      <td key={it.path} className={`cell-${it.type}`}>
                        <FieldInput field={it} path={path} value={getPath(row, it.path)} onChange={onChange} severity={severities.get(path)} compact />
                        {/* Shown only in a narrow form, where the checks go under the row's text and their headings are hidden. */}
                        {it.type === 'boolean' && (
                          <label className="cell-check-name" htmlFor={fieldDomId(path)}>
                            {it.label}
                          </label>
                        )}
                      </td>
                    );
                  })}
                  <td className="row-remove">
                    <button type="button" className="btn btn-sm btn-ghost" aria-label={`Remove row ${i + 1}`} title="Remove row" onClick={() => setRows(list.filter((_, j) => j !== i))}>
                      ✕
                    </button>
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
    </div>
  );
}
