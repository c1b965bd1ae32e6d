// Where the workbench keeps its data (docs/ARCHITECTURE.md §7): one directory holding the SQLite history,
// one folder per run for its big files, and a cache of derived data that may be thrown away.
import { homedir } from 'node:os';
import { basename, isAbsolute, join, relative, resolve, sep } from 'node:path';
import { RUN_ID_PATTERN } from '../../shared/contract';
import { UserError } from './errors';

export interface DataDirSources {
  /** --data-dir, or Electron's userData: always wins. */
  explicit?: string;
  env?: NodeJS.ProcessEnv;
  home?: string;
}

/**
 * The lock of one run at a time (runner/machine-lock.ts), whatever data folder a process uses: the
 * app and gmpw keep theirs apart by default, and their runs would otherwise overlap. The user's,
 * in ~/.cache/gmp-workbench: a file shared by every user would have to sit in the temporary folder,
 * where another user could plant a link in its place, or keep it locked. Not $XDG_CACHE_HOME: the
 * app started from the desktop and gmpw in a shell may see it differently, and must meet at one
 * file. $GMPW_MACHINE_LOCK (an absolute path) puts it elsewhere, for workbenches kept apart on
 * purpose (the test suites' parallel workers).
 */
export function machineLockFile(env: NodeJS.ProcessEnv = process.env, home = homedir()): string {
  const chosen = env.GMPW_MACHINE_LOCK;
  return chosen && isAbsolute(chosen) ? chosen : join(home, '.cache', 'gmp-workbench', 'machine.lock');
}

/** The data directory: the explicit choice, else $XDG_DATA_HOME/gmp-workbench, else ~/.local/share/gmp-workbench. */
export function resolveDataDir(sources: DataDirSources = {}): string {
  if (sources.explicit) return resolve(sources.explicit);
  const env = sources.env ?? process.env;
  // The XDG spec says a relative XDG_DATA_HOME is invalid and must be ignored.
  const xdg = env.XDG_DATA_HOME;
  if (xdg && isAbsolute(xdg)) return join(xdg, 'gmp-workbench');
  return join(sources.home ?? homedir(), '.local', 'share', 'gmp-workbench');
}

/**
 * The desktop app's data folder, under Electron's appData. Named after the package rather than the
 * product name (Electron's default for a packaged app), so the installed app and `npm start` share
 * one history.
 */
export function desktopDataDir(appData: string): string {
  return join(appData, 'gmp-workbench');
}

/** The one map of the data directory (docs/ARCHITECTURE.md §7): every path in it is named here. */
export class DataPaths {
  readonly root: string;

  constructor(root: string) {
    this.root = resolve(root);
  }

  get database(): string {
    return join(this.root, 'gmpw.db');
  }

  get runs(): string {
    return join(this.root, 'runs');
  }

  /** Space kept free for recording how runs end when the disk fills up (see Store). */
  get reserve(): string {
    return join(this.root, 'reserve');
  }

  /** Which live process executes each active run, one file per run id (runner/ownership.ts). */
  get active(): string {
    return join(this.root, 'active');
  }

  /** What a running target could leave behind, one record per run (runner/leftovers.ts). */
  get processes(): string {
    return join(this.root, 'processes');
  }

  /** A plan's builds, kept while its runs need them. */
  get builds(): string {
    return join(this.root, 'builds');
  }

  /** Derived data (decoded flame trees under flame/, the bundled tools under bin/): safe to delete at any time. */
  get cache(): string {
    return join(this.root, 'cache');
  }

  /** The bundled tools (gmpstress, gmptrace …) built per source, Go version and platform (toolchain/build-cache.ts). */
  get toolsCache(): string {
    return join(this.cache, 'bin');
  }

  /** The desktop app's window size and place (the app's data directory only). */
  get windowState(): string {
    return join(this.root, 'window-state.json');
  }

  /**
   * Whether `path` is the workbench's own: in one of its folders (runs, cache …) or one of its files
   * (the database and SQLite's files beside it, the reserve, the lock, the window state). A file of
   * the user's beside them is not: `gmpw report -o <data>/review.html` is theirs to replace.
   */
  holds(path: string): boolean {
    const [top, ...below] = relative(this.root, resolve(path)).split(sep);
    if (top === undefined || top === '' || top === '..' || isAbsolute(top)) return top === '';
    const folders = [this.runs, this.active, this.processes, this.builds, this.cache].map((f) => basename(f));
    // machine.lock: where the run lock lived when it was the data folder's, before it was the machine's.
    const files = [this.database, this.reserve, join(this.root, 'machine.lock'), this.windowState].map((f) => basename(f));
    return folders.includes(top) || (below.length === 0 && files.some((f) => top === f || top.startsWith(`${f}-`) || top.startsWith(`${f}.`)));
  }

  /** A run's folder. The id may come from an edited database: one that would leave runs/ is refused. */
  runDir(runId: string): string {
    if (!RUN_ID_PATTERN.test(runId)) throw new UserError(`${JSON.stringify(runId)} is not a run id; the history database has been edited`, null, 'corrupt-history');
    return join(this.runs, runId);
  }
}
