// Commands run in a process group of their own, so that a timeout, an abort or a cancel ends the
// command and whatever it started: a go behind a wrapper script (asdf, goenv) is that script's
// child, and execFile's own timeout kills only the script, leaving the go it started running,
// adopted by init. Windows has no process groups to signal: there the command alone is killed.
import { spawn, type ChildProcess } from 'node:child_process';

/** Whether children are started in groups of their own (detached), which killGroup can end whole. */
export const OWN_GROUPS = process.platform !== 'win32';

/** Kills the child and, where it leads a group of its own (OWN_GROUPS), everything in that group. */
export function killGroup(child: ChildProcess): void {
  try {
    if (!OWN_GROUPS) child.kill('SIGKILL');
    else if (child.pid) process.kill(-child.pid, 'SIGKILL');
  } catch {
    // The group is gone already.
  }
}

export interface ExecInGroupOptions {
  env?: NodeJS.ProcessEnv;
  cwd?: string;
  timeoutMs?: number;
  signal?: AbortSignal;
  maxBuffer?: number;
  /** Its stderr as it comes (a download's progress), besides the whole of it in the answer. */
  onStderr?: (text: string) => void;
}

/** A failed command: its output, and why it ended (the timeout, or output past maxBuffer). */
export interface ExecInGroupError extends Error {
  timedOut: boolean;
  stdout: string;
  stderr: string;
}

/** execFile's answer, the command run in a group of its own (killGroup at the timeout, the abort, or maxBuffer). */
export function execFileInGroup(file: string, args: readonly string[], opts: ExecInGroupOptions = {}): Promise<{ stdout: string; stderr: string }> {
  const maxBuffer = opts.maxBuffer ?? 16 << 20;
  return new Promise((resolve, reject) => {
    let timedOut = false;
    let overflowed = false;
    const child = spawn(file, args, { env: opts.env, cwd: opts.cwd, detached: OWN_GROUPS, stdio: ['ignore', 'pipe', 'pipe'] });
    const out = { stdout: '', stderr: '' };
    for (const stream of ['stdout', 'stderr'] as const) {
      // Decoded as a stream: a character split across two chunks stays one character.
      child[stream].setEncoding('utf8');
      child[stream].on('data', (text: string) => {
        out[stream] += text;
        if (stream === 'stderr') opts.onStderr?.(text);
        if (out[stream].length > maxBuffer && !overflowed) {
          overflowed = true;
          killGroup(child);
        }
      });
    }
    const timer = opts.timeoutMs === undefined ? undefined : setTimeout(() => ((timedOut = true), killGroup(child)), opts.timeoutMs);
    const abort = () => killGroup(child);
    if (opts.signal?.aborted) abort();
    else opts.signal?.addEventListener('abort', abort, { once: true });
    let settled = false;
    const settle = (err: Error | null): void => {
      if (settled) return;
      settled = true;
      clearTimeout(timer);
      opts.signal?.removeEventListener('abort', abort);
      if (err) reject(Object.assign(err, { timedOut, ...out }));
      else resolve(out);
    };
    child.on('error', settle);
    child.on('close', (code, signal) => {
      if (code === 0 && !overflowed) return settle(null);
      const why = overflowed ? ` (its output passed ${maxBuffer} characters)` : signal ? ` (killed by ${signal})` : ` (exit ${code})`;
      settle(new Error(`Command failed: ${file} ${args.join(' ')}${why}\n${out.stderr}`));
    });
  });
}
