// gmpw compare --experiment and gmpw export-bench as a user runs them: a subprocess on a data
// directory holding a stored experiment; the export goes through the real benchstat.
import { execFile } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { installBenchstat, type Benchstat } from '../../../test/support/benchstat';
import { cellName, storeExperiment, type CellSpec } from '../../../test/support/experiment-fixture';
import { tempDataDir } from '../../../test/support/store-fixtures';
import { Store } from '../core/store';

const GMPW = resolve(__dirname, '../../../bin/gmpw.mjs');
let data: ReturnType<typeof tempDataDir>;
let experiment: string;
let benchstat: Benchstat;

function gmpwIn(dataDir: string, args: string[]): Promise<{ code: number; stdout: string; stderr: string }> {
  return new Promise((done) => {
    execFile(process.execPath, [GMPW, ...args, '--data-dir', dataDir], { timeout: 120_000 }, (err, stdout, stderr) => {
      done({ code: err ? ((err as { code?: number }).code ?? 1) : 0, stdout, stderr });
    });
  });
}
const gmpw = (...args: string[]) => gmpwIn(data.dir, args);

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
    expect(out.stdout).toMatch(/warning: GOMAXPROCS=2 concurrency=8: 1 run left out because it did not succeed/);
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
    // An id no experiment has is a mistake in the command line, as compare and export-bench say.
    const typo = await gmpw('list', '--experiment', `${experiment}x`, '--json');
    expect([typo.code, typo.stdout, typo.stderr]).toEqual([2, '', `gmpw list: --experiment: no run belongs to an experiment ${experiment}x (gmpw list shows the experiments' ids)\n`]);
    // The experiment is there, its runs all succeeded: an empty list, not a mistake.
    const none = await gmpw('list', '--experiment', experiment, '--state', 'cancelled');
    expect([none.code, none.stdout]).toEqual([0, 'no runs\n']);
  });

  it('refuses cell options without an experiment', async () => {
    const out = await gmpw('compare', '--baseline', cellName(1));
    expect(out.code).toBe(2);
    expect(out.stderr).toMatch(/--baseline and --candidate name cells of an --experiment/);
  });
});

