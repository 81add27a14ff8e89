import type { Registry } from 'prom-client';
import type { SpanMetricsRow } from '../model/aggregates.js';
import type { Span, SpanKind, StatusCode } from '../model/span.js';
import type { AggregateWriter } from '../storage/aggregate-store.js';
import {
  PROMETHEUS_DURATION_BUCKETS_SECONDS,
  SPAN_CALLS_TOTAL,
  SPAN_DURATION_SECONDS,
  SPAN_METRICS_DROPPED_SPANS_TOTAL,
} from '../telemetry/metric-names.js';
import type { DeriveSettings } from './derive-settings.js';
import {
  LabeledCounter,
  LabeledHistogram,
  registerLabeledMetric,
  type CounterSeries,
  type HistogramSeries,
} from './labeled-metrics.js';
import { droppedCallsSeries } from './loss-metrics.js';
import { MinuteAggregator, minuteOf, type MinuteRow, type SeriesCell } from './minute-aggregator.js';
import { spanKindLabel, statusCodeLabel } from './otel-labels.js';
import { PeriodicFlusher } from './periodic-flusher.js';
import type { SpanProcessor } from './processor.js';

interface SpanMetricsDims {
  serviceName: string;
  operation: string;
  spanKind: SpanKind;
  statusCode: StatusCode;
}

/** One known dimension set: its Prometheus series resolved once, its current cell, when it was last seen. */
interface SeriesState extends SeriesCell<SpanMetricsDims> {
  calls: CounterSeries;
  duration: HistogramSeries;
  lastSeenMs: number;
}

/** Series of one service and operation, indexed by `kind * 3 + statusCode`. */
type SeriesSlots = (SeriesState | undefined)[];

export interface SpanMetricsStats {
  series: number;
  openCells: number;
  /** Spans left out of the stored rows because `maxSeries` dimension sets were already tracked. */
  droppedSpans: number;
  /** Calls in rows that could not be written before the retry queue overflowed. */
  droppedCalls: number;
}

/** A series not seen for this long may make room for a new one when `maxSeries` is reached. */
const STALE_SERIES_MS = 10 * 60_000;

/**
 * RED per service × operation × kind × status, per minute (rows through the AggregateWriter) and
 * cumulative (Prometheus `SPAN_CALLS_TOTAL` and `SPAN_DURATION_SECONDS` on the given registry).
 * A span belongs to the minute its start time falls in.
 */
export class SpanMetricsProcessor implements SpanProcessor {
  readonly name = 'span-metrics';
  /** service → operation → slots: nested maps, so the hot path builds no key string. */
  private readonly series = new Map<string, Map<string, SeriesSlots>>();
  private seriesCount = 0;
  private readonly aggregator: MinuteAggregator<SpanMetricsDims>;
  private readonly callsMetric: LabeledCounter;
  private readonly durationMetric: LabeledHistogram;
  private readonly flusher: PeriodicFlusher;
  private droppedSpans = 0;
  private droppedSpansReported = 0;
  private readonly droppedSpansSeries: CounterSeries;

  constructor(
    private readonly writer: AggregateWriter,
    registry: Registry,
    private readonly settings: DeriveSettings,
  ) {
    const labelNames = ['service', 'operation', 'span_kind', 'status_code'];
    this.callsMetric = registerLabeledMetric(
      registry,
      new LabeledCounter(SPAN_CALLS_TOTAL, 'Spans ingested, by service, operation, kind and status.', labelNames, settings.maxPrometheusSeries),
    );
    this.durationMetric = registerLabeledMetric(
      registry,
      new LabeledHistogram(
        SPAN_DURATION_SECONDS,
        'Span durations in seconds, by service, operation, kind and status.',
        labelNames,
        settings.maxPrometheusSeries,
        PROMETHEUS_DURATION_BUCKETS_SECONDS,
      ),
    );
    this.droppedSpansSeries = registerLabeledMetric(
      registry,
      new LabeledCounter(SPAN_METRICS_DROPPED_SPANS_TOTAL, 'Spans left out of span metrics: too many distinct service/operation/kind/status sets.', [], 1),
    ).seriesFor([]);
    const droppedCalls = droppedCallsSeries(registry, this.name);
    this.aggregator = new MinuteAggregator<SpanMetricsDims>(settings, this.name, (calls) => (droppedCalls.value += calls));
    this.flusher = new PeriodicFlusher(() => this.writeOut(), settings.flushIntervalMs, (error) =>
      settings.log(`span metrics: write failed, will retry: ${String(error)}`),
    );
  }

