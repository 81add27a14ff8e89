import { randomUUID } from 'node:crypto';

/** Tunables shared by the span-metrics and service-graph processors, with their defaults. */
export interface DeriveSettings {
  flushIntervalMs: number;
  serviceGraphWaitMs: number;
  /** Distinct span-metric dimension sets (service × operation × kind × status) tracked at once. */
  maxSeries: number;
  /** Label sets per Prometheus series family; more are folded into one overflow series. */
  maxPrometheusSeries: number;
  /** Per-minute cells held in memory per processor. */
  maxOpenCells: number;
  /** Rows waiting for a retry per processor. */
  maxPendingRows: number;
  /** A written per-minute cell untouched for this long is forgotten. */
  idleCloseMs: number;
  /** Client and server spans each waiting for their partner in the service-graph store. */
  maxPendingSpans: number;
  instanceId: string;
  now: () => number;
  /** Where failed timer-driven flushes and drop warnings go. */
  log: (message: string) => void;
}

export function resolveDeriveSettings(partial: Partial<DeriveSettings> = {}): DeriveSettings {
  return {
    flushIntervalMs: 5_000,
    serviceGraphWaitMs: 10_000,
    maxSeries: 10_000,
    maxPrometheusSeries: 5_000,
    maxOpenCells: 50_000,
    maxPendingRows: 200_000,
    idleCloseMs: 60_000,
    maxPendingSpans: 200_000,
    instanceId: randomUUID(),
    now: Date.now,
    log: (message) => process.emitWarning(message, { code: 'SIGHTLINE_DERIVE' }),
    ...definedOnly(partial),
  };
}

function definedOnly<T extends object>(partial: T): T {
  return Object.fromEntries(Object.entries(partial).filter(([, v]) => v !== undefined)) as T;
}
