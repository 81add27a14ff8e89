/** Human-readable renderings of durations, rates and counts used across every view. */

const NANOS_PER_MS = 1e6;

/** Formats nanoseconds with a unit that keeps 2–3 significant digits (850µs, 12.3ms, 4.5s). */
export function formatDurationNanos(nanos: number | null | undefined): string {
  if (nanos === null || nanos === undefined || !Number.isFinite(nanos)) return '–';
  const abs = Math.abs(nanos);
  if (abs < 1_000) return `${trim(nanos)}ns`;
  if (abs < 1_000_000) return `${trim(nanos / 1_000)}µs`;
  if (abs < 1_000_000_000) return `${trim(nanos / NANOS_PER_MS)}ms`;
  if (abs < 60e9) return `${trim(nanos / 1e9)}s`;
  const minutes = Math.floor(abs / 60e9);
  const seconds = Math.round((abs - minutes * 60e9) / 1e9);
  return `${nanos < 0 ? '-' : ''}${minutes}m${seconds > 0 ? ` ${seconds}s` : ''}`;
}

function trim(value: number): string {
  const abs = Math.abs(value);
  const digits = abs >= 100 ? 0 : abs >= 10 ? 1 : 2;
  return Number(value.toFixed(digits)).toString();
}

/** Requests per second with a sensible precision ("0.05/s", "12.4/s", "1.2k/s"). */
export function formatRate(perSecond: number | null | undefined): string {
  if (perSecond === null || perSecond === undefined || !Number.isFinite(perSecond)) return '–';
  // Rare calls read better per minute ("1.2/min") than as "0.02/s".
  if (perSecond > 0 && perSecond < 0.1) {
    const perMinute = perSecond * 60;
    return perMinute < 0.01 ? '<0.01/min' : `${trim(perMinute)}/min`;
  }
  return `${formatCompact(perSecond)}/s`;
}

export function formatCompact(value: number): string {
  const abs = Math.abs(value);
  if (abs === 0) return '0';
  if (abs >= 1e9) return `${trim(value / 1e9)}G`;
  if (abs >= 1e6) return `${trim(value / 1e6)}M`;
  if (abs >= 1e3) return `${trim(value / 1e3)}k`;
  if (abs < 0.01) return value.toExponential(1);
  return trim(value);
}

/**
 * A whole count with thousands separators ("50,000"). Not toLocaleString: its first call in a page
 * loads the ICU number formatter, 50–150 ms on the trace page's critical path.
 */
export function formatCount(value: number): string {
  const digits = String(Math.round(Math.abs(value)));
  return `${value < 0 ? '-' : ''}${digits.replace(/\B(?=(\d{3})+(?!\d))/g, ',')}`;
}

/** A ratio 0..1 as a percentage ("0%", "0.35%", "12.5%"). */
export function formatPercent(ratio: number | null | undefined): string {
  if (ratio === null || ratio === undefined || !Number.isFinite(ratio)) return '–';
  if (ratio === 0) return '0%';
  return `${trim(ratio * 100)}%`;
}

/** Local wall-clock time of a Unix-ms instant, with milliseconds when asked. */
export function formatTime(unixMs: number, withMillis = false): string {
  const date = new Date(unixMs);
  const pad = (n: number, width = 2) => String(n).padStart(width, '0');
  const base = `${pad(date.getHours())}:${pad(date.getMinutes())}:${pad(date.getSeconds())}`;
  return withMillis ? `${base}.${pad(date.getMilliseconds(), 3)}` : base;
}

export function formatDateTime(unixMs: number): string {
  const date = new Date(unixMs);
  const pad = (n: number) => String(n).padStart(2, '0');
  return `${date.getFullYear()}-${pad(date.getMonth() + 1)}-${pad(date.getDate())} ${formatTime(unixMs)}`;
}

/** Nanosecond timestamps arrive as decimal strings (bigint on the server); ms is plenty for display. */
export function nanosToMs(nanos: string | number): number {
  if (typeof nanos === 'number') return nanos / NANOS_PER_MS;
  // Keep precision: drop the last 6 digits instead of parsing a 19-digit number as a double.
  if (nanos.length > 6) return Number(nanos.slice(0, -6)) + Number(nanos.slice(-6)) / NANOS_PER_MS;
  return Number(nanos) / NANOS_PER_MS;
}

/** Attribute values as text: strings verbatim, everything else as JSON. Never HTML. */
export function attributeToText(value: unknown): string {
  if (value === null || value === undefined) return '';
  if (typeof value === 'string') return value;
  if (typeof value === 'number' || typeof value === 'boolean') return String(value);
  return JSON.stringify(value);
}

export function shortId(id: string, length = 7): string {
  return id.slice(0, length);
}
