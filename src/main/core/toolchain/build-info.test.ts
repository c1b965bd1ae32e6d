import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { builtWithOf, readBuildInfo } from './build-info';
import { findGo } from './find-go';

const dir = mkdtempSync(join(tmpdir(), 'gmpw-buildinfo-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('build info', () => {
  it('reads the Go that built an executable from the executable', async () => {
    const go = await findGo();
    const exe = join(dir, 'hello');
    execFileSync(go.path, ['build', '-o', exe, '.'], { cwd: resolve(__dirname, '../../../../test/fixtures/go/rangecheck'), env: { ...process.env, GOTOOLCHAIN: 'local' } });
    const info = await readBuildInfo(go, exe);
    expect(info).toMatch(/^\tpath\t/m);
    expect(builtWithOf(info!)).toBe(go.version);
  }, 120_000);

  it('is null for a file that is no Go executable', async () => {
    const script = join(dir, 'script.sh');
    writeFileSync(script, '#!/bin/sh\n', { mode: 0o755 });
    expect(await readBuildInfo(await findGo(), script)).toBeNull();
  });

  it('parses the first line of go version -m, whatever the path holds', () => {
    expect(builtWithOf('/data/cache/bin/gmpstress-1a2b: go1.22.12\n\tpath\tx\n')).toBe('go1.22.12');
    expect(builtWithOf('/a b/c: d/prog: go1.26rc1\n')).toBe('go1.26rc1');
    expect(builtWithOf('garbage')).toBeNull();
  });
});
