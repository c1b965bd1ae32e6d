// gmpw compare --experiment and gmpw export-bench as a user runs them: a subprocess on a data
// directory holding a stored experiment; the export goes through the real benchstat.
import { execFile } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { installBenchstat, type Benchstat } from '../../../test/support/benchstat';
import { cellName, storeExperiment } from '../../../test/support/experiment-fixture';
import { tempDataDir } from '../../../test/support/store-fixtures';
import { Store } from '../core/store';

const GMPW = resolve(__dirname, '../../../bin/gmpw.mjs');
let data: ReturnType<typeof tempDataDir>;
let experiment: string;
let benchstat: Benchstat;

function gmpw(...args: string[]): Promise<{ code: number; stdout: string; stderr: string }> {
  return new Promise((done) => {
    execFile(process.execPath, [GMPW, ...args, '--data-dir', data.dir], { timeout: 120_000 }, (err, stdout, stderr) => {
      done({ code: err ? ((err as { code?: number }).code ?? 1) : 0, stdout, stderr });
    });
  });
}

beforeAll(() => {
  data = tempDataDir();
  const store = Store.open(data.dir);
  experiment = storeExperiment(store);
  store.close();
  benchstat = installBenchstat();
});
afterAll(() => {
  data.cleanup();
  benchstat?.cleanup();
});

describe('gmpw compare --experiment', () => {
  it('prints each cell against the baseline: n, median ± CI, delta with p, or why there is no verdict', async () => {
    const out = await gmpw('compare', '--experiment', experiment, '--baseline', cellName(1));
    expect(out.code, out.stderr).toBe(0);
    const throughput = out.stdout.split('\n').filter((l) => l.startsWith('Throughput'));
    expect(throughput).toHaveLength(2);
    expect(throughput[0]).toMatch(/1,002 ops\/s ± 1% \(n=6\)\s+1,501 ops\/s ± 2% \(n=6\)\s+\+49\.88% \(p=0\.002 n=6\)$/);
    expect(throughput[1]).toMatch(/1,590 ops\/s \(n=2\)\s+\+\d+\.\d\d%, untested: too few runs for a verdict \(n=6\+2\)$/);
    expect(out.stdout).toMatch(/warning: GOMAXPROCS=2 concurrency=8: 1 run\(s\) left out/);
    // What each group ran, with the values in force, not only the cell names.
    const ran = out.stdout.slice(out.stdout.indexOf('What ran:'));
    expect(ran).toMatch(new RegExp(`^  ${cellName(1)} \\(base\\): .*GOMAXPROCS \\d`, 'm'));
    expect(ran).toContain('  every group: chan-sync-pingpong · 2s · concurrency 8\n');

    const json = await gmpw('compare', '--experiment', experiment, '--candidate', cellName(2), '--json');
    expect(json.code, json.stderr).toBe(0);
    const parsed = JSON.parse(json.stdout);
    expect(parsed.baseline.cell).toBe(cellName(1));
    expect(parsed.candidates.map((c: { cell: string }) => c.cell)).toEqual([cellName(2)]);
  });

  it('list shows the experiment id that compare --experiment takes', async () => {
    const out = await gmpw('list', '--experiment', experiment);
    expect(out.code, out.stderr).toBe(0);
    const [header, ...rows] = out.stdout.trim().split('\n');
    expect(header).toContain('experiment');
    expect(rows.length).toBeGreaterThan(0);
    for (const row of rows) expect(row).toContain(experiment);
  });

  it('refuses cell options without an experiment', async () => {
    const out = await gmpw('compare', '--baseline', cellName(1));
    expect(out.code).toBe(2);
    expect(out.stderr).toMatch(/--baseline and --candidate name cells of an --experiment/);
  });
});

