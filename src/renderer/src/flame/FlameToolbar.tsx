import type { ReactNode } from 'react';
import { formatPercent } from '../format';
import type { Orientation } from './FlameCanvas';
import type { SearchResult } from './layout';

/** Search box with the matched share, the flame/icicle toggle, and room for view-specific controls. */
export function FlameToolbar({ query, onQuery, search, orientation, onOrientation, children }: { query: string; onQuery: (q: string) => void; search: SearchResult | null; orientation: Orientation; onOrientation: (o: Orientation) => void; children?: ReactNode }) {
  return (
    <div className="flame-toolbar">
      <input data-filter-input type="search" placeholder="Search functions (text or /regex/)" value={query} onChange={(e) => onQuery(e.target.value)} aria-label="Search functions" />
      {search && (
        <span className="search-result" data-testid="flame-matched">
          {search.matchCount} frames · matched {formatPercent(search.share)}
        </span>
      )}
      <div className="segmented small" role="radiogroup" aria-label="Orientation">
        {(['icicle', 'flame'] as Orientation[]).map((o) => (
          <button type="button" key={o} role="radio" aria-checked={orientation === o} className={orientation === o ? 'selected' : ''} onClick={() => onOrientation(o)}>
            {o === 'icicle' ? 'Icicle ↓' : 'Flame ↑'}
          </button>
        ))}
      </div>
      {children}
    </div>
  );
}
