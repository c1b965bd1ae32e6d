// Scaling over GOMAXPROCS: one point per distinct GOMAXPROCS, the median over the runs that share it
// (repetitions), so a sweep reads as one curve.
export interface ScalingInput {
  gomaxprocs: number;
  opsPerSec: number | null;
  schedP99: number | null;
}

export interface ScalingPoint {
  gomaxprocs: number;
  opsPerSec: number | null;
  schedP99: number | null;
  runs: number;
}

export function median(values: number[]): number | null {
  if (values.length === 0) return null;
  const s = [...values].sort((a, b) => a - b);
  const mid = s.length >> 1;
  return s.length % 2 ? s[mid] : (s[mid - 1] + s[mid]) / 2;
}

export function scalingPoints(runs: ScalingInput[]): ScalingPoint[] {
  const byProcs = new Map<number, ScalingInput[]>();
  for (const r of runs) byProcs.set(r.gomaxprocs, [...(byProcs.get(r.gomaxprocs) ?? []), r]);
  return [...byProcs.entries()]
    .sort((a, b) => a[0] - b[0])
    .map(([gomaxprocs, group]) => ({
      gomaxprocs,
      opsPerSec: median(group.flatMap((r) => (r.opsPerSec === null ? [] : [r.opsPerSec]))),
      schedP99: median(group.flatMap((r) => (r.schedP99 === null ? [] : [r.schedP99]))),
      runs: group.length,
    }));
}
