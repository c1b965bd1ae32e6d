// The real desktop app: Electron main, preload and renderer together. Needs the Electron binary and
// the Electron build of better-sqlite3 (`node scripts/ensure-electron.mjs`); where they are missing
// (the build machines cannot download them) the test reports itself skipped and says why.
import { execFileSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { _electron as electron, expect, test } from '@playwright/test';
import { COMMAND_NAMES, EVENT_NAMES } from '../../src/shared/contract';
import type { PreloadBridge } from '../../src/shared/transport';
// core/install alone: the shell's native-binding.ts imports the core's entry, the whole core, and
// Playwright's loader takes the flame decoder (it names import.meta) for an ES module it then fails
// to run ("exports is not defined in ES module scope").
import { electronInstall, electronSqlitePath } from '../../src/main/core/install';

/** The renderer's globals as seen from this Node-typed file. */
type PageGlobals = { api?: PreloadBridge; require?: unknown; process?: unknown; location: { href: string } };

const root = resolve(__dirname, '..', '..');
const electronPkg = join(root, 'node_modules', 'electron');
const version = JSON.parse(readFileSync(join(electronPkg, 'package.json'), 'utf8')).version as string;
const host = { isPackaged: false, resourcesPath: '', appPath: root, electronVersion: version, platform: process.platform, arch: process.arch };
const binding = electronSqlitePath(electronInstall(host), host);

function missingPrerequisite(): string | null {
  if (!existsSync(join(electronPkg, 'path.txt'))) return `the Electron ${version} binary is not installed (node_modules/electron/path.txt is missing)`;
  if (!existsSync(binding)) return `the Electron build of better-sqlite3 is missing (${binding})`;
  if (!existsSync(join(root, 'out', 'main', 'index.js'))) return 'the app is not built (run `npx electron-vite build`)';
  return null;
}

test('the desktop app opens a hardened workbench window wired to the core', async () => {
  const missing = missingPrerequisite();
  if (missing) {
    // Printed as well, so the reason shows in plain test output and not only in the report.
    console.log(`SKIPPED real-Electron smoke test: ${missing}; run \`node scripts/ensure-electron.mjs\` where downloads work.`);
  }
  test.skip(missing !== null, `${missing}; run \`node scripts/ensure-electron.mjs\` where downloads work`);

  // On Linux userData lives under $XDG_CONFIG_HOME: a temporary one keeps the user's history out.
  const config = mkdtempSync(join(tmpdir(), 'gmpw-electron-'));
  const app = await electron.launch({ args: [join(root, 'out', 'main', 'index.js')], cwd: root, env: { ...process.env, XDG_CONFIG_HOME: config } });
  try {
    const page = await app.firstWindow();
    await expect(page).toHaveTitle('GMP Workbench');
    expect(page.url()).toMatch(/^app:\/\/gmpw\//);

    // No Node in the page (sandbox, no nodeIntegration), and window.api is exactly the contract.
    const surface = await page.evaluate(() => {
      const page = globalThis as unknown as PageGlobals;
      return {
        node: typeof page.require !== 'undefined' || typeof page.process !== 'undefined',
        keys: Object.keys(page.api ?? {}),
        commands: Object.keys(page.api?.invoke ?? {}).sort(),
        events: Object.keys(page.api?.subscribe ?? {}).sort(),
      };
    });
    expect(surface).toEqual({ node: false, keys: ['invoke', 'subscribe'], commands: [...COMMAND_NAMES].sort(), events: [...EVENT_NAMES].sort() });

    const goVersion = execFileSync('go', ['env', 'GOVERSION'], { encoding: 'utf8' }).trim();
    const toolchain = await page.evaluate(() => (globalThis as unknown as PageGlobals).api!.invoke['toolchain.info']({}));
    expect(toolchain).toMatchObject({ ok: true, value: { goVersion } });

    // Navigation away from the app is refused.
    await page.evaluate(() => { (globalThis as unknown as PageGlobals).location.href = 'https://example.com/'; });
    await page.waitForTimeout(500);
    expect(page.url()).toMatch(/^app:\/\/gmpw\//);
  } finally {
    await app.close();
    rmSync(config, { recursive: true, force: true });
  }
});
