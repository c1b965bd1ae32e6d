import type { ReactNode } from 'react';
import { formatPercent } from '../format';
import type { Orientation } from './FlameCanvas';
import type { SearchResult } from './layout';
import { Segmented } from '../components/Segmented';

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
      <Segmented<Orientation>
        small
        label="Orientation"
        options={[
          ['icicle', 'Icicle ↓'],
          ['flame', 'Flame ↑'],
        ]}
        value={orientation}
        onChange={onOrientation}
      />
      {children}
    </div>
  );
}
