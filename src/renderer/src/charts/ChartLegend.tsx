/**
 * A chart legend in plain HTML under the chart. recharts' own <Legend> measures itself after mount
 * and re-lays out the whole chart; with eight series on a page that second pass was a large share of
 * the Compare page's time.
 */
export function ChartLegend({ items }: { items: Array<{ label: string; color: string }> }) {
  if (items.length < 2) return null;
  return (
    <ul className="chart-legend">
      {items.map((item, i) => (
        <li key={i}>
          <span className="swatch" style={{ background: item.color }} />
          {item.label}
        </li>
      ))}
    </ul>
  );
}
