// Obtains a Go release the way the go command does: the workbench's go is run with
// GOTOOLCHAIN=go1.N.M, which fetches golang.org/toolchain@v0.0.1-go1.N.M.<os>-<arch> through the
// module proxy (GOPROXY) into the module cache, once, and runs it; `go env GOROOT` then names the
// release's own tree. GOTOOLCHAIN takes exact releases only ("go1.24.x" is refused as invalid), so
// the newest patch of 1.N is found first with the module query `go list -m go@1.N`, which the go
// command answers from the proxy's list of toolchain versions.
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { execFileInGroup, type ExecInGroupError } from '../exec-in-group';
import type { GoToolchain } from './find-go';

/** A release the proxy or the go command refused: the run fails with the go command's words. */
export class GoReleaseUnavailable extends Error {
  constructor(release: string, reason: string) {
    super(`${release} could not be obtained: ${reason}`);
    this.name = 'GoReleaseUnavailable';
  }
}

/** Lines the go command writes while it works ("go: downloading go1.22.12 (linux/amd64)"). */
export type ProgressSink = (text: string) => void;

export interface ObtainOptions {
  output: ProgressSink;
  signal: AbortSignal;
  /** How long one go command may take (RELEASE_TIMEOUT_MS unless a test says otherwise). */
  timeoutMs?: number;
}

/**
 * How long the go command may take to list or fetch a release: a toolchain is about 70 MB, and a
 * proxy that takes the connection and never answers would hold the run, and the machine lock, for ever.
 */
const RELEASE_TIMEOUT_MS = 10 * 60_000;

/** The go command's complaint on one line, without its progress: "go: download go1.99.0: …: 403 Forbidden server response: …". */
function reasonOf(stderr: string): string {
  const complaint = stderr
    .split('\n')
    .filter((line) => !line.startsWith('go: downloading '))
    .join('\n');
  return complaint.trim().replace(/\s*\n\s*/g, ' ');
}

/** Runs the workbench's go outside any module, with stderr shown as it comes. Resolves with stdout. */
async function runGo(machine: GoToolchain, args: string[], env: Record<string, string>, release: string, opts: ObtainOptions): Promise<string> {
  const timeoutMs = opts.timeoutMs ?? RELEASE_TIMEOUT_MS;
  try {
    const { stdout } = await execFileInGroup(machine.path, args, {
      cwd: tmpdir(),
      env: { ...process.env, GOWORK: 'off', ...env },
      signal: opts.signal,
      timeoutMs,
      maxBuffer: 1 << 20,
      onStderr: (text) => opts.output(text.replace(/\r?\n/g, '\r\n')),
    });
    return stdout;
  } catch (err) {
    const { timedOut, stderr, message } = err as ExecInGroupError;
    // No proxy URL in the words: GOPROXY may carry credentials, and this reaches the history.
    if (timedOut && !opts.signal.aborted) throw new GoReleaseUnavailable(release, `go ${args.join(' ')} had not finished after ${timeoutMs / 1000} s: the module proxy did not answer, or the download was that slow (fetch it once yourself: GOTOOLCHAIN=${release} go version)`);
    throw new GoReleaseUnavailable(release, reasonOf(stderr ?? '') || message);
  }
}

/** "go1.24.x" → "go1.24.13", the newest release of Go 1.24 the proxy lists. */
async function newestPatch(machine: GoToolchain, spec: string, opts: ObtainOptions): Promise<string> {
  const query = `go@${spec.slice('go'.length, -'.x'.length)}`;
  const stdout = await runGo(machine, ['list', '-m', '-json', query], { GOTOOLCHAIN: 'local' }, spec, opts);
  const { Version } = JSON.parse(stdout) as { Version: string };
  opts.output(`gmpw: ${spec} is go${Version} (go list -m ${query})\r\n`);
  return `go${Version}`;
}

/**
 * The toolchain of a release spec (go1.22.12 or go1.24.x), fetched unless the module cache has it.
 * Rejects with GoReleaseUnavailable when the proxy refuses it.
 */
export async function obtainRelease(machine: GoToolchain, spec: string, opts: ObtainOptions): Promise<GoToolchain> {
  const release = spec.endsWith('.x') ? await newestPatch(machine, spec, opts) : spec;
  opts.output(`gmpw: obtaining ${release} as the go command does (GOTOOLCHAIN=${release}: the module cache, else the module proxy)\r\n`);
  const stdout = await runGo(machine, ['env', 'GOROOT', 'GOVERSION'], { GOTOOLCHAIN: release }, release, opts);
  const [goroot, version] = stdout.trim().split('\n');
  return { path: join(goroot, 'bin', 'go'), version };
}
