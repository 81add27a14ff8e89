import type { QueueConfig } from '../config/collector-config.js';
import type { SpanProcessor } from '../derive/processor.js';
import type { LogRecord } from '../model/log-record.js';
import type { MetricPoint } from '../model/metric-point.js';
import type { Span } from '../model/span.js';
import type { Signal } from '../receiver/signal.js';
import type { Storage } from '../storage/storage.js';
import type { SelfMetrics } from '../telemetry/self-metrics.js';
import type { Logger } from './logger.js';
import { SignalPipeline } from './signal-pipeline.js';
import type { OfferResult } from './signal-pipeline.js';

export interface PipelineDeps {
  storage: Pick<Storage, 'spans' | 'logs' | 'metrics'>;
  processors: readonly SpanProcessor[];
  queue: QueueConfig;
  metrics: SelfMetrics;
  logger: Logger;
}

/**
 * The three signal pipelines plus the derive processors. Accepted span batches go to the
 * processors synchronously on acceptance (they derive span metrics and the service graph in
 * memory, then write aggregates on their own timer), and to the span queue for storage.
 */
export class Pipeline {
  readonly traces: SignalPipeline<Span>;
  readonly logs: SignalPipeline<LogRecord>;
  readonly metrics: SignalPipeline<MetricPoint>;
  private readonly processors: readonly SpanProcessor[];
  private readonly logger: Logger;
  private readonly warnedProcessors = new Set<string>();

  constructor(deps: PipelineDeps) {
    const { storage, queue, metrics, logger } = deps;
    this.processors = deps.processors;
    this.logger = logger;
    metrics.queueCapacity.set(queue.maxItems);
    this.traces = new SignalPipeline<Span>('traces', (items) => storage.spans.writeSpans(items), queue, metrics, logger);
    this.logs = new SignalPipeline<LogRecord>('logs', (items) => storage.logs.writeLogs(items), queue, metrics, logger);
    this.metrics = new SignalPipeline<MetricPoint>('metrics', (items) => storage.metrics.writeMetricPoints(items), queue, metrics, logger);
  }

  for(signal: Signal): SignalPipeline<unknown> {
    return (signal === 'traces' ? this.traces : signal === 'logs' ? this.logs : this.metrics) as SignalPipeline<unknown>;
  }

  offerSpans(spans: readonly Span[], bytes: number): OfferResult {
    const result = this.traces.offer(spans, bytes);
    if (result === 'accepted' && spans.length > 0) {
      for (const processor of this.processors) {
        try {
          processor.consume(spans);
        } catch (error) {
          // A processor must not throw; if one does, ingest goes on and we say so once.
          if (!this.warnedProcessors.has(processor.name)) {
            this.warnedProcessors.add(processor.name);
            this.logger.error({ processor: processor.name, err: error }, 'span processor threw; continuing');
          }
        }
      }
    }
    return result;
  }

  /** Everything accepted so far is in storage and in the processors' aggregates. */
  async flush(): Promise<void> {
    await Promise.all([this.traces.idle(), this.logs.idle(), this.metrics.idle()]);
    await Promise.all(this.processors.map((p) => p.flush()));
  }

  /** Graceful stop: refuse new items, write out the queues, then flush and stop the processors. */
  async shutdown(): Promise<void> {
    await Promise.all([this.traces.drain(), this.logs.drain(), this.metrics.drain()]);
    await Promise.all(this.processors.map((p) => p.shutdown()));
  }
}
