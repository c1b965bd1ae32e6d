// Which better-sqlite3 binary Electron loads. better-sqlite3 12 is built against
// one ABI; node_modules holds the Node build that tests and the CLI use, so Electron gets its own
// build, found where core/install.ts says: .native/ in a checkout, resources/native in a package.
import { existsSync } from 'node:fs';
import { electronInstall, electronSqlitePath, type ElectronHost, type ElectronRuntime } from '../core';

export type NativeBindingHost = ElectronHost & ElectronRuntime;

export function nativeBindingPath(host: NativeBindingHost): string {
  return electronSqlitePath(electronInstall(host), host);
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
