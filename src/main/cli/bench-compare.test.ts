// Go benchmarks compared per benchmark (core/read-side/bench-compare.ts), as the commands and
// gmpw compare give them, on real `go test -bench` runs of the fixture's two benchmarks (Sum and
// Product): compare.runs gives each benchmark its rows, one per unit go test printed, and says
// which run lacks one; compare.cells gives each benchmark its statistics and verdict, which the
// real benchstat, reading the workbench's export, agrees with.
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { GroupedMetric, RunDetail } from '../../shared/contract';
import { median } from '../../shared/median';
import { renderComparison } from './commands/compare';
import { renderGroupComparison } from './commands/cells-render';
import { benchstatCsvRows, installBenchstat, type Benchstat } from '../../../test/support/benchstat';
import { FIXTURES, openTestCore, type TestCore } from '../../../test/support/run-core';

const BENCH = join(FIXTURES, 'bench');
const plan = (bench: string, gomaxprocs: number[], repeat = 1) => ({
  target: { kind: 'bench' as const, pkg: BENCH, bench, benchtime: '300x' },
  duration: '100ms',
  concurrency: [1],
  gomaxprocs,
  repeat,
  capture: [],
});

/** What go test printed for a benchmark of the run, in one unit. */
const printed = (d: RunDetail, name: string, unit: string) => d.benchmarks.find((b) => b.name.replace(/-\d+$/, '') === name)?.values.find((v) => v.unit === unit)?.value ?? null;

let t: TestCore;
let benchstat: Benchstat;
beforeAll(async () => {
  t = await openTestCore();
  benchstat = installBenchstat();
});
afterAll(async () => {
  await t?.close();
  benchstat?.cleanup();
});

describe('compare.runs of bench runs', () => {
  it('gives each benchmark its rows, unit by unit, with the values go test printed, and names the run that lacks one', async () => {
    const both = await t.runPlan(plan('Sum|Product', [2]));
    const sumOnly = await t.runPlan(plan('Sum', [2]));
    expect([...both.states, ...sumOnly.states]).toEqual(['succeeded', 'succeeded']);
    const [a, b] = [both.ids[0], sumOnly.ids[0]];
    const cmp = await t.call('compare.runs', { baseline: a, candidates: [b] });

    const rows = cmp.metrics.filter((m) => m.benchmark);
    expect(rows.map((m) => [m.benchmark!.title, m.unit])).toEqual([
      ['BenchmarkSum', 'ns/op'],
      ['BenchmarkSum', 'B/op'],
      ['BenchmarkSum', 'allocs/op'],
      ['BenchmarkProduct', 'ns/op'],
      ['BenchmarkProduct', 'items/op'],
      ['BenchmarkProduct', 'B/op'],
      ['BenchmarkProduct', 'allocs/op'],
    ]);
    // No one unnamed throughput stands for the two benchmarks.
    expect(cmp.metrics.find((m) => m.key === 'opsPerSec')).toBeUndefined();
    for (const m of rows) {
      expect(m.baseline).toBe(printed(cmp.baseline, m.benchmark!.name, m.unit));
      expect(m.candidates[0].value).toBe(printed(cmp.candidates[0], m.benchmark!.name, m.unit));
      expect(m.better).toBe('lower');
    }
    const sumNs = rows[0];
    expect(sumNs.candidates[0].deltaPct).toBeCloseTo((sumNs.candidates[0].value! / sumNs.baseline! - 1) * 100, 9);
    expect(rows.filter((m) => m.benchmark!.name === 'Product').every((m) => m.benchmark!.missingFrom.join() === '1' && m.candidates[0].value === null)).toBe(true);
    expect(cmp.warnings).toContain(`BenchmarkProduct did not run in run ${b}: there is nothing to compare it with there.`);
    // go test's header is a bench run's provenance: no "no provenance" for these runs.
    expect(cmp.warnings.join('\n')).not.toMatch(/no provenance/);

    // gmpw compare prints the same: the benchmark's name, then a line per unit; "not run" where it did not run.
    const text = renderComparison(cmp);
    expect(text).toMatch(/^BenchmarkProduct$/m);
    expect(text).toMatch(/^ {2}items\/op\s+256 items\/op\s+not run\s+—$/m);
    expect(text).toMatch(/^BenchmarkSum\n {2}ns\/op\s+[\d.,]+ ns\/op\s+[\d.,]+ ns\/op\s+[-+]?\d+\.\d%$/m);
  });
});

describe('compare.cells of a bench experiment', () => {
  it('gives each benchmark its median, CI and verdict, as benchstat does', async () => {
    const { ids, states } = await t.runPlan(plan('Sum|Product', [2, 3], 4));
    expect(states.every((s) => s === 'succeeded')).toBe(true);
    const details = await Promise.all(ids.map((id) => t.call('runs.get', { id })));
    const experimentId = details[0].run.experimentId!;
    const cmp = await t.call('compare.cells', { baseline: { experimentId, cell: 'GOMAXPROCS=2' } });
    expect(cmp.candidates.map((c) => c.cell)).toEqual(['GOMAXPROCS=3']);
    // What the cells ran: go test's benchtime, not a duration or concurrency it never used.
    const benchtime = details[0].config.target.kind === 'bench' ? (details[0].config.target.benchtime ?? details[0].config.duration) : '';
    expect(cmp.facts.map((f) => f.setups)).toEqual([[`${details[0].run.targetName} · benchtime ${benchtime}`], [`${details[0].run.targetName} · benchtime ${benchtime}`]]);

    const row = (name: string, unit: string): GroupedMetric => cmp.metrics.find((m) => m.benchmark?.name === name && m.unit === unit)!;
    for (const name of ['Sum', 'Product']) {
      const ns = row(name, 'ns/op');
      // Each cell's runs are its samples: the median of what go test printed in the cell's four runs.
      const cellValues = (gomaxprocs: number) => details.filter((d) => d.config.gomaxprocs === gomaxprocs).map((d) => printed(d, name, 'ns/op')!);
      expect(ns.baseline).toMatchObject({ n: 4, median: median(cellValues(2)), ci: null });
      expect(ns.candidates[0].stats).toMatchObject({ n: 4, median: median(cellValues(3)) });
      // Four runs a side give a verdict: a Mann–Whitney p-value, not "too few".
      expect(ns.candidates[0].verdict.outcome).not.toBe('too-few');
      expect(ns.candidates[0].verdict.p).not.toBeNull();
    }
    // A constant custom metric: no difference.
    expect(row('Product', 'items/op').candidates[0].verdict).toMatchObject({ outcome: 'no-difference' });

    // benchstat, reading the experiment's export with GOMAXPROCS as columns, gives the same verdicts.
    const { text } = await t.call('compare.exportBenchfmt', { experimentId });
    const csv = benchstat.run({ grid: text }, ['-format', 'csv', '-col', '/gomaxprocs', '-filter', '.unit:sec/op']);
    const rows = benchstatCsvRows(csv);
    for (const name of ['Sum', 'Product']) {
      const cells = rows.get(name);
      expect(cells, csv).toBeDefined();
      const verdict = row(name, 'ns/op').candidates[0].verdict.text;
      expect(`${cells![5]} (${cells![6]})`).toBe(verdict);
    }

    const printedText = renderGroupComparison(cmp);
    expect(printedText).toMatch(/^BenchmarkSum$/m);
    expect(printedText).toContain(row('Sum', 'ns/op').candidates[0].verdict.text);
  });
});
