import type { Storage } from '../../src/storage/storage.js';

/**
 * A real Storage whose span/log/metric writes a test can hold (they wait) or fail (they throw),
 * to exercise back-pressure and retries against the real backend. Reads pass straight through;
 * trace-by-id reads are counted (`traceReads`).
 */
export class GatedStorage implements Storage {
  readonly name: string;
  readonly spans: Storage['spans'];
  readonly logs: Storage['logs'];
  readonly metrics: Storage['metrics'];
  readonly aggregates: Storage['aggregates'];
  private mode: 'pass' | 'hold' | 'fail' = 'pass';
  /** When set, health() reports not ready with this message. */
  unhealthyReason: string | undefined;
  private released: (() => void)[] = [];
  writeAttempts = 0;
  /** Trace-by-id reads (`getTrace`, `getTraceApiJson`) the storage has served. */
  traceReads = 0;

  constructor(private readonly inner: Storage) {
    this.name = inner.name;
    const gate = async () => {
      this.writeAttempts++;
      if (this.mode === 'fail') throw new Error('storage unavailable (test)');
      if (this.mode === 'hold') await new Promise<void>((resolve) => this.released.push(resolve));
    };
    const spans = inner.spans;
    const logs = inner.logs;
    const metrics = inner.metrics;
    this.spans = Object.assign(Object.create(spans) as Storage['spans'], {
      writeSpans: async (items: Parameters<Storage['spans']['writeSpans']>[0]) => { await gate(); return spans.writeSpans(items); },
      getTrace: (traceId: string) => { this.traceReads++; return spans.getTrace(traceId); },
    });
    const getTraceApiJson = spans.getTraceApiJson?.bind(spans);
    if (getTraceApiJson) this.spans.getTraceApiJson = (traceId: string) => { this.traceReads++; return getTraceApiJson(traceId); };
    this.logs = Object.assign(Object.create(logs) as Storage['logs'], {
      writeLogs: async (items: Parameters<Storage['logs']['writeLogs']>[0]) => { await gate(); return logs.writeLogs(items); },
    });
    this.metrics = Object.assign(Object.create(metrics) as Storage['metrics'], {
      writeMetricPoints: async (items: Parameters<Storage['metrics']['writeMetricPoints']>[0]) => { await gate(); return metrics.writeMetricPoints(items); },
    });
    this.aggregates = inner.aggregates;
  }

  hold(): void {
    this.mode = 'hold';
  }

  fail(): void {
    this.mode = 'fail';
  }

  /** Lets writes through again and releases the held ones. */
  pass(): void {
    this.mode = 'pass';
    const waiting = this.released;
    this.released = [];
    for (const resolve of waiting) resolve();
  }

  init() { return this.inner.init(); }
  deleteOlderThan(cutoff: bigint) { return this.inner.deleteOlderThan(cutoff); }
  flush() { return this.inner.flush(); }
  health() { return this.unhealthyReason ? Promise.resolve({ ready: false, message: this.unhealthyReason }) : this.inner.health(); }
  close() { return this.inner.close(); }
}
