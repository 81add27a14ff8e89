import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { Registry } from 'prom-client';
import { LabeledCounter, LabeledHistogram, OVERFLOW_LABEL_VALUE, registerLabeledMetric } from '../../src/derive/labeled-metrics.js';

describe('labeled metrics', () => {
  it('folds label sets past the cap into one overflow series', async () => {
    const registry = new Registry();
    const counter = registerLabeledMetric(registry, new LabeledCounter('test_calls_total', 'help', ['service', 'operation'], 2));
    counter.seriesFor(['a', 'x']).value += 1;
    counter.seriesFor(['a', 'y']).value += 2;
    counter.seriesFor(['a', 'z']).value += 3;
    counter.seriesFor(['b', 'z']).value += 4;
    counter.seriesFor(['a', 'x']).value += 5;
    const [json] = await registry.getMetricsAsJSON();
    assert.deepEqual(
      json.values.map((v) => [v.labels.service, v.labels.operation, v.value]),
      [
        ['a', 'x', 6],
        ['a', 'y', 2],
        [OVERFLOW_LABEL_VALUE, OVERFLOW_LABEL_VALUE, 7],
      ],
    );
  });

  it('renders histograms in the Prometheus text format, buckets cumulative', async () => {
    const registry = new Registry();
    const histogram = registerLabeledMetric(registry, new LabeledHistogram('test_seconds', 'help', ['service'], 10, [0.1, 1]));
    const series = histogram.seriesFor(['a']);
    for (const value of [0.05, 0.5, 0.7, 3]) histogram.observe(series, value);
    const text = await registry.metrics();
    assert.match(text, /# TYPE test_seconds histogram/);
    assert.match(text, /test_seconds_bucket\{service="a",le="0.1"\} 1\n/);
    assert.match(text, /test_seconds_bucket\{service="a",le="1"\} 3\n/);
    assert.match(text, /test_seconds_bucket\{service="a",le="\+Inf"\} 4\n/);
    assert.match(text, /test_seconds_sum\{service="a"\} 4.25\n/);
    assert.match(text, /test_seconds_count\{service="a"\} 4\n/);
  });

  it('shares an already registered metric of the same name', () => {
    const registry = new Registry();
    const first = registerLabeledMetric(registry, new LabeledCounter('shared_total', 'help', [], 1));
    const second = registerLabeledMetric(registry, new LabeledCounter('shared_total', 'help', [], 1));
    assert.equal(first, second);
  });
});
