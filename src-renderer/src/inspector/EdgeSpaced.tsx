// A value whose leading or trailing whitespace shows: the inspector's identify row read
// `Jane@Acme.com ` as "Jane@Acme.com", its trailing space (why it may not match) unseen. The value
// is drawn between quotes with the whitespace at its ends marked; the quotes are CSS (::before and
// ::after), so the text selected and copied is the value, character for character.
import { VisibleText } from '../ui';
import { edgeSpace } from './format';

export function EdgeSpaced({ text }: { text: string }) {
  const { before, core, after } = edgeSpace(text);
  if (!before && !after) return <VisibleText text={text} />;
  return (
    <span className="edge-spaced" data-testid="edge-spaced">
      {before && <span className="edge-ws">{before}</span>}
      <VisibleText text={core} />
      {after && <span className="edge-ws">{after}</span>}
    </span>
  );
}
