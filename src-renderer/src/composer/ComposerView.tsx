// STUB: owned by the composer work.
export function ComposerView() {
  return <div className="placeholder">Composer coming soon</div>;
}
