/**
 * A browser download of a text file (exports, a scenario file). The object URL is revoked a while
 * after the click: revoked at once, a slow save dialog or a large file could find it gone.
 */
export function downloadText(name: string, text: string, type: string): void {
  const url = URL.createObjectURL(new Blob([text], { type }));
  const a = document.createElement('a');
  a.href = url;
  a.download = name;
  a.click();
  setTimeout(() => URL.revokeObjectURL(url), 10_000);
}
