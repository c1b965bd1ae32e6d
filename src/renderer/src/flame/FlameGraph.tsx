// A profile's flame graph with search, flame/icicle toggle, a sandwich view of the selected
// function (its callers above, its callees below), and harness and tracer frames folded on request.
import { useMemo, useState } from 'react';
import type { FlameTree } from '../../../shared/domain';
import { formatPercent, formatValue } from '../format';
import { useThemeName } from '../hooks/theme';
import { frameColor } from './colors';
import type { Orientation } from './FlameCanvas';
import { FlameView } from './FlameView';
import { foldFrames, hasFoldableFrames } from './fold';
import { flatten, nameMatcher, searchFrames, type FlatFlame } from './layout';
import { sandwich, type ValueNode } from './sandwich';
import { stacklessText } from './stackless';
import { FlameToolbar } from './FlameToolbar';
import { TopFunctions } from './TopFunctions';

export function FlameGraph({ tree }: { tree: FlameTree }) {
  const [query, setQuery] = useState('');
  const [orientation, setOrientation] = useState<Orientation>('icicle');
  const [selected, setSelected] = useState<string | null>(null);
  const [sandwichOf, setSandwichOf] = useState<string | null>(null);
  const [fold, setFold] = useState(false);

  const foldable = useMemo(() => hasFoldableFrames(tree.nodes), [tree]);
  const nodes = useMemo(() => (fold ? foldFrames(tree.nodes) : tree.nodes), [tree, fold]);
  const main = useMemo(() => flatten(nodes, (i) => nodes[i].total), [nodes]);
  const matcher = useMemo(() => nameMatcher(query), [query]);
  const search = useMemo(() => (matcher ? searchFrames(main, matcher) : null), [main, matcher]);
  const sandwichTrees = useMemo(() => (sandwichOf ? sandwich(nodes, sandwichOf) : null), [nodes, sandwichOf]);
  const stackless = stacklessText(tree.total, main.size);

  return (
    <div className="flame-graph" data-testid="flame-graph">
      <FlameToolbar query={query} onQuery={setQuery} search={search} orientation={orientation} onOrientation={setOrientation}>
        <span className="muted">
          {tree.sampleType} · total {formatValue(tree.total, tree.unit)} · {main.size.toLocaleString()} frames
        </span>
        {foldable && (
          <label title="The workbench's harness (stress.Main) and the execution tracer run in every measured program">
            <input type="checkbox" checked={fold} onChange={(e) => setFold(e.target.checked)} /> Fold harness and tracer frames
          </label>
        )}
        {sandwichOf ? (
          <button type="button" onClick={() => setSandwichOf(null)}>
            Back to the whole profile
          </button>
        ) : (
          <button type="button" disabled={!selected} onClick={() => setSandwichOf(selected)} title="Callers and callees of the last clicked function">
            Sandwich{selected ? `: ${selected}` : ' (click a frame)'}
          </button>
        )}
      </FlameToolbar>
      {stackless && (
        <p className="muted" data-testid="flame-stackless">
          {stackless}
        </p>
      )}
      {sandwichTrees && sandwichOf ? (
        <div className="sandwich" data-testid="sandwich">
          <h4>
            Callers of <code>{sandwichOf}</code>
          </h4>
          <TreeFlame nodes={sandwichTrees.callers} unit={tree.unit} rootTotal={tree.total} orientation="flame" matcher={matcher} />
          <h4>
            Callees of <code>{sandwichOf}</code> ({sandwichTrees.occurrences} call sites)
          </h4>
          <TreeFlame nodes={sandwichTrees.callees} unit={tree.unit} rootTotal={tree.total} orientation="icicle" matcher={matcher} />
        </div>
      ) : (
        <SingleFlame flat={main} nodes={nodes} unit={tree.unit} orientation={orientation} matched={search?.matched ?? null} onSelect={setSelected} testId="flame-canvas" />
      )}
      <TopFunctions nodes={nodes} total={tree.total} unit={tree.unit} onPick={(name) => setQuery(`/^${name.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}$/`)} />
    </div>
  );
}

function TreeFlame({ nodes, unit, rootTotal, orientation, matcher }: { nodes: ValueNode[]; unit: string; rootTotal: number; orientation: Orientation; matcher: ((n: string) => boolean) | null }) {
  const flat = useMemo(() => flatten(nodes, (i) => nodes[i].total), [nodes]);
  const matched = useMemo(() => (matcher ? searchFrames(flat, matcher).matched : null), [flat, matcher]);
  return <SingleFlame flat={flat} nodes={nodes} unit={unit} orientation={orientation} matched={matched} rootTotal={rootTotal} />;
}

interface SingleProps {
  flat: FlatFlame;
  nodes: ReadonlyArray<{ name: string; self: number; total: number; file?: string }>;
  unit: string;
  orientation: Orientation;
  matched: Uint8Array | null;
  /** What percentages are relative to; the flat tree's own root by default. */
  rootTotal?: number;
  onSelect?: (name: string) => void;
  testId?: string;
}

function SingleFlame({ flat, nodes, unit, orientation, matched, rootTotal, onSelect, testId }: SingleProps) {
  const dark = useThemeName() === 'dark';
  const colorOf = useMemo(() => {
    // One colour string per function, not per frame and draw: frames of a function repeat a lot.
    const cache = new Map<string, string>();
    return (p: number) => {
      const name = flat.names[p];
      let color = cache.get(name);
      if (color === undefined) cache.set(name, (color = frameColor(name, dark)));
      return color;
    };
  }, [flat, dark]);
  const whole = rootTotal ?? (flat.size > 0 ? flat.width[0] : 0);
  const tooltip = (p: number) => {
    const node = nodes[flat.node[p]];
    return (
      <>
        <strong>{node.name}</strong>
        {node.file && <div className="muted">{node.file}</div>}
        <div>
          total {formatValue(node.total, unit)} ({formatPercent(whole ? node.total / whole : null)})
        </div>
        <div>
          self {formatValue(node.self, unit)} ({formatPercent(whole ? node.self / whole : null)})
        </div>
      </>
    );
  };
  return <FlameView flat={flat} orientation={orientation} colorOf={colorOf} matched={matched} tooltip={tooltip} onSelect={onSelect ? (p) => onSelect(flat.names[p]) : undefined} testId={testId} />;
}
