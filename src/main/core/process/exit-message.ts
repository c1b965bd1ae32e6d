// One line that says why a target failed, taken from its terminal output.

// eslint-disable-next-line no-control-regex
const ANSI = /\x1b\[[0-9;?]*[A-Za-z]/g;

/** A line longer than this is cut: a target may print megabytes without a newline. */
export const MAX_FAILURE_LINE = 400;

/** A build step the workbench echoes before the target: "$ go build …", "$ GOOS=linux GOARCH=arm64 CGO_ENABLED=0 go build …". */
const GO_STEP = /^\$ (?:[A-Z][A-Z0-9_]*=\S* )*go \S/;

/** ssh's line as a remote run's session with a terminal closes: said by ssh, not by the target. */
export const SSH_CLOSED = /^Connection to \S+ closed\.$/;

/**
 * The target's own words for why it failed: its panic or fatal error, else its last line. The
 * workbench's lines in the same terminal are not the target's and are passed over: its notes
 * ("gmpw: …"), the build steps it ran before the target, each echoed as "$ go …" with its output,
 * and ssh's own close of a remote run's session.
 */
export function failureLine(output: string): string | null {
  const all = output
    .replace(ANSI, '')
    .split(/\r?\n/)
    .map((l) => l.trim());
  let lastCommand = -1;
  all.forEach((l, i) => {
    if (GO_STEP.test(l)) lastCommand = i;
  });
  const lines = all.slice(lastCommand + 1).filter((l) => l && !l.startsWith('gmpw: ') && !SSH_CLOSED.test(l));
  const line = lines.find((l) => /^(panic: |fatal error: )/.test(l)) ?? lines.at(-1) ?? null;
  return line !== null && line.length > MAX_FAILURE_LINE ? `${line.slice(0, MAX_FAILURE_LINE)}… (${line.length.toLocaleString('en-US')} characters)` : line;
}

export function exitDescription(exitCode: number, signal: number | null): string {
  return signal ? `killed by signal ${signal}` : `exit code ${exitCode}`;
}

/** The exit status a shell would report: 128 + signal for a process a signal ended. */
export function exitStatus(exitCode: number, signal: number | null): number {
  return signal ? 128 + signal : exitCode;
}

/**
 * The exit a shell's status stands for (exitStatus's inverse): above 128, the signal that ended the
 * process. A process that exits with such a status itself reads the same: a shell's $? cannot tell
 * them apart, and a run records the status alike either way.
 */
export function exitOfStatus(status: number): { exitCode: number; signal: number | null } {
  return status > 128 && status < 128 + 65 ? { exitCode: 0, signal: status - 128 } : { exitCode: status, signal: null };
}
