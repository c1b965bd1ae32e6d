// Go build steps (go build, go test -c) whose output belongs in the run's terminal: streamed to the
// sink as it comes, kept whole for the error, and killed with their process group on cancel.
import { spawn } from 'node:child_process';
import { accessSync, constants, statSync } from 'node:fs';
import { resolve } from 'node:path';
import { UserError } from '../errors';
import { killGroup, OWN_GROUPS } from '../exec-in-group';
import { goCommandEnv, platformEnv, type GoPlatform, type GoToolchain } from '../toolchain';
import { PrepareError, type OutputSink } from './types';

/**
 * Runs a go command; for another `platform` (a remote host's) it builds static binaries for it.
 * `env` adds to the build's environment (GOEXPERIMENT), shown with the command.
 */
export function runGoStep(go: GoToolchain, args: string[], cwd: string, output: OutputSink, signal: AbortSignal, platform?: GoPlatform, env: Record<string, string> = {}): Promise<void> {
  const cross = { ...(platform ? { ...platformEnv(platform), CGO_ENABLED: '0' } : {}), ...env };
  const shown = Object.entries(cross).map(([k, v]) => `${k}=${v} `).join('');
  output(`$ ${shown}go ${args.join(' ')}\r\n`);
  return new Promise((resolvePromise, reject) => {
    const child = spawn(go.path, args, { cwd, env: { ...goCommandEnv(), ...cross }, detached: OWN_GROUPS, stdio: ['ignore', 'pipe', 'pipe'] });
    let text = '';
    const onData = (chunk: Buffer) => {
      const s = chunk.toString('utf8');
      text += s;
      output(s.replace(/\r?\n/g, '\r\n'));
    };
    child.stdout.on('data', onData);
    child.stderr.on('data', onData);
    const onAbort = () => killGroup(child);
    signal.addEventListener('abort', onAbort, { once: true });
    child.on('error', (err) => reject(new PrepareError(`go ${args[0]} could not start: ${err.message}`, err.message)));
    child.on('close', (code) => {
      signal.removeEventListener('abort', onAbort);
      if (code === 0) resolvePromise();
      else if (signal.aborted) reject(new PrepareError(`go ${args[0]} was cancelled`, text));
      else reject(new PrepareError(`go ${args[0]} failed (exit ${code}): ${firstErrorLine(text)}`, text));
    });
  });
}

/** The first line that looks like a compiler error, for the run's one-line error message. */
function firstErrorLine(text: string): string {
  const lines = text.split('\n').map((l) => l.trim()).filter(Boolean);
  return lines.find((l) => /:\d+:\d+: /.test(l)) ?? lines.find((l) => !l.startsWith('#')) ?? 'no output';
}

export type ProgramSource = { kind: 'package'; dir: string } | { kind: 'binary'; file: string };

/** A target path is either a Go package directory (built with go) or an executable file. */
export function programSource(path: string, field: string): ProgramSource {
  const abs = resolve(path);
  let isDir: boolean;
  try {
    isDir = statSync(abs).isDirectory();
  } catch {
    throw new UserError(`${path} does not exist`, field);
  }
  if (isDir) return { kind: 'package', dir: abs };
  try {
    accessSync(abs, constants.X_OK);
  } catch {
    throw new UserError(`${path} is neither a Go package directory nor an executable`, field);
  }
  return { kind: 'binary', file: abs };
}
