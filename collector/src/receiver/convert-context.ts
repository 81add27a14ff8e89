import type { ReceiverLimits } from '../config/collector-config.js';

/** What was cut to fit the limits, by the `what` label of the truncation metric. */
export interface TruncationCounts {
  attribute_value: number;
  attributes: number;
  events: number;
  links: number;
  log_body: number;
}

/**
 * State of converting one export request: limits, the accepted time window, and tallies of what
 * was truncated and why items were rejected (reason → count) for the partial-success message.
 */
export class ConvertContext {
  readonly limits: ReceiverLimits;
  readonly nowNano: bigint;
  /** Items with a time before this are rejected (0n = no lower bound). */
  readonly minTimeNano: bigint;
  /** Items with a time after this are rejected (undefined = no upper bound). */
  readonly maxTimeNano: bigint | undefined;
  readonly truncated: TruncationCounts = { attribute_value: 0, attributes: 0, events: 0, links: 0, log_body: 0 };
  readonly rejectReasons = new Map<string, number>();
  rejected = 0;

  constructor(limits: ReceiverLimits, nowMs: number = Date.now()) {
    this.limits = limits;
    this.nowNano = BigInt(nowMs) * 1_000_000n;
    this.minTimeNano = limits.maxPastAgeMs > 0 ? BigInt(nowMs - limits.maxPastAgeMs) * 1_000_000n : 0n;
    this.maxTimeNano = limits.maxFutureSkewMs > 0 ? BigInt(nowMs + limits.maxFutureSkewMs) * 1_000_000n : undefined;
  }

  reject(reason: string): void {
    this.rejected++;
    this.rejectReasons.set(reason, (this.rejectReasons.get(reason) ?? 0) + 1);
  }

  /** A reason for a time outside the accepted window, or undefined when it is inside. */
  checkWindow(timeNano: bigint): string | undefined {
    if (timeNano < this.minTimeNano) return 'timestamp older than the accepted window (max-past-age)';
    if (this.maxTimeNano !== undefined && timeNano > this.maxTimeNano) return 'timestamp in the future beyond max-future-skew';
    return undefined;
  }

  /** "rejected 3 spans: 2 invalid trace_id ...; 1 end before start" — empty when none. */
  rejectionMessage(itemNoun: string): string {
    if (this.rejected === 0) return '';
    const parts = [...this.rejectReasons].map(([reason, count]) => `${count} ${reason}`);
    return `rejected ${this.rejected} ${itemNoun}: ${parts.join('; ')}`;
  }

  truncationMessage(): string {
    const parts = Object.entries(this.truncated)
      .filter(([, count]) => count > 0)
      .map(([what, count]) => `${count} ${what.replace('_', ' ')}`);
    return parts.length ? `truncated to fit limits: ${parts.join(', ')}` : '';
  }
}
