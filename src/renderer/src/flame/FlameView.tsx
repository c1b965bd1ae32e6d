// One interactive flame graph: click to zoom into a frame (click the root or a breadcrumb to zoom
// out), hover for a tooltip. Owns its zoom so a sandwich can show two independent graphs.
import { useEffect, useMemo, useState, type ReactNode } from 'react';
import { useThemeName } from '../hooks/theme';
import { FlameCanvas, type Orientation } from './FlameCanvas';
import { pathTo, type FlatFlame } from './layout';

interface Props {
  flat: FlatFlame;
  orientation: Orientation;
  colorOf: (pos: number) => string;
  matched: Uint8Array | null;
  tooltip: (pos: number) => ReactNode;
  /** Told which frame was clicked, e.g. to offer a sandwich view of its function. */
  onSelect?: (pos: number) => void;
  testId?: string;
}

export function FlameView({ flat, orientation, colorOf, matched, tooltip, onSelect, testId }: Props) {
  const [zoom, setZoom] = useState(0);
  const [hover, setHover] = useState<{ pos: number; x: number; y: number } | null>(null);
  const theme = useThemeName();
  useEffect(() => setZoom(0), [flat]);
  const crumbs = useMemo(() => (zoom > 0 ? pathTo(flat, zoom) : []), [flat, zoom]);

  return (
    <div className="flame-view">
      {crumbs.length > 0 && (
        <nav className="breadcrumb" aria-label="Zoom path">
          {crumbs.map((p, i) => (
            <span key={p}>
              {i > 0 && ' › '}
              <button type="button" className="link" onClick={() => setZoom(p)}>
                {flat.names[p]}
              </button>
            </span>
          ))}
        </nav>
      )}
      <FlameCanvas
        flat={flat}
        zoom={zoom}
        orientation={orientation}
        colorOf={colorOf}
        matched={matched}
        textColor={theme === 'dark' ? '#f1f3f7' : '#10131a'}
        testId={testId}
        onClick={(p) => {
          setZoom(p === zoom ? Math.max(0, flat.parent[p]) : p);
          onSelect?.(p);
        }}
        onHover={(p, x, y) => setHover(p === null ? null : { pos: p, x, y })}
      />
      {hover && (
        <div className="flame-tooltip" role="tooltip" style={{ left: Math.min(hover.x + 14, window.innerWidth - 380), top: hover.y + 14 }}>
          {tooltip(hover.pos)}
        </div>
      )}
    </div>
  );
}
