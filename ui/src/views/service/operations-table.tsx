import { useState } from 'react';
import type { ApiOperation } from '../../api/schemas';
import { SortableHeader } from '../../components/layout/sortable-header';
import { formatDurationNanos, formatPercent, formatRate } from '../../format/format';
import { healthColor } from '../../transforms/colors';
import { sortBy, type SortDirection } from '../../transforms/sort';

const COLUMNS: { column: string; label: string; value: (o: ApiOperation) => number | string | null }[] = [
  { column: 'name', label: 'Operation', value: (o) => o.name },
  { column: 'kind', label: 'Kind', value: (o) => o.spanKindName },
  { column: 'rate', label: 'Throughput', value: (o) => o.rate },
  { column: 'errorRate', label: 'Error rate', value: (o) => o.errorRate },
  { column: 'p50', label: 'p50', value: (o) => o.p50Ms },
  { column: 'p95', label: 'p95', value: (o) => o.p95Ms },
  { column: 'p99', label: 'p99', value: (o) => o.p99Ms },
];
const ms = (v: number | null) => formatDurationNanos(v === null ? null : v * 1e6);

export function OperationsTable({ operations, selected, onSelect }: { operations: readonly ApiOperation[]; selected?: string; onSelect: (operation: string) => void }) {
  const [sort, setSort] = useState<{ column: string; direction: SortDirection }>({ column: 'rate', direction: 'desc' });
  const column = COLUMNS.find((c) => c.column === sort.column)!;
  return (
    <table className="table" data-testid="operations-table">
      <thead>
        <tr>
          {COLUMNS.map((c) => (
            <SortableHeader key={c.column} label={c.label} column={c.column} sort={sort} numeric={c.column !== 'name' && c.column !== 'kind'} onSort={(col, direction) => setSort({ column: col, direction })} />
          ))}
        </tr>
      </thead>
      <tbody>
        {sortBy(operations, column.value, sort.direction).map((op) => (
          <tr key={`${op.name}|${op.spanKind}`} className={`is-clickable${selected === op.name ? ' is-selected' : ''}`} onClick={() => onSelect(op.name)}>
            <td className="mono">{op.name}</td>
            <td>
              <span className="badge">{op.spanKindName.toLowerCase()}</span>
            </td>
            <td className="num">{formatRate(op.rate)}</td>
            <td className="num">
              <span className="dot" style={{ background: healthColor(op.calls > 0 ? op.errorRate : null) }} /> {formatPercent(op.errorRate)}
            </td>
            <td className="num">{ms(op.p50Ms)}</td>
            <td className="num">{ms(op.p95Ms)}</td>
            <td className="num">{ms(op.p99Ms)}</td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}
