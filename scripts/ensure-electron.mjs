#!/usr/bin/env node
// Before `npm start` / `npm run dev` on a user's machine (docs/DESKTOP.md §1, §4):
//   1. the Electron binary: electron ≥ 42 no longer downloads it at install time, and electron-vite
//      cannot launch without it, so fetch it now through the electron package's own install script;
//   2. better-sqlite3 built for Electron's ABI, into .native/ — beside, never over, the Node build in
//      node_modules that the tests, the CLI and browser mode load. src/main/electron/native-binding.ts
//      reads it from there (keep nativeDir() in step with electronSqlitePath() in src/main/core/install.ts).
// Tests and browser mode never run this. Where nothing can be downloaded it fails, saying so.
import { spawnSync } from 'node:child_process';
import { copyFileSync, cpSync, existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const electronDir = join(root, 'node_modules', 'electron');

function fail(lines) {
  console.error(['', 'ensure-electron: cannot prepare the desktop app.', ...lines.map((l) => `  ${l}`), ''].join('\n'));
  process.exit(1);
}

function run(cmd, args, cwd) {
  const result = spawnSync(cmd, args, { cwd, stdio: 'inherit', env: process.env });
  return result.status === 0;
}

function electronBinaryInstalled() {
  const pathFile = join(electronDir, 'path.txt');
  return existsSync(pathFile) && existsSync(join(electronDir, 'dist', readFileSync(pathFile, 'utf8').trim()));
}

function nativeDir(version, platform = process.platform, arch = process.arch) {
  return join(root, '.native', `electron-${version}-${platform}-${arch}`);
}

function nodeGypScript() {
  // npm tells scripts where its bundled node-gyp is; otherwise look next to this Node's npm.
  const candidates = [process.env.npm_config_node_gyp, join(dirname(process.execPath), '..', 'lib', 'node_modules', 'npm', 'node_modules', 'node-gyp', 'bin', 'node-gyp.js')];
  return candidates.find((p) => p && existsSync(p)) ?? null;
}

/** Builds better-sqlite3 for Electron in a scratch copy, so node_modules keeps its Node build. */
function buildSqliteForElectron(version, target) {
  const scratch = mkdtempSync(join(tmpdir(), 'gmpw-native-'));
  const pkg = join(scratch, 'better-sqlite3');
  try {
    cpSync(join(root, 'node_modules', 'better-sqlite3'), pkg, { recursive: true });
    rmSync(join(pkg, 'build'), { recursive: true, force: true });
    const built = join(pkg, 'build', 'Release', 'better_sqlite3.node');
    const arch = process.arch;
    console.log(`ensure-electron: fetching better-sqlite3 for Electron ${version} (${process.platform}-${arch})…`);
    const prebuilt = run(process.execPath, [join(root, 'node_modules', 'prebuild-install', 'bin.js'), '--runtime', 'electron', '--target', version, '--arch', arch, '--platform', process.platform], pkg);
    if (!prebuilt || !existsSync(built)) {
      const gyp = nodeGypScript();
      if (!gyp) return 'no prebuilt binary could be downloaded and node-gyp was not found to compile one';
      console.log('ensure-electron: no prebuilt binary; compiling against the Electron headers…');
      const compiled = run(process.execPath, [gyp, 'rebuild', '--release', `--target=${version}`, `--arch=${arch}`, '--dist-url=https://electronjs.org/headers'], pkg);
      if (!compiled || !existsSync(built)) return 'neither a prebuilt binary nor a compile against the Electron headers succeeded (both need network access)';
    }
    mkdirSync(target, { recursive: true });
    copyFileSync(built, join(target, 'better_sqlite3.node'));
    return null;
  } finally {
    rmSync(scratch, { recursive: true, force: true });
  }
}

if (!existsSync(join(electronDir, 'package.json'))) fail(['node_modules/electron is missing: run `npm install` first.']);
const version = JSON.parse(readFileSync(join(electronDir, 'package.json'), 'utf8')).version;

if (!electronBinaryInstalled()) {
  console.log(`ensure-electron: downloading the Electron ${version} binary (first start only)…`);
  if (!run(process.execPath, [join(electronDir, 'install.js')], root) || !electronBinaryInstalled()) {
    fail([
      `The Electron ${version} binary is not installed and could not be downloaded (see the error above).`,
      'Connect to the network, or point ELECTRON_MIRROR at a reachable mirror, then run `npm start` (or `npm run dist`) again.',
      'Without Electron the same UI runs in a browser: `npx gmpw serve --open`.',
    ]);
  }
}

const target = nativeDir(version);
if (!existsSync(join(target, 'better_sqlite3.node'))) {
  const problem = buildSqliteForElectron(version, target);
  if (problem) {
    fail([
      `better-sqlite3 for Electron ${version}: ${problem}.`,
      'The Node build in node_modules cannot be loaded by Electron (a different ABI).',
      'Without Electron the same UI runs in a browser: `npx gmpw serve --open`.',
    ]);
  }
}
console.log(`ensure-electron: Electron ${version} and its better-sqlite3 build are ready.`);