describe('gmpw compare --fail-on (a regression gate)', () => {
  // GOMAXPROCS=2's runs are clearly faster than GOMAXPROCS=1's (+49.88%, p=0.002 6+6): taken the
  // other way round, a 33% drop in throughput; GOMAXPROCS=4 has 2 runs, too few for any verdict.
  const gate = (out: { stdout: string }) => out.stdout.slice(out.stdout.indexOf('\nGate (') + 1);

  it('exits 1 on a significant worsening, naming it; 0 when it is below --min-change or better', async () => {
    const worse = await gmpw('compare', '--experiment', experiment, '--baseline', cellName(2), '--candidate', cellName(1), '--fail-on', 'opsPerSec');
    expect(worse.code, worse.stderr).toBe(1);
    expect(gate(worse)).toBe(
      `Gate (--fail-on opsPerSec):\n  WORSE  Throughput, ${cellName(1)}: -33.28% (p=0.002 n=6)\ngate: FAILED (1 worse, 0 not judged)\n`,
    );
    const allowed = await gmpw('compare', '--experiment', experiment, '--baseline', cellName(2), '--candidate', cellName(1), '--fail-on', 'opsPerSec', '--min-change', '40%');
    expect(allowed.code, allowed.stderr).toBe(0);
    expect(gate(allowed)).toContain('passed  Throughput, GOMAXPROCS=1 concurrency=8: -33.28% (p=0.002 n=6); worse, but by less than the 40% allowed\ngate: passed\n');
    const better = await gmpw('compare', '--experiment', experiment, '--baseline', cellName(1), '--candidate', cellName(2), '--fail-on', 'opsPerSec');
    expect([better.code, gate(better)]).toEqual([0, `Gate (--fail-on opsPerSec):\n  passed  Throughput, ${cellName(2)}: +49.88% (p=0.002 n=6), better\ngate: passed\n`]);
  });

  it('fails when it cannot judge: too few runs, a metric without a direction or of no such key', async () => {
    const few = await gmpw('compare', '--experiment', experiment, '--baseline', cellName(1), '--candidate', cellName(4), '--fail-on', 'opsPerSec,goroutines,sched.exact.*');
    expect(few.code, few.stderr).toBe(1);
    const lines = gate(few).split('\n');
    expect(lines[1]).toMatch(new RegExp(`^  NOT JUDGED  Throughput, ${cellName(4)}: \\+\\d+\\.\\d\\d%, untested: too few runs for a verdict \\(n=6\\+2\\)$`));
    expect(lines[2]).toMatch(/^  NOT JUDGED  goroutines \(Goroutines .*\) is neither better higher nor lower: a gate needs a direction$/);
    expect(lines[3]).toMatch(/^  NOT JUDGED  no metric of this comparison with a better direction is sched\.exact\.\* \(its keys: opsPerSec, /);
    expect(lines.at(-2)).toBe('gate: FAILED (0 worse, 3 not judged)');
  });

  it('compares tagged runs, and will not judge a group of unlike runs', async () => {
    const store = Store.open(data.dir);
    const { runs } = store.listRuns({ filter: { experimentId: experiment }, limit: 100 });
    const tag = (cell: string, tags: string[]) => runs.filter((r) => r.cell?.startsWith(`${cell} #`)).forEach((r) => store.setTags(r.id, tags));
    tag(cellName(1), ['pr-42', 'pr|42']);
    tag(cellName(2), ['main', 'mixed']);
    tag(cellName(4), ['mixed']);
    store.close();

    const json = await gmpw('compare', '--baseline-tag', 'main', '--candidate-tag', 'pr-42', '--fail-on', 'opsPerSec', '--json');
    expect(json.code, json.stderr).toBe(1);
    const parsed = JSON.parse(json.stdout);
    expect([parsed.baseline.label, parsed.baseline.runIds.length, parsed.baseline.excluded.length, parsed.candidates[0].label]).toEqual(['tag main', 6, 1, 'tag pr-42']);
    expect(parsed.gate).toMatchObject({ passed: false, problems: [], lines: [{ metric: 'Throughput', group: 'tag pr-42', outcome: 'worse', text: '-33.28% (p=0.002 n=6)' }] });

    // For a pull request's comment: the gate first, then the table, a tag's pipe kept out of the table's columns.
    const markdown = await gmpw('compare', '--baseline-tag', 'main', '--candidate-tag', 'pr|42', '--fail-on', 'opsPerSec', '--markdown');
    expect(markdown.code, markdown.stderr).toBe(1);
    const md = markdown.stdout.split('\n');
    expect(md.slice(0, 3)).toEqual(['**gate: FAILED (1 worse, 0 not judged)** · Gate (--fail-on opsPerSec)', '', '- **WORSE** Throughput, tag pr\\|42: -33.28% (p=0.002 n=6)']);
    expect(md).toContain('| metric | tag main (base) | tag pr\\|42 | vs base |');
    expect(md.find((l) => l.startsWith('| Throughput |'))).toMatch(/^\| Throughput \| 1,501 ops\/s ± 2% \(n=6\) \| 1,002 ops\/s ± 1% \(n=6\) \| -33\.28% \(p=0\.002 n=6\) \|$/);
    expect((await gmpw('compare', '--baseline-tag', 'main', '--candidate-tag', 'pr-42', '--markdown', '--json')).code).toBe(2);

    // Runs of GOMAXPROCS 2 and 4 under one tag are no sample of one thing.
    const mixed = await gmpw('compare', '--baseline-tag', 'pr-42', '--candidate-tag', 'mixed', '--fail-on', 'opsPerSec');
    expect(mixed.code, mixed.stderr).toBe(1);
    expect(gate(mixed)).toMatch(/^  NOT JUDGED  Throughput, tag mixed: .*; not judged: tag mixed: its runs are not alike \(GOMAXPROCS 2, 4\)$/m);

    const unknown = await gmpw('compare', '--baseline-tag', 'main', '--candidate-tag', 'nope');
    expect([unknown.code, unknown.stderr]).toEqual([2, 'gmpw compare: --candidate-tag (its 1st value): No run carries the tag "nope".\n']);
  });

  it('refuses a gate it could not run: single runs, --min-change alone, an empty list', async () => {
    const { runs } = JSON.parse((await gmpw('list', '--json', '--limit', '2')).stdout) as { runs: { id: string }[] };
    const single = await gmpw('compare', runs[0].id, runs[1].id, '--fail-on', 'opsPerSec');
    expect([single.code, single.stderr]).toEqual([2, 'gmpw compare: --fail-on needs repetitions to test: compare --experiment cells or --baseline-tag runs\n']);
    expect((await gmpw('compare', '--experiment', experiment, '--min-change', '5')).code).toBe(2);
    expect((await gmpw('compare', '--experiment', experiment, '--fail-on', ',')).code).toBe(2);
    expect((await gmpw('compare', '--experiment', experiment, '--fail-on', 'opsPerSec', '--min-change', 'five')).stderr).toMatch(/--min-change: "five" is not a percentage/);
  });
});

describe('gmpw export-bench', () => {
  it('writes what benchstat reads, with the same verdict gmpw compare prints', async () => {
    const out = await gmpw('export-bench', '--experiment', experiment, '-o', join(data.dir, 'grid.txt'));
    expect(out.code, out.stderr).toBe(0);
    expect(out.stderr).toMatch(/skipped \S+: it is failed\nwrote 14 runs to /);
    // The command it suggests compares along the grid's one dimension.
    const [, columns] = /\ncompare with: benchstat -col (\S+) \S*grid\.txt\n$/.exec(out.stderr) ?? [];
    expect(columns).toBe('/gomaxprocs');
    const printed = benchstat.run({ grid: readFileSync(join(data.dir, 'grid.txt'), 'utf8') }, ['-col', columns!, '-filter', '.unit:ops/s']);
    expect(printed).toMatch(/ChanSyncPingpong\/concurrency=8\s+1\.002k ± 1%\s+1\.501k ± 2%\s+\+49\.88% \(p=0\.002 n=6\)/);
    const none = await gmpw('export-bench');
    expect(none.code).toBe(2);
  });

  it('exports nothing, says so and exits 1 when every run chosen is skipped; writes no file', async () => {
    const failed = /skipped (\S+): it is failed/.exec((await gmpw('export-bench', '--experiment', experiment)).stderr)![1]!;
    const out = await gmpw('export-bench', failed);
    expect([out.code, out.stdout, out.stderr]).toEqual([1, '', `skipped ${failed}: it is failed\ngmpw export-bench: nothing exported: the run chosen was skipped\n`]);
    const file = join(data.dir, 'none.txt');
    const toFile = await gmpw('export-bench', failed, '-o', file);
    expect([toFile.code, toFile.stderr]).toEqual([1, `skipped ${failed}: it is failed\ngmpw export-bench: nothing exported: the run chosen was skipped; ${file} was not written\n`]);
    expect(existsSync(file)).toBe(false);
  });

  it('names the path it cannot write, in one line, before exporting anything', async () => {
    const nowhere = join(data.dir, 'no-such-folder', 'grid.txt');
    const out = await gmpw('export-bench', '--experiment', experiment, '-o', nowhere);
    expect([out.code, out.stderr]).toEqual([2, `gmpw export-bench: cannot write ${nowhere}: there is no folder ${dirname(nowhere)}\n`]);
    const folder = await gmpw('export-bench', '--experiment', experiment, '-o', data.dir);
    expect([folder.code, folder.stderr]).toEqual([2, `gmpw export-bench: cannot write ${data.dir}: it is a folder (give a file name)\n`]);
  });
});
