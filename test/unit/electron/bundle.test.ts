// What electron-vite builds, checked without an Electron binary: a sandboxed preload can require
// nothing but 'electron', the main process must find the preload, renderer and flame worker, and
// the renderer must load nothing from the network.
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { checkoutInstall, preloadPath, rendererDir } from '../../../src/main/core/install';

const root = resolve(__dirname, '../../..');
let scratch: string;
let out: string;

const requires = (file: string) => [...readFileSync(file, 'utf8').matchAll(/require\(["']([^"']+)["']\)/g)].map((m) => m[1]!);

beforeAll(() => {
  scratch = mkdtempSync(join(tmpdir(), 'gmpw-build-'));
  out = join(scratch, 'out');
  const build = spawnSync(process.execPath, [join(root, 'node_modules', 'electron-vite', 'bin', 'electron-vite.js'), 'build', '--outDir', out], { cwd: root, encoding: 'utf8' });
  if (build.status !== 0) throw new Error(`electron-vite build failed:\n${build.stdout}\n${build.stderr}`);
});
afterAll(() => rmSync(scratch, { recursive: true, force: true }));

describe('electron-vite build', () => {
  it('bundles the preload into one CommonJS file that requires only electron', () => {
    const preload = join(out, 'preload', 'index.cjs');
    expect(existsSync(preload)).toBe(true);
    expect([...new Set(requires(preload))]).toEqual(['electron']);
  });

  it('puts the preload and the renderer where the main process looks for them, and the flame worker beside it', () => {
    // The main process asks core/install.ts, relative to the app root that holds out/.
    const install = checkoutInstall(scratch);
    expect(existsSync(preloadPath(install))).toBe(true);
    expect(existsSync(join(rendererDir(install), 'index.html'))).toBe(true);
    expect(existsSync(join(out, 'main', 'flame-worker.js'))).toBe(true);
  });

  it('builds a renderer that references nothing outside its own origin', () => {
    const html = readFileSync(join(out, 'renderer', 'index.html'), 'utf8');
    const refs = [...html.matchAll(/(?:src|href)="([^"]+)"/g)].map((m) => m[1]!);
    expect(refs.length).toBeGreaterThan(0);
    for (const ref of refs) expect(ref, ref).not.toMatch(/^(?:[a-z]+:)?\/\//i);
  });
});