describe('gmpw compare --fail-on (a regression gate)', () => {
  // Two builds of one setup, as a CI job tags them: main's runs are clearly faster than pr-42's
  // (+49.88% the other way round, p=0.002 6+6); p1 ran at GOMAXPROCS 1, few has 2 runs, flaky a
  // failed repetition. The grid's cells (an experiment) are compared as cells.
  let gateData: ReturnType<typeof tempDataDir>;
  const gate = (out: { stdout: string }) => out.stdout.slice(out.stdout.indexOf('\nGate (') + 1);
  const tagged = (store: Store, tag: string, cells: CellSpec[]) => {
    const id = storeExperiment(store, cells);
    for (const r of store.listRuns({ filter: { experimentId: id }, limit: 100 }).runs) store.setTags(r.id, [tag]);
  };
  const MAIN = [1500, 1490, 1525, 1511, 1470, 1502];
  const PR = [1000, 1012, 995, 1003, 990, 1007];
  const g = (...args: string[]) => gmpwIn(gateData.dir, args);

  beforeAll(() => {
    gateData = tempDataDir();
    const store = Store.open(gateData.dir);
    tagged(store, 'main', [{ procs: 2, ops: MAIN }]);
    tagged(store, 'pr-42', [{ procs: 2, ops: PR }]);
    tagged(store, 'pr|<b>42</b>', [{ procs: 2, ops: PR }]);
    tagged(store, 'p1', [{ procs: 1, ops: PR }]);
    tagged(store, 'few', [{ procs: 2, ops: [1000, 1010] }]);
    tagged(store, 'flaky', [{ procs: 2, ops: PR, failed: 1 }]);
    tagged(store, 'traced', [{ procs: 2, ops: PR, config: { capture: ['trace'], env: { GOGC: '5' } } }]);
    store.close();
  });
  afterAll(() => gateData.cleanup());

  it('exits 1 on a significant worsening, naming it; 0 when it is below --min-change or better', async () => {
    const worse = await g('compare', '--baseline-tag', 'main', '--candidate-tag', 'pr-42', '--fail-on', 'opsPerSec');
    expect(worse.code, worse.stderr).toBe(1);
    expect(gate(worse)).toBe('Gate (--fail-on opsPerSec):\n  WORSE  Throughput, tag pr-42: -33.28% (p=0.002 n=6)\ngate: FAILED (1 worse, 0 not judged)\n');
    // The floor is a share of the baseline's median: a 33% fall passes 40%, not 30%.
    const allowed = await g('compare', '--baseline-tag', 'main', '--candidate-tag', 'pr-42', '--fail-on', 'opsPerSec', '--min-change', '40%');
    expect([allowed.code, gate(allowed)]).toEqual([0, 'Gate (--fail-on opsPerSec, worsening below 40% allowed):\n  passed  Throughput, tag pr-42: -33.28% (p=0.002 n=6); worse, but by less than the 40% allowed\ngate: passed\n']);
    expect((await g('compare', '--baseline-tag', 'main', '--candidate-tag', 'pr-42', '--fail-on', 'opsPerSec', '--min-change', '30')).code).toBe(1);
    const better = await g('compare', '--baseline-tag', 'pr-42', '--candidate-tag', 'main', '--fail-on', 'opsPerSec');
    expect([better.code, gate(better)]).toEqual([0, 'Gate (--fail-on opsPerSec):\n  passed  Throughput, tag main: +49.88% (p=0.002 n=6), better\ngate: passed\n']);
  });

  it('fails when it cannot judge: too few runs, failed runs, runs not alike, no such metric or no direction', async () => {
    const out = await g('compare', '--baseline-tag', 'main', '--candidate-tag', 'few', '--candidate-tag', 'flaky', '--candidate-tag', 'p1', '--fail-on', 'opsPerSec,goroutines,sched.exact.*');
    expect(out.code, out.stderr).toBe(1);
    const lines = gate(out).split('\n');
    expect(lines[1]).toMatch(/^  NOT JUDGED  Throughput, tag few: -\d+\.\d\d%, untested: too few runs for a verdict \(n=6\+2\)$/);
    expect(lines[2]).toMatch(/^  NOT JUDGED  Throughput, tag flaky: -33\.28% \(p=0\.002 n=6\); not judged: 1 of its runs did not succeed \(\S+ failed\)$/);
    expect(lines[3]).toBe('  NOT JUDGED  Throughput, tag p1: -33.28% (p=0.002 n=6); not judged: it did not run as the baseline did (GOMAXPROCS: 2 against 1)');
    expect(lines[4]).toMatch(/^  NOT JUDGED  goroutines \("Goroutines .*"\) is better neither higher nor lower: a gate needs a direction$/);
    expect(lines[5]).toMatch(/^  NOT JUDGED  no metric of this comparison with a better direction is sched\.exact\.\* \(its keys: opsPerSec, /);
    // No line reached a verdict that counts, so no chance of a false alarm is claimed.
    expect(lines[6]).toBe('gate: FAILED (0 worse, 5 not judged)');

    // Tracing costs throughput and GOGC=5 is another program: a build compared under them is not judged.
    const traced = await g('compare', '--baseline-tag', 'main', '--candidate-tag', 'traced', '--fail-on', 'opsPerSec');
    expect(traced.code, traced.stderr).toBe(1);
    expect(gate(traced)).toContain('not judged: it did not run as the baseline did (setups: chan-sync-pingpong · 2s · concurrency 8 against chan-sync-pingpong · 2s · concurrency 8 · GOGC=5 · capture trace)');
    // In Markdown its warnings come right under the verdict, above the table.
    const md = (await g('compare', '--baseline-tag', 'main', '--candidate-tag', 'traced', '--fail-on', 'opsPerSec', '--markdown')).stdout.split('\n');
    const firstWarning = md.findIndex((l) => l.startsWith('> warning: '));
    expect(firstWarning).toBeGreaterThan(0);
    expect(firstWarning).toBeLessThan(md.findIndex((l) => l.startsWith('| metric |')));

    // The cells of an experiment differ by design: GOMAXPROCS 2 against 1 is judged there.
    const store = Store.open(gateData.dir);
    const grid = storeExperiment(store, [{ procs: 2, ops: MAIN }, { procs: 1, ops: PR }]);
    store.close();
    const cells = await g('compare', '--experiment', grid, '--fail-on', 'opsPerSec');
    expect([cells.code, gate(cells).split('\n')[1]]).toEqual([1, `  WORSE  Throughput, ${cellName(1)}: -33.28% (p=0.002 n=6)`]);
  });

  it('refuses groups that share runs or a tag given twice, and a gate it could not run', async () => {
    expect((await g('compare', '--baseline-tag', 'main', '--candidate-tag', 'main', '--fail-on', 'opsPerSec')).stderr).toBe('gmpw compare: the tag main is given twice: a group compared with itself says nothing\n');
    const store = Store.open(gateData.dir);
    const shared = store.listRuns({ filter: { tag: 'few' }, limit: 1 }).runs[0];
    store.setTags(shared.id, ['few', 'also']);
    store.close();
    const overlap = await g('compare', '--baseline-tag', 'few', '--candidate-tag', 'also');
    expect([overlap.code, overlap.stderr]).toEqual([2, `gmpw compare: --candidate-tag (its 1st value): Run ${shared.id} is in both tag few and tag also: groups compared must not share runs.\n`]);
    const unknown = await g('compare', '--baseline-tag', 'main', '--candidate-tag', 'nope');
    expect([unknown.code, unknown.stderr]).toEqual([2, 'gmpw compare: --candidate-tag (its 1st value): No run carries the tag "nope".\n']);

    const { runs } = JSON.parse((await g('list', '--json', '--limit', '2')).stdout) as { runs: { id: string }[] };
    const single = await g('compare', runs[0].id, runs[1].id, '--fail-on', 'opsPerSec');
    expect([single.code, single.stderr]).toEqual([2, 'gmpw compare: --fail-on needs repetitions to test: compare --experiment cells or --baseline-tag runs\n']);
    expect((await g('compare', '--baseline-tag', 'main', '--candidate-tag', 'pr-42', '--min-change', '5')).code).toBe(2);
    expect((await g('compare', '--baseline-tag', 'main', '--candidate-tag', 'pr-42', '--fail-on', ',')).code).toBe(2);
    // A typo is the command line's mistake, not a regression: CI tells them apart by the exit code.
    const typo = await g('compare', '--baseline-tag', 'main', '--candidate-tag', 'pr-42', '--fail-on', 'opsPerSec,OpsPerSecs');
    expect([typo.code, typo.stderr]).toEqual([2, 'gmpw compare: --fail-on: OpsPerSecs: no metric of this comparison has that key\n']);
    expect(gate(typo)).toContain('NOT JUDGED  no metric of this comparison with a better direction is OpsPerSecs (its keys: opsPerSec,');
    for (const floor of ['five', '', '0x10', '1e1', '100', '-5']) {
      expect((await g('compare', '--baseline-tag', 'main', '--candidate-tag', 'pr-42', '--fail-on', 'opsPerSec', '--min-change', floor)).stderr).toContain(`--min-change: "${floor}" is not a percentage from 0 to 99`);
    }
  });

  it('gives the verdicts as JSON, and as Markdown for a pull request, every tag and spec as written', async () => {
    const json = await g('compare', '--baseline-tag', 'main', '--candidate-tag', 'pr-42', '--fail-on', 'opsPerSec', '--json');
    expect(json.code, json.stderr).toBe(1);
    const parsed = JSON.parse(json.stdout);
    expect([parsed.baseline.label, parsed.baseline.runIds.length, parsed.candidates[0].label]).toEqual(['tag main', 6, 'tag pr-42']);
    expect(parsed.gate).toEqual({ passed: false, problems: [], misnamed: [], chanceFailurePct: 2.5, lines: [{ key: 'opsPerSec', metric: 'Throughput', group: 'tag pr-42', outcome: 'worse', text: '-33.28% (p=0.002 n=6)', tested: true }] });

    // A tag's pipe, HTML and the spec's * stay text: no column, no element, no emphasis.
    const markdown = await g('compare', '--baseline-tag', 'main', '--candidate-tag', 'pr|<b>42</b>', '--fail-on', 'opsPerSec,bench:*:ns/op', '--markdown');
    expect(markdown.code, markdown.stderr).toBe(1);
    const md = markdown.stdout.split('\n');
    expect(md.slice(0, 3)).toEqual(['**gate: FAILED (1 worse, 1 not judged)** · Gate \\(--fail-on opsPerSec,bench:\\*:ns/op\\)', '', '- **WORSE** Throughput, tag pr\\|\\<b\\>42\\</b\\>: -33.28% \\(p=0.002 n=6\\)']);
    expect(md).toContain('| metric | tag main \\(base\\) | tag pr\\|\\<b\\>42\\</b\\> | vs base |');
    expect(md.find((l) => l.startsWith('| Throughput |'))).toBe('| Throughput | 1,501 ops/s ± 2% \\(n=6\\) | 1,002 ops/s ± 1% \\(n=6\\) | -33.28% \\(p=0.002 n=6\\) |');
    expect((await g('compare', '--baseline-tag', 'main', '--candidate-tag', 'pr-42', '--markdown', '--json')).code).toBe(2);
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
