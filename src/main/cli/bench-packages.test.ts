// gmpw run --bench with a Go package as go test takes it, as a user types it in a terminal: a
// pattern (./...) resolved in the directory gmpw runs in, and a standard-library import path
// (runtime), each package built into its own test binary and its results carrying their pkg.
import { execFile } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { RunDetail } from '../../shared/contract';
import { GMPW, type CliResult } from '../../../test/support/gmpw';
import { FIXTURES } from '../../../test/support/run-core';
import { tempDataDir } from '../../../test/support/store-fixtures';

let data: ReturnType<typeof tempDataDir>;
beforeAll(() => {
  data = tempDataDir();
});
afterAll(() => data.cleanup());

/** gmpw run from `cwd`, as a user in that directory runs it. */
function gmpwIn(cwd: string, ...args: string[]): Promise<CliResult> {
  return new Promise((done) => {
    execFile(process.execPath, [GMPW, ...args, '--data-dir', data.dir], { cwd, timeout: 900_000 }, (err, stdout, stderr) => {
      done({ code: err ? ((err as { code?: number }).code ?? 1) : 0, stdout, stderr });
    });
  });
}

async function detail(id: string): Promise<RunDetail> {
  const out = await gmpwIn(FIXTURES, 'show', id, '--json');
  expect(out.code, out.stderr).toBe(0);
  return JSON.parse(out.stdout) as RunDetail;
}

const PKGS = join(FIXTURES, 'benchpkgs');

describe('gmpw run --bench PACKAGE', () => {
  it('./... runs the benchmarks of every package under the directory, one test binary each, told apart by pkg', async () => {
    const run = await gmpwIn(PKGS, 'run', '--bench', './...', '--bench-regex', 'Fill', '--benchtime', '100x', '--duration', '100ms', '--gomaxprocs', '1,2', '--concurrency', '1', '--json');
    expect(run.code, run.stderr).toBe(0);
    const ids = (JSON.parse(run.stdout) as { runs: { id: string }[] }).runs.map((r) => r.id);
    expect(ids).toHaveLength(2);
    const d = await detail(ids[1]);
    // Stored absolute, so the run means the same from any directory.
    expect(d.config.target).toMatchObject({ kind: 'bench', pkg: `${PKGS}/...` });
    expect(d.run.targetName).toBe('benchpkgs/... -bench Fill');
    expect(d.benchmarks.map((b) => [b.name, b.config.pkg])).toEqual([
      ['Fill-2', 'example.com/gmpw-fixture/benchpkgs/alpha'],
      ['Fill-2', 'example.com/gmpw-fixture/benchpkgs/beta'],
    ]);
    // gmpw show names each benchmark's package, and the header lists both.
    const shown = await gmpwIn(FIXTURES, 'show', ids[1]);
    expect(shown.stdout).toMatch(/^ {2}example\.com\/gmpw-fixture\/benchpkgs\/beta\s+Fill-2\s+100\s+[\d.]+ ns\/op/m);
    expect(shown.stdout).toContain('pkg: example.com/gmpw-fixture/benchpkgs/alpha, example.com/gmpw-fixture/benchpkgs/beta;');
    // The load go test ran: its benchtime, not the harness's concurrency and window it never used.
    expect(shown.stdout).toMatch(/^Config {7}Go .+ GOMAXPROCS=2 benchtime=100x capture=/m);
    expect((await gmpwIn(FIXTURES, 'list')).stdout).toMatch(new RegExp(`^${ids[1]}\\s+succeeded\\s+bench benchpkgs/\\.\\.\\. -bench Fill\\s+2\\s+—\\s`, 'm'));
    // Two binaries were built and the package without tests passed by, as go test does.
    const log = readFileSync(join(data.dir, 'runs', ids[0], 'terminal.log'), 'utf8');
    expect(log.match(/\$ go test -c -o \S+ \./g)).toHaveLength(2);
    expect(log).toMatch(/example\.com\/gmpw-fixture\/benchpkgs\/notests\t\[no test files\]/);

    // Compared per package: the same benchmark name in two packages is two benchmarks.
    const cmp = await gmpwIn(FIXTURES, 'compare', ids[0], ids[1]);
    expect(cmp.code, cmp.stderr).toBe(0);
    expect(cmp.stdout).toMatch(/^BenchmarkFill \(example\.com\/gmpw-fixture\/benchpkgs\/alpha\)$/m);
    expect(cmp.stdout).toMatch(/^BenchmarkFill \(example\.com\/gmpw-fixture\/benchpkgs\/beta\)$/m);
  }, 600_000);

  it('./alpha is a directory, and the run\'s summary lists its benchmark as go test printed it', async () => {
    const run = await gmpwIn(PKGS, 'run', '--bench', './alpha', '--bench-regex', 'Fill', '--benchtime', '10x', '--duration', '100ms', '--gomaxprocs', '1', '--concurrency', '1');
    expect(run.code, run.stderr).toBe(0);
    expect(run.stdout).toMatch(/^\S+\s+BenchmarkFill\s+10\s+[\d.]+ ns\/op {2}\d+ B\/op {2}1 allocs\/op$/m);
  });

  it("with Go's default GOMAXPROCS, gmpw show gives the value in force: go test's -N on the benchmark's name", async () => {
    const run = await gmpwIn(PKGS, 'run', '--bench', './alpha', '--bench-regex', 'Fill', '--benchtime', '10x', '--duration', '100ms', '--gomaxprocs', 'default', '--concurrency', '1', '--json');
    expect(run.code, run.stderr).toBe(0);
    const id = (JSON.parse(run.stdout) as { runs: { id: string }[] }).runs[0].id;
    const d = await detail(id);
    // go test leaves the suffix out at GOMAXPROCS 1.
    const suffix = /-(\d+)$/.exec(d.benchmarks[0].name)?.[1] ?? '1';
    expect(d.run.gomaxprocsInForce).toBe(Number(suffix));
    const show = await gmpwIn(PKGS, 'show', id);
    expect(show.stdout).toContain(`GOMAXPROCS   ${suffix} (configured: Go's default) in force (the -N go test appended to each benchmark's name)`);
  });

  it('runtime runs a standard-library package\'s benchmark from any directory', async () => {
    const somewhere = mkdtempSync(join(tmpdir(), 'gmpw-nomodule-'));
    try {
      const run = await gmpwIn(somewhere, 'run', '--bench', 'runtime', '--bench-regex', '^BenchmarkChanNonblocking$', '--benchtime', '100x', '--duration', '100ms', '--gomaxprocs', '2', '--concurrency', '1', '--json');
      expect(run.code, run.stderr).toBe(0);
      const d = await detail((JSON.parse(run.stdout) as { runs: { id: string }[] }).runs[0].id);
      expect(d.config.target).toMatchObject({ kind: 'bench', pkg: 'runtime', dir: somewhere });
      expect(d.benchmarks.map((b) => [b.name, b.iterations, b.config.pkg])).toEqual([['ChanNonblocking-2', 100, 'runtime']]);
      expect(d.benchmarks[0].values[0]).toMatchObject({ unit: 'ns/op', value: expect.any(Number) });
    } finally {
      rmSync(somewhere, { recursive: true, force: true });
    }
  }, 900_000);
});
