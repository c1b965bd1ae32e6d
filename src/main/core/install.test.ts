// The one resolver of the workbench's own files: a checkout and an installed package side by side.
import { existsSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { checkoutInstall, currentCheckout, documentationPath, electronInstall, electronSqlitePath, findCheckout, goSourcesDir, preloadPath, rendererDir } from './install';

const scratch = mkdtempSync(join(tmpdir(), 'gmpw-install-'));
afterAll(() => rmSync(scratch, { recursive: true, force: true }));

const runtime = { electronVersion: '43.8.12', platform: 'linux', arch: 'x64' };

describe('install paths', () => {
  it('in a package: code and renderer in the asar, Go sources and the Electron sqlite build in resources', () => {
    const install = electronInstall({ isPackaged: true, resourcesPath: '/opt/GMP Workbench/resources', appPath: '/opt/GMP Workbench/resources/app.asar' });
    expect(install.packaged).toBe(true);
    expect(goSourcesDir(install.resourcesDir)).toBe('/opt/GMP Workbench/resources/go');
    expect(rendererDir(install)).toBe('/opt/GMP Workbench/resources/app.asar/out/renderer');
    expect(preloadPath(install)).toBe('/opt/GMP Workbench/resources/app.asar/out/preload/index.cjs');
    expect(electronSqlitePath(install, runtime)).toBe('/opt/GMP Workbench/resources/native/better_sqlite3.node');
    expect(documentationPath(install)).toBe('/opt/GMP Workbench/resources/README.md');
  });

  it('unpackaged Electron runs the checkout: resources/ and a per-version .native build', () => {
    // process.resourcesPath then points into node_modules/electron, which holds none of our files.
    const install = electronInstall({ isPackaged: false, resourcesPath: '/src/gmpw/node_modules/electron/dist/resources', appPath: '/src/gmpw' });
    expect(install).toEqual(checkoutInstall('/src/gmpw'));
    expect(goSourcesDir(install.resourcesDir)).toBe('/src/gmpw/resources/go');
    expect(rendererDir(install)).toBe('/src/gmpw/out/renderer');
    expect(electronSqlitePath(install, runtime)).toBe('/src/gmpw/.native/electron-43.8.12-linux-x64/better_sqlite3.node');
    expect(documentationPath(install)).toBe('/src/gmpw/README.md');
  });

  it('finds the checkout above any start that lies in it, and says what it looked for when none does', () => {
    const root = join(scratch, 'checkout');
    mkdirSync(join(root, 'resources', 'go'), { recursive: true });
    mkdirSync(join(root, 'src', 'main', 'cli'), { recursive: true });
    writeFileSync(join(root, 'electron.vite.config.ts'), '');
    writeFileSync(join(root, 'resources', 'go', 'go.mod'), 'module x\n');
    const outside = join(scratch, 'elsewhere');
    mkdirSync(outside);
    expect(findCheckout([null, outside, join(root, 'src', 'main', 'cli')])).toEqual(checkoutInstall(root));
    expect(() => findCheckout([outside])).toThrow(/electron\.vite\.config\.ts and resources\/go/);
  });

  it('runs from this checkout in the tests', () => {
    const install = currentCheckout();
    expect(install.appRoot).toBe(resolve(__dirname, '../../..'));
    expect(existsSync(join(goSourcesDir(install.resourcesDir), 'cmd', 'gmptrace', 'go.mod'))).toBe(true);
  });
});
