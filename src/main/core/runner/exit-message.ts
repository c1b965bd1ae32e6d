// One line that says why a target failed, taken from its terminal output.

// eslint-disable-next-line no-control-regex
const ANSI = /\x1b\[[0-9;?]*[A-Za-z]/g;

export function failureLine(output: string): string | null {
  const lines = output.replace(ANSI, '').split(/\r?\n/).map((l) => l.trim()).filter(Boolean);
  return lines.find((l) => /^(panic: |fatal error: )/.test(l)) ?? lines.at(-1) ?? null;
}

export function exitDescription(exitCode: number, signal: number | null): string {
  return signal ? `killed by signal ${signal}` : `exit code ${exitCode}`;
}

/** The exit status a shell would report: 128 + signal for a process a signal ended. */
export function exitStatus(exitCode: number, signal: number | null): number {
  return signal ? 128 + signal : exitCode;
}
