import { context } from '@opentelemetry/api';
import { ExportResultCode, suppressTracing } from '@opentelemetry/core';
import type { ExportResult } from '@opentelemetry/core';
import type { Context } from '@opentelemetry/api';
import type { ReadableLogRecord, LogRecordExporter, LogRecordProcessor, SdkLogRecord } from '@opentelemetry/sdk-logs';
import type { PushMetricExporter, ResourceMetrics, AggregationTemporality, InstrumentType } from '@opentelemetry/sdk-metrics';
import type { ReadableSpan, Span, SpanExporter, SpanProcessor } from '@opentelemetry/sdk-trace-base';
import type { ExportBudget } from './export-budget.js';

const SAMPLED = 1;

/** Runs the export with tracing suppressed, so the exporter's own HTTP request is never traced. */
function untraced<T>(fn: () => T): T {
  return context.with(suppressTracing(context.active()), fn);
}

/** The exporter shape spans and logs share: a batch of items, settled against the budget per export. */
interface BatchExporter<T> {
  export(items: T[], done: (result: ExportResult) => void): void;
  shutdown(): Promise<void>;
  forceFlush?(): Promise<void>;
}

class GuardedBatchExporter<T> implements BatchExporter<T> {
  constructor(
    private readonly inner: BatchExporter<T>,
    private readonly budget: ExportBudget,
  ) {}

  export(items: T[], done: (result: ExportResult) => void): void {
    untraced(() => {
      try {
        this.inner.export(items, (result) => {
          this.budget.settle(items.length, result.code === ExportResultCode.SUCCESS, result.error);
          done(result);
        });
      } catch (error) {
        this.budget.settle(items.length, false, error);
        done({ code: ExportResultCode.FAILED, error: error as Error });
      }
    });
  }

  shutdown(): Promise<void> {
    return untraced(() => this.inner.shutdown());
  }

  forceFlush(): Promise<void> {
    return untraced(() => this.inner.forceFlush?.() ?? Promise.resolve());
  }
}

export class GuardedSpanExporter extends GuardedBatchExporter<ReadableSpan> implements SpanExporter {}

/** Admits a finished span into the batch only while the budget allows. */
export class BoundedSpanProcessor implements SpanProcessor {
  constructor(
    private readonly inner: SpanProcessor,
    private readonly budget: ExportBudget,
  ) {}

  onStart(span: Span, parentContext: Context): void {
    this.inner.onStart(span, parentContext);
  }

  onEnd(span: ReadableSpan): void {
    // Unsampled spans are never exported, so they must not take a place in the budget.
    if ((span.spanContext().traceFlags & SAMPLED) === 0) return;
    if (this.budget.tryAdmit()) this.inner.onEnd(span);
  }

  forceFlush(): Promise<void> {
    return this.inner.forceFlush();
  }

  shutdown(): Promise<void> {
    return this.inner.shutdown();
  }
}

export class GuardedLogExporter extends GuardedBatchExporter<ReadableLogRecord> implements LogRecordExporter {}

export class BoundedLogProcessor implements LogRecordProcessor {
  constructor(
    private readonly inner: LogRecordProcessor,
    private readonly budget: ExportBudget,
  ) {}

  onEmit(logRecord: SdkLogRecord, ctx?: Context): void {
    if (this.budget.tryAdmit()) this.inner.onEmit(logRecord, ctx);
  }

  forceFlush(): Promise<void> {
    return this.inner.forceFlush();
  }

  shutdown(): Promise<void> {
    return this.inner.shutdown();
  }
}

/** Metrics are cumulative and periodic, so memory is bounded by the series count: only failures are counted. */
export class GuardedMetricExporter implements PushMetricExporter {
  constructor(
    private readonly inner: PushMetricExporter,
    private readonly budget: ExportBudget,
  ) {}

  export(metrics: ResourceMetrics, done: (result: ExportResult) => void): void {
    untraced(() => {
      try {
        this.inner.export(metrics, (result) => {
          if (result.code !== ExportResultCode.SUCCESS) {
            this.budget.recordFailure(metrics.scopeMetrics.reduce((n, s) => n + s.metrics.length, 0), result.error);
          }
          done(result);
        });
      } catch (error) {
        this.budget.recordFailure(1, error);
        done({ code: ExportResultCode.FAILED, error: error as Error });
      }
    });
  }

  selectAggregationTemporality(instrumentType: InstrumentType): AggregationTemporality {
    return this.inner.selectAggregationTemporality!(instrumentType);
  }

  forceFlush(): Promise<void> {
    return untraced(() => this.inner.forceFlush());
  }

  shutdown(): Promise<void> {
    return untraced(() => this.inner.shutdown());
  }
}
