// Realistic synthetic spans and derived rows for the Elasticsearch measurement scripts: traces of
// 8 spans across 6 services with HTTP/DB attributes and events, spread over a time window.
import type { ServiceGraphEdgeRow, SpanMetricsRow } from '../../collector/src/model/aggregates.js';
import type { Span } from '../../collector/src/model/span.js';

export const SERVICES = ['frontend', 'checkout', 'payments', 'cart', 'catalog', 'shipping'];
export const SPANS_PER_TRACE = 8;

export function traceIdOf(traceNo: number): string {
  return traceNo.toString(16).padStart(32, '0');
}

/** One resource object per service instance, shared by its spans (as the receiver does). */
const resources = new Map<string, Span['resource']>();
function resourceOf(service: string, host: number): Span['resource'] {
  const key = `${service}/${host}`;
  let resource = resources.get(key);
  if (!resource) {
    resource = {
      serviceName: service,
      serviceVersion: '1.4.2',
      serviceInstanceId: `${service}-7d9f8-${host}`,
      attributes: {
        'service.name': service,
        'service.version': '1.4.2',
        'host.name': `node-${host}`,
        'telemetry.sdk.language': 'nodejs',
        'telemetry.sdk.version': '1.30.0',
      },
    };
    resources.set(key, resource);
  }
  return resource;
}

/**
 * Spans `firstSpan .. firstSpan+count-1` of a run of `totalSpans`, start times spread evenly over
 * [startNs, endNs); ids offset by `idBase` so runs do not collide.
 */
export function makeSpans(
  count: number,
  firstSpan: number,
  startNs: bigint,
  endNs: bigint,
  totalSpans: number,
  idBase = 0,
): Span[] {
  const spans: Span[] = [];
  const stepNs = (endNs - startNs) / BigInt(Math.max(1, totalSpans));
  for (let n = 0; n < count; n++) {
    const i = firstSpan + n;
    const traceNo = Math.floor((idBase + i) / SPANS_PER_TRACE);
    const position = i % SPANS_PER_TRACE;
    const traceSlot = Math.floor(i / SPANS_PER_TRACE);
    const service = SERVICES[(traceNo + position) % SERVICES.length];
    const traceStart = startNs + BigInt(traceSlot * SPANS_PER_TRACE) * stepNs;
    const start = traceStart + BigInt(position) * 1_000_000n;
    const duration = position === 0 ? 40_000_000 + (traceNo % 97) * 100_000 : 1_000_000 + (i % 97) * 10_000;
    const isError = traceNo % 50 === 0 && position === SPANS_PER_TRACE - 1;
    const spanIdOf = (p: number) => (traceNo * SPANS_PER_TRACE + p + 1).toString(16).padStart(16, '0');
    spans.push({
      traceId: traceIdOf(traceNo),
      spanId: spanIdOf(position),
      parentSpanId: position === 0 ? '' : spanIdOf(0),
      name: position === 0 ? 'GET /api/orders/:id' : `SELECT orders ${position}`,
      kind: position === 0 ? 2 : 3,
      startTimeUnixNano: start,
      endTimeUnixNano: start + BigInt(duration),
      durationNano: duration,
      statusCode: isError ? 2 : 0,
      resource: resourceOf(service, traceNo % 3),
      scope: { name: '@opentelemetry/instrumentation-http', version: '0.57.0' },
      attributes: {
        'http.request.method': 'GET',
        'http.route': '/api/orders/:id',
        'http.response.status_code': isError ? 500 : 200,
        'url.path': `/api/orders/${traceNo}`,
        'server.address': 'orders.internal',
        'user.id': `u-${traceNo % 1000}`,
        'db.system': 'postgresql',
        'db.statement': 'SELECT * FROM orders WHERE id = $1',
      },
      events: i % 10 === 0 ? [{ timeUnixNano: start + 500n, name: 'cache.miss', attributes: { key: `order:${i}` } }] : [],
      links: [],
      isRoot: position === 0,
      isError,
    });
  }
  return spans;
}

/** `count` durations spread over 16 log-scale buckets from `first` (a realistic latency spread). */
function spreadHistogram(count: number, first: number): Record<number, number> {
  const histogram: Record<number, number> = {};
  let left = count;
  for (let i = 0; i < 16 && left > 0; i++) {
    const n = i === 15 ? left : Math.max(1, Math.floor(left / 3));
    histogram[first + i * 3] = n;
    left -= n;
  }
  return histogram;
}

/** One row per service × operation × status per minute (what the deriver writes), over the window. */
export function makeAggregateRows(startMs: number, endMs: number): { spanMetrics: SpanMetricsRow[]; edges: ServiceGraphEdgeRow[] } {
  const spanMetrics: SpanMetricsRow[] = [];
  const edges: ServiceGraphEdgeRow[] = [];
  const first = Math.ceil(startMs / 60_000) * 60_000;
  for (let minute = first; minute < endMs; minute += 60_000) {
    for (const [s, service] of SERVICES.entries()) {
      for (const [operation, kind] of [['GET /api/orders/:id', 2], ['SELECT orders', 3], ['publish order', 4]] as const) {
        for (const statusCode of [0, 2] as const) {
          const calls = statusCode === 2 ? 3 : 300 + s;
          spanMetrics.push({
            id: `${service}|${operation}|${kind}|${statusCode}|${minute}`,
            minuteUnixMs: minute,
            serviceName: service,
            operation,
            spanKind: kind,
            statusCode,
            calls,
            errors: statusCode === 2 ? calls : 0,
            durationSumNano: calls * 5_000_000,
            histogram: spreadHistogram(calls, 160 + s * 3),
          });
        }
      }
      const server = SERVICES[(s + 1) % SERVICES.length];
      for (const [peer, kind] of [[server, 'service'], ['postgresql orders', 'database'], ['kafka orders', 'messaging']] as const) {
        edges.push({
          id: `${service}|${peer}|${minute}`,
          minuteUnixMs: minute,
          client: service,
          server: peer,
          serverKind: kind,
          calls: 200,
          errors: 2,
          durationSumNano: 200 * 4_000_000,
          histogram: spreadHistogram(200, 150 + s * 4),
        });
      }
    }
  }
  return { spanMetrics, edges };
}
