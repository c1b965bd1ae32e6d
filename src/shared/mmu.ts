// Minimum mutator utilisation (PROTOCOL.md §3.1 mmu): for a window size w, the smallest share of
// the Ps that ran the program (not the GC) over any w-long stretch of the trace. The figures an
// engineer quotes are the MMU at 1 ms, 10 ms and 100 ms, so the Run page, Compare and `gmpw show`
// read them here in the same words.
import type { z } from 'zod';
import type { MmuCurve as MmuCurveSchema } from './results';

export type MmuCurve = z.infer<typeof MmuCurveSchema>;
export type MmuPoint = MmuCurve['points'][number];

/** The window sizes every view quotes; gmptrace's curve has a point at each (PROTOCOL.md §3.1). */
export const QUOTED_WINDOWS_S = [1e-3, 10e-3, 100e-3] as const;

/** The point for exactly this window size, or null when the trace is not longer than it. */
export function mmuAt(curve: MmuCurve, windowS: number): MmuPoint | null {
  // The full-length point (last) is not a point of the grid: a window as long as the trace.
  const grid = curve.points.slice(0, -1);
  return grid.find((p) => Math.abs(p.window_s - windowS) <= windowS * 1e-9) ?? null;
}

/** The point over the trace's whole length (gmptrace's last), or null for an empty curve. */
const mmuWhole = (curve: MmuCurve): MmuPoint | null => curve.points.at(-1) ?? null;

/** 1 µs, 4.64 ms, 1 s … */
const mmuWindowLabel = (s: number): string => (s >= 1 ? `${+s.toPrecision(3)} s` : s >= 1e-3 ? `${+(s * 1e3).toPrecision(3)} ms` : `${+(s * 1e6).toPrecision(3)} µs`);

/**
 * 33.5% — one decimal, as the MMU is read; more where one would round a share that is not whole to
 * 100.0% or 0.0% (99.96%): those mean the GC never ran, or held every P for the whole window.
 */
export function mmuPercent(u: number): string {
  for (let digits = 1; digits <= 3; digits++) {
    const text = (u * 100).toFixed(digits);
    const bound = Number(text) === 100 || Number(text) === 0;
    if (!bound || u === 1 || u === 0) return `${text}%`;
  }
  return u > 0.5 ? '>99.999%' : '<0.001%';
}

/** A table cell: the point's MMU, or a dash where there is none (a window longer than the trace). */
export const mmuCell = (p: MmuPoint | null): string => (p ? mmuPercent(p.mmu) : '—');

/**
 * The columns of every MMU table (the Compare page's, `gmpw compare`'s): the quoted window sizes,
 * then the whole trace. `key` is the window in seconds, or 'whole'.
 */
export const MMU_COLUMNS: readonly { key: number | 'whole'; label: string; at: (curve: MmuCurve) => MmuPoint | null }[] = [
  ...QUOTED_WINDOWS_S.map((w) => ({ key: w, label: mmuWindowLabel(w), at: (curve: MmuCurve) => mmuAt(curve, w) })),
  { key: 'whole', label: 'whole trace', at: mmuWhole },
];

/** "1 ms 0.0%  10 ms 33.5%  100 ms 55.7%" — a dash for a window longer than the trace. */
export function mmuQuotedText(curve: MmuCurve): string {
  return QUOTED_WINDOWS_S.map((w) => `${mmuWindowLabel(w)} ${mmuCell(mmuAt(curve, w))}`).join('  ');
}

/** "worst 10 ms window begins at 0.077 s": where the program got the least of the machine at that size. */
export function worstWindowText(p: MmuPoint): string {
  return `worst ${mmuWindowLabel(p.window_s)} window begins at ${p.worst_at_s.toFixed(3)} s`;
}
