import { describe, expect, it } from 'vitest';
import type { GroupFacts, GroupedMetric, SampleStats } from '../../../shared/contract';
import { cellDimensions } from '../../../shared/cell-name';
import { axisValueText, countsThings, experimentChartData, varyingDimensions, yAxisLabels, yAxisTicks } from './experiment-series';

const stats = (median: number, ci: [number, number] | null = null): SampleStats => ({ n: ci ? 6 : 4, median, lo: ci?.[0] ?? null, hi: ci?.[1] ?? null, ci: null, note: null });
const verdict = { deltaPct: null, p: null, n1: 4, n2: 4, outcome: 'no-difference' as const, text: '~' };

function metric(values: SampleStats[]): GroupedMetric {
  return { key: 'opsPerSec', label: 'Throughput', unit: 'ops/s', better: 'higher', baseline: values[0], candidates: values.slice(1).map((s) => ({ stats: s, verdict })) };
}

describe('experiment chart data', () => {
  it('reads the dimensions of a cell name', () => {
    expect(cellDimensions('GOMAXPROCS=default concurrency=100')).toEqual({ GOMAXPROCS: 'default', concurrency: '100' });
  });

  it('draws a 2 × 2 grid against GOMAXPROCS, one series per concurrency, with CI bands where there is one', () => {
    const cells = ['GOMAXPROCS=1 concurrency=2', 'GOMAXPROCS=2 concurrency=2', 'GOMAXPROCS=1 concurrency=4', 'GOMAXPROCS=2 concurrency=4'];
    const data = experimentChartData(cells, metric([stats(10, [9, 11]), stats(20, [18, 21]), stats(12), stats(25)]))!;
    expect([data.x, data.series]).toEqual(['GOMAXPROCS', ['concurrency=2', 'concurrency=4']]);
    expect(data.rows).toEqual([
      { x: '1', 'concurrency=2': 10, 'concurrency=2:ci': [9, 11], 'concurrency=4': 12, 'concurrency=4:ci': null },
      { x: '2', 'concurrency=2': 20, 'concurrency=2:ci': [18, 21], 'concurrency=4': 25, 'concurrency=4:ci': null },
    ]);
  });

  it('takes the x axis the reader picks among the varying dimensions; the others become the series', () => {
    const cells = ['go=local cpu=0.5', 'go=local cpu=max', 'go=go1.24.x cpu=0.5', 'go=go1.24.x cpu=max'];
    expect(varyingDimensions(cells)).toEqual(['go', 'cpu']);
    const byCpu = experimentChartData(cells, metric([stats(1), stats(2), stats(3), stats(4)]), 'cpu')!;
    expect([byCpu.x, byCpu.series]).toEqual(['cpu', ['go=go1.24.x', 'go=local']]);
    expect(byCpu.rows).toEqual([
      { x: '0.5', 'go=local': 1, 'go=local:ci': null, 'go=go1.24.x': 3, 'go=go1.24.x:ci': null },
      { x: 'max', 'go=local': 2, 'go=local:ci': null, 'go=go1.24.x': 4, 'go=go1.24.x:ci': null },
    ]);
    // A dimension that does not vary (or does not exist) leaves the first one on the axis.
    expect(experimentChartData(cells, metric([stats(1), stats(2), stats(3), stats(4)]), 'GOMAXPROCS')!.x).toBe('go');
  });

  it("orders the series by their values, not by the cells' order, so a line keeps its colour whatever the baseline", () => {
    const cells = ['GOMAXPROCS=1 concurrency=10', 'GOMAXPROCS=1 concurrency=2', 'GOMAXPROCS=2 concurrency=10', 'GOMAXPROCS=2 concurrency=2'];
    const asGiven = experimentChartData(cells, metric([stats(1), stats(2), stats(3), stats(4)]))!;
    const otherBaseline = experimentChartData([cells[1]!, cells[0]!, cells[2]!, cells[3]!], metric([stats(2), stats(1), stats(3), stats(4)]))!;
    expect(asGiven.series).toEqual(['concurrency=2', 'concurrency=10']);
    expect(otherBaseline.series).toEqual(asGiven.series);
    expect(otherBaseline.rows).toEqual(asGiven.rows);
  });

  it('orders values as numbers, default last; a grid over one dimension is one series; no variation, no chart', () => {
    const cells = ['GOMAXPROCS=default concurrency=8', 'GOMAXPROCS=16 concurrency=8', 'GOMAXPROCS=2 concurrency=8'];
    const data = experimentChartData(cells, metric([stats(3), stats(2), stats(1)]))!;
    expect(data.rows.map((r) => [r.x, r.Throughput])).toEqual([['2', 1], ['16', 2], ['default', 3]]);
    expect(data.series).toEqual(['Throughput']);
    expect(experimentChartData(['GOMAXPROCS=1 concurrency=8'], metric([stats(1)]))).toBeNull();
  });

  it('with three dimensions varying, one series per combination of the two not on the x axis: no cell is lost', () => {
    const cells = [];
    for (const cpu of ['0.5', 'max']) for (const c of ['1', '2']) for (const p of ['1', '2']) cells.push(`GOMAXPROCS=${p} concurrency=${c} cpu=${cpu}`);
    const data = experimentChartData(cells, metric(cells.map((_, i) => stats(i + 1))))!;
    expect([data.x, data.series]).toEqual(['GOMAXPROCS', ['concurrency=1 cpu=0.5', 'concurrency=1 cpu=max', 'concurrency=2 cpu=0.5', 'concurrency=2 cpu=max']]);
    // Every cell's median is on the chart once.
    const drawn = data.rows.flatMap((r) => data.series.map((s) => r[s]));
    expect(drawn.sort((a, b) => Number(a) - Number(b))).toEqual([1, 2, 3, 4, 5, 6, 7, 8]);
  });

  it('says what ran where a cell names what was asked: the release a go=go1.N.x or go=local cell resolved to, GOMAXPROCS=default in force', () => {
    const cells = ['go=local GOMAXPROCS=default', 'go=go1.24.x GOMAXPROCS=default', 'go=local GOMAXPROCS=1', 'go=go1.24.x GOMAXPROCS=1'];
    const facts = (goBuilt: string[], gomaxprocsInForce: number[], cpuLimitInForce: Array<number | 'max'> = []): GroupFacts => ({ setups: [], goReleases: [], inForce: [], machines: [], goBuilt, gomaxprocsInForce, cpuLimitInForce });
    const ran = [facts(['go1.26.8'], [2]), facts(['go1.24.13'], [2]), facts(['go1.26.8'], [1]), facts(['go1.24.12', 'go1.24.13'], [1])];
    const byGo = experimentChartData(cells, metric(cells.map((_, i) => stats(i + 1))), 'go', ran)!;
    expect(byGo.xLabels).toEqual({ 'go1.24.x': 'go1.24.x → go1.24.12, go1.24.13', local: 'local → go1.26.8' });
    expect(byGo.series.map((s) => byGo.seriesLabels[s])).toEqual(['GOMAXPROCS=1', 'GOMAXPROCS=default → 2']);
    // Without the facts (or where the runs did not say), the cell's own value.
    expect(experimentChartData(cells, metric(cells.map((_, i) => stats(i + 1))), 'go')!.xLabels).toEqual({ 'go1.24.x': 'go1.24.x', local: 'local' });
    // A release asked by its patch reads once; a GOMAXPROCS asked by number is what ran.
    expect(axisValueText('go', 'go1.24.13', [facts(['go1.24.13'], [])])).toBe('go1.24.13');
    expect(axisValueText('GOMAXPROCS', '4', [facts([], [4])])).toBe('4');
    // Runs that changed it at a cell asked for 4 say so.
    expect(axisValueText('GOMAXPROCS', '4', [facts([], [2, 4])])).toBe('4 → 2, 4');
    // A scenario that sets its own CPU limit: both cells ran under 0.5 cores.
    expect(axisValueText('cpu', '1.5', [facts([], [], [0.5])])).toBe('1.5 → 0.5');
    expect(axisValueText('cpu', 'max', [facts([], [], [0.5])])).toBe('max → 0.5');
    expect(axisValueText('cpu', 'max', [facts([], [], ['max'])])).toBe('max');
  });

  it('draws no series for a dimension that follows x: hosts each at its own CPU count', () => {
    const cells = ['host=local GOMAXPROCS=1 concurrency=2', 'host=lab GOMAXPROCS=1 concurrency=16', 'host=local GOMAXPROCS=2 concurrency=2', 'host=lab GOMAXPROCS=2 concurrency=16'];
    const data = experimentChartData(cells, metric([stats(1), stats(2), stats(3), stats(4)]))!;
    // concurrency follows the host; GOMAXPROCS does not, so it makes the series
    expect([data.x, data.series]).toEqual(['host', ['GOMAXPROCS=1', 'GOMAXPROCS=2']]);
    const hostsOnly = experimentChartData(['host=local GOMAXPROCS=1 concurrency=2', 'host=lab GOMAXPROCS=1 concurrency=16'], metric([stats(1), stats(2)]))!;
    expect([hostsOnly.x, hostsOnly.series]).toEqual(['host', ['Throughput']]);
  });
});

