// Words as a shell reads them: for the POSIX shell that runs an ssh command on a remote host, and
// for the user's own shell when the app hands them a command to paste ("open with").

/** One word for a POSIX shell, in single quotes only when needed so the common case stays readable. */
export function shellQuote(word: string): string {
  return /^[\w@%+=:,./-]+$/.test(word) ? word : `'${word.replace(/'/g, `'\\''`)}'`;
}

/**
 * A local path for the shell of `platform`: POSIX quoting, or on Windows double quotes as cmd reads
 * them (a Windows path cannot hold one), again only when needed. Not every character is safe there:
 * cmd still expands %VAR% inside the quotes, PowerShell a `$` or a backtick; such paths are rare.
 */
export function localShellQuote(path: string, platform: NodeJS.Platform = process.platform): string {
  if (platform === 'win32') return /^[\w@+=:,.\\/-]+$/.test(path) ? path : `"${path}"`;
  return shellQuote(path);
}
