// P utilisation over time as a heatmap: one row per P, one cell per trace window, busier = further
// from the background (darker on light, brighter on dark). Canvas, because a long trace has
// thousands of cells per row. The time axis is the trace's: the last window, cut by the trace's end,
// is only as wide as the time it covers.
import { useEffect, useRef, useState } from 'react';
import { formatPercent } from '../format';
import { useThemeName } from '../hooks/theme';

export function ProcHeatmap({ procs, windowSeconds, durationSeconds }: { procs: Array<{ p: number; util: number[] }>; windowSeconds: number; durationSeconds: number }) {
  const canvas = useRef<HTMLCanvasElement>(null);
  const theme = useThemeName();
  const [hover, setHover] = useState<string | null>(null);
  const rowHeight = 14;
  const columns = Math.max(0, ...procs.map((p) => p.util.length));
  // Seconds the cells span: the trace's length, or whole windows when that is unknown or shorter.
  const span = Math.max(durationSeconds, (columns - 1) * windowSeconds) || windowSeconds;

  useEffect(() => {
    const el = canvas.current;
    if (!el) return;
    const width = el.clientWidth;
    const ratio = window.devicePixelRatio || 1;
    el.width = width * ratio;
    el.height = procs.length * rowHeight * ratio;
    const ctx = el.getContext('2d')!;
    ctx.scale(ratio, ratio);
    const x = (t: number) => (Math.min(t, span) / span) * width;
    procs.forEach((proc, row) => {
      proc.util.forEach((u, col) => {
        const light = theme === 'dark' ? 12 + 50 * u : 96 - 60 * u;
        ctx.fillStyle = `hsl(145 55% ${light}%)`;
        const left = x(col * windowSeconds);
        ctx.fillRect(left, row * rowHeight, Math.max(1, Math.ceil(x((col + 1) * windowSeconds) - left)), rowHeight - 1);
      });
    });
  }, [procs, columns, theme, span, windowSeconds]);

  if (procs.length === 0) return <p className="muted">No per-P data in this trace.</p>;
  return (
    <div className="heatmap">
      <div className="heatmap-labels">
        {procs.map((p) => (
          <span key={p.p} style={{ height: rowHeight }}>
            P{p.p}
          </span>
        ))}
      </div>
      <canvas
        ref={canvas}
        style={{ height: procs.length * rowHeight }}
        data-testid="proc-heatmap"
        onMouseMove={(e) => {
          const rect = e.currentTarget.getBoundingClientRect();
          const col = Math.floor((((e.clientX - rect.left) / rect.width) * span) / windowSeconds);
          const row = Math.floor((e.clientY - rect.top) / rowHeight);
          const u = procs[row]?.util[col];
          setHover(u === undefined ? null : `P${procs[row].p} at ${(col * windowSeconds).toFixed(2)} s: ${formatPercent(u)} busy`);
        }}
        onMouseLeave={() => setHover(null)}
      />
      <div className="muted heatmap-caption">{hover ?? `${columns} windows of ${windowSeconds * 1000} ms; ${theme === 'dark' ? 'brighter' : 'darker'} = busier`}</div>
    </div>
  );
}
