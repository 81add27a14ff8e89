import { spanMetricsRequest, serviceGraphRequest, TOTALS_AGGS } from '../../src/storage/elasticsearch/aggregate-queries.js';
import { planRollups } from '../../src/storage/aggregate-minutes.js';
import { freshBucketsRequest, rollupSourceRequest } from '../../src/storage/elasticsearch/aggregate-rollups.js';
import { indexTemplate } from '../../src/storage/elasticsearch/index-templates.js';
import { logVolumeRequest, searchLogsRequest, traceLogsRequest } from '../../src/storage/elasticsearch/log-queries.js';
import { listMetricsRequest, metricPointsRequest } from '../../src/storage/elasticsearch/metric-queries.js';
import {
  candidatePlan,
  operationsRequest,
  resourceIdsRequest,
  servicesRequest,
  traceCandidatesRequest,
  traceDaysRequest,
  traceSpansRequest,
  traceSummariesRequest,
} from '../../src/storage/elasticsearch/span-queries.js';
import type { TraceQuery } from '../../src/storage/span-store.js';
import type { TimeRange } from '../../src/storage/time-range.js';

/**
 * Every generated request, one snapshot file per case (`snapshots/<name>.json`). A change to a
 * query shows up as a diff of its snapshot in review.
 */
const P = 'sightline';
const TRACE = '0af7651916cd43dd8448eb211c80319c';
/** 2026-11-20T23:30:00.000000001Z .. 2026-11-21T00:30:00Z: crosses midnight, nanosecond start. */
const RANGE: TimeRange = { startUnixNano: 1_795_217_400_000_000_001n, endUnixNano: 1_795_221_000_000_000_000n };
/** 2026-11-21, a whole UTC day. */
const DAY_FROM_MS = 1_795_219_200_000;
const DAY: TimeRange = { startUnixNano: BigInt(DAY_FROM_MS) * 1_000_000n, endUnixNano: BigInt(DAY_FROM_MS + 86_400_000) * 1_000_000n };
const WEEK: TimeRange = { startUnixNano: RANGE.endUnixNano - 7n * 86_400_000_000_000n, endUnixNano: RANGE.endUnixNano };
const YEAR: TimeRange = { startUnixNano: RANGE.endUnixNano - 365n * 86_400_000_000_000n, endUnixNano: RANGE.endUnixNano };

const SETTINGS = { numberOfShards: 1, autoExpandReplicas: '0-1', refreshInterval: '5s', translogDurability: 'async' } as const;

const EVERY_FILTER: TraceQuery = {
  range: RANGE,
  serviceName: 'checkout',
  operation: 'POST /orders',
  attributes: [
    { key: 'http.status_code', value: '500' },
    { key: 'customer.tier', value: 'gold' },
  ],
  minSpanDurationNano: 1_000_000,
  maxSpanDurationNano: 2_000_000_000,
  minTraceDurationNano: 5_000_000,
  status: 'error',
  limit: 20,
};

