// Counted nouns, so that every screen, CLI line and report says "1 goroutine" and "2 goroutines":
// one rule instead of a ternary at each sentence.

/** The countable units of compared metrics and of runtime/metrics names, in the singular. */
const SINGULAR_UNITS: Record<string, string> = {
  goroutines: 'goroutine',
  cycles: 'cycle',
  'gc-cycles': 'gc-cycle',
  periods: 'period',
  syscalls: 'syscall',
  pauses: 'pause',
  runs: 'run',
  threads: 'thread',
  objects: 'object',
  calls: 'call',
  events: 'event',
  ops: 'op',
  waits: 'wait',
};

/** `singular` for a count of 1, else `plural` (by default `singular` + "s"). */
export function noun(count: number, singular: string, plural = `${singular}s`): string {
  return count === 1 ? singular : plural;
}

/** The count with separators and its noun: "1 goroutine", "1,024 goroutines". */
export function counted(count: number, singular: string, plural?: string): string {
  return `${count.toLocaleString('en-US')} ${noun(count, singular, plural)}`;
}

/** A metric's unit for this value: a counting unit in the singular for exactly 1 ("1 cycle"). */
export function unitFor(value: number, unit: string): string {
  return value === 1 ? (SINGULAR_UNITS[unit] ?? unit) : unit;
}
