// Words as a shell reads them: for the POSIX shell that runs an ssh command on a remote host (and
// the login shell that starts it), and for the user's own shell when the app hands them a command to
// paste ("open with").

/** One word for a POSIX shell, in single quotes only when needed so the common case stays readable. */
export function shellQuote(word: string): string {
  return /^[\w@%+=:,./-]+$/.test(word) ? word : `'${word.replace(/'/g, `'\\''`)}'`;
}

/**
 * One word that every login shell an ssh command may meet reads alike, whatever it holds: POSIX
 * shells (sh, bash, zsh) and fish. sshd hands the command to the login shell, and fish reads `\\`
 * and `\'` as escapes inside single quotes, where a POSIX shell reads a backslash as itself: a value
 * ending in a backslash would close no quote in fish, and what follows would run there. Outside
 * quotes both read a backslash-escaped character as itself, so backslashes and quotes go there,
 * everything else inside single quotes (newlines included). csh cannot read a quote spanning lines.
 */
export function loginShellWord(text: string): string {
  if (text === '') return "''";
  return text
    .split(/([\\'])/)
    .filter((part) => part !== '')
    .map((part) => (part === '\\' || part === "'" ? `\\${part}` : `'${part}'`))
    .join('');
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
