/** Sorting helpers for tables: nulls (no data) always last, whatever the direction. */
export type SortDirection = 'asc' | 'desc';

export function compareNullable(a: number | string | null | undefined, b: number | string | null | undefined, direction: SortDirection): number {
  const aMissing = a === null || a === undefined;
  const bMissing = b === null || b === undefined;
  if (aMissing || bMissing) return aMissing === bMissing ? 0 : aMissing ? 1 : -1;
  const order = typeof a === 'string' || typeof b === 'string' ? String(a).localeCompare(String(b)) : a - b;
  return direction === 'asc' ? order : -order;
}

export function sortBy<T>(rows: readonly T[], key: (row: T) => number | string | null | undefined, direction: SortDirection): T[] {
  return [...rows].sort((x, y) => compareNullable(key(x), key(y), direction));
}

/**
 * Strings in code-point order. For keys (ids, attribute names) where locale order adds nothing:
 * localeCompare's first call in a page loads the ICU collator, tens of ms on a critical path.
 */
export function compareCodePoints(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}
