/**
 * A tiny inline SVG line for table cells. Plain SVG (not a chart library) because a services table
 * can hold dozens of them and they must cost nothing to render.
 */
export function Sparkline({
  values,
  color = 'var(--accent)',
  width = 110,
  height = 26,
  label,
}: {
  values: (number | null)[];
  color?: string;
  width?: number;
  height?: number;
  label: string;
}) {
  const finite = values.filter((v): v is number => v !== null && Number.isFinite(v));
  if (finite.length === 0) return <svg width={width} height={height} role="img" aria-label={`${label}: no data`} />;
  const max = Math.max(...finite, 0);
  const min = Math.min(...finite, 0);
  const span = max - min || 1;
  const stepX = values.length > 1 ? width / (values.length - 1) : width;
  const points = values
    .map((value, i) => (value === null ? null : `${(i * stepX).toFixed(1)},${(height - 2 - ((value - min) / span) * (height - 4)).toFixed(1)}`))
    .filter(Boolean)
    .join(' ');
  const area = `0,${height} ${points} ${width},${height}`;
  return (
    <svg width={width} height={height} role="img" aria-label={label} className="sparkline">
      <polygon points={area} fill={color} opacity={0.12} />
      <polyline points={points} fill="none" stroke={color} strokeWidth={1.5} strokeLinejoin="round" />
    </svg>
  );
}