  consume(spans: readonly Span[]): void {
    const now = this.settings.now();
    for (const span of spans) {
      let operations = this.series.get(span.resource.serviceName);
      if (operations === undefined) {
        operations = new Map();
        this.series.set(span.resource.serviceName, operations);
      }
      let slots = operations.get(span.name);
      if (slots === undefined) {
        slots = [];
        operations.set(span.name, slots);
      }
      const slot = span.kind * 3 + span.statusCode;
      let state = slots[slot];
      if (state === undefined) {
        state = this.newSeries(span, now);
        if (state === undefined) {
          this.droppedSpans++;
          this.droppedSpansSeries.value++;
          continue;
        }
        slots[slot] = state;
      }
      state.lastSeenMs = now;
      const durationNano = span.durationNano > 0 ? span.durationNano : 0;
      state.calls.value++;
      this.durationMetric.observe(state.duration, durationNano / 1e9);
      const cell = this.aggregator.cellOf(state, minuteOf(span.startTimeUnixNano));
      MinuteAggregator.add(cell, durationNano, span.isError, now);
    }
  }

  flush(): Promise<void> {
    return this.flusher.flush();
  }

  shutdown(): Promise<void> {
    return this.flusher.stop();
  }

  stats(): SpanMetricsStats {
    return {
      series: this.seriesCount,
      openCells: this.aggregator.openCells,
      droppedSpans: this.droppedSpans,
      droppedCalls: this.aggregator.droppedCalls,
    };
  }

  private newSeries(span: Span, now: number): SeriesState | undefined {
    if (this.seriesCount >= this.settings.maxSeries) {
      this.forgetStaleSeries(now);
      if (this.seriesCount >= this.settings.maxSeries) return undefined;
    }
    const dims: SpanMetricsDims = {
      serviceName: span.resource.serviceName,
      operation: span.name,
      spanKind: span.kind,
      statusCode: span.statusCode,
    };
    const labelValues = [dims.serviceName, dims.operation, spanKindLabel(dims.spanKind), statusCodeLabel(dims.statusCode)];
    const state: SeriesState = {
      key: `${dims.serviceName}\u0000${dims.operation}\u0000${dims.spanKind}\u0000${dims.statusCode}`,
      dims,
      calls: this.callsMetric.seriesFor(labelValues),
      duration: this.durationMetric.seriesFor(labelValues),
      lastSeenMs: now,
      cell: undefined,
    };
    this.seriesCount++;
    return state;
  }

  private forgetStaleSeries(now: number): void {
    for (const [service, operations] of this.series) {
      for (const [operation, slots] of operations) {
        slots.forEach((state, i) => {
          if (state !== undefined && state.lastSeenMs < now - STALE_SERIES_MS) {
            slots[i] = undefined;
            this.seriesCount--;
          }
        });
        if (slots.every((state) => state === undefined)) operations.delete(operation);
      }
      if (operations.size === 0) this.series.delete(service);
    }
  }

  private async writeOut(): Promise<void> {
    if (this.droppedSpans > this.droppedSpansReported) {
      this.settings.log(
        `span metrics: ${this.droppedSpans - this.droppedSpansReported} spans left out of stored span metrics: more than ${this.settings.maxSeries} distinct service/operation/kind/status combinations`,
      );
      this.droppedSpansReported = this.droppedSpans;
    }
    await this.aggregator.writeOutWith((rows) => this.writer.writeSpanMetrics(rows.map(toSpanMetricsRow)));
  }
}

function toSpanMetricsRow(row: MinuteRow<SpanMetricsDims>): SpanMetricsRow {
  return {
    id: row.id,
    minuteUnixMs: row.minuteUnixMs,
    serviceName: row.dims.serviceName,
    operation: row.dims.operation,
    spanKind: row.dims.spanKind,
    statusCode: row.dims.statusCode,
    calls: row.calls,
    errors: row.errors,
    durationSumNano: row.durationSumNano,
    histogram: row.histogram,
  };
}
