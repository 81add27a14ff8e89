import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { Counter, Gauge, Histogram, Registry, Summary } from 'prom-client';
import { DataPointType } from '@opentelemetry/sdk-metrics';
import type { HistogramMetricData, MetricData } from '@opentelemetry/sdk-metrics';
import { PromClientMetricProducer } from '../src/prom-client-producer.js';
import type { PromRegistryLike } from '../src/prom-client-registry.js';

async function collect(registry: Registry): Promise<MetricData[]> {
  const result = await new PromClientMetricProducer(registry as unknown as PromRegistryLike).collect();
  assert.deepEqual(result.errors, []);
  return result.resourceMetrics.scopeMetrics.flatMap((s) => s.metrics);
}

describe('prom-client → OTel bridge', () => {
  it('counters become monotonic sums and gauges stay gauges, labels as attributes', async () => {
    const registry = new Registry();
    new Counter({ name: 'jobs_total', help: 'jobs', labelNames: ['queue'], registers: [registry] }).inc({ queue: 'emails' }, 3);
    new Gauge({ name: 'temperature', help: 't', registers: [registry] }).set(21.5);
    const metrics = await collect(registry);
    const jobs = metrics.find((m) => m.descriptor.name === 'jobs_total');
    assert.equal(jobs?.dataPointType, DataPointType.SUM);
    assert.equal(jobs.dataPointType === DataPointType.SUM && jobs.isMonotonic, true);
    assert.deepEqual(jobs.dataPoints.map((p) => [p.attributes, p.value]), [[{ queue: 'emails' }, 3]]);
    const temperature = metrics.find((m) => m.descriptor.name === 'temperature');
    assert.equal(temperature?.dataPointType, DataPointType.GAUGE);
    assert.equal(temperature.dataPoints[0].value, 21.5);
  });

  it('cumulative `le` buckets become per-bucket counts with an overflow bucket, one point per label set', async () => {
    const registry = new Registry();
    const histogram = new Histogram({ name: 'latency_seconds', help: 'l', buckets: [0.1, 0.5, 1], labelNames: ['route'], registers: [registry] });
    for (const v of [0.05, 0.2, 0.3, 0.7, 5]) histogram.observe({ route: '/a' }, v);
    histogram.observe({ route: '/b' }, 0.01);
    const metric = (await collect(registry)).find((m) => m.descriptor.name === 'latency_seconds') as HistogramMetricData;
    assert.equal(metric.dataPointType, DataPointType.HISTOGRAM);
    const a = metric.dataPoints.find((p) => p.attributes.route === '/a');
    assert.deepEqual(a?.value.buckets, { boundaries: [0.1, 0.5, 1], counts: [1, 2, 1, 1] });
    assert.equal(a.value.count, 5);
    assert.ok(Math.abs((a.value.sum ?? 0) - 6.25) < 1e-9);
    assert.equal(metric.dataPoints.length, 2);
  });

  it('summaries become a quantile gauge plus _sum and _count sums', async () => {
    const registry = new Registry();
    const summary = new Summary({ name: 'payload_bytes', help: 'p', percentiles: [0.5, 0.9], registers: [registry] });
    for (const v of [10, 20, 30]) summary.observe(v);
    const names = (await collect(registry)).map((m) => m.descriptor.name).sort();
    assert.deepEqual(names, ['payload_bytes', 'payload_bytes_count', 'payload_bytes_sum']);
  });
});
