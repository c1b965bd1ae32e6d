// An experiment cell's name, as the runner writes it (core/runner/grid.ts) and every view reads it:
// the dimensions the plan varies as key=value words, in the plan's order, then the repetition —
// "go=go1.24.x host=lab GOMAXPROCS=2 concurrency=8 cpu=0.5 #3". Spelled and parsed here only.
import type { RunSummary } from './domain';
import { normalizeGoRelease } from './go-release';

const REPETITION = /\s*(#\d+)$/;
const DIMENSION = /^([^=\s]+)=(\S+)$/;

/** [['GOMAXPROCS', 2], ['concurrency', 8]], 3 → "GOMAXPROCS=2 concurrency=8 #3". */
export function formatCell(dimensions: ReadonlyArray<readonly [string, string | number]>, repetition: number): string {
  return `${dimensions.map(([k, v]) => `${k}=${v}`).join(' ')} #${repetition}`;
}

/** The cell a run belongs to, without its repetition: "GOMAXPROCS=2 concurrency=100 #3" → "GOMAXPROCS=2 concurrency=100". */
export const cellOf = (cell: string): string => cell.replace(REPETITION, '');

/** "#3" of "GOMAXPROCS=2 #3"; null without one. */
export const repetitionOf = (cell: string): string | null => REPETITION.exec(cell)?.[1] ?? null;

/** Whether a word of a cell's name is a dimension ("cpu=0.5"). */
export const isDimension = (word: string): boolean => DIMENSION.test(word);

/** "GOMAXPROCS=default concurrency=100 #2" → { GOMAXPROCS: 'default', concurrency: '100' }. */
export function cellDimensions(cell: string): Record<string, string> {
  return Object.fromEntries(cellOf(cell).split(/\s+/).flatMap((word) => {
    const m = DIMENSION.exec(word);
    return m ? [[m[1]!, m[2]!]] : [];
  }));
}

/** The cell's name with one dimension's value replaced ("go=go1.24.x …" → "go=go1.24.13 …"); unchanged without it. */
export function withDimension(cell: string, key: string, value: string): string {
  return cell.split(' ').map((word) => (DIMENSION.exec(word)?.[1] === key ? `${key}=${value}` : word)).join(' ');
}

/** The cell's name without some dimensions ("GOMAXPROCS=2 concurrency=8 cpu=0.5 #3" without GOMAXPROCS, concurrency → "cpu=0.5 #3"). */
export function withoutDimensions(cell: string, keys: readonly string[]): string {
  return cell.split(' ').filter((word) => !keys.includes(DIMENSION.exec(word)?.[1] ?? '')).join(' ');
}

/**
 * A cell as a person names it (--baseline, --candidate): its Go release in any spelling a plan
 * takes ("go=1.24.x" is the cell "go=go1.24.x"), with or without a repetition.
 */
export function typedCell(text: string): string {
  const cell = cellOf(text.trim());
  const release = cellDimensions(cell).go;
  const stored = release === undefined ? null : normalizeGoRelease(release);
  return stored ? withDimension(cell, 'go', stored) : cell;
}

/** The distinct cells of an experiment's runs, in the order their first repetitions appear. */
export function experimentCells(runs: readonly Pick<RunSummary, 'cell'>[]): string[] {
  return [...new Set(runs.flatMap((r) => (r.cell ? [cellOf(r.cell)] : [])))];
}
