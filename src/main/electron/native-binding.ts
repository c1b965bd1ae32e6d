// Which better-sqlite3 binary Electron loads (docs/DESKTOP.md §4). better-sqlite3 12 is built against
// one ABI; node_modules holds the Node build that tests and the CLI use, so Electron gets its own
// build: prepared into .native/ by scripts/ensure-electron.mjs (dev), or shipped in resources/native
// (packaged). Keep the folder name in step with nativeDir() in that script.
import { existsSync } from 'node:fs';
import { join } from 'node:path';

export interface NativeBindingHost {
  isPackaged: boolean;
  /** process.resourcesPath */
  resourcesPath: string;
  /** app.getAppPath(): the project root when unpackaged. */
  appPath: string;
  electronVersion: string;
  platform: string;
  arch: string;
}

export function nativeBindingPath(host: NativeBindingHost): string {
  if (host.isPackaged) return join(host.resourcesPath, 'native', 'better_sqlite3.node');
  return join(host.appPath, '.native', `electron-${host.electronVersion}-${host.platform}-${host.arch}`, 'better_sqlite3.node');
}

/** The binding's path, or an error that says how to produce it. */
export function locateNativeBinding(host: NativeBindingHost, exists: (path: string) => boolean = existsSync): string {
  const path = nativeBindingPath(host);
  if (!exists(path)) {
    throw new Error(
      `The Electron build of better-sqlite3 is missing (${path}).\n` +
        (host.isPackaged ? 'The package is incomplete: reinstall GMP Workbench.' : 'Run `node scripts/ensure-electron.mjs` (npm start does) to prepare it.'),
    );
  }
  return path;
}
