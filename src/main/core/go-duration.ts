// Go duration strings ("1m30s", "250ms") as seconds: the runner needs them for watchdogs and ETAs.
const UNIT_SECONDS: Record<string, number> = { ns: 1e-9, us: 1e-6, µs: 1e-6, ms: 1e-3, s: 1, m: 60, h: 3600 };

export function goDurationSeconds(text: string): number {
  const re = /(\d+(?:\.\d+)?)(ns|us|µs|ms|s|m|h)/g;
  let total = 0;
  let consumed = 0;
  for (const m of text.matchAll(re)) {
    total += Number(m[1]) * UNIT_SECONDS[m[2]];
    consumed += m[0].length;
  }
  if (consumed !== text.length || text.length === 0) throw new Error(`not a Go duration: ${JSON.stringify(text)}`);
  return total;
}
