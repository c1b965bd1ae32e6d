import type { RunSummary } from '../../../shared/domain';
import { RunState } from '../../../shared/domain';
import { distinct, EMPTY_FILTER, shownConcurrency, type RunsFilter } from './runs-model';

/** The history's filters: free text plus one drop-down per column worth filtering on (Host once runs ran on more than one machine). */
export function RunsFilterBar({ runs, filter, onChange }: { runs: RunSummary[]; filter: RunsFilter; onChange: (f: RunsFilter) => void }) {
  const hosts = distinct(runs, (r) => r.host);
  const set = (patch: Partial<RunsFilter>) => onChange({ ...filter, ...patch });
  const select = (label: string, key: keyof RunsFilter, options: string[]) => (
    <label className="filter">
      <span>{label}</span>
      <select value={filter[key]} onChange={(e) => set({ [key]: e.target.value })}>
        <option value="">any</option>
        {options.map((o) => (
          <option key={o} value={o}>
            {o}
          </option>
        ))}
      </select>
    </label>
  );
  return (
    <div className="filter-bar">
      <label className="filter grow">
        <span>Filter</span>
        <input data-filter-input type="search" placeholder="label, target, tag, host, id… (press /)" value={filter.text} onChange={(e) => set({ text: e.target.value })} />
      </label>
      {select('Target', 'target', distinct(runs, (r) => r.targetName))}
      {select('GOMAXPROCS', 'gomaxprocs', distinct(runs, (r) => String(r.gomaxprocs)))}
      {select('Concurrency', 'concurrency', distinct(runs, (r) => String(shownConcurrency(r) ?? '')))}
      {select('Status', 'state', [...RunState.options])}
      {select('Tag', 'tag', distinct(runs, (r) => r.tags))}
      {(hosts.length > 1 || filter.host !== '') && select('Host', 'host', hosts)}
      <label className="filter">
        <span>Since</span>
        <input type="date" value={filter.since} onChange={(e) => set({ since: e.target.value })} />
      </label>
      <button type="button" className="link" onClick={() => onChange(EMPTY_FILTER)}>
        Clear
      </button>
    </div>
  );
}
