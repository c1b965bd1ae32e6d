// Go duration strings ("1m30s", "250ms"), read exactly as Go's time.ParseDuration reads them, so
// that what the contract, the runner's watchdogs and ETAs, and the New run form accept is what the
// harness accepts: an optional sign, then number+unit terms ("1.5h", ".5s", "2h45m"), or "0".
const NS_PER_UNIT: Record<string, bigint> = {
  ns: 1n,
  us: 1_000n,
  'µs': 1_000n, // U+00B5 micro sign
  'μs': 1_000n, // U+03BC Greek mu
  ms: 1_000_000n,
  s: 1_000_000_000n,
  m: 60_000_000_000n,
  h: 3_600_000_000_000n,
};
const LIMIT = 1n << 63n;
const isDigit = (c: string | undefined): boolean => c !== undefined && c >= '0' && c <= '9';

/** Nanoseconds of a Go duration, or null where time.ParseDuration fails (syntax, unit, overflow). */
export function parseGoDurationNs(text: string): bigint | null {
  let s = text;
  let neg = false;
  if (s[0] === '-' || s[0] === '+') {
    neg = s[0] === '-';
    s = s.slice(1);
  }
  if (s === '0') return 0n;
  if (s === '') return null;
  let total = 0n;
  while (s !== '') {
    if (!(s[0] === '.' || isDigit(s[0]))) return null;
    // Integer part: an overflow is an error.
    let whole = 0n;
    let i = 0;
    for (; isDigit(s[i]); i++) {
      if (whole > LIMIT / 10n) return null;
      whole = whole * 10n + BigInt(s[i]);
      if (whole > LIMIT) return null;
    }
    const pre = i > 0;
    s = s.slice(i);
    // Fraction: digits past uint64 precision are read and ignored, as Go does.
    let frac = 0n;
    let scale = 1;
    let post = false;
    if (s[0] === '.') {
      s = s.slice(1);
      let j = 0;
      let overflow = false;
      for (; isDigit(s[j]); j++) {
        if (overflow) continue;
        if (frac > (LIMIT - 1n) / 10n) {
          overflow = true;
          continue;
        }
        const next = frac * 10n + BigInt(s[j]);
        if (next > LIMIT) {
          overflow = true;
          continue;
        }
        frac = next;
        scale *= 10;
      }
      post = j > 0;
      s = s.slice(j);
    }
    if (!pre && !post) return null;
    let u = 0;
    while (u < s.length && s[u] !== '.' && !isDigit(s[u])) u++;
    const unit = NS_PER_UNIT[s.slice(0, u)];
    if (u === 0 || unit === undefined) return null;
    s = s.slice(u);
    if (whole > LIMIT / unit) return null;
    let v = whole * unit;
    if (frac > 0n) {
      // Go computes the fraction in float64 (nanosecond-accurate for fractions of hours).
      v += BigInt(Math.trunc(Number(frac) * (Number(unit) / scale)));
      if (v > LIMIT) return null;
    }
    total += v;
    if (total > LIMIT) return null;
  }
  if (neg) return -total;
  return total > LIMIT - 1n ? null : total;
}

/** Seconds of a Go duration, or null when the text is not one. */
export function parseGoDuration(text: string): number | null {
  const ns = parseGoDurationNs(text);
  return ns === null ? null : Number(ns) / 1e9;
}

/** Seconds of a Go duration that was already validated; throws when it is not one. */
export function goDurationSeconds(text: string): number {
  const seconds = parseGoDuration(text);
  if (seconds === null) throw new Error(`not a Go duration: ${JSON.stringify(text)}`);
  return seconds;
}
