// Frame colours. Plain flame graphs colour by package so a frame keeps its colour across zooms and
// profiles; differential graphs colour by relative change (red grew, blue shrank), with the intensity
// saturating at ±100% so that small noise stays pale.

/** The package part of a Go symbol: "runtime" for "runtime.mallocgc", "net/http" for "net/http.(*conn).serve". */
export function packageOf(name: string): string {
  const slash = name.lastIndexOf('/');
  const dot = name.indexOf('.', slash + 1);
  return dot > 0 ? name.slice(0, dot) : name;
}

function hash(text: string): number {
  let h = 2166136261;
  for (let i = 0; i < text.length; i++) {
    h ^= text.charCodeAt(i);
    h = Math.imul(h, 16777619);
  }
  return h >>> 0;
}

/** Warm hues for user code, cooler ones for the runtime so scheduler work stands out. */
export function frameColor(name: string, dark: boolean): string {
  const pkg = packageOf(name);
  const h = hash(pkg);
  const runtime = pkg === 'runtime' || pkg.startsWith('runtime/') || pkg.startsWith('internal/');
  const hue = runtime ? 190 + (h % 40) : 10 + (h % 45);
  const sat = 55 + (h % 20);
  const light = dark ? 34 + ((h >> 8) % 12) : 62 + ((h >> 8) % 14);
  return `hsl(${hue} ${sat}% ${light}%)`;
}

/**
 * Relative change of a frame between baseline and candidate, in −1..1: (cand − base) / max(base, cand).
 * −1 means it vanished, +1 that it appeared.
 */
export function relativeChange(base: number, cand: number): number {
  const m = Math.max(Math.abs(base), Math.abs(cand));
  return m === 0 ? 0 : (cand - base) / m;
}

export function diffColor(change: number, dark: boolean): string {
  const magnitude = Math.min(1, Math.abs(change));
  const hue = change >= 0 ? 0 : 215;
  const sat = Math.round(15 + 70 * magnitude);
  const light = dark ? Math.round(30 + 12 * magnitude) : Math.round(88 - 30 * magnitude);
  return `hsl(${hue} ${sat}% ${light}%)`;
}
