// execFile in a process group of its own. A timeout or an abort kills the command and whatever it
// started: a go behind a wrapper script (asdf, goenv) is that script's child, and execFile's own
// timeout kills only the script, leaving the go it started running, adopted by init.
import { spawn } from 'node:child_process';

export interface ExecInGroupOptions {
  env?: NodeJS.ProcessEnv;
  cwd?: string;
  timeoutMs?: number;
  signal?: AbortSignal;
  maxBuffer?: number;
}

/** A failed command: its output, and whether the timeout ended it. */
export interface ExecInGroupError extends Error {
  timedOut: boolean;
  stdout: string;
  stderr: string;
}

export function execFileInGroup(file: string, args: readonly string[], opts: ExecInGroupOptions = {}): Promise<{ stdout: string; stderr: string }> {
  const maxBuffer = opts.maxBuffer ?? 16 << 20;
  return new Promise((resolve, reject) => {
    let timedOut = false;
    const child = spawn(file, args, { env: opts.env, cwd: opts.cwd, detached: true, stdio: ['ignore', 'pipe', 'pipe'] });
    const killGroup = (): void => {
      try {
        if (child.pid) process.kill(-child.pid, 'SIGKILL');
      } catch {
        // The group is gone already.
      }
    };
    const out = { stdout: '', stderr: '' };
    const collect = (stream: 'stdout' | 'stderr') => (chunk: Buffer) => {
      out[stream] += chunk.toString('utf8');
      if (out[stream].length > maxBuffer) killGroup();
    };
    child.stdout.on('data', collect('stdout'));
    child.stderr.on('data', collect('stderr'));
    const timer = opts.timeoutMs === undefined ? undefined : setTimeout(() => ((timedOut = true), killGroup()), opts.timeoutMs);
    if (opts.signal?.aborted) killGroup();
    else opts.signal?.addEventListener('abort', killGroup, { once: true });
    const settle = (err: Error | null): void => {
      clearTimeout(timer);
      opts.signal?.removeEventListener('abort', killGroup);
      if (err) reject(Object.assign(err, { timedOut, ...out }));
      else resolve(out);
    };
    child.on('error', settle);
    child.on('close', (code, signal) => settle(code === 0 ? null : new Error(`Command failed: ${file} ${args.join(' ')}${signal ? ` (killed by ${signal})` : ` (exit ${code})`}\n${out.stderr}`)));
  });
}
