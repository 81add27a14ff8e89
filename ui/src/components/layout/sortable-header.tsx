import type { SortDirection } from '../../transforms/sort';

/** A table header cell that sorts its column; the active column shows its direction. */
export function SortableHeader({
  label,
  column,
  sort,
  onSort,
  numeric,
}: {
  label: string;
  column: string;
  sort: { column: string; direction: SortDirection };
  onSort: (column: string, direction: SortDirection) => void;
  numeric?: boolean;
}) {
  const active = sort.column === column;
  const next: SortDirection = active ? (sort.direction === 'asc' ? 'desc' : 'asc') : numeric ? 'desc' : 'asc';
  return (
    <th className={numeric ? 'num' : undefined} aria-sort={active ? (sort.direction === 'asc' ? 'ascending' : 'descending') : 'none'}>
      <button type="button" className={`sort-button${active ? ' is-active' : ''}`} onClick={() => onSort(column, next)}>
        {label} {active ? (sort.direction === 'asc' ? '▲' : '▼') : ''}
      </button>
    </th>
  );
}