export const CASES: Record<string, () => unknown> = {
  'template-spans': () => indexTemplate(P, 'spans', SETTINGS),
  'template-logs': () => indexTemplate(P, 'logs', SETTINGS),
  'template-metrics': () => indexTemplate(P, 'metrics', SETTINGS),
  'template-span-metrics': () =>
    indexTemplate(P, 'span-metrics', SETTINGS),
  'template-edges': () => indexTemplate(P, 'edges', SETTINGS),
  'template-trace-lookup': () =>
    indexTemplate(P, 'trace-lookup', SETTINGS),
  'template-resources': () => indexTemplate(P, 'resources', SETTINGS),
  'resource-ids': () => resourceIdsRequest(P, RANGE, 'customer.tier\u001fgold'),
  'resource-ids-next-page': () => resourceIdsRequest(P, RANGE, 'customer.tier\u001fgold', '5f0c6e1a9b'),

  'trace-days': () => traceDaysRequest(P, 'spans', [TRACE]),
  'trace-days-logs': () => traceDaysRequest(P, 'logs', [TRACE]),
  'trace-spans': () => traceSpansRequest(['sightline-spans-2026.11.21'], TRACE),
  'trace-spans-next-page': () => traceSpansRequest(['sightline-spans-2026.11.21'], TRACE, 'b7ad6b7169203331'),
  'find-traces-plan-every-filter': () => candidatePlan({ ...EVERY_FILTER, status: 'ok' }),
  'find-traces-plan-error': () => candidatePlan(EVERY_FILTER),
  'find-traces-plan-resource-attribute': () =>
    candidatePlan({ ...EVERY_FILTER, status: 'ok' }, new Map([['customer.tier\u001fgold', ['5f0c6e1a9b', 'a81c3d2e07']]])),
  'find-traces-candidates-newest-window': () => {
    const plan = candidatePlan({ range: RANGE, serviceName: 'checkout', limit: 20 });
    return traceCandidatesRequest(P, plan.driver, plan.windows[0], 0, 100);
  },
  'find-traces-candidates-every-filter': () => {
    const plan = candidatePlan({ ...EVERY_FILTER, status: 'ok' });
    return traceCandidatesRequest(P, plan.driver, plan.windows[plan.windows.length - 1], 100, 200);
  },
  'find-traces-candidates-week': () => traceCandidatesRequest(P, [], WEEK, 0, 100),
  'find-traces-candidates-year-uses-wildcard': () => traceCandidatesRequest(P, [], YEAR, 0, 100),
  'trace-summaries-confirming-span-conditions': () =>
    traceSummariesRequest(['sightline-spans-2026.11.21'], [TRACE], candidatePlan(EVERY_FILTER).confirm),
  'trace-summaries': () => traceSummariesRequest(['sightline-spans-2026.11.20', 'sightline-spans-2026.11.21'], [TRACE]),
  services: () => servicesRequest(P, RANGE),
  operations: () => operationsRequest(P, 'checkout', RANGE),
  'operations-next-page': () => operationsRequest(P, 'checkout', RANGE, { name: 'GET /cart', kind: 2 }),

  'logs-search-resource-attribute': () =>
    searchLogsRequest(
      P,
      { range: RANGE, attributes: [{ key: 'k8s.namespace.name', value: 'shop' }], limit: 100 },
      new Map([['k8s.namespace.name\u001fshop', ['5f0c6e1a9b']]]),
    ),
  'logs-search': () =>
    searchLogsRequest(P, {
      range: RANGE,
      serviceName: 'payments',
      minSeverityNumber: 17,
      text: 'Card *declined* 50%?',
      traceId: TRACE,
      spanId: 'b7ad6b7169203331',
      attributes: [{ key: 'order.id', value: '42' }],
      limit: 100,
    }),
  'logs-search-minimal': () => searchLogsRequest(P, { range: RANGE, limit: 50 }),
  'logs-for-trace': () => traceLogsRequest(['sightline-logs-2026.11.21'], TRACE),
  'log-volume': () => logVolumeRequest(P, { range: RANGE, serviceName: 'payments', limit: 0 }, 60_000),

  'metrics-list': () => listMetricsRequest(P, RANGE),
  'metric-points': () =>
    metricPointsRequest(P, {
      name: 'http.server.request.duration',
      range: RANGE,
      filters: [{ key: 'service.name', value: 'checkout' }],
      groupBy: ['http.route'],
      stepMs: 60_000,
    }),

  'span-metrics-total': () => spanMetricsRequest(P, { range: RANGE, serviceName: 'checkout', groupBy: [] }),
  'span-metrics-red-series': () =>
    spanMetricsRequest(P, { range: RANGE, serviceName: 'checkout', spanKinds: [2, 5], groupBy: ['operation'], stepMs: 300_000 }),
  'span-metrics-every-dimension': () =>
    spanMetricsRequest(P, { range: RANGE, groupBy: ['serviceName', 'operation', 'spanKind', 'statusCode'] }, { serviceName: 'a' }),
  'service-graph': () => serviceGraphRequest(P, { range: RANGE }),
  'span-metrics-red-series-rollups': () =>
    spanMetricsRequest(P, { range: DAY, spanKinds: [2, 5], groupBy: [], stepMs: 900_000 }, undefined, planRollups(
      DAY_FROM_MS, DAY_FROM_MS + 86_400_000, 900_000, [DAY_FROM_MS + 900_000, DAY_FROM_MS + 1_800_000, DAY_FROM_MS + 3_600_000],
    )),
  'service-graph-rollups-24-minute-steps': () =>
    serviceGraphRequest(P, { range: DAY, stepMs: 1_440_000 }, undefined, planRollups(
      DAY_FROM_MS, DAY_FROM_MS + 86_400_000, 1_440_000, [DAY_FROM_MS, DAY_FROM_MS + 900_000],
    )),
  'rollup-fresh-buckets': () => freshBucketsRequest(P, 'span-metrics', DAY_FROM_MS, DAY_FROM_MS + 86_400_000),
  'rollup-source': () =>
    rollupSourceRequest('sightline-edges-2026.11.21', 'edges', [DAY_FROM_MS + 900_000, DAY_FROM_MS, DAY_FROM_MS + 3_600_000], TOTALS_AGGS),
  'service-graph-steps': () => serviceGraphRequest(P, { range: RANGE, stepMs: 60_000 }),
};
