#!/usr/bin/env node
// `npm run dist [-- electron-builder options]`: the installers for this platform, in dist/
// (AppImage and deb on Linux, dmg on macOS, nsis on Windows; electron-builder.yml). Steps:
//   1. electron-vite build: out/main, out/preload, out/renderer, and the exported reports' bundle
//      (report.vite.config.mts): out/report, which go into app.asar;
//   2. the icons, rendered from build/icon.svg into build/icons;
//   3. Electron and better-sqlite3 for its ABI (scripts/ensure-electron.mjs; this downloads
//      Electron, and a prebuilt addon or Electron's headers to compile one: it needs the network);
//   4. the extra resources staged in out/resources: go/ with vendored modules, native/;
//   5. electron-builder.
import { spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { tsImport } from 'tsx/esm/api';
import { renderIcons } from './packaging/icons.mjs';
import { stageElectronSqlite, stageGoSources } from './packaging/stage-resources.mjs';

const root = resolve(dirname(fileURLToPath(import.meta.url)), '..');

function step(title, cmd, args) {
  console.log(`\ndist: ${title}`);
  // The shipped bundles are production builds whatever the shell's NODE_ENV: another would carry
  // React's development JSX, with this checkout's absolute paths, into the app and its reports.
  const result = spawnSync(cmd, args, { cwd: root, stdio: 'inherit', env: { ...process.env, NODE_ENV: 'production' } });
  if (result.status !== 0) {
    console.error(`dist: ${title} failed (exit ${result.status ?? result.signal})`);
    process.exit(1);
  }
}

step('electron-vite build', process.execPath, [join(root, 'node_modules', 'electron-vite', 'bin', 'electron-vite.js'), 'build']);
step('report bundle', process.execPath, [join(root, 'node_modules', 'vite', 'bin', 'vite.js'), 'build', '--config', 'report.vite.config.mts']);

console.log('\ndist: icons');
renderIcons(join(root, 'build', 'icons'));

step('Electron and its better-sqlite3 build', process.execPath, [join(root, 'scripts', 'ensure-electron.mjs')]);

console.log('\ndist: extra resources');
const { checkoutInstall, electronSqlitePath } = await tsImport('../src/main/core/install.ts', import.meta.url);
const electronVersion = JSON.parse(readFileSync(join(root, 'node_modules', 'electron', 'package.json'), 'utf8')).version;
const staged = join(root, 'out', 'resources');
try {
  stageGoSources(staged);
  stageElectronSqlite(staged, electronSqlitePath(checkoutInstall(root), { electronVersion, platform: process.platform, arch: process.arch }));
} catch (err) {
  console.error(`dist: extra resources failed: ${err.message}`);
  process.exit(1);
}

step('electron-builder', process.execPath, [join(root, 'node_modules', 'electron-builder', 'cli.js'), '--config', 'electron-builder.yml', '--publish', 'never', ...process.argv.slice(2)]);
