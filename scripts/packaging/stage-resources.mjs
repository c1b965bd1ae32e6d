#!/usr/bin/env node
// Stages what electron-builder copies beside app.asar (extraResources in electron-builder.yml), in
// the layout src/main/core/install.ts reads:
//   go/      resources/go without tests, test data or built binaries, with gmptrace's module
//            dependencies vendored (`go mod vendor`), so the installed app builds its tools with
//            the user's Go and no network;
//   native/  better-sqlite3 built for Electron's ABI (scripts/ensure-electron.mjs makes it).
//
//   node scripts/packaging/stage-resources.mjs OUT_DIR [--electron-sqlite FILE]
//
// Without --electron-sqlite there is no native/: a package made from that cannot start, which is
// why `npm run dist` always passes it (the packaging test states what it leaves out).
import { execFileSync } from 'node:child_process';
import { copyFileSync, cpSync, mkdirSync, rmSync } from 'node:fs';
import { basename, dirname, join, resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { fileURLToPath } from 'node:url';

const root = resolve(dirname(fileURLToPath(import.meta.url)), '..', '..');

/** Modules whose dependencies the app needs offline (resources/go itself has none). */
export const VENDORED_MODULES = ['cmd/gmptrace'];

/** Not needed to build the tools: tests and their data, build outputs, profiles. */
function isShipped(path) {
  const name = basename(path);
  return !(name.endsWith('_test.go') || name === 'testdata' || name === 'bin' || name === '.gitignore' || name.endsWith('.test') || name.endsWith('.prof'));
}

/** Copies resources/go to outDir/go and vendors its modules' dependencies there. */
export function stageGoSources(outDir, env = process.env) {
  const go = join(outDir, 'go');
  rmSync(go, { recursive: true, force: true });
  cpSync(join(root, 'resources', 'go'), go, { recursive: true, filter: isShipped });
  for (const module of VENDORED_MODULES) {
    // -mod=mod: a GOFLAGS=-mod=vendor in the environment would make `go mod vendor` refuse to run.
    try {
      execFileSync('go', ['mod', 'vendor'], { cwd: join(go, module), env: { ...env, GOFLAGS: '-mod=mod' }, stdio: ['ignore', 'inherit', 'inherit'] });
    } catch (err) {
      const why = err.code === 'ENOENT' ? 'Go is not on PATH' : `go mod vendor exited ${err.status} (its output is above; it needs the module proxy or a filled module cache)`;
      throw new Error(`stage-resources: cannot vendor ${module}'s dependencies: ${why}`);
    }
  }
  return go;
}

export function stageElectronSqlite(outDir, binding) {
  const native = join(outDir, 'native');
  mkdirSync(native, { recursive: true });
  copyFileSync(binding, join(native, 'better_sqlite3.node'));
  return native;
}

if (process.argv[1] && resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  const { positionals, values } = parseArgs({ allowPositionals: true, options: { 'electron-sqlite': { type: 'string' } } });
  if (positionals.length !== 1) {
    console.error('usage: node scripts/packaging/stage-resources.mjs OUT_DIR [--electron-sqlite FILE]');
    process.exit(2);
  }
  const out = resolve(positionals[0]);
  try {
    stageGoSources(out);
    if (values['electron-sqlite']) stageElectronSqlite(out, resolve(values['electron-sqlite']));
  } catch (err) {
    console.error(err.message);
    process.exit(1);
  }
  console.log(`stage-resources: ${out} (go${values['electron-sqlite'] ? ', native' : ''})`);
}
