// The raw JSON editor: a plain textarea (payloads stay text) with a line-number gutter, and the
// parse error's line/column. Lines never wrap (white-space: pre), so line n of the text is row n
// of the gutter; both use the same font, line-height and top padding, and the gutter (with the
// error mark, and the band behind the error line in the text) moves with the textarea's scroll
// through one CSS variable, set on every scroll without a React render.
import { forwardRef, useCallback, useEffect, useImperativeHandle, useLayoutEffect, useMemo, useRef, useState } from 'react';
import type { JsonParseError } from './composer-logic';

export interface JsonEditorProps {
  text: string;
  error: JsonParseError | null;
  onChange(text: string): void;
}

/** Must equal .json-editor's --json-line and --json-pad-top (the error mark and band are placed with them). */
const LINE_PX = 19;
const PAD_TOP_PX = 6;

/** The text offset of a 1-based line and column (clamped to the text). */
export function offsetOfLineColumn(text: string, line: number, column: number): number {
  let start = 0;
  for (let l = 1; l < line; l++) {
    const nl = text.indexOf('\n', start);
    if (nl < 0) return text.length;
    start = nl + 1;
  }
  const end = text.indexOf('\n', start);
  return Math.min(start + Math.max(0, column - 1), end < 0 ? text.length : end);
}

export const JsonEditor = forwardRef<HTMLTextAreaElement, JsonEditorProps>(function JsonEditor({ text, error, onChange }, ref) {
  const areaRef = useRef<HTMLTextAreaElement>(null);
  const frameRef = useRef<HTMLDivElement>(null);
  useImperativeHandle(ref, () => areaRef.current!, []);

  const lineCount = useMemo(() => {
    let n = 1;
    for (let i = text.indexOf('\n'); i >= 0; i = text.indexOf('\n', i + 1)) n++;
    return n;
  }, [text]);
  const numbers = useMemo(() => Array.from({ length: lineCount }, (_, i) => i + 1).join('\n'), [lineCount]);

  /** Some line is wider than the box: the status line says how to see its end. */
  const [wide, setWide] = useState(false);
  const syncScroll = useCallback(() => {
    const area = areaRef.current;
    const frame = frameRef.current;
    if (!area || !frame) return;
    frame.style.setProperty('--json-scroll', `${-area.scrollTop}px`);
    // Text hidden past an edge: the edge fades (an overlay scrollbar, as on macOS, shows nothing
    // until the text is scrolled, and the cut line read as the whole value).
    frame.classList.toggle('more-right', area.scrollLeft + area.clientWidth < area.scrollWidth - 1);
    frame.classList.toggle('more-left', area.scrollLeft > 0);
    // The fades stop at the scrollbars (each 0 px when not there).
    frame.style.setProperty('--json-bar-w', `${area.offsetWidth - area.clientWidth}px`);
    frame.style.setProperty('--json-bar-h', `${area.offsetHeight - area.clientHeight}px`);
    setWide(area.scrollWidth > area.clientWidth + 1);
  }, []);
  // A new text (typed, or from the form) can move the scroll without a scroll event.
  useLayoutEffect(syncScroll, [text, syncScroll]);
  // So can a narrower window (the line that fitted no longer does).
  useEffect(() => {
    const area = areaRef.current;
    if (!area || typeof ResizeObserver === 'undefined') return;
    const observer = new ResizeObserver(syncScroll);
    observer.observe(area);
    return () => observer.disconnect();
  }, [syncScroll]);

  /** Puts the caret at the error, its line in the middle of the view. */
  const goToError = () => {
    const area = areaRef.current;
    if (!area || !error) return;
    const at = offsetOfLineColumn(text, error.line, error.column);
    area.focus({ preventScroll: true });
    area.setSelectionRange(at, at);
    area.scrollTop = Math.max(0, PAD_TOP_PX + (error.line - 1) * LINE_PX - area.clientHeight / 2);
    syncScroll();
  };

  const errorTop = error ? PAD_TOP_PX + (error.line - 1) * LINE_PX : 0;
  return (
    <div className="json-editor">
      <div className={error ? 'json-frame invalid' : 'json-frame'} ref={frameRef}>
        <div className="json-gutter" aria-hidden="true" data-testid="json-gutter" style={{ width: `calc(${String(lineCount).length}ch + 18px)` }}>
          <div className="json-scrolled">
            <pre className="json-gutter-lines">{numbers}</pre>
            {error && (
              <div className="json-gutter-error" data-testid="json-error-line" style={{ top: errorTop }} title={`Line ${error.line}: ${error.message}`}>
                {error.line}
              </div>
            )}
          </div>
        </div>
        <div className="json-text">
          {error && (
            <div className="json-scrolled" aria-hidden="true">
              <div className="json-error-band" style={{ top: errorTop }} />
            </div>
          )}
          <textarea
            ref={areaRef}
            aria-label="Message JSON"
            className={error ? 'invalid' : undefined}
            spellCheck={false}
            wrap="off"
            value={text}
            onChange={(e) => onChange(e.target.value)}
            onScroll={syncScroll}
          />
        </div>
      </div>
      <div className={`json-status ${error ? 'json-status-error' : ''}`} role={error ? 'alert' : undefined}>
        {error ? (
          <>
            <button type="button" className="json-where" onClick={goToError} title="Put the caret there">
              Line {error.line}, column {error.column}
            </button>
            : {error.message}. The form keeps the last valid message.
          </>
        ) : (
          <>
            Valid JSON · edits here update the form
            {wide && <span className="json-wide"> · long lines scroll sideways (Shift + wheel)</span>}
          </>
        )}
      </div>
    </div>
  );
});
