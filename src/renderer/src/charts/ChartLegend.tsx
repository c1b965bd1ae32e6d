/**
 * A chart legend in plain HTML under the chart. recharts' own <Legend> measures itself after mount
 * and re-lays out the whole chart; with eight series on a page that second pass was a large share of
 * the Compare page's time.
 */
export function ChartLegend({ items, title }: { items: Array<{ label: string; color: string; dashed?: boolean }>; title?: string }) {
  // A lone series needs no key, but a titled legend says what its one colour means.
  if (items.length < (title ? 1 : 2)) return null;
  return (
    <ul className="chart-legend" aria-label={title}>
      {title && <li className="legend-title">{title}</li>}
      {items.map((item, i) => (
        <li key={i}>
          {/* A dashed line's key is dashed too. */}
          <span className="swatch" style={{ background: item.dashed ? `repeating-linear-gradient(90deg, ${item.color} 0 4px, transparent 4px 6px)` : item.color }} />
          {item.label}
        </li>
      ))}
    </ul>
  );
}
