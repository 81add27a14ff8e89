import { z } from 'zod';
import { cheapLogCheck, cheapSpanCheck, hasEventsOrLinks, isRecord } from './light-trace-checks.js';

/**
 * Client-side schemas of the collector's native API responses. They mirror
 * `collector/src/query/api-types.ts` (and the OpenAPI document at `/api/v1/openapi.json`, which is
 * built from the same definitions): every response is parsed with them, so a contract break shows
 * as an error naming the field instead of a blank page. Unknown extra fields are allowed (additive
 * server changes must not break the UI); missing or mistyped ones are not.
 */
const ms = z.number();
const nullableMs = z.number().nullable();
const nsString = z.string().regex(/^[0-9]+$/);

/**
 * Attribute values are JSON data (never markup); the UI renders them as text. Anything JSON.parse
 * produces is a valid value, so only `undefined` (a missing field) is rejected — walking every
 * nested value of a 50,000-span trace would cost more than it could ever catch.
 */
export type AttributeValue = string | number | boolean | null | AttributeValue[] | { [key: string]: AttributeValue };
export const attributeValueSchema = z.custom<AttributeValue>((value) => value !== undefined, 'expected an attribute value');
export const attributesSchema = z.record(z.string(), attributeValueSchema);

const range = { startMs: ms, endMs: ms };
const callStats = {
  calls: z.number(),
  errors: z.number(),
  errorRate: z.number(),
  p50Ms: nullableMs,
  p95Ms: nullableMs,
  p99Ms: nullableMs,
};
const peerKind = z.enum(['service', 'database', 'messaging', 'external']);

export const servicesResponseSchema = z.object({
  ...range,
  stepMs: z.number().optional(),
  services: z.array(
    z.object({
      name: z.string(),
      ...callStats,
      rate: z.number(),
      basis: z.enum(['incoming', 'all']),
      sparkline: z.array(z.object({ timeMs: ms, calls: z.number(), errors: z.number(), p95Ms: nullableMs })).optional(),
    }),
  ),
});

export const operationsResponseSchema = z.object({
  ...range,
  service: z.string(),
  operations: z.array(z.object({ name: z.string(), spanKind: z.number(), spanKindName: z.string(), ...callStats, rate: z.number() })),
});

export const traceSummarySchema = z.object({
  traceId: z.string(),
  rootServiceName: z.string(),
  rootOperation: z.string(),
  startTimeUnixNano: nsString,
  startTimeMs: ms,
  durationMs: ms,
  spanCount: z.number(),
  errorCount: z.number(),
  services: z.array(z.string()),
});

export const traceSearchResponseSchema = z.object({ ...range, limit: z.number(), traces: z.array(traceSummarySchema) });

const scopeSchema = z.object({ name: z.string(), version: z.string().optional() });
const resourceSchema = z.object({ serviceName: z.string(), attributes: attributesSchema });

export const spanSchema = z.object({
  traceId: z.string(),
  spanId: z.string(),
  parentSpanId: z.string(),
  traceState: z.string().optional(),
  name: z.string(),
  kind: z.number(),
  kindName: z.string(),
  startTimeUnixNano: nsString,
  endTimeUnixNano: nsString,
  startTimeMs: ms,
  durationMs: ms,
  status: z.object({ code: z.number(), codeName: z.enum(['UNSET', 'OK', 'ERROR']), message: z.string().optional() }),
  serviceName: z.string(),
  /** Into the trace response's `resources`: each resource is sent once per trace. */
  resourceIndex: z.number(),
  scope: scopeSchema,
  attributes: attributesSchema,
  events: z.array(z.object({ timeUnixNano: nsString, timeMs: ms, name: z.string(), attributes: attributesSchema })),
  links: z.array(z.object({ traceId: z.string(), spanId: z.string(), traceState: z.string().optional(), attributes: attributesSchema })),
  droppedAttributesCount: z.number().optional(),
  droppedEventsCount: z.number().optional(),
  droppedLinksCount: z.number().optional(),
  isRoot: z.boolean(),
  isError: z.boolean(),
});

export const logRecordSchema = z.object({
  logId: z.string(),
  timeUnixNano: nsString,
  timeMs: ms,
  observedTimeUnixNano: nsString,
  severityNumber: z.number(),
  severityText: z.string(),
  body: attributeValueSchema,
  traceId: z.string(),
  spanId: z.string(),
  serviceName: z.string(),
  resource: resourceSchema,
  scope: scopeSchema,
  attributes: attributesSchema,
});

/**
 * A big array validated by sampling: the first `fullCount` items against the full schema (a
 * contract break is systematic, so it shows there), and so are the first `fullCount` items that
 * `worthFull` picks further on (spans with events or links, whose shapes the first spans may not
 * show); every other item gets a cheap check of the fields the UI cannot render without.
 * Validating all 10,000 spans of a big trace field by field, or even passing each one through a
 * zod array, cost more time than drawing them (a zod array of unknowns alone: ~30 ms per 10,000
 * on a cold page).
 */
function sampledArray<T extends z.ZodType>(
  item: T,
  fullCount: number,
  cheapCheck: (value: unknown) => string | undefined,
  worthFull: (value: unknown) => boolean = () => false,
) {
  return z
    .custom<unknown[]>((value) => Array.isArray(value), 'expected an array')
    .superRefine((items, ctx) => {
      let picked = 0;
      for (let i = 0; i < items.length; i++) {
        const pickedFurtherOn = i >= fullCount && picked < fullCount && worthFull(items[i]);
        if (pickedFurtherOn) picked++;
        if (i < fullCount || pickedFurtherOn) {
          const result = item.safeParse(items[i]);
          if (!result.success) {
            for (const issue of result.error.issues.slice(0, 3)) ctx.addIssue({ code: 'custom', path: [i, ...issue.path] as (string | number)[], message: issue.message });
            return;
          }
        } else {
          const problem = cheapCheck(items[i]);
          if (problem) {
            ctx.addIssue({ code: 'custom', path: [i], message: problem });
            return;
          }
        }
      }
    })
    .transform((items) => items as z.infer<T>[]);
}

