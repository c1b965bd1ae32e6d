// Cells a plan named by different values of one dimension that nonetheless ran alike: go=go1.24.x
// and go=go1.24.13 built by one Go, GOMAXPROCS=default and GOMAXPROCS=2 run at 2 on a 2-CPU machine.
// The plan could not tell (a release resolves when the target is built, Go's default GOMAXPROCS on
// the machine that runs it), so it was accepted; its runs show it, and a note says so.
import { wordList } from './word-list';

/** One run: the value its cell asked for, the one it ran with (null: not known), and the rest of its cell. */
export interface AskedAndRan {
  asked: string;
  ran: string | null;
  /** The cell's other dimensions: runs are alike only within one (cpu=max, not cpu=1 beside it). */
  among?: string;
}

/**
 * "the cells of go=go1.24.x and go=go1.24.13 were built by the same Go, go1.24.13: they measure one
 * release": each value run with that was asked by several names, in `dimension`'s words (`ranAlike`
 * says what the runs had in common, `what` what the cells then measure one of); the same finding in
 * several `among` is said once. Null when every value asked ran as its own.
 */
export function alikeCellsNote(runs: readonly AskedAndRan[], dimension: string, ranAlike: (ran: string) => string, what: string): string | null {
  const asked = new Map<string, Set<string>>();
  for (const r of runs) {
    if (r.ran === null) continue;
    const key = JSON.stringify([r.among ?? '', r.ran]);
    asked.set(key, (asked.get(key) ?? new Set()).add(r.asked));
  }
  const notes = new Set<string>();
  for (const [key, names] of asked) {
    if (names.size < 2) continue;
    const ran = (JSON.parse(key) as [string, string])[1];
    notes.add(`the cells of ${wordList([...names].map((n) => `${dimension}=${n}`))} ${ranAlike(ran)}: they measure one ${what}`);
  }
  return notes.size ? [...notes].join('; ') : null;
}
