// A table's column header that sorts by its column: a button, the direction as an arrow, and
// aria-sort for assistive technology. The Runs table and the goroutine groups share it.

export function SortableHeader<K extends string>({
  column,
  label,
  title,
  numeric,
  sort,
  onSort,
}: {
  column: K;
  label: string;
  title?: string;
  numeric: boolean;
  sort: { key: K; dir: 'asc' | 'desc' };
  onSort: (key: K) => void;
}) {
  const sorted = sort.key === column;
  return (
    <th className={numeric ? 'num' : ''} title={title} aria-sort={sorted ? (sort.dir === 'asc' ? 'ascending' : 'descending') : 'none'}>
      <button type="button" className="sort" onClick={() => onSort(column)}>
        {label}
        {sorted ? (sort.dir === 'asc' ? ' ▲' : ' ▼') : ''}
      </button>
    </th>
  );
}