export const traceResponseSchema = z
  .object({
    traceId: z.string(),
    resources: z.array(resourceSchema),
    spans: sampledArray(spanSchema, 50, cheapSpanCheck, hasEventsOrLinks),
    logs: sampledArray(logRecordSchema, 50, cheapLogCheck),
    startTimeMs: ms,
    durationMs: ms,
    services: z.array(z.string()),
  })
  .superRefine((trace, ctx) => {
    // Every span's resource must be there: the waterfall and span details read it without checks.
    const count = trace.resources.length;
    // (It runs even when the sampled check has flagged a span: one that is not even an object is skipped here.)
    const index = trace.spans.findIndex((span) => isRecord(span) && !(span.resourceIndex >= 0 && span.resourceIndex < count && Number.isInteger(span.resourceIndex)));
    if (index >= 0) ctx.addIssue({ code: 'custom', path: ['spans', index, 'resourceIndex'], message: `no resource ${trace.spans[index].resourceIndex} among ${count}` });
  });

export const serviceMapResponseSchema = z.object({
  ...range,
  nodes: z.array(z.object({ id: z.string(), kind: peerKind, ...callStats, rate: z.number() })),
  edges: z.array(z.object({ client: z.string(), server: z.string(), serverKind: peerKind, ...callStats, rate: z.number() })),
});

export const latencyHistogramResponseSchema = z.object({
  ...range,
  service: z.string(),
  operation: z.string().optional(),
  count: z.number(),
  buckets: z.array(z.object({ lowerMs: z.number(), upperMs: z.number(), count: z.number() })),
  p50Ms: nullableMs,
  p90Ms: nullableMs,
  p95Ms: nullableMs,
  p99Ms: nullableMs,
});

export const redResponseSchema = z.object({
  ...range,
  service: z.string().optional(),
  operation: z.string().optional(),
  stepMs: z.number(),
  points: z.array(
    z.object({
      timeMs: ms,
      calls: z.number(),
      errors: z.number(),
      rate: z.number(),
      errorRate: z.number(),
      p50Ms: nullableMs,
      p95Ms: nullableMs,
      p99Ms: nullableMs,
    }),
  ),
});

export const logsResponseSchema = z.object({ ...range, limit: z.number(), logs: z.array(logRecordSchema) });

export const logVolumeResponseSchema = z.object({
  ...range,
  stepMs: z.number(),
  buckets: z.array(z.object({ timeMs: ms, severityText: z.string(), count: z.number() })),
});

const metricType = z.enum(['gauge', 'sum', 'histogram', 'exponential_histogram', 'summary']);

export const metricsResponseSchema = z.object({
  ...range,
  metrics: z.array(
    z.object({
      name: z.string(),
      description: z.string(),
      unit: z.string(),
      type: metricType,
      services: z.array(z.string()),
      attributeKeys: z.array(z.string()),
    }),
  ),
});

const nullableNumber = z.number().nullable();
export const metricSeriesResponseSchema = z.object({
  ...range,
  name: z.string(),
  type: metricType.nullable(),
  unit: z.string(),
  stepMs: z.number(),
  series: z.array(
    z.object({
      group: z.record(z.string(), z.string()),
      points: z.array(
        z.object({
          timeMs: ms,
          value: z.number().optional(),
          histogram: z
            .object({ explicitBounds: z.array(z.number()), bucketCounts: z.array(z.number()), count: z.number(), sum: z.number() })
            .optional(),
          percentiles: z.object({ p50: nullableNumber, p90: nullableNumber, p95: nullableNumber, p99: nullableNumber }).optional(),
        }),
      ),
    }),
  ),
});

export type ServicesResponse = z.infer<typeof servicesResponseSchema>;
export type ApiService = ServicesResponse['services'][number];
export type OperationsResponse = z.infer<typeof operationsResponseSchema>;
export type ApiOperation = OperationsResponse['operations'][number];
export type TraceSummary = z.infer<typeof traceSummarySchema>;
export type TraceSearchResponse = z.infer<typeof traceSearchResponseSchema>;
export type ApiSpan = z.infer<typeof spanSchema>;
export type ApiResource = z.infer<typeof resourceSchema>;
export type ApiLogRecord = z.infer<typeof logRecordSchema>;
export type TraceResponse = z.output<typeof traceResponseSchema>;
export type ServiceMapResponse = z.infer<typeof serviceMapResponseSchema>;
export type ServiceMapNode = ServiceMapResponse['nodes'][number];
export type ServiceMapEdge = ServiceMapResponse['edges'][number];
export type LatencyHistogramResponse = z.infer<typeof latencyHistogramResponseSchema>;
export type LatencyBucket = LatencyHistogramResponse['buckets'][number];
export type RedResponse = z.infer<typeof redResponseSchema>;
export type RedPoint = RedResponse['points'][number];
export type LogsResponse = z.infer<typeof logsResponseSchema>;
export type LogVolumeResponse = z.infer<typeof logVolumeResponseSchema>;
export type MetricsResponse = z.infer<typeof metricsResponseSchema>;
export type MetricDescriptor = MetricsResponse['metrics'][number];
export type MetricSeriesResponse = z.infer<typeof metricSeriesResponseSchema>;
export type PeerKind = z.infer<typeof peerKind>;
