import { it } from 'node:test';
import type { Storage } from '../../src/storage/storage.js';
import type { TimeRange } from '../../src/storage/time-range.js';
import type { Fixtures } from './fixtures.js';

/** What each group of conformance tests gets: the shared storage, the fixtures and helpers. */
export interface ConformanceContext {
  /** The storage every read test queries; all fixtures were written to it (twice) before the tests. */
  storage(): Storage;
  /** A fresh, empty storage (already initialised) for tests that must start clean. Closed by the suite. */
  freshStorage(): Promise<Storage>;
  fixtures: Fixtures;
  /** Registers a test of `feature`, skipped when the backend lists it as unsupported; retried until it passes or times out. */
  check(feature: string, title: string, body: () => Promise<void>): void;
  /** [B + fromMs, B + toMs) in nanoseconds. */
  range(fromMs: number, toMs: number): TimeRange;
}

export interface ContextOptions {
  storage: () => Storage;
  freshStorage: () => Promise<Storage>;
  fixtures: Fixtures;
  unsupported: readonly string[];
  pollTimeoutMs: number;
}

export function createContext(options: ContextOptions): ConformanceContext {
  const base = options.fixtures.baseUnixNano;
  return {
    storage: options.storage,
    freshStorage: options.freshStorage,
    fixtures: options.fixtures,
    range: (fromMs, toMs) => ({
      startUnixNano: base + BigInt(fromMs) * 1_000_000n,
      endUnixNano: base + BigInt(toMs) * 1_000_000n,
    }),
    check(feature, title, body) {
      const unsupported = options.unsupported.find((entry) => feature === entry || feature.startsWith(`${entry}.`));
      const skip = unsupported ? `backend does not support ${unsupported}` : false;
      it(`${title} [${feature}]`, { skip }, () => eventually(body, options.pollTimeoutMs));
    },
  };
}

/**
 * Retries `assertion` until it passes or `timeoutMs` runs out, then rethrows its last failure.
 * A backend that refreshes asynchronously (Elasticsearch) may show writes a little late even
 * after flush(); a backend with immediate visibility passes on the first try.
 */
export async function eventually(assertion: () => Promise<void>, timeoutMs: number): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    try {
      await assertion();
      return;
    } catch (error) {
      if (Date.now() >= deadline) throw error;
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
  }
}