describe('experiment chart y axis', () => {
  const cells = ['GOMAXPROCS=1 concurrency=2', 'GOMAXPROCS=2 concurrency=2'];

  it('runs from 0 to the highest median or CI bound drawn', () => {
    expect(yAxisTicks(experimentChartData(cells, metric([stats(10, [9, 11]), stats(20, [18, 37])]))!)).toEqual([0, 10, 20, 30, 40]);
  });

  it('runs an all-zero metric 0..1, not to a scale of its own', () => {
    // recharts' 'auto' domain drew 0 1 2 3 4 for a metric that was 0 in every cell.
    expect(yAxisTicks(experimentChartData(cells, metric([stats(0, [0, 0]), stats(0)]))!)).toEqual([0, 0.5, 1]);
  });

  it('keeps an axis of counted things whole: no "0.500 goroutines" or "1.50 pauses"', () => {
    const pauses = { ...metric([stats(1), stats(2)]), key: 'stwPauses', unit: 'pauses', better: 'lower' as const };
    expect(countsThings(pauses)).toBe(true);
    expect(yAxisTicks(experimentChartData(cells, pauses)!, countsThings(pauses))).toEqual([0, 1, 2]);
    for (const unit of ['ops/s', 's', 'B', 'share']) expect(countsThings({ unit }), unit).toBe(false);
    // A benchmark's own unit may be any fraction.
    expect(countsThings({ unit: 'hits', benchmark: { name: 'Sum', pkg: 'p', title: 'BenchmarkSum', missingFrom: [] } })).toBe(false);
  });

  it('labels ticks in one short line: times and sizes scaled, counts and rates bare with the unit along the axis', () => {
    const rate = yAxisLabels('ops/s');
    expect([rate.tick(6e6), rate.axisUnit]).toEqual(['6.00M', 'ops/s']);
    const goroutines = yAxisLabels('goroutines');
    expect([goroutines.tick(12), goroutines.axisUnit]).toEqual(['12', 'goroutines']);
    const perOp = yAxisLabels('ns/op');
    expect([perOp.tick(0), perOp.tick(1500), perOp.axisUnit]).toEqual(['0', '1.50 µs', 'per op']);
    expect(yAxisLabels('B/op').tick(2048)).toBe('2.00 KiB');
    expect(yAxisLabels('s').axisUnit).toBeNull();
    expect(yAxisLabels('allocs/op').axisUnit).toBe('allocs/op');
    expect(yAxisLabels('count').axisUnit).toBeNull();
  });
});
