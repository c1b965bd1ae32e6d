// Where the workbench's own files are, in one place: in a checkout (`npm start`, the CLI, browser
// mode, tests) or in an installed package laid out by electron-builder (electron-builder.yml,
// scripts/packaging/stage-resources.mjs). Everything that reads a file shipped with the app asks here.
import { existsSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';

export interface Install {
  packaged: boolean;
  /** The app's own root, holding package.json and out/: the checkout, or app.asar in a package. */
  appRoot: string;
  /** Holds go/ (the Go sources the app builds) and, in a package, native/. */
  resourcesDir: string;
}

/** Folders inside the resources folder: the checkout's resources/, or process.resourcesPath in a package. */
const RESOURCE_DIRS = {
  /** Go sources; in a package with gmptrace's module dependencies vendored. */
  go: 'go',
  /** better-sqlite3 built for Electron's ABI (a package only). */
  native: 'native',
} as const;

/** What Electron knows about itself: app.isPackaged, process.resourcesPath, app.getAppPath(). */
export interface ElectronHost {
  isPackaged: boolean;
  resourcesPath: string;
  appPath: string;
}

export function electronInstall(host: ElectronHost): Install {
  // Unpackaged (npm start), Electron runs the checkout: app.getAppPath() is its root.
  return host.isPackaged ? { packaged: true, appRoot: host.appPath, resourcesDir: host.resourcesPath } : checkoutInstall(host.appPath);
}

export function checkoutInstall(root: string): Install {
  return { packaged: false, appRoot: resolve(root), resourcesDir: join(resolve(root), 'resources') };
}

function isCheckout(dir: string): boolean {
  return existsSync(join(dir, 'electron.vite.config.ts')) && existsSync(join(goSourcesDir(join(dir, 'resources')), 'go.mod'));
}

/** The checkout around the first of `starts` that lies in one, searched upwards. */
export function findCheckout(starts: Array<string | null | undefined>): Install {
  for (const start of starts) {
    for (let dir = start ? resolve(start) : null; dir; dir = dirname(dir) === dir ? null : dirname(dir)) {
      if (isCheckout(dir)) return checkoutInstall(dir);
    }
  }
  throw new Error('the workbench sources (electron.vite.config.ts and resources/go) were not found above this program, its entry script or the working directory');
}

/** Outside Electron (the CLI, browser mode, tests) the code runs from a checkout. */
export function currentCheckout(): Install {
  return findCheckout([typeof __dirname === 'string' ? __dirname : null, process.argv[1] ? dirname(process.argv[1]) : null, process.cwd()]);
}

/** The Go sources (harness, scenarios, gmptrace) inside a resources folder. */
export function goSourcesDir(resourcesDir: string): string {
  return join(resourcesDir, RESOURCE_DIRS.go);
}

/** The renderer that electron-vite builds (inside the asar in a package). */
export function rendererDir(install: Install): string {
  return join(install.appRoot, 'out', 'renderer');
}

/** The bundle that exported HTML reports inline (report.vite.config.mts builds it). */
export function reportBundleDir(install: Install): string {
  return join(install.appRoot, 'out', 'report');
}

export function preloadPath(install: Install): string {
  return join(install.appRoot, 'out', 'preload', 'index.cjs');
}

/** The README: the user's documentation, shipped beside app.asar in a package. */
export function documentationPath(install: Install): string {
  return install.packaged ? join(install.resourcesDir, 'README.md') : join(install.appRoot, 'README.md');
}

export interface ElectronRuntime {
  electronVersion: string;
  platform: string;
  arch: string;
}

/**
 * better-sqlite3's addon for Electron's ABI (the one in node_modules is built for Node, which the
 * CLI and the tests use). In a checkout scripts/ensure-electron.mjs prepares it per Electron version
 * (keep its nativeDir() in step); in a package it ships in resources/native.
 */
export function electronSqlitePath(install: Install, runtime: ElectronRuntime): string {
  if (install.packaged) return join(install.resourcesDir, RESOURCE_DIRS.native, 'better_sqlite3.node');
  return join(install.appRoot, '.native', `electron-${runtime.electronVersion}-${runtime.platform}-${runtime.arch}`, 'better_sqlite3.node');
}
