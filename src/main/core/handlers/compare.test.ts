// compare.cells and compare.exportBenchfmt over a real SQLite store holding an experiment, checked
// against the real benchstat reading our own export: the verdicts must agree.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { commands, type CommandInput, type CommandName, type CommandOutput } from '../../../shared/contract';
import { benchstatCsvRows, installBenchstat, type Benchstat } from '../../../../test/support/benchstat';
import { handlerTable } from '../../../../test/support/handler-table';
import { storeExperiment } from '../../../../test/support/experiment-fixture';
import { tempDataDir } from '../../../../test/support/store-fixtures';
import { EventBus } from '../events';
import { FlameService } from '../flame/service';
import { Store } from '../store';
import { CommandFailure } from '../errors';
import { dispatch } from './dispatch';
import { createCompareHandlers } from './compare';

let data: ReturnType<typeof tempDataDir>;
let store: Store;
let table: ReturnType<typeof handlerTable>;
let benchstat: Benchstat;
let experiment: string;

async function call<N extends CommandName>(name: N, input: CommandInput<N>): Promise<CommandOutput<N>> {
  return commands[name].output.parse(await dispatch(table, name, input)) as CommandOutput<N>;
}

beforeAll(() => {
  data = tempDataDir();
  store = Store.open(data.dir);
  const deps = { store, flame: new FlameService({ cacheDir: data.dir, workerUrl: null }), bus: new EventBus() };
  table = handlerTable(createCompareHandlers(deps));
  experiment = storeExperiment(store);
  benchstat = installBenchstat();
});
afterAll(() => {
  store.close();
  data.cleanup();
  benchstat?.cleanup();
});

describe('compare.cells', () => {
  it('compares a baseline cell with every other cell of its experiment, as benchstat would', async () => {
    const cmp = await call('compare.cells', { baseline: { experimentId: experiment, cell: 'GOMAXPROCS=1 concurrency=8' } });
    expect(cmp.baseline).toMatchObject({ cell: 'GOMAXPROCS=1 concurrency=8', excluded: [] });
    expect(cmp.baseline.runIds).toHaveLength(6);
    expect(cmp.candidates.map((c) => [c.cell, c.runIds.length, c.excluded.length])).toEqual([
      ['GOMAXPROCS=2 concurrency=8', 6, 1],
      ['GOMAXPROCS=4 concurrency=8', 3, 0],
    ]);
    expect(cmp.warnings.join('\n')).toMatch(/GOMAXPROCS=2 concurrency=8: 1 run\(s\) left out because they did not succeed: .* \(failed\)/);
    expect(cmp.warnings.join('\n')).not.toMatch(/GOMAXPROCS 2 differs/);

    const ops = cmp.metrics.find((m) => m.key === 'opsPerSec')!;
    expect(ops.baseline).toMatchObject({ n: 6, median: 1001.5, lo: 990, hi: 1012, ci: '± 1%' });
    expect(ops.candidates[0].verdict).toMatchObject({ outcome: 'better', text: '+49.88% (p=0.002 n=6)' });
    expect(ops.candidates[1].stats).toMatchObject({ n: 3, median: 1600, ci: null, note: expect.stringContaining('≥ 6 runs') });
    expect(ops.candidates[1].verdict).toMatchObject({ outcome: 'too-few', p: null, text: 'too few runs for a verdict (n=6+3; needs ≥ 4 each)' });

    // The same numbers through benchstat, reading our export with the cells as columns.
    const { text } = await call('compare.exportBenchfmt', { experimentId: experiment });
    const rows = benchstatCsvRows(benchstat.run({ grid: text }, ['-format', 'csv', '-col', '/gomaxprocs', '-filter', '.unit:ops/s']));
    const [, baseMedian, baseCi, candMedian, candCi, vsBase, pn] = rows.get('ChanSyncPingpong/concurrency=8')!;
    expect([Number(baseMedian), `± ${baseCi}`]).toEqual([ops.baseline.median, ops.baseline.ci]);
    expect([Number(candMedian), `± ${candCi}`]).toEqual([ops.candidates[0].stats.median, ops.candidates[0].stats.ci]);
    expect(`${vsBase} (${pn})`).toBe(ops.candidates[0].verdict.text);
  });

  it('takes a single run as a group of one, and says there is no verdict', async () => {
    const [a, b] = store.listRuns({ filter: { experimentId: experiment }, sort: { key: 'createdAt', dir: 'asc' } }).runs;
    const cmp = await call('compare.cells', { baseline: { runIds: [a.id] }, candidates: [{ runIds: [b.id] }] });
    const ops = cmp.metrics.find((m) => m.key === 'opsPerSec')!;
    expect(ops.baseline).toMatchObject({ n: 1, median: 1000, ci: null });
    expect(ops.candidates[0].verdict).toMatchObject({ outcome: 'too-few', deltaPct: 50, text: expect.stringMatching(/^too few runs/) });
  });

  it('names the cells an experiment has when asked for one it has not', async () => {
    const err = await dispatch(table, 'compare.cells', { baseline: { experimentId: experiment, cell: 'GOMAXPROCS=3' } }).catch((e) => e);
    expect(err).toBeInstanceOf(CommandFailure);
    expect((err as CommandFailure).detail).toMatchObject({ code: 'not-found', message: expect.stringContaining('"GOMAXPROCS=1 concurrency=8", "GOMAXPROCS=2 concurrency=8"') });
  });
});

describe('compare.exportBenchfmt', () => {
  it('writes configuration lines, one line per succeeded run, and unit directions; benchstat reads it without complaint', async () => {
    const out = await call('compare.exportBenchfmt', { experimentId: experiment });
    expect(out.runs).toBe(15);
    expect(out.skipped).toEqual([{ id: expect.any(String), reason: 'it is failed' }]);
    const lines = out.text.split('\n');
    expect(lines.slice(0, 3)).toEqual(['goos: linux', 'goarch: amd64', 'cpu: 2 CPUs']);
    expect(lines).toContain('pkg: gmpstress');
    expect(lines.filter((l) => l.startsWith('BenchmarkChanSyncPingpong/concurrency=8-2\t2000\t1000 ops/s'))).toHaveLength(0);
    expect(lines.find((l) => l.startsWith('BenchmarkChanSyncPingpong/concurrency=8-1\t'))).toMatch(/^BenchmarkChanSyncPingpong\/concurrency=8-1\t1000\t1000 ops\/s\t.* sched-sampled-p50-sec/);
    expect(lines).toContain('Unit ops/s better=higher');
    expect(lines).toContain('Unit sched-sampled-p99-sec better=lower');
    // benchstat fails on syntax errors; the plain text table must name every unit we wrote.
    const printed = benchstat.run({ grid: out.text }, ['-col', '/gomaxprocs']);
    for (const unit of ['ops/s', 'sched-sampled-p99-sec', 'gc-pause-p99-sec', 'gc-cycles', 'goroutines']) expect(printed).toContain(unit);
  });

  it('wants either an experiment or runs', async () => {
    const err = await dispatch(table, 'compare.exportBenchfmt', {}).catch((e) => e);
    expect((err as CommandFailure).detail.message).toMatch(/either an experiment id or run ids/);
  });
});
