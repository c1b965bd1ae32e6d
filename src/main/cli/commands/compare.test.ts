// gmpw compare of single runs: the MMU rows hold the figures the Compare page's MMU table shows
// (src/shared/mmu.ts), a dash for a run without a trace or a window longer than its trace.
import { describe, expect, it } from 'vitest';
import type { Comparison, RunDetail } from '../../../shared/contract';
import type { MmuCurve } from '../../../shared/mmu';
import { seconds } from '../format';
import { renderComparison } from './compare';

/** The fields renderComparison reads, on an otherwise empty detail. */
function detail(id: string, mmu?: MmuCurve, ran: { cpuLimit?: number | 'max'; provenance?: object } = {}): RunDetail {
  const trace = mmu ? { mmu, meta: { duration_s: mmu.points[mmu.points.length - 1]!.window_s }, gc: { cycles: Math.round(mmu.points.length * 10) } } : null;
  return {
    run: { id, tags: [], gomaxprocsInForce: null },
    config: { goVersion: 'local', gomaxprocs: 'default', cpuLimit: ran.cpuLimit ?? 'max' },
    builtWith: 'go1.26.0',
    provenance: ran.provenance ?? null,
    analysis: trace,
  } as unknown as RunDetail;
}

// A 50 ms trace and a 2 s one: points at the quoted windows each has, then the whole length.
const short: MmuCurve = {
  flags: ['stw', 'background', 'assist'],
  points: [
    { window_s: 0.001, mmu: 0.25, worst_at_s: 0.0133, err: 0.000122 },
    { window_s: 0.01, mmu: 0.33529805, worst_at_s: 0.0766, err: 0.000122 },
    { window_s: 0.05, mmu: 0.6, worst_at_s: 0, err: 0 },
  ],
};
const long: MmuCurve = {
  flags: ['stw', 'background', 'assist'],
  points: [
    { window_s: 0.001, mmu: 0, worst_at_s: 0.5, err: 0.000122 },
    { window_s: 0.01, mmu: 0.4, worst_at_s: 0.5, err: 0.000122 },
    { window_s: 0.1, mmu: 0.7, worst_at_s: 0.5, err: 0.000122 },
    { window_s: 2, mmu: 0.91, worst_at_s: 0, err: 0 },
  ],
};

const comparison = (baseline: RunDetail, candidates: RunDetail[]): Comparison => ({ baseline, candidates, metrics: [], warnings: [], commonProfiles: [], profilesByCandidate: {} });

/** The cells of a row of the table, split where the table puts two spaces or more. */
const row = (text: string, label: string) => text.split('\n').find((l) => l.startsWith(`${label}  `))?.split(/\s{2,}/);

describe('gmpw compare: MMU', () => {
  it('prints the MMU at 1, 10 and 100 ms and over the whole trace for each run, as the Compare page does', () => {
    const text = renderComparison(comparison(detail('a', short), [detail('b', long), detail('c')]));
    expect(row(text, 'MMU 1 ms')).toEqual(['MMU 1 ms', '25.0%', '0.0%', '—']);
    expect(row(text, 'MMU 10 ms')).toEqual(['MMU 10 ms', '33.5%', '40.0%', '—']);
    expect(row(text, 'MMU 100 ms')).toEqual(['MMU 100 ms', '—', '70.0%', '—']);
    expect(row(text, 'MMU whole trace')).toEqual(['MMU whole trace', '60.0%', '91.0%', '—']);
    // The span the figures cover, as the page's table says it: the trace and its GC cycles.
    expect(row(text, 'MMU over: trace length')).toEqual(['MMU over: trace length', seconds(0.05), seconds(2), '—']);
    expect(row(text, 'GC cycles in the trace')).toEqual(['GC cycles in the trace', '30', '40', '—']);
  });

  it('prints no MMU rows when no run was traced', () => {
    expect(renderComparison(comparison(detail('a'), [detail('b')]))).not.toMatch(/^MMU/m);
  });
});

describe('gmpw compare: what each run ran with', () => {
  it('states the GOMAXPROCS and CPU limit in force beside the Go, configured where they differ', () => {
    const limited = detail('b', undefined, { cpuLimit: 0.5, provenance: { gomaxprocs: 2, gomaxprocsConfigured: 2, cgroupCpuLimit: 0.5, cgroupCpuLimitChanges: [] } });
    const free = detail('a', undefined, { provenance: { gomaxprocs: 2, gomaxprocsConfigured: 2, cgroupCpuLimit: null, cgroupCpuLimitChanges: [] } });
    const text = renderComparison(comparison(free, [limited]));
    expect(row(text, 'GOMAXPROCS')).toEqual(['GOMAXPROCS', "2 (Go's default)", "2 (Go's default)"]);
    expect(row(text, 'CPU limit')).toEqual(['CPU limit', 'none', '0.5 cores']);
  });
});
