// Locates the Go toolchain and checks its version. The workbench builds its harness and the user's
// targets with it, so a missing or old Go is the first thing a user must hear about, with advice.
import { accessSync, constants, statSync } from 'node:fs';
import { homedir } from 'node:os';
import { delimiter, join } from 'node:path';
import { UserError } from '../errors';
import { execFileInGroup, type ExecInGroupError } from '../exec-in-group';


export const MIN_GO = { major: 1, minor: 22 } as const;

export interface GoToolchain {
  /** Absolute path of the go binary. */
  path: string;
  /** As `go env GOVERSION` prints it, e.g. "go1.26.8". */
  version: string;
}

export interface FindGoOptions {
  /** An explicit go binary: used as is, no search. */
  goBinary?: string;
  /** The environment to search (PATH, GOROOT); defaults to process.env. */
  env?: NodeJS.ProcessEnv;
  /** Where Go is often installed outside PATH; tests pass [] to simulate a machine without Go. */
  wellKnown?: string[];
  /** How long `go env GOVERSION` may take (GO_VERSION_TIMEOUT_MS; tests shorten it). */
  versionTimeoutMs?: number;
}

const INSTALL_ADVICE =
  `Install Go ${MIN_GO.major}.${MIN_GO.minor} or newer from https://go.dev/dl/ (or your package manager), ` +
  'make sure `go` is on PATH, or pass its path with --go (GMPW_GO in the environment).';

export class GoMissingError extends UserError {
  constructor(detail: string) {
    super(`${detail}. ${INSTALL_ADVICE}`, 'go', 'go-missing');
  }
}

function defaultWellKnownGoPaths(env: NodeJS.ProcessEnv = process.env): string[] {
  const home = env.HOME ?? homedir();
  return ['/usr/local/go/bin/go', '/usr/lib/go/bin/go', '/opt/homebrew/bin/go', '/usr/local/bin/go', '/snap/bin/go', join(home, 'go', 'bin', 'go'), join(home, 'sdk', 'go', 'bin', 'go')];
}

/** An executable file: a folder is "executable" to access(2) too, and a GOPATH ~/go is one on a PATH that holds ~. */
function isExecutable(path: string): boolean {
  try {
    accessSync(path, constants.X_OK);
    return statSync(path).isFile();
  } catch {
    return false;
  }
}

const isFolder = (path: string): boolean => statSync(path, { throwIfNoEntry: false })?.isDirectory() ?? false;

/** Candidate go binaries in search order: PATH, then $GOROOT/bin, then well-known places. */
function goCandidates(opts: FindGoOptions = {}): string[] {
  const env = opts.env ?? process.env;
  const fromPath = (env.PATH ?? '').split(delimiter).filter(Boolean).map((dir) => join(dir, 'go'));
  const fromGoroot = env.GOROOT ? [join(env.GOROOT, 'bin', 'go')] : [];
  const wellKnown = opts.wellKnown ?? defaultWellKnownGoPaths(env);
  return [...new Set([...fromPath, ...fromGoroot, ...wellKnown])];
}

function parseGoVersion(text: string): { major: number; minor: number } | null {
  const m = /go(\d+)\.(\d+)/.exec(text);
  return m ? { major: Number(m[1]), minor: Number(m[2]) } : null;
}

export function isSupportedGo(version: string): boolean {
  const v = parseGoVersion(version);
  return v !== null && (v.major > MIN_GO.major || (v.major === MIN_GO.major && v.minor >= MIN_GO.minor));
}

/** How long `go env GOVERSION` may take: seconds at most for any Go, a first run's cache included. */
const GO_VERSION_TIMEOUT_MS = 30_000;

async function goVersionOf(path: string, env: NodeJS.ProcessEnv, timeoutMs: number): Promise<string> {
  const { stdout } = await execFileInGroup(path, ['env', 'GOVERSION'], { env, timeoutMs });
  return stdout.trim();
}

/** "1.24.x", "go1.22.12", "go1.25rc1", "local": a Go release, given where the path of a go binary goes. */
const LOOKS_LIKE_A_RELEASE = /^(go)?\d+\.\d+(\.(\d+|x)|(rc|beta)\d+)?$|^local$/;
const RELEASE_NOT_A_PATH = ' (this names the go binary to use; a Go release to build with is a plan\'s Go release, --go-version in the CLI)';

/** Finds a usable Go or throws GoMissingError saying what was tried and how to fix it. */
export async function findGo(opts: FindGoOptions = {}): Promise<GoToolchain> {
  const env = opts.env ?? process.env;
  const timeout = opts.versionTimeoutMs ?? GO_VERSION_TIMEOUT_MS;
  const explicit = opts.goBinary ?? env.GMPW_GO;
  const candidates = explicit ? [explicit] : goCandidates(opts).filter(isExecutable);
  if (candidates.length === 0) throw new GoMissingError('Go was not found (searched PATH, $GOROOT/bin and the usual install places)');
  const path = candidates[0];
  if (isFolder(path)) {
    const inside = join(path, 'bin', 'go');
    throw new GoMissingError(`${path} is a folder, not a go binary${isExecutable(inside) ? `: the Go installed there is ${inside}` : ''}`);
  }
  if (!isExecutable(path)) throw new GoMissingError(`Go was not found at ${path}${LOOKS_LIKE_A_RELEASE.test(path) ? RELEASE_NOT_A_PATH : ''}`);
  let version: string;
  try {
    version = await goVersionOf(path, env, timeout);
  } catch (err) {
    // A timeout says only "Command failed": name the wait instead.
    const why = (err as ExecInGroupError).timedOut ? `no answer to 'go env GOVERSION' within ${timeout / 1000} s` : (err as Error).message.split('\n')[0];
    throw new GoMissingError(`${path} did not run as a Go toolchain (${why})`);
  }
  // Anything that exits 0 answers; only a Go version says it is a Go (/bin/true printed nothing).
  if (parseGoVersion(version) === null) throw new GoMissingError(`${path} did not run as a Go toolchain ('go env GOVERSION' ${version ? `answered ${JSON.stringify(version.slice(0, 80))}` : 'printed nothing'})`);
  if (!isSupportedGo(version)) throw new GoMissingError(`${path} is ${version}, older than go${MIN_GO.major}.${MIN_GO.minor}`);
  return { path, version };
}
