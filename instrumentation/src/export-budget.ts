import { warnOnce } from './warn-once.js';

export interface SignalStats {
  /** Items refused because the export queue was full (the collector is down or slow). */
  dropped: number;
  /** Items whose export failed (collector unreachable, rejected, timed out). */
  failed: number;
  /** Items accepted and not yet settled: always ≤ the queue capacity. */
  inFlight: number;
}

/**
 * Bounds the memory one signal may hold: an item is admitted only while fewer than `capacity` items
 * are queued or being exported, so a dead collector costs at most `capacity` items, never more.
 * Everything refused or lost is counted and reported with ONE warning per signal and kind.
 */
export class ExportBudget {
  private inFlightCount = 0;
  private droppedCount = 0;
  private failedCount = 0;

  constructor(
    private readonly signal: string,
    private readonly capacity: number,
    private readonly destination: string,
  ) {}

  tryAdmit(): boolean {
    if (this.inFlightCount >= this.capacity) {
      this.droppedCount++;
      warnOnce(
        `${this.signal}-queue-full`,
        `${this.signal} queue is full (${this.capacity} items): dropping new ${this.signal} until ${this.destination} catches up. The app is not affected.`,
      );
      return false;
    }
    this.inFlightCount++;
    return true;
  }

  /** Called once per export attempt with the number of items it carried. */
  settle(items: number, succeeded: boolean, error?: unknown): void {
    this.inFlightCount = Math.max(0, this.inFlightCount - items);
    if (succeeded) return;
    this.failedCount += items;
    const reason = error instanceof Error ? error.message : error === undefined ? 'unknown error' : String(error);
    warnOnce(
      `${this.signal}-export-failed`,
      `exporting ${this.signal} to ${this.destination} failed (${reason}); further failures are counted, not printed.`,
    );
  }

  /** For exports whose size is not admitted item by item (metrics). */
  recordFailure(items: number, error?: unknown): void {
    this.inFlightCount += items;
    this.settle(items, false, error);
  }

  stats(): SignalStats {
    return { dropped: this.droppedCount, failed: this.failedCount, inFlight: this.inFlightCount };
  }
}
