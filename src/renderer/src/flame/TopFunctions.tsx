// The functions with the most self time, with their cumulative time, pprof's "top": the quickest answer to "where does it go",
// with a click that searches the flame graph for that function.
import { useMemo, useState } from 'react';
import { formatPercent, formatValue } from '../format';
import type { ValueNode } from './sandwich';

const SHOWN = 12;

/**
 * Self and cumulative value per function, largest self first, as pprof's top prints them. A
 * function's cumulative value counts each stack once, at its outermost frame, so recursion does not
 * count twice. `nodes[0]` is the root.
 */
export function topBySelf(nodes: readonly ValueNode[]): Array<{ name: string; self: number; cum: number }> {
  const self = new Map<string, number>();
  for (const n of nodes) if (n.self > 0) self.set(n.name, (self.get(n.name) ?? 0) + n.self);
  const cum = new Map<string, number>();
  const onPath = new Map<string, number>();
  // Depth-first without recursion (stacks can be thousands of frames deep): enter, then leave.
  const work: Array<{ node: number; leave: boolean }> = nodes.length ? [{ node: 0, leave: false }] : [];
  while (work.length) {
    const { node, leave } = work.pop()!;
    const { name, total, children } = nodes[node]!;
    if (leave) {
      onPath.set(name, onPath.get(name)! - 1);
      continue;
    }
    if (!onPath.get(name)) cum.set(name, (cum.get(name) ?? 0) + total);
    onPath.set(name, (onPath.get(name) ?? 0) + 1);
    work.push({ node, leave: true });
    for (const c of children) work.push({ node: c, leave: false });
  }
  return [...self.entries()].map(([name, value]) => ({ name, self: value, cum: cum.get(name) ?? 0 })).sort((a, b) => b.self - a.self);
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
            <th className="num">cum</th>
            <th className="num">of total</th>
            <th>function</th>
          </tr>
        </thead>
        <tbody>
          {top.map((f) => (
            <tr key={f.name}>
              <td className="num">{formatValue(f.self, unit)}</td>
              <td className="num">{formatPercent(total ? f.self / total : null)}</td>
              <td className="num">{formatValue(f.cum, unit)}</td>
              <td className="num">{formatPercent(total ? f.cum / total : null)}</td>
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
