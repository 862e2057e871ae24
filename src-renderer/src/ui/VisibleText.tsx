// A value from a message shown with its invisible characters made visible (see
// src-shared/invisible-chars.ts): a username `bob` + U+200B and the user `bob` were two rows that
// read the same, and a right-to-left override showed `ada@example.com` as `moc.elpmaxe@ada`.
// The character itself stays in the text (its code is CSS, `::before`), so what is selected and
// copied is the value, character for character; the span isolates it, so an override inside it
// turns nothing around.
import { Fragment, type ReactNode } from 'react';
import { invisibleChars } from '../../../src-shared/invisible-chars';

export function VisibleText({ text }: { text: string }) {
  const found = invisibleChars(text);
  if (found.length === 0) return <>{text}</>;
  const parts: ReactNode[] = [];
  let from = 0;
  for (const c of found) {
    if (c.index > from) parts.push(<Fragment key={`t${from}`}>{text.slice(from, c.index)}</Fragment>);
    parts.push(
      <span key={`c${c.index}`} className="invisible-char" data-code={c.code} title={`${c.code}: ${c.name}, an invisible character the text holds here`}>
        {text[c.index]}
      </span>,
    );
    from = c.index + 1;
  }
  if (from < text.length) parts.push(<Fragment key={`t${from}`}>{text.slice(from)}</Fragment>);
  return <>{parts}</>;
}
