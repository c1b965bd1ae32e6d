// What the Cells table shows of a verdict: a headline (the change, "~", or a dash) and a detail line
// (p-value and sample sizes, or why there is no verdict), so that a column is as narrow as a number;
// the full benchstat wording stays the cell's tooltip. And the columns' names: only what tells the
// cells apart, with what every cell shares said once above the table.
import type { StatVerdict } from '../../../../shared/contract';
import { absenceText, formatBenchstatDelta, sampleSizes } from '../../../../shared/verdict-text';
import { isDimension } from '../../../../shared/cell-name';

/** The class that colours a verdict by its outcome: better green, worse red, a change without direction apart. */
export const VERDICT_CLASS: Record<StatVerdict['outcome'], string> = {
  better: 'delta-better',
  worse: 'delta-worse',
  changed: 'delta-changed',
  'no-difference': 'delta-same',
  'too-few': 'verdict-too-few',
  'not-run': 'verdict-too-few',
};

export interface VerdictCell {
  headline: string;
  detail: string;
}

/** A not-run verdict's sides, named by their place: the cell stands in the candidate's column. */
const PLACES = { baseline: 'the baseline', candidate: 'this cell' } as const;

export function verdictCell(v: StatVerdict): VerdictCell {
  const n = sampleSizes(v.n1, v.n2);
  switch (v.outcome) {
    case 'better':
    case 'worse':
    case 'changed':
      return { headline: formatBenchstatDelta(v.deltaPct), detail: `p=${v.p!.toFixed(3)} ${n}` };
    case 'no-difference':
      return { headline: '~', detail: `p=${v.p!.toFixed(3)} ${n}` };
    case 'too-few':
      // "?" where there is no ratio (a median of 0 in the baseline), as benchstat and gmpw compare print it.
      return { headline: formatBenchstatDelta(v.deltaPct), detail: `untested, ${n}` };
    case 'not-run':
      return { headline: '—', detail: v.absent ? absenceText(v.absent, (side) => PLACES[side]) : v.text };
  }
}

/**
 * Cell labels ("GOMAXPROCS=2 concurrency=8 cpu=0.5") without the settings every cell has, and those
 * settings ("concurrency=8"). Labels that are not all `key=value` words are kept whole.
 */
export function distinctCellNames(labels: readonly string[]): { names: string[]; shared: string[] } {
  const words = labels.map((l) => l.split(' ').filter(Boolean));
  if (labels.length < 2 || !words.every((ws) => ws.length > 0 && ws.every(isDimension))) return { names: [...labels], shared: [] };
  const shared = words[0]!.filter((w) => words.every((ws) => ws.includes(w)));
  const names = words.map((ws) => ws.filter((w) => !shared.includes(w)).join(' '));
  // Labels that differ only in order would lose every word: keep them whole.
  if (names.some((n) => n === '')) return { names: [...labels], shared: [] };
  return { names, shared };
}
