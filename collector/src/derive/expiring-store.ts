/**
 * A bounded map whose entries expire a fixed time after they were added.
 *
 * Every entry waits the same time, so insertion order is expiry order: expiring walks the map from
 * its oldest entry and stops at the first one still waiting — O(expired), not O(size). When the
 * store is full the oldest entry is handed to `onRemoved` early ('evicted') instead of refusing the
 * new one: under overload the freshest spans are the ones most likely to find their partner.
 */
export class ExpiringStore<V> {
  private readonly entries = new Map<string, { value: V; expiresAtMs: number }>();
  evicted = 0;

  constructor(
    private readonly waitMs: number,
    private readonly maxEntries: number,
    private readonly now: () => number,
    private readonly onRemoved: (value: V, reason: 'expired' | 'evicted') => void,
  ) {}

  get size(): number {
    return this.entries.size;
  }

  get(key: string): V | undefined {
    return this.entries.get(key)?.value;
  }

  delete(key: string): void {
    this.entries.delete(key);
  }

  /** Removes and returns the entry, without calling `onRemoved`. */
  take(key: string): V | undefined {
    const entry = this.entries.get(key);
    if (entry === undefined) return undefined;
    this.entries.delete(key);
    return entry.value;
  }

  /**
   * Adds an entry whose wait starts at `nowMs`. An existing entry under the key gets the new value
   * but keeps its place and expiry (keys are span ids: a repeat is a duplicate delivery).
   */
  set(key: string, value: V, nowMs = this.now()): void {
    const existing = this.entries.get(key);
    if (existing !== undefined) {
      existing.value = value;
      return;
    }
    while (this.entries.size >= this.maxEntries) {
      const oldest = this.entries.entries().next().value;
      if (oldest === undefined) break;
      this.entries.delete(oldest[0]);
      this.evicted++;
      this.onRemoved(oldest[1].value, 'evicted');
    }
    this.entries.set(key, { value, expiresAtMs: nowMs + this.waitMs });
  }

  /** Hands every entry whose wait is over to `onRemoved`; `all` expires everything (shutdown). */
  expire(all = false): void {
    const now = this.now();
    for (const [key, entry] of this.entries) {
      if (!all && entry.expiresAtMs > now) break;
      this.entries.delete(key);
      this.onRemoved(entry.value, 'expired');
    }
  }
}
