// The raw JSON editor: a plain textarea (payloads stay text), with the parse error's line/column.
import { forwardRef } from 'react';
import type { JsonParseError } from './composer-logic';

export interface JsonEditorProps {
  text: string;
  error: JsonParseError | null;
  onChange(text: string): void;
}

export const JsonEditor = forwardRef<HTMLTextAreaElement, JsonEditorProps>(function JsonEditor({ text, error, onChange }, ref) {
  return (
    <div className="json-editor">
      <textarea
        ref={ref}
        aria-label="Message JSON"
        className={error ? 'invalid' : undefined}
        spellCheck={false}
        value={text}
        onChange={(e) => onChange(e.target.value)}
      />
      <div className={`json-status ${error ? 'json-status-error' : ''}`} role={error ? 'alert' : undefined}>
        {error ? (
          <>
            Line {error.line}, column {error.column}: {error.message}. The form keeps the last valid message.
          </>
        ) : (
          <>Valid JSON · edits here update the form</>
        )}
      </div>
    </div>
  );
});
