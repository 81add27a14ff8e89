import type { Metric, Registry } from 'prom-client';

/**
 * Cumulative Prometheus counters and histograms keyed by label values, served by a prom-client
 * registry.
 *
 * Why not prom-client's own Counter/Histogram: those hash the label object on every observation,
 * and the derivers observe every ingested span. Here the caller resolves a series once (it caches
 * the returned object next to its own per-series state) and an observation is a few additions.
 * The exposition format is prom-client's: `get()` returns the same shape its metrics return.
 *
 * Cardinality is bounded: past `maxSeries` label sets, new ones are folded into a single series
 * whose labels all read {@link OVERFLOW_LABEL_VALUE} (the OTel Collector does the same with its
 * `otel.metric.overflow` series), so a span name carrying an id cannot grow /metrics without limit.
 */
export const OVERFLOW_LABEL_VALUE = '__overflow__';

interface MetricValue {
  value: number;
  labels: Record<string, string | number>;
  metricName?: string;
}

interface MetricSnapshot {
  name: string;
  help: string;
  type: 'counter' | 'histogram';
  values: MetricValue[];
  aggregator: 'sum';
}

export interface CounterSeries {
  value: number;
}

export interface HistogramSeries {
  /** Non-cumulative count per bucket; the last slot is the +Inf bucket. */
  readonly bucketCounts: number[];
  sum: number;
  count: number;
}

abstract class LabeledMetric<S> {
  readonly aggregator = 'sum';
  private readonly series = new Map<string, { labels: Record<string, string>; state: S }>();

  constructor(
    public name: string,
    readonly help: string,
    readonly labelNames: readonly string[],
    private readonly maxSeries: number,
  ) {}

  /** The series for these label values (in `labelNames` order), created on first use. */
  seriesFor(labelValues: readonly string[]): S {
    let key = labelValues.join('\u0000');
    let entry = this.series.get(key);
    if (entry === undefined) {
      if (this.series.size >= this.maxSeries) {
        key = OVERFLOW_LABEL_VALUE;
        labelValues = this.labelNames.map(() => OVERFLOW_LABEL_VALUE);
        entry = this.series.get(key);
      }
      if (entry === undefined) {
        const labels: Record<string, string> = {};
        this.labelNames.forEach((labelName, i) => (labels[labelName] = labelValues[i]));
        entry = { labels, state: this.newState() };
        this.series.set(key, entry);
      }
    }
    return entry.state;
  }

  get seriesCount(): number {
    return this.series.size;
  }

  reset(): void {
    this.series.clear();
  }

  protected entries(): Iterable<{ labels: Record<string, string>; state: S }> {
    return this.series.values();
  }

  protected abstract newState(): S;
}

export class LabeledCounter extends LabeledMetric<CounterSeries> {
  readonly type = 'counter';

  protected newState(): CounterSeries {
    return { value: 0 };
  }

  async get(): Promise<MetricSnapshot> {
    const values: MetricValue[] = [];
    for (const { labels, state } of this.entries()) values.push({ value: state.value, labels: { ...labels } });
    return { name: this.name, help: this.help, type: this.type, values, aggregator: this.aggregator };
  }
}

export class LabeledHistogram extends LabeledMetric<HistogramSeries> {
  readonly type = 'histogram';

  constructor(
    name: string,
    help: string,
    labelNames: readonly string[],
    maxSeries: number,
    readonly upperBounds: readonly number[],
  ) {
    super(name, help, labelNames, maxSeries);
  }

  protected newState(): HistogramSeries {
    return { bucketCounts: new Array<number>(this.upperBounds.length + 1).fill(0), sum: 0, count: 0 };
  }

  observe(series: HistogramSeries, value: number): void {
    const bounds = this.upperBounds;
    let i = 0;
    while (i < bounds.length && value > bounds[i]) i++;
    series.bucketCounts[i]++;
    series.sum += value;
    series.count++;
  }

  async get(): Promise<MetricSnapshot> {
    const values: MetricValue[] = [];
    const bucketName = `${this.name}_bucket`;
    for (const { labels, state } of this.entries()) {
      let cumulative = 0;
      this.upperBounds.forEach((le, i) => {
        cumulative += state.bucketCounts[i];
        values.push({ metricName: bucketName, labels: { ...labels, le }, value: cumulative });
      });
      values.push({ metricName: bucketName, labels: { ...labels, le: '+Inf' }, value: state.count });
      values.push({ metricName: `${this.name}_sum`, labels: { ...labels }, value: state.sum });
      values.push({ metricName: `${this.name}_count`, labels: { ...labels }, value: state.count });
    }
    return { name: this.name, help: this.help, type: this.type, values, aggregator: this.aggregator };
  }
}

/**
 * Registers `metric` on `registry`, or returns the one of the same class already registered under
 * its name (a second set of derivers on the same registry shares the series instead of throwing).
 */
export function registerLabeledMetric<M extends LabeledCounter | LabeledHistogram>(registry: Registry, metric: M): M {
  const existing = registry.getSingleMetric(metric.name) as unknown;
  if (existing instanceof (metric.constructor as new (...args: never[]) => M)) return existing as M;
  registry.registerMetric(metric as unknown as Metric);
  return metric;
}
