// The functions with the most self time, pprof's "top": the quickest answer to "where does it go",
// with a click that searches the flame graph for that function.
import { useMemo, useState } from 'react';
import { formatPercent, formatValue } from '../format';
import type { ValueNode } from './sandwich';

const SHOWN = 12;

export function topBySelf(nodes: readonly ValueNode[]): Array<{ name: string; self: number }> {
  const byName = new Map<string, number>();
  for (const n of nodes) if (n.self > 0) byName.set(n.name, (byName.get(n.name) ?? 0) + n.self);
  return [...byName.entries()].map(([name, self]) => ({ name, self })).sort((a, b) => b.self - a.self);
}

export function TopFunctions({ nodes, total, unit, onPick }: { nodes: readonly ValueNode[]; total: number; unit: string; onPick: (name: string) => void }) {
  // Computed only once opened: it walks every node, and most views never open it.
  const [open, setOpen] = useState(false);
  const top = useMemo(() => (open ? topBySelf(nodes).slice(0, SHOWN) : []), [nodes, open]);
  return (
    <details className="top-functions" onToggle={(e) => setOpen(e.currentTarget.open)}>
      <summary>Top functions by self</summary>
      <table className="data-table compact" data-testid="top-functions">
        <thead>
          <tr>
            <th className="num">self</th>
            <th className="num">of total</th>
            <th>function</th>
          </tr>
        </thead>
        <tbody>
          {top.map((f) => (
            <tr key={f.name}>
              <td className="num">{formatValue(f.self, unit)}</td>
              <td className="num">{formatPercent(total ? f.self / total : null)}</td>
              <td>
                <button type="button" className="link" onClick={() => onPick(f.name)} title="Search the flame graph for it">
                  {f.name}
                </button>
              </td>
            </tr>
          ))}
        </tbody>
      </table>
    </details>
  );
}
