/**
 * Stable colours: a service keeps its colour everywhere (waterfall bars, map, legends) because it is
 * derived from its name, not from its position in some list.
 */
const SERVICE_PALETTE = [
  '#4e79a7', '#f28e2b', '#59a14f', '#b07aa1', '#76b7b2', '#edc948', '#a0cbe8', '#9c755f',
  '#1f77b4', '#2ca02c', '#8c564b', '#17becf', '#bcbd22', '#499894', '#6b5bd2', '#d37295',
];

export function hashString(text: string): number {
  // FNV-1a: tiny, fast, and well spread for short names.
  let hash = 0x811c9dc5;
  for (let i = 0; i < text.length; i++) {
    hash ^= text.charCodeAt(i);
    hash = Math.imul(hash, 0x01000193);
  }
  return hash >>> 0;
}

/** Names seen so far → colour: the waterfall and minimap ask once per span, for a handful of names. */
const serviceColors = new Map<string, string>();

export function serviceColor(serviceName: string): string {
  let color = serviceColors.get(serviceName);
  if (color === undefined) {
    color = SERVICE_PALETTE[hashString(serviceName) % SERVICE_PALETTE.length];
    if (serviceColors.size < 10_000) serviceColors.set(serviceName, color);
  }
  return color;
}

/** Health by error rate: green below 1%, amber below 5%, red above. */
export function healthColor(errorRate: number | null | undefined): string {
  if (errorRate === null || errorRate === undefined || !Number.isFinite(errorRate)) return '#94a3b8';
  if (errorRate < 0.01) return '#2e9e6b';
  if (errorRate < 0.05) return '#e0a100';
  return '#d64545';
}

export const SEVERITY_COLORS: Record<string, string> = {
  TRACE: '#94a3b8',
  DEBUG: '#64748b',
  INFO: '#3b82f6',
  WARN: '#e0a100',
  ERROR: '#d64545',
  FATAL: '#7f1d1d',
};

/** Collapses severity texts ("Warning", "error2", "INFO3") to the six OTel ranges. */
export function severityGroup(severityText: string, severityNumber?: number): keyof typeof SEVERITY_COLORS {
  if (severityNumber !== undefined && severityNumber > 0) {
    if (severityNumber <= 4) return 'TRACE';
    if (severityNumber <= 8) return 'DEBUG';
    if (severityNumber <= 12) return 'INFO';
    if (severityNumber <= 16) return 'WARN';
    if (severityNumber <= 20) return 'ERROR';
    return 'FATAL';
  }
  const text = severityText.toUpperCase();
  if (text.startsWith('TRACE')) return 'TRACE';
  if (text.startsWith('DEBUG')) return 'DEBUG';
  if (text.startsWith('WARN')) return 'WARN';
  if (text.startsWith('ERR')) return 'ERROR';
  if (text.startsWith('FATAL') || text.startsWith('CRIT')) return 'FATAL';
  return 'INFO';
}
