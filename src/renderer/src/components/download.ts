/**
 * Offers text as a file: a blob link downloads without navigating the window (the app forbids
 * navigation); the desktop app asks where to save it, a browser puts it in its downloads.
 */
export function downloadText(fileName: string, text: string, type: string): void {
  const a = document.createElement('a');
  a.href = URL.createObjectURL(new Blob([text], { type }));
  a.download = fileName;
  a.click();
  setTimeout(() => URL.revokeObjectURL(a.href), 1000);
}
