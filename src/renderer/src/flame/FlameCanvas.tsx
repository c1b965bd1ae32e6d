// Draws a flattened flame graph on one canvas. Only frames at least half a pixel wide are visited
// (see visibleFrames), so drawing and re-zooming cost the same for 5k or 200k nodes.
import { useEffect, useRef } from 'react';
import { shortName, visibleFrames, type FlatFlame, type VisibleFrames } from './layout';
import { useElementWidth } from '../hooks/use-element-width';

export const ROW_HEIGHT = 18;
/** Canvas height is capped; deeper frames are still reachable by zooming in. */
const MAX_ROWS = 400;
const FONT = '11px ui-monospace, SFMono-Regular, Menlo, Consolas, monospace';
const MIN_LABEL_PX = 24;

export type Orientation = 'flame' | 'icicle';

interface Props {
  flat: FlatFlame;
  zoom: number;
  orientation: Orientation;
  colorOf: (pos: number) => string;
  /** Search matches by position; when given, other frames are faded. */
  matched: Uint8Array | null;
  textColor: string;
  onClick: (pos: number) => void;
  onHover: (pos: number | null, clientX: number, clientY: number) => void;
  testId?: string;
}

export function FlameCanvas({ flat, zoom, orientation, colorOf, matched, textColor, onClick, onHover, testId }: Props) {
  const canvas = useRef<HTMLCanvasElement>(null);
  const drawn = useRef<VisibleFrames | null>(null);
  const width = useElementWidth(canvas);
  const rows = Math.min(flat.maxDepth + 1, MAX_ROWS);
  const height = rows * ROW_HEIGHT;


  useEffect(() => {
    const el = canvas.current;
    if (!el || width === 0) return;
    const ratio = window.devicePixelRatio || 1;
    el.width = Math.round(width * ratio);
    el.height = Math.round(height * ratio);
    const ctx = el.getContext('2d')!;
    ctx.setTransform(ratio, 0, 0, ratio, 0, 0);
    ctx.clearRect(0, 0, width, height);
    ctx.font = FONT;
    ctx.textBaseline = 'middle';
    const charWidth = ctx.measureText('m').width;
    const frames = visibleFrames(flat, zoom, width);
    drawn.current = frames;
    // Lets tests and benchmarks see what was drawn without reading pixels.
    el.dataset.drawn = String(frames.count);
    const rowY = (depth: number) => (orientation === 'icicle' ? depth * ROW_HEIGHT : height - (depth + 1) * ROW_HEIGHT);
    for (let k = 0; k < frames.count; k++) {
      const p = frames.pos[k];
      const depth = flat.depth[p];
      if (depth >= rows) continue;
      const x = frames.x[k];
      const w = frames.w[k];
      const y = rowY(depth);
      ctx.globalAlpha = matched && !matched[p] ? 0.3 : 1;
      ctx.fillStyle = matched && matched[p] ? '#d946ef' : colorOf(p);
      ctx.fillRect(x, y, Math.max(w - 1, 0.5), ROW_HEIGHT - 1);
      if (w < MIN_LABEL_PX) continue;
      const maxChars = Math.floor((w - 6) / charWidth);
      const name = shortName(flat.names[p]);
      const label = name.length <= maxChars ? name : `${name.slice(0, Math.max(0, maxChars - 1))}…`;
      if (label.length < 2) continue;
      ctx.fillStyle = textColor;
      ctx.fillText(label, x + 3, y + ROW_HEIGHT / 2);
    }
    ctx.globalAlpha = 1;
  }, [flat, zoom, orientation, colorOf, matched, textColor, width, height, rows]);

  /** The frame under a point, from what was last drawn. */
  const frameAt = (clientX: number, clientY: number): number | null => {
    const frames = drawn.current;
    const el = canvas.current;
    if (!frames || !el) return null;
    const rect = el.getBoundingClientRect();
    const x = clientX - rect.left;
    const y = clientY - rect.top;
    const row = Math.floor(y / ROW_HEIGHT);
    const depth = orientation === 'icicle' ? row : rows - 1 - row;
    for (let k = 0; k < frames.count; k++) {
      const p = frames.pos[k];
      if (flat.depth[p] === depth && x >= frames.x[k] && x < frames.x[k] + frames.w[k]) return p;
    }
    return null;
  };

  return (
    <canvas
      ref={canvas}
      className="flame-canvas"
      style={{ height }}
      data-testid={testId}
      onClick={(e) => {
        const p = frameAt(e.clientX, e.clientY);
        if (p !== null) onClick(p);
      }}
      onMouseMove={(e) => onHover(frameAt(e.clientX, e.clientY), e.clientX, e.clientY)}
      onMouseLeave={() => onHover(null, 0, 0)}
    />
  );
}
