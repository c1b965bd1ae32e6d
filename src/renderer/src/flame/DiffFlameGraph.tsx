// Differential flame graph. By default a frame's width is baseline + candidate (so frames that
// vanished stay visible, and children always fit in their parent); "candidate" gives the classic
// shape of the new profile. Colour is the relative change: red grew, blue shrank. Frames that
// vanished or appeared are also listed, since a thin frame is easy to miss; those whose few samples
// chance alone could have put in one run are folded apart, not called changes.
import { useCallback, useMemo, useState } from 'react';
import type { ChangedByChance, DiffFlameTree } from '../../../shared/domain';
import { formatDeltaPercent, formatValue } from '../format';
import { useThemeName } from '../hooks/theme';
import { diffColor, relativeChange } from './colors';
import type { Orientation } from './FlameCanvas';
import { FlameToolbar } from './FlameToolbar';
import { FlameView } from './FlameView';
import { flatten, nameMatcher, searchFrames } from './layout';

const UNIT_SUFFIX: Record<DiffFlameTree['normalisation'], string> = { 'per-second': ' per second', 'per-op': ' per op', share: ' of total' };
const LIST_LIMIT = 15;

export function DiffFlameGraph({ diff, baseName, candName }: { diff: DiffFlameTree; baseName: string; candName: string }) {
  const [query, setQuery] = useState('');
  const [orientation, setOrientation] = useState<Orientation>('icicle');
  const [shape, setShape] = useState<'both' | 'candidate'>('both');
  const dark = useThemeName() === 'dark';
  const { nodes } = diff;
  const flat = useMemo(() => flatten(nodes, shape === 'both' ? (i) => nodes[i].baseTotal + nodes[i].candTotal : (i) => nodes[i].candTotal), [nodes, shape]);
  const matcher = useMemo(() => nameMatcher(query), [query]);
  const search = useMemo(() => (matcher ? searchFrames(flat, matcher) : null), [flat, matcher]);
  const unit = diff.normalisation === 'share' ? 'share' : diff.unit;
  const fmt = (v: number) => formatValue(v, unit);
  const colorOf = useCallback(
    (p: number) => {
      const n = nodes[flat.node[p]];
      return diffColor(relativeChange(n.baseTotal, n.candTotal), dark);
    },
    [nodes, flat, dark],
  );
  const tooltip = (p: number) => {
    const n = nodes[flat.node[p]];
    const delta = n.baseTotal === 0 ? (n.candTotal > 0 ? Infinity : 0) : ((n.candTotal - n.baseTotal) / n.baseTotal) * 100;
    return (
      <>
        <strong>{n.name}</strong>
        {n.file && <div className="muted">{n.file}</div>}
        <div>
          total {fmt(n.baseTotal)} → {fmt(n.candTotal)} ({formatDeltaPercent(delta)})
        </div>
        <div>
          self {fmt(n.baseSelf)} → {fmt(n.candSelf)}
        </div>
      </>
    );
  };

  return (
    <div className="flame-graph" data-testid="diff-flame-graph">
      <FlameToolbar query={query} onQuery={setQuery} search={search} orientation={orientation} onOrientation={setOrientation}>
        <label className="small">
          Width{' '}
          <select value={shape} onChange={(e) => setShape(e.target.value as 'both' | 'candidate')} aria-label="Frame width">
            <option value="both">both runs (shows vanished frames)</option>
            <option value="candidate">candidate only</option>
          </select>
        </label>
        <DiffLegend baseName={baseName} candName={candName} dark={dark} />
        <span className="muted">values{UNIT_SUFFIX[diff.normalisation]}</span>
      </FlameToolbar>
      <p className="muted small" data-testid="diff-basis">
        Divided by, for {baseName}: {diff.basis.baseline}; for {candName}: {diff.basis.candidate}.
      </p>
      <FlameView flat={flat} orientation={orientation} colorOf={colorOf} matched={search?.matched ?? null} tooltip={tooltip} testId="diff-flame-canvas" />
      <div className="diff-lists">
        <ChangedList title={`Vanished in ${candName}`} empty="No function lost all its self time" items={diff.vanished.map((v) => ({ ...v, value: v.baseSelf }))} holder={baseName} format={fmt} testId="vanished" />
        <ChangedList title={`Appeared in ${candName}`} empty="No function is new" items={diff.appeared.map((a) => ({ ...a, value: a.candSelf }))} holder={candName} format={fmt} testId="appeared" />
      </div>
    </div>
  );
}

function DiffLegend({ baseName, candName, dark }: { baseName: string; candName: string; dark: boolean }) {
  const stops = [-1, -0.5, -0.1, 0, 0.1, 0.5, 1];
  return (
    <span className="diff-legend" title={`Colour: change from ${baseName} (baseline) to ${candName}; width: both runs together`}>
      <span className="muted">shrank</span>
      {stops.map((s) => (
        <span key={s} className="swatch" style={{ background: diffColor(s, dark) }} />
      ))}
      <span className="muted">grew</span>
    </span>
  );
}

type ChangedItem = ChangedByChance & { name: string; value: number };

/** The functions a list names as changes, then those too thinly sampled to tell from chance, folded. */
/**
 * The functions a list names as changes, then those too thinly sampled to tell from chance, folded.
 * `holder`: the run whose profile holds the listed functions.
 */
function ChangedList({ title, empty, items, holder, format, testId }: { title: string; empty: string; items: ChangedItem[]; holder: string; format: (v: number) => string; testId: string }) {
  const byValue = [...items].sort((a, b) => b.value - a.value);
  const changes = byValue.filter((i) => i.beyondChance);
  const tooFew = byValue.filter((i) => !i.beyondChance);
  const top = changes.slice(0, LIST_LIMIT);
  const entry = (i: ChangedItem) => (
    <li key={i.name}>
      <code>{i.name}</code> <span className="muted">self {format(i.value)}</span>
      {i.samples !== null && i.chance !== null && (
        <span className="muted" title={`On ${i.samples.toLocaleString('en-US')} sampled stacks of ${holder} and none of the other run: were its share the same in both, a split this lopsided would come by chance with probability ${chanceText(i.chance)}`}>
          {' '}
          · {i.samples.toLocaleString('en-US')} {i.samples === 1 ? 'sample' : 'samples'}
        </span>
      )}
    </li>
  );
  return (
    <div className="changed-list" data-testid={testId}>
      <h4>
        {title} ({changes.length})
      </h4>
      {changes.length === 0 ? (
        <p className="muted">{empty}{tooFew.length > 0 ? ' beyond chance' : ''}.</p>
      ) : (
        <ol>
          {top.map(entry)}
          {changes.length > LIST_LIMIT && <li className="muted">… and {changes.length - LIST_LIMIT} more</li>}
        </ol>
      )}
      {tooFew.length > 0 && (
        <details data-testid={`${testId}-chance`}>
          <summary className="muted small">
            {tooFew.length} more with too few samples to tell from chance (a split as lopsided comes by chance more than 1% of the time)
          </summary>
          <ol>{tooFew.slice(0, LIST_LIMIT).map(entry)}</ol>
          {tooFew.length > LIST_LIMIT && <p className="muted small">… and {tooFew.length - LIST_LIMIT} more</p>}
        </details>
      )}
    </div>
  );
}

const chanceText = (p: number): string => (p < 0.0001 ? 'under 0.01%' : p >= 0.99 ? 'over 99%' : `${(p * 100).toPrecision(2)}%`);
