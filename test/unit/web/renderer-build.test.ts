import { mkdirSync, mkdtempSync, rmSync, utimesSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { rendererBuildIsFresh } from '../../../src/main/web/renderer-build';

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
