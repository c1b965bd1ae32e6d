// P utilisation over time as a heatmap: one row per P, one cell per trace window, darker = busier.
// Canvas, because a long trace has thousands of cells per row.
import { useEffect, useRef, useState } from 'react';
import { formatPercent } from '../format';
import { useThemeName } from '../components/theme';

export function ProcHeatmap({ procs, windowSeconds }: { procs: Array<{ p: number; util: number[] }>; windowSeconds: number }) {
  const canvas = useRef<HTMLCanvasElement>(null);
  const theme = useThemeName();
  const [hover, setHover] = useState<string | null>(null);
  const rowHeight = 14;
  const columns = Math.max(0, ...procs.map((p) => p.util.length));

  useEffect(() => {
    const el = canvas.current;
    if (!el) return;
    const width = el.clientWidth;
    const ratio = window.devicePixelRatio || 1;
    el.width = width * ratio;
    el.height = procs.length * rowHeight * ratio;
    const ctx = el.getContext('2d')!;
    ctx.scale(ratio, ratio);
    const cell = width / Math.max(1, columns);
    procs.forEach((proc, row) => {
      proc.util.forEach((u, col) => {
        const light = theme === 'dark' ? 12 + 50 * u : 96 - 60 * u;
        ctx.fillStyle = `hsl(145 55% ${light}%)`;
        ctx.fillRect(col * cell, row * rowHeight, Math.ceil(cell), rowHeight - 1);
      });
    });
  }, [procs, columns, theme]);

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
          const col = Math.floor(((e.clientX - rect.left) / rect.width) * columns);
          const row = Math.floor((e.clientY - rect.top) / rowHeight);
          const u = procs[row]?.util[col];
          setHover(u === undefined ? null : `P${procs[row].p} at ${(col * windowSeconds).toFixed(2)} s: ${formatPercent(u)} busy`);
        }}
        onMouseLeave={() => setHover(null)}
      />
      <div className="muted heatmap-caption">{hover ?? `${columns} windows of ${windowSeconds * 1000} ms; darker = busier`}</div>
    </div>
  );
}
