import { createHash } from 'node:crypto';
import { BIGINT, BOOLEAN, DOUBLE, UHUGEINT, UTINYINT, VARCHAR } from '@duckdb/node-api';
import type { DuckDBType, DuckDBValue } from '@duckdb/node-api';
import type { Span, SpanEvent, SpanKind, StatusCode } from '../../model/span.js';
import { attributeText, decodeJson, encodeJson, toBigInt, toNumber } from './row-codec.js';
import type { Row } from './duckdb-database.js';

/** Column types of `spans` / `stage_spans`, in table order. */
export const SPAN_COLUMN_TYPES: readonly DuckDBType[] = [
  VARCHAR, VARCHAR, UHUGEINT, VARCHAR, VARCHAR, UTINYINT, BIGINT, BIGINT, DOUBLE, UTINYINT, VARCHAR,
  BOOLEAN, BOOLEAN, VARCHAR, VARCHAR,
];

const HEX_32 = /^[0-9a-f]{32}$/;
const HEX_16 = /^[0-9a-f]{16}$/;

/**
 * 128-bit identity of a span: the trace id's low 64 bits ‖ the span id (both random in W3C ids,
 * so a clash needs two spans sharing 128 random bits). Ids that are not hex are hashed instead.
 */
export function spanKey(traceId: string, spanId: string): bigint {
  if (HEX_32.test(traceId) && HEX_16.test(spanId)) return BigInt(`0x${traceId.slice(16)}${spanId}`);
  return BigInt(`0x${createHash('md5').update(`${traceId}:${spanId}`).digest('hex')}`);
}

/** The parts of a span that have no column of their own, kept as JSON (event times as strings). */
type SpanDoc = Pick<
  Span,
  | 'traceState'
  | 'statusMessage'
  | 'resource'
  | 'scope'
  | 'attributes'
  | 'links'
  | 'droppedAttributesCount'
  | 'droppedEventsCount'
  | 'droppedLinksCount'
> & { events: (Omit<SpanEvent, 'timeUnixNano'> & { timeUnixNano: string })[] };

/** Spans as column arrays for the appender, one entry per span; duplicates (same key) keep the last. */
export function spansToColumns(spans: readonly Span[]): DuckDBValue[][] {
  const unique = new Map<bigint, Span>();
  for (const span of spans) unique.set(spanKey(span.traceId, span.spanId), span);
  const columns: DuckDBValue[][] = SPAN_COLUMN_TYPES.map(() => []);
  for (const [key, span] of unique) {
    const doc: SpanDoc = {
      traceState: span.traceState,
      statusMessage: span.statusMessage,
      resource: span.resource,
      scope: span.scope,
      attributes: span.attributes,
      events: span.events.map((event) => ({ ...event, timeUnixNano: event.timeUnixNano.toString() })),
      links: span.links,
      droppedAttributesCount: span.droppedAttributesCount,
      droppedEventsCount: span.droppedEventsCount,
      droppedLinksCount: span.droppedLinksCount,
    };
    const row: DuckDBValue[] = [
      span.traceId,
      span.spanId,
      key,
      span.parentSpanId,
      span.name,
      span.kind,
      span.startTimeUnixNano,
      span.endTimeUnixNano,
      span.durationNano,
      span.statusCode,
      span.resource.serviceName,
      span.isRoot,
      span.isError,
      attributeText(span.attributes, span.resource.attributes),
      encodeJson(doc),
    ];
    for (let i = 0; i < row.length; i++) columns[i].push(row[i]);
  }
  return columns;
}

/** Columns a span is rebuilt from (everything but the filter helpers). */
export const SPAN_SELECT_COLUMNS =
  'trace_id, span_id, parent_span_id, name, kind, start_ns, end_ns, duration_ns, status_code, is_root, is_error, doc';

export function rowToSpan(row: Row): Span {
  const doc = decodeJson<SpanDoc>(row.doc as string);
  return {
    ...doc,
    events: doc.events.map((event) => ({ ...event, timeUnixNano: BigInt(event.timeUnixNano) })),
    traceId: row.trace_id as string,
    spanId: row.span_id as string,
    parentSpanId: row.parent_span_id as string,
    name: row.name as string,
    kind: toNumber(row.kind) as SpanKind,
    startTimeUnixNano: toBigInt(row.start_ns),
    endTimeUnixNano: toBigInt(row.end_ns),
    durationNano: toNumber(row.duration_ns),
    statusCode: toNumber(row.status_code) as StatusCode,
    isRoot: row.is_root as boolean,
    isError: row.is_error as boolean,
  };
}
