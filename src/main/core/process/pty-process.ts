// A target process in a pseudo-terminal (so it prints as it would for a person: colours, line
// buffering), spawned directly (never through a shell). The pty makes it a session and process-group
// leader, so signalling -pid reaches every process it started.
import * as pty from 'node-pty';

export interface PtyExit {
  exitCode: number;
  /** The signal that ended it, when one did. */
  signal: number | null;
}

export interface PtyProcess {
  pid: number;
  exited: Promise<PtyExit>;
  /** Sends a signal to the whole process group; a group already gone is not an error. */
  signalGroup(signal: NodeJS.Signals): void;
  /**
   * After the exit, for a process that ran elsewhere (a remote host): brings its files into the
   * run folder and removes what it left behind. `cancel` aborts when the run is cancelled (before
   * or during this): no wait for a host that may come back is worth a cancel's delay. `timedOut`:
   * the runner's deadline stopped it.
   */
  finish?(opts: { cancel: AbortSignal; timedOut: boolean }): Promise<Finished>;
}

/** What became of a process that ran elsewhere, once its files were brought back (or not). */
export interface Finished {
  /** Why its files could not be brought back, or what cut it short there; null when all went well. */
  error: string | null;
  /**
   * The exit status seen here is the local ssh client's, not the target's: the link was lost, or the
   * host never answered the stop signal. No exit status is recorded then.
   */
  exitUnknown: boolean;
  /**
   * The target's exit status as its host recorded it (a shell's: 128 + signal for a signal), which
   * replaces the status the session's end carried: ssh exits 255 for a target that a signal ended.
   */
  recordedStatus?: number;
  /**
   * The runner's deadline stopped it, but the link to it had stalled, so the target is not known to
   * have overrun (remote/stall.ts): the run is failed, with `error`, not timed-out.
   */
  stalled: boolean;
}

export interface PtySpawn {
  file: string;
  args: string[];
  env: Record<string, string>;
  cwd: string;
  onData: (text: string) => void;
}

/** Starts a target process: in a local pty (spawnInPty), or on a remote host behind one. */
export type Launch = (opts: PtySpawn) => PtyProcess | Promise<PtyProcess>;

export function signalGroup(pid: number, signal: NodeJS.Signals): void {
  try {
    process.kill(-pid, signal);
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code !== 'ESRCH') throw err;
  }
}

export function spawnInPty(opts: PtySpawn): PtyProcess {
  const term = pty.spawn(opts.file, opts.args, { name: 'xterm-256color', cols: 120, rows: 40, cwd: opts.cwd, env: opts.env });
  term.onData(opts.onData);
  const exited = new Promise<PtyExit>((resolve) => {
    term.onExit(({ exitCode, signal }) => resolve({ exitCode, signal: signal ? signal : null }));
  });
  return { pid: term.pid, exited, signalGroup: (signal) => signalGroup(term.pid, signal) };
}
