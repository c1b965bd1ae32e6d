// Go duration strings ("1m30s", "250ms"), as the harness flags take them. One parser for the
// contract's validation, the runner's watchdogs and ETAs, and the New run form.
const UNIT_SECONDS: Record<string, number> = { ns: 1e-9, us: 1e-6, µs: 1e-6, ms: 1e-3, s: 1, m: 60, h: 3600 };

/** A whole Go duration: one or more number+unit terms. */
export const GO_DURATION_PATTERN = /^(\d+(\.\d+)?(ns|us|µs|ms|s|m|h))+$/;
const TERM = /(\d+(?:\.\d+)?)(ns|us|µs|ms|s|m|h)/g;

/** Seconds of a Go duration, or null when the text is not one (surrounding spaces allowed). */
export function parseGoDuration(text: string): number | null {
  const trimmed = text.trim();
  if (!GO_DURATION_PATTERN.test(trimmed)) return null;
  let total = 0;
  for (const m of trimmed.matchAll(TERM)) total += Number(m[1]) * UNIT_SECONDS[m[2]];
  return total;
}

/** Seconds of a Go duration that was already validated; throws when it is not one. */
export function goDurationSeconds(text: string): number {
  const seconds = parseGoDuration(text);
  if (seconds === null || text !== text.trim()) throw new Error(`not a Go duration: ${JSON.stringify(text)}`);
  return seconds;
}
