import { mkdirSync, mkdtempSync, readFileSync, rmSync, utimesSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { ensureRendererBuilt, rendererBuildIsFresh } from '../../src/main/renderer-build';

describe('rendererBuildIsFresh', () => {
  const roots: string[] = [];
  afterEach(() => roots.splice(0).forEach((dir) => rmSync(dir, { recursive: true, force: true })));

  /** A project with one renderer source and one shared source, and optionally a build. */
  function project(opts: { built: boolean }): string {
    const root = mkdtempSync(join(tmpdir(), 'gmpw-renderer-build-'));
    roots.push(root);
    for (const file of ['src/renderer/src/App.tsx', 'src/shared/contract.ts']) {
      mkdirSync(join(root, file, '..'), { recursive: true });
      writeFileSync(join(root, file), 'x');
      utimesSync(join(root, file), 1_000, 1_000);
    }
    if (opts.built) {
      mkdirSync(join(root, 'out/renderer'), { recursive: true });
      writeFileSync(join(root, 'out/renderer/index.html'), '<html>');
      utimesSync(join(root, 'out/renderer/index.html'), 2_000, 2_000);
    }
    return root;
  }

  it('is false when nothing was built', () => {
    expect(rendererBuildIsFresh(project({ built: false }))).toBe(false);
  });

  it('is true when the build is newer than every source', () => {
    expect(rendererBuildIsFresh(project({ built: true }))).toBe(true);
  });

  it('is false when a renderer or a shared source changed after the build', () => {
    for (const file of ['src/renderer/src/App.tsx', 'src/shared/contract.ts']) {
      const root = project({ built: true });
      utimesSync(join(root, file), 3_000, 3_000);
      expect(rendererBuildIsFresh(root), file).toBe(false);
    }
  });
});

describe('ensureRendererBuilt', () => {
  const roots: string[] = [];
  afterEach(() => {
    vi.restoreAllMocks();
    roots.splice(0).forEach((dir) => rmSync(dir, { recursive: true, force: true }));
  });

  /** A project whose electron-vite is a script that logs 100 lines, then builds or fails. */
  function project(succeeds: boolean): string {
    const root = mkdtempSync(join(tmpdir(), 'gmpw-renderer-build-'));
    roots.push(root);
    mkdirSync(join(root, 'src/renderer'), { recursive: true });
    mkdirSync(join(root, 'node_modules/electron-vite/bin'), { recursive: true });
    // The page it "builds" holds the NODE_ENV it was built under.
    const build = succeeds ? "fs.mkdirSync('out/renderer', { recursive: true }); fs.writeFileSync('out/renderer/index.html', '<html>' + process.env.NODE_ENV);" : 'process.exitCode = 1;';
    writeFileSync(join(root, 'node_modules/electron-vite/bin/electron-vite.js'), `const fs = require('node:fs'); for (let i = 1; i <= 100; i++) console.log('vite line ' + i); console.error('the last word'); ${build}`);
    return root;
  }

  function stderrOf(): string[] {
    const written: string[] = [];
    vi.spyOn(process.stderr, 'write').mockImplementation((chunk) => (written.push(String(chunk)), true));
    return written;
  }

  it('says it builds in one line and keeps the build tool\'s log to itself', async () => {
    const written = stderrOf();
    const dir = await ensureRendererBuilt(project(true));
    expect(dir.endsWith(join('out', 'renderer'))).toBe(true);
    expect(written).toEqual(['gmpw: building the user interface…\n']);
  });

  it('builds for production whatever NODE_ENV the caller has (vitest sets test; a shell may set development)', async () => {
    stderrOf();
    expect(process.env.NODE_ENV).toBe('test');
    const dir = await ensureRendererBuilt(project(true));
    expect(readFileSync(join(dir, 'index.html'), 'utf8')).toBe('<html>production');
  });

  it('shows the end of the log when the build fails', async () => {
    const written = stderrOf();
    await expect(ensureRendererBuilt(project(false))).rejects.toThrow(/^building the user interface failed \(electron-vite\/bin\/electron-vite\.js exited 1\)/);
    const shown = written.join('');
    expect(shown).toContain('vite line 100');
    expect(shown).toContain('the last word');
    expect(shown).not.toContain('vite line 60\n');
  });
});

