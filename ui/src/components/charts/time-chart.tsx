import { CartesianGrid, Legend, Line, LineChart, ResponsiveContainer, Tooltip, XAxis, YAxis } from 'recharts';
import { formatTime } from '../../format/format';

export interface TimeSeriesLine {
  key: string;
  label: string;
  color: string;
}

/** A Recharts line chart over time with the house style; rows are `{ timeMs, [key]: value }`. */
export function TimeChart({
  rows,
  lines,
  formatValue,
  height = 200,
  testId,
}: {
  rows: Record<string, number | null>[];
  lines: TimeSeriesLine[];
  formatValue: (value: number) => string;
  height?: number;
  testId?: string;
}) {
  // A line of one or two points draws nothing visible: show the points themselves.
  const sparse = lines.some((line) => rows.filter((row) => row[line.key] !== null && row[line.key] !== undefined).length <= 2);
  return (
    <div style={{ width: '100%', height }} data-testid={testId}>
      <ResponsiveContainer width="100%" height="100%" minWidth={100} initialDimension={{ width: 500, height }}>
        <LineChart data={rows} margin={{ top: 6, right: 12, bottom: 0, left: 0 }}>
          <CartesianGrid stroke="#e2e8f0" strokeDasharray="3 3" vertical={false} />
          <XAxis dataKey="timeMs" type="number" scale="time" domain={['dataMin', 'dataMax']} tickFormatter={(v: number) => formatTime(v).slice(0, 5)} stroke="#94a3b8" fontSize={11} minTickGap={40} />
          <YAxis tickFormatter={(v: number) => formatValue(v)} stroke="#94a3b8" fontSize={11} width={62} allowDecimals />
          <Tooltip
            labelFormatter={(v) => formatTime(Number(v))}
            formatter={(value) => (typeof value === 'number' ? formatValue(value) : String(value ?? '–'))}
          />
          {lines.length > 1 && <Legend iconType="plainline" wrapperStyle={{ fontSize: 12 }} />}
          {lines.map((line) => (
            <Line key={line.key} type="monotone" dataKey={line.key} name={line.label} stroke={line.color} dot={sparse ? { r: 3 } : false} strokeWidth={1.8} isAnimationActive={false} connectNulls={false} />
          ))}
        </LineChart>
      </ResponsiveContainer>
    </div>
  );
}
