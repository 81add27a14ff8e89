import { Counter, Gauge, Histogram, Registry, collectDefaultMetrics } from 'prom-client';
import * as names from './metric-names.js';

/**
 * The collector's own health series (names from metric-names.ts), on one prom-client registry
 * that `GET /metrics` serves. The derive processors add their series to the same registry.
 */
export class SelfMetrics {
  readonly registry: Registry;
  readonly received: Counter<'signal'>;
  readonly accepted: Counter<'signal'>;
  readonly rejected: Counter<'signal' | 'reason'>;
  readonly truncated: Counter<'signal' | 'what'>;
  readonly requests: Counter<'signal' | 'status_code'>;
  readonly queueItems: Gauge<'signal'>;
  readonly queueBytes: Gauge<'signal'>;
  readonly queueCapacity: Gauge;
  readonly writeDuration: Histogram<'signal'>;
  readonly written: Counter<'signal'>;
  readonly writeErrors: Counter<'signal'>;
  readonly dropped: Counter<'signal'>;
  readonly storageUp: Gauge<'backend'>;

  constructor(registry: Registry = new Registry(), options: { processMetrics?: boolean } = {}) {
    this.registry = registry;
    const registers = [registry];
    if (options.processMetrics ?? true) collectDefaultMetrics({ register: registry, prefix: 'sightline_process_' });
    this.received = new Counter({ name: names.ITEMS_RECEIVED_TOTAL, help: 'Items (spans, log records, metric points) that arrived', labelNames: ['signal'], registers });
    this.accepted = new Counter({ name: names.ITEMS_ACCEPTED_TOTAL, help: 'Items that passed validation and entered the pipeline', labelNames: ['signal'], registers });
    this.rejected = new Counter({ name: names.ITEMS_REJECTED_TOTAL, help: 'Items rejected by validation or back-pressure', labelNames: ['signal', 'reason'], registers });
    this.truncated = new Counter({ name: names.ITEMS_TRUNCATED_TOTAL, help: 'Truncations and drops made to fit the limits', labelNames: ['signal', 'what'], registers });
    this.requests = new Counter({ name: names.REQUESTS_TOTAL, help: 'OTLP export requests answered', labelNames: ['signal', 'status_code'], registers });
    this.queueItems = new Gauge({ name: names.QUEUE_ITEMS, help: 'Items waiting in the pipeline queue', labelNames: ['signal'], registers });
    this.queueBytes = new Gauge({ name: names.QUEUE_BYTES, help: 'Approximate bytes waiting in the pipeline queue', labelNames: ['signal'], registers });
    this.queueCapacity = new Gauge({ name: names.QUEUE_CAPACITY_ITEMS, help: 'Capacity of each signal queue in items', registers });
    this.writeDuration = new Histogram({
      name: names.STORAGE_WRITE_DURATION_SECONDS,
      help: 'Time one batch write to storage took',
      labelNames: ['signal'],
      buckets: [...names.PROMETHEUS_DURATION_BUCKETS_SECONDS],
      registers,
    });
    this.written = new Counter({ name: names.STORAGE_WRITTEN_ITEMS_TOTAL, help: 'Items written to storage', labelNames: ['signal'], registers });
    this.writeErrors = new Counter({ name: names.STORAGE_WRITE_ERRORS_TOTAL, help: 'Failed batch writes (each retried)', labelNames: ['signal'], registers });
    this.dropped = new Counter({ name: names.STORAGE_DROPPED_ITEMS_TOTAL, help: 'Items that could not be stored after every retry', labelNames: ['signal'], registers });
    this.storageUp = new Gauge({ name: names.STORAGE_UP, help: '1 when the storage backend is healthy', labelNames: ['backend'], registers });
  }
}
