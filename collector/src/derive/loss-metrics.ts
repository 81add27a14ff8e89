import type { Registry } from 'prom-client';
import { DERIVE_DROPPED_CALLS_TOTAL } from '../telemetry/metric-names.js';
import { LabeledCounter, registerLabeledMetric, type CounterSeries } from './labeled-metrics.js';

/** The `DERIVE_DROPPED_CALLS_TOTAL` series of one processor (both processors register the family; the first wins). */
export function droppedCallsSeries(registry: Registry, processor: string): CounterSeries {
  return registerLabeledMetric(
    registry,
    new LabeledCounter(
      DERIVE_DROPPED_CALLS_TOTAL,
      'Calls in per-minute aggregate rows dropped because too many rows waited for a write retry.',
      ['processor'],
      2,
    ),
  ).seriesFor([processor]);
}
