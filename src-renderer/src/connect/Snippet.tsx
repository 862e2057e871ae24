import { CopyButton } from '../ui';

export function Snippet({ label, code }: { label?: string; code: string }) {
  return (
    <div className="snippet">
      {label && <div className="snippet-label">{label}</div>}
      <div style={{ position: 'relative' }}>
        <pre>
          <code>{code}</code>
        </pre>
        <CopyButton className="copy-corner" text={code} />
      </div>
    </div>
  );
}
