import { series, STATUS_ERROR } from '../collector-series.js';
import type { DashboardDefinition } from '../dashboard.js';
import { heatmap, promTarget, stat, table, timeseries } from '../panels.js';
import { promLabelValues } from '../variables.js';

const CALLS = series.SPAN_CALLS_TOTAL;
const DURATION_BUCKET = `${series.SPAN_DURATION_SECONDS}_bucket`;

/** Series of the chosen service and operations; `span_kind` narrows to the chosen kinds. */
const sel = (extra = '') => `{service="$service", operation=~"$operation", span_kind=~"$span_kind"${extra}}`;
const errSel = sel(`, status_code="${STATUS_ERROR}"`);
const rate = (metric: string, selector: string) => `rate(${metric}${selector}[$__rate_interval])`;

/** Error ratio by `by`; operations without any failed span read 0 instead of vanishing. */
function errorRatio(by: string): string {
  const calls = `sum by (${by}) (${rate(CALLS, sel())})`;
  return `(sum by (${by}) (${rate(CALLS, errSel)}) or ${calls} * 0) / ${calls}`;
}

function quantile(q: number, by: string[]): string {
  return `histogram_quantile(${q}, sum by (${['le', ...by].join(', ')}) (${rate(DURATION_BUCKET, sel())}))`;
}

export const serviceOverview: DashboardDefinition = {
  uid: 'sightline-service-overview',
  file: 'service-overview',
  title: 'Sightline / Service overview',
  description: 'Requests, errors and latency (RED) per service and operation, from the span metrics the Sightline collector derives at ingest.',
  tags: ['red', 'services'],
  variables: [
    promLabelValues('service', CALLS, 'service', { label: 'Service' }),
    promLabelValues('span_kind', `${CALLS}{service="$service"}`, 'span_kind', { label: 'Span kind', multi: true, includeAll: true }),
    promLabelValues('operation', `${CALLS}{service="$service", span_kind=~"$span_kind"}`, 'operation', { label: 'Operation', multi: true, includeAll: true }),
  ],
  panels: [
    stat('Requests', [promTarget(`sum(${rate(CALLS, sel())})`, { instant: true })], { unit: 'reqps', description: 'Spans per second of the selected operations.' }),
    stat('Error ratio', [promTarget(`(sum(${rate(CALLS, errSel)}) or vector(0)) / sum(${rate(CALLS, sel())})`, { instant: true })], {
      unit: 'percentunit',
      thresholds: [{ color: 'green', value: null }, { color: 'orange', value: 0.01 }, { color: 'red', value: 0.05 }],
    }),
    stat('Latency p95', [promTarget(quantile(0.95, []), { instant: true })], { unit: 's' }),
    stat('Latency p99', [promTarget(quantile(0.99, []), { instant: true })], { unit: 's' }),
    timeseries('Requests by operation', [promTarget(`sum by (operation) (${rate(CALLS, sel())})`, { legend: '{{operation}}' })], { unit: 'reqps', stack: true }),
    timeseries('Error ratio by operation', [promTarget(errorRatio('operation'), { legend: '{{operation}}' })], { unit: 'percentunit', min: 0 }),
    timeseries(
      'Latency percentiles',
      [
        promTarget(quantile(0.5, []), { legend: 'p50' }),
        promTarget(quantile(0.95, []), { legend: 'p95' }),
        promTarget(quantile(0.99, []), { legend: 'p99' }),
      ],
      { unit: 's', description: 'Estimated from the histogram buckets (le) of the span-duration series.' },
    ),
    timeseries('Latency p95 by operation', [promTarget(quantile(0.95, ['operation']), { legend: '{{operation}}' })], { unit: 's' }),
    heatmap('Latency distribution', promTarget(`sum by (le) (increase(${DURATION_BUCKET}${sel()}[$__rate_interval]))`, { format: 'heatmap', legend: '{{le}}' }), {
      description: 'Spans per latency bucket over time.',
    }),
    table(
      'Operations',
      [
        promTarget(`sum by (operation, span_kind) (${rate(CALLS, sel())})`, { instant: true, format: 'table', refId: 'rate' }),
        promTarget(errorRatio('operation, span_kind'), { instant: true, format: 'table', refId: 'errors' }),
        promTarget(quantile(0.95, ['operation', 'span_kind']), { instant: true, format: 'table', refId: 'p95' }),
      ],
      {
        transformations: [
          { id: 'merge', options: {} },
          { id: 'organize', options: { excludeByName: { Time: true }, renameByName: { 'Value #rate': 'Requests/s', 'Value #errors': 'Error ratio', 'Value #p95': 'p95 latency' } } },
        ],
        overrides: [
          { matcher: { id: 'byName', options: 'Error ratio' }, properties: [{ id: 'unit', value: 'percentunit' }] },
          { matcher: { id: 'byName', options: 'p95 latency' }, properties: [{ id: 'unit', value: 's' }] },
          { matcher: { id: 'byName', options: 'Requests/s' }, properties: [{ id: 'unit', value: 'reqps' }] },
        ],
      },
    ),
  ],
};
