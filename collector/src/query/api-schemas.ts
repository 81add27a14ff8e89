/**
 * JSON Schemas of the native API's responses, the `components.schemas` of the OpenAPI document.
 * They mirror `api-types.ts`; the route tests validate real responses against them.
 */
import { QUERY_ERROR_CODES } from './query-errors.js';

type Schema = Record<string, unknown>;

const ref = (name: string): Schema => ({ $ref: `#/components/schemas/${name}` });
const num: Schema = { type: 'number' };
const int: Schema = { type: 'integer' };
const str: Schema = { type: 'string' };
const bool: Schema = { type: 'boolean' };
const nullableMs: Schema = { type: ['number', 'null'], description: 'milliseconds; null when there is no data' };
const nsString: Schema = { type: 'string', pattern: '^[0-9]+$', description: 'Unix epoch nanoseconds as a decimal string' };
const hex = (length: number): Schema => ({ type: 'string', pattern: `^[0-9a-f]{${length}}$` });
const array = (items: Schema): Schema => ({ type: 'array', items });

function object(properties: Record<string, Schema>, optional: string[] = []): Schema {
  return {
    type: 'object',
    properties,
    required: Object.keys(properties).filter((key) => !optional.includes(key)),
    additionalProperties: false,
  };
}

const callStats: Record<string, Schema> = {
  calls: int,
  errors: int,
  errorRate: { type: 'number', minimum: 0, maximum: 1 },
  p50Ms: nullableMs,
  p95Ms: nullableMs,
  p99Ms: nullableMs,
};
const range: Record<string, Schema> = {
  startMs: { type: 'integer', description: 'Start of the window, Unix ms (inclusive)' },
  endMs: { type: 'integer', description: 'End of the window, Unix ms (exclusive)' },
};
const peerKind: Schema = { type: 'string', enum: ['service', 'database', 'messaging', 'external'] };
const resource = object({ serviceName: str, attributes: ref('Attributes') });
const scope = object({ name: str, version: str }, ['version']);

