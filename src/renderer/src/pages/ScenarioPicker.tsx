// Scenarios from the catalog, grouped; each says what it stresses and where it comes from.
import { useEffect, useMemo, useRef, useState } from 'react';
import type { CatalogScenario } from '../../../shared/results';
import { CodeSpans } from '../components/CodeSpans';

export function ScenarioPicker({ scenarios, selected, onSelect }: { scenarios: CatalogScenario[]; selected: string; onSelect: (id: string) => void }) {
  const [query, setQuery] = useState('');
  const list = useRef<HTMLDivElement>(null);
  // The chosen scenario in view, also when the page opens with one ("Run again with changes"); one
  // already in view stays put (a click must not move the item under the pointer).
  useEffect(() => {
    const box = list.current;
    const chosen = box?.querySelector<HTMLElement>('[aria-selected="true"]');
    if (!box || !chosen) return;
    const top = chosen.offsetTop - box.offsetTop;
    if (top < box.scrollTop || top + chosen.offsetHeight > box.scrollTop + box.clientHeight) box.scrollTop = top - box.clientHeight / 3;
  }, [selected, scenarios]);
  const groups = useMemo(() => {
    const q = query.toLowerCase();
    const byGroup = new Map<string, CatalogScenario[]>();
    for (const s of scenarios) {
      if (q && ![s.id, s.title, s.mechanism, s.group].some((t) => t.toLowerCase().includes(q))) continue;
      byGroup.set(s.group, [...(byGroup.get(s.group) ?? []), s]);
    }
    return [...byGroup.entries()];
  }, [scenarios, query]);
  return (
    <div className="scenario-picker">
      <input data-filter-input type="search" placeholder="Find a scenario (press /)" value={query} onChange={(e) => setQuery(e.target.value)} aria-label="Find a scenario" />
      <div className="scenario-list" role="listbox" aria-label="Scenarios" ref={list}>
        {groups.length === 0 && <p className="muted">No scenario matches “{query}”.</p>}
        {groups.map(([group, items]) => (
          <div key={group} className="scenario-group">
            <h4>{group}</h4>
            {items.map((s) => (
              <button type="button" role="option" aria-selected={s.id === selected} key={s.id} className={`scenario ${s.id === selected ? 'selected' : ''}`} onClick={() => onSelect(s.id)} data-scenario={s.id}>
                <span className="scenario-title">
                  {s.title} <code className="muted">{s.id}</code>
                </span>
                <span className="scenario-mechanism">
                  <CodeSpans text={s.mechanism} />
                </span>
                <span className="scenario-source muted">Source: {s.source}</span>
              </button>
            ))}
          </div>
        ))}
      </div>
    </div>
  );
}
