// A bench target's package as go test takes it: paths made independent of the working directory,
// and every way resolving or building it can fail, each with its own clear message, on real go
// list / go test -c runs of tiny fixture modules; a run over several packages stops at the first that fails.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { FIXTURES, openTestCore, type TestCore } from '../../../../test/support/run-core';
import { absolutePackage, isLocalPath, listDirectory } from './go-packages';

describe('absolutePackage', () => {
  it('makes local paths absolute, keeps a pattern\'s "...", and gives an import path the directory that resolves it', () => {
    expect(absolutePackage('./...', '/w/mod')).toEqual({ pkg: '/w/mod/...' });
    expect(absolutePackage('./internal/...', '/w/mod')).toEqual({ pkg: '/w/mod/internal/...' });
    expect(absolutePackage('../other', '/w/mod')).toEqual({ pkg: '/w/other' });
    expect(absolutePackage('/abs/pkg', '/w/mod')).toEqual({ pkg: '/abs/pkg' });
    expect(absolutePackage('runtime', '/w/mod')).toEqual({ pkg: 'runtime', dir: '/w/mod' });
    expect(absolutePackage('example.com/m/pkg', '/w/mod')).toEqual({ pkg: 'example.com/m/pkg', dir: '/w/mod' });
    // As the go command reads them: "mypkg" is an import path, not the directory ./mypkg.
    expect(['.', '..', './x', '../x', '/x'].every(isLocalPath)).toBe(true);
    expect(['mypkg', 'runtime', 'example.com/m/pkg'].some(isLocalPath)).toBe(false);
    expect(listDirectory('/w/mod/...', undefined)).toBe('/w/mod');
    expect(listDirectory('/w/mod/inter...', undefined)).toBe('/w/mod');
  });
});

describe('bench packages that cannot run', () => {
  let t: TestCore;
  beforeAll(async () => {
    t = await openTestCore();
  });
  afterAll(async () => {
    await t?.close();
  });

  const PKGS = join(FIXTURES, 'benchpkgs');
  /** The error a one-run bench plan fails with. */
  async function failure(target: { pkg: string; dir?: string }, capture: 'cpu'[] = []): Promise<string> {
    const { ids, states } = await t.runPlan({ target: { kind: 'bench', bench: '.', benchtime: '10x', ...target }, duration: '100ms', concurrency: [1], gomaxprocs: [1], capture });
    expect(states).toEqual(['failed']);
    return (await t.call('runs.get', { id: ids[0] })).run.error ?? '';
  }

  it('says which: unknown package, no test files, a pattern matching nothing, a build error, captures over several packages', async () => {
    expect(await failure({ pkg: 'example.com/gmpw-fixture/benchpkgs/nosuch', dir: PKGS })).toMatch(/^no required module provides package example\.com\/gmpw-fixture\/benchpkgs\/nosuch; to add it: go get /);
    expect(await failure({ pkg: 'nosuch', dir: PKGS })).toMatch(/package nosuch is not in std/);
    // A directory written as an import path gets the spelling go test wants.
    expect(await failure({ pkg: 'alpha', dir: PKGS })).toMatch(/package alpha is not in std .*\(the directory is written \.\/alpha, as go test takes it\)/);
    expect(await failure({ pkg: join(PKGS, 'notests') })).toBe('example.com/gmpw-fixture/benchpkgs/notests has no test files');
    expect(await failure({ pkg: './zzz...', dir: PKGS })).toBe(`${PKGS}/zzz... matched no packages`);
    // The compiler's own words, short: the file, line and column and what is wrong.
    expect(await failure({ pkg: join(FIXTURES, 'benchbroken') })).toMatch(/^go test failed \(exit 1\): \.\/broken_test\.go:6:\d+: cannot use "not a number"/);
    // The first package's binary fails: the run fails with its exit, and the next package's binary never starts.
    const { ids, states } = await t.runPlan({ target: { kind: 'bench', pkg: './...', dir: PKGS, bench: '.', benchtime: '10x' }, duration: '100ms', concurrency: [1], gomaxprocs: [1], capture: [], env: { GMPW_FAIL_ALPHA: '1' } });
    expect(states).toEqual(['failed']);
    expect((await t.call('runs.get', { id: ids[0] })).run.error).toMatch(/^exit code 1: FAIL/);
    const log = readFileSync(join(t.dataDir, 'runs', ids[0], 'terminal.log'), 'utf8');
    expect(log).toContain('GMPW_FAIL_ALPHA is set');
    expect(log).not.toContain('pkg: example.com/gmpw-fixture/benchpkgs/beta');
    expect(await failure({ pkg: './...', dir: PKGS }, ['cpu'])).toMatch(/cannot capture with several packages \(2 have tests: example\.com\/gmpw-fixture\/benchpkgs\/alpha, example\.com\/gmpw-fixture\/benchpkgs\/beta\): go test refuses -test\.cpuprofile with multiple packages/);
  });
});
