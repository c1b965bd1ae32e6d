// A bench target's package, named as `go test` takes it — a directory (./mypkg, /abs/dir), an
// import path (runtime, example.com/m/pkg) or a pattern (./...) — resolved with `go list` into the
// packages to build a test binary for, each with its directory.
import { existsSync, statSync } from 'node:fs';
import { isAbsolute, resolve } from 'node:path';
import { execFileInGroup, type ExecInGroupError } from '../exec-in-group';
import { goCommandEnv, type GoToolchain } from '../toolchain';
import { PrepareError } from './types';

/** A local path as the go command tells one from an import path: ".", "..", or starting with ./, ../ or /. */
export function isLocalPath(pkg: string): boolean {
  return pkg === '.' || pkg === '..' || pkg.startsWith('./') || pkg.startsWith('../') || isAbsolute(pkg);
}

/**
 * The package made independent of the working directory, for the stored config: a local path
 * becomes absolute (its "..." kept: ./... → /abs/dir/...); an import path stays as it is and gets
 * the directory whose module resolves it (`dir`, default the working directory).
 */
export function absolutePackage(pkg: string, dir: string | undefined): { pkg: string; dir?: string } {
  if (!isLocalPath(pkg)) return { pkg, dir: resolve(dir ?? '.') };
  const wildcard = pkg.indexOf('...');
  if (wildcard < 0) return { pkg: resolve(dir ?? '.', pkg) };
  const prefix = pkg.slice(0, wildcard);
  return { pkg: resolve(dir ?? '.', prefix) + (prefix.endsWith('/') ? '/' : '') + pkg.slice(wildcard) };
}

/** Where the go command runs to resolve the package: the module holding it. */
export function listDirectory(pkg: string, dir: string | undefined): string {
  if (!isLocalPath(pkg)) return resolve(dir ?? '.');
  // A pattern's fixed part, e.g. /abs/dir for /abs/dir/... (the go command wants to run inside the module).
  const fixed = pkg.includes('...') ? pkg.slice(0, pkg.indexOf('...')).replace(/\/[^/]*$/, '') || '/' : pkg;
  return resolve(dir ?? '.', fixed);
}

export interface GoPackage {
  importPath: string;
  dir: string;
}

interface ListedPackage {
  ImportPath: string;
  Dir?: string;
  TestGoFiles?: string[];
  XTestGoFiles?: string[];
  Error?: { Err: string };
}

/** `go list -json` prints one object after another; each starts with "{" at the start of a line. */
function parseListOutput(text: string): ListedPackage[] {
  const trimmed = text.trim();
  return trimmed ? (JSON.parse(`[${trimmed.replace(/\n}\n{/g, '\n},\n{')}]`) as ListedPackage[]) : [];
}

async function goList(go: GoToolchain, pattern: string, cwd: string, signal: AbortSignal): Promise<{ stdout: string; stderr: string }> {
  const fields = 'ImportPath,Dir,TestGoFiles,XTestGoFiles,Error';
  try {
    return await execFileInGroup(go.path, ['list', '-e', `-json=${fields}`, pattern], { cwd, env: goCommandEnv(), signal, maxBuffer: 64 << 20 });
  } catch (err) {
    const { stderr, message } = err as ExecInGroupError;
    const said = (stderr ?? '').trim().split('\n').slice(0, 3).join(' ');
    throw new PrepareError(`go list ${pattern} failed: ${said || message}`, stderr || message);
  }
}

/**
 * The packages `pkg` names that have tests, resolved by the go command in the module of `dir`.
 * Fails, saying why, for an unknown package or a directory the go command cannot load, a pattern
 * that matches no packages, and packages without test files; packages of a pattern that have no
 * test files are left out (go test does the same) and named in the terminal.
 */
export async function resolvePackages(go: GoToolchain, pkg: string, dir: string | undefined, output: (text: string) => void, signal: AbortSignal): Promise<GoPackage[]> {
  const cwd = listDirectory(pkg, dir);
  if (!existsSync(cwd) || !statSync(cwd).isDirectory()) throw new PrepareError(`${isLocalPath(pkg) ? cwd : `the directory ${cwd}`} does not exist`, '');
  output(`$ go list ${pkg}\r\n`);
  const { stdout, stderr } = await goList(go, pkg, cwd, signal);
  const listed = parseListOutput(stdout);
  const broken = listed.filter((p) => p.Error);
  if (broken.length) {
    const why = broken[0].Error!.Err.split('\n').map((l) => l.trim()).filter(Boolean).join(' ');
    const hint = !isLocalPath(pkg) && existsSync(resolve(cwd, pkg)) ? ` (the directory is written ./${pkg}, as go test takes it)` : '';
    throw new PrepareError(`${why}${hint}`, broken.map((p) => p.Error!.Err).join('\n'));
  }
  if (listed.length === 0) throw new PrepareError(`${pkg} matched no packages`, stderr);
  const withTests = listed.filter((p) => (p.TestGoFiles?.length ?? 0) + (p.XTestGoFiles?.length ?? 0) > 0);
  for (const p of listed) if (!withTests.includes(p)) output(`?   \t${p.ImportPath}\t[no test files]\r\n`);
  if (withTests.length === 0) {
    throw new PrepareError(listed.length === 1 ? `${listed[0].ImportPath} has no test files` : `none of the ${listed.length} packages ${pkg} matched has test files`, '');
  }
  return withTests.map((p) => ({ importPath: p.ImportPath, dir: p.Dir! }));
}