export const componentSchemas: Record<string, Schema> = {
  Error: object({
    statusCode: int,
    code: {
      type: 'string',
      description: `Error code. ${Object.entries(QUERY_ERROR_CODES)
        .map(([code, info]) => `${code} (${info.statusCode}): ${info.description}`)
        .join(' ')} FST_* codes come from the HTTP layer (e.g. FST_ERR_VALIDATION for a query parameter of the wrong type).`,
    },
    error: str,
    message: str,
  }),
  AttributeValue: {
    description: 'An attribute value: string, number, boolean, null, array or object of attribute values (JSON data, never markup).',
  },
  Attributes: { type: 'object', additionalProperties: ref('AttributeValue') },
  Service: object(
    {
      name: str,
      ...callStats,
      rate: { type: 'number', description: 'calls per second over the range' },
      basis: {
        type: 'string',
        enum: ['incoming', 'all'],
        description: 'incoming: from SERVER/CONSUMER spans; all: the service has none, so every span kind',
      },
      sparkline: array(object({ timeMs: int, calls: int, errors: int, p95Ms: nullableMs })),
    },
    ['sparkline'],
  ),
  ServicesResponse: object({ ...range, stepMs: int, services: array(ref('Service')) }, ['stepMs']),
  Operation: object({ name: str, spanKind: int, spanKindName: str, ...callStats, rate: num }),
  OperationsResponse: object({ ...range, service: str, operations: array(ref('Operation')) }),
  TraceSummary: object({
    traceId: hex(32),
    rootServiceName: str,
    rootOperation: str,
    startTimeUnixNano: nsString,
    startTimeMs: num,
    durationMs: num,
    spanCount: int,
    errorCount: int,
    services: array(str),
  }),
  TraceSearchResponse: object({ ...range, limit: int, traces: array(ref('TraceSummary')) }),
  Resource: resource,
  Span: object(
    {
      traceId: hex(32),
      spanId: hex(16),
      parentSpanId: { type: 'string', pattern: '^([0-9a-f]{16})?$' },
      traceState: str,
      name: str,
      kind: { type: 'integer', minimum: 0, maximum: 5 },
      kindName: str,
      startTimeUnixNano: nsString,
      endTimeUnixNano: nsString,
      startTimeMs: num,
      durationMs: num,
      status: object({ code: int, codeName: { type: 'string', enum: ['UNSET', 'OK', 'ERROR'] }, message: str }, ['message']),
      serviceName: str,
      resourceIndex: { type: 'integer', minimum: 0, description: 'Index into the resources of the trace response (each sent once per trace)' },
      scope,
      attributes: ref('Attributes'),
      events: array(object({ timeUnixNano: nsString, timeMs: num, name: str, attributes: ref('Attributes') })),
      links: array(object({ traceId: str, spanId: str, traceState: str, attributes: ref('Attributes') }, ['traceState'])),
      droppedAttributesCount: int,
      droppedEventsCount: int,
      droppedLinksCount: int,
      isRoot: bool,
      isError: bool,
    },
    ['traceState', 'droppedAttributesCount', 'droppedEventsCount', 'droppedLinksCount'],
  ),
  LogRecord: object({
    logId: str,
    timeUnixNano: nsString,
    timeMs: num,
    observedTimeUnixNano: nsString,
    severityNumber: int,
    severityText: str,
    body: ref('AttributeValue'),
    traceId: str,
    spanId: str,
    serviceName: str,
    resource: ref('Resource'),
    scope,
    attributes: ref('Attributes'),
  }),
  TraceResponse: object({
    traceId: hex(32),
    resources: array(ref('Resource')),
    spans: array(ref('Span')),
    logs: array(ref('LogRecord')),
    startTimeMs: num,
    durationMs: num,
    services: array(str),
  }),
  ServiceMapResponse: object({
    ...range,
    nodes: array(object({ id: str, kind: peerKind, ...callStats, rate: num })),
    edges: array(object({ client: str, server: str, serverKind: peerKind, ...callStats, rate: num })),
  }),
  LatencyHistogramResponse: object(
    {
      ...range,
      service: str,
      operation: str,
      count: int,
      buckets: array(object({ lowerMs: num, upperMs: num, count: int })),
      p50Ms: nullableMs,
      p90Ms: nullableMs,
      p95Ms: nullableMs,
      p99Ms: nullableMs,
    },
    ['operation'],
  ),
  RedResponse: object(
    {
      ...range,
      service: str,
      operation: str,
      stepMs: int,
      points: array(
        object({ timeMs: int, calls: int, errors: int, rate: num, errorRate: num, p50Ms: nullableMs, p95Ms: nullableMs, p99Ms: nullableMs }),
      ),
    },
    ['service', 'operation'],
  ),
  LogsResponse: object({ ...range, limit: int, logs: array(ref('LogRecord')) }),
  LogVolumeResponse: object({
    ...range,
    stepMs: int,
    buckets: array(object({ timeMs: int, severityText: str, count: int })),
  }),
  MetricDescriptor: object({
    name: str,
    description: str,
    unit: str,
    type: { type: 'string', enum: ['gauge', 'sum', 'histogram', 'exponential_histogram', 'summary'] },
    services: array(str),
    attributeKeys: array(str),
  }),
  MetricsResponse: object({ ...range, metrics: array(ref('MetricDescriptor')) }),
  MetricSeriesResponse: object({
    ...range,
    name: str,
    type: { type: ['string', 'null'], enum: ['gauge', 'sum', 'histogram', 'exponential_histogram', 'summary', null] },
    unit: str,
    stepMs: int,
    series: array(
      object({
        group: { type: 'object', additionalProperties: str },
        points: array(
          object(
            {
              timeMs: int,
              value: num,
              histogram: object({ explicitBounds: array(num), bucketCounts: array(num), count: num, sum: num }),
              percentiles: object({ p50: { type: ['number', 'null'] }, p90: { type: ['number', 'null'] }, p95: { type: ['number', 'null'] }, p99: { type: ['number', 'null'] } }),
            },
            ['value', 'histogram', 'percentiles'],
          ),
        ),
      }),
    ),
  }),
};
