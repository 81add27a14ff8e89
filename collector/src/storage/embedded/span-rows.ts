import { createHash } from 'node:crypto';
import { BIGINT, BOOLEAN, DOUBLE, UBIGINT, UHUGEINT, UTINYINT, VARCHAR } from '@duckdb/node-api';
import type { DuckDBType, DuckDBValue } from '@duckdb/node-api';
import type { Span, SpanEvent, SpanKind, StatusCode } from '../../model/span.js';
import { attributeText, decodeJson, memoByIdentity, toBigInt, toNumber } from './row-codec.js';
import { resourceId } from './resource-rows.js';
import type { ResourceInfo } from '../../model/attributes.js';
import type { Row } from './duckdb-database.js';
import { yieldToEventLoop } from './duckdb-database.js';

const YIELD_EVERY_SPANS = 500;

/** Column types of `spans` / `stage_spans`, in table order. */
export const SPAN_COLUMN_TYPES: readonly DuckDBType[] = [
  VARCHAR, VARCHAR, UHUGEINT, VARCHAR, VARCHAR, UTINYINT, BIGINT, BIGINT, DOUBLE, UTINYINT, VARCHAR, UBIGINT,
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

/** The parts of a span with no column (or resource row) of their own, as JSON (event times as strings). */
type SpanDoc = Pick<
  Span,
  | 'traceState'
  | 'statusMessage'
  | 'scope'
  | 'attributes'
  | 'links'
  | 'droppedAttributesCount'
  | 'droppedEventsCount'
  | 'droppedLinksCount'
> & { events: (Omit<SpanEvent, 'timeUnixNano'> & { timeUnixNano: string })[] };

const scopeJson = memoByIdentity<Span['scope']>((scope) => JSON.stringify(scope));

/** The span's `doc`: a {@link SpanDoc} as JSON, assembled around the memoised resource and scope. */
function spanDocJson(span: Span): string {
  let doc = `{"scope":${scopeJson(span.scope)},"attributes":${JSON.stringify(span.attributes)}`;
  doc += span.events.length === 0
    ? ',"events":[]'
    : `,"events":${JSON.stringify(span.events.map((event) => ({ ...event, timeUnixNano: event.timeUnixNano.toString() })))}`;
  doc += span.links.length === 0 ? ',"links":[]' : `,"links":${JSON.stringify(span.links)}`;
  if (span.traceState !== undefined) doc += `,"traceState":${JSON.stringify(span.traceState)}`;
  if (span.statusMessage !== undefined) doc += `,"statusMessage":${JSON.stringify(span.statusMessage)}`;
  if (span.droppedAttributesCount !== undefined) doc += `,"droppedAttributesCount":${JSON.stringify(span.droppedAttributesCount)}`;
  if (span.droppedEventsCount !== undefined) doc += `,"droppedEventsCount":${JSON.stringify(span.droppedEventsCount)}`;
  if (span.droppedLinksCount !== undefined) doc += `,"droppedLinksCount":${JSON.stringify(span.droppedLinksCount)}`;
  return `${doc}}`;
}

/** Spans as column arrays for the appender, one entry per span; duplicates (same key) keep the last. */
export async function spansToColumns(spans: readonly Span[]): Promise<DuckDBValue[][]> {
  const unique = new Map<bigint, Span>();
  for (const span of spans) unique.set(spanKey(span.traceId, span.spanId), span);
  const columns: DuckDBValue[][] = SPAN_COLUMN_TYPES.map(() => []);
  let sinceYield = 0;
  for (const [key, span] of unique) {
    // Rendering is synchronous (several µs a span): let reads' callbacks run between slices.
    if (++sinceYield === YIELD_EVERY_SPANS) {
      sinceYield = 0;
      await yieldToEventLoop();
    }
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
      resourceId(span.resource),
      span.isRoot,
      span.isError,
      attributeText(span.attributes),
      spanDocJson(span),
    ];
    for (let i = 0; i < row.length; i++) columns[i].push(row[i]);
  }
  return columns;
}

/** Columns a span is rebuilt from (everything but the filter helpers), for `FROM spans s JOIN resources r`. */
export const SPAN_SELECT_COLUMNS =
  's.trace_id, s.span_id, s.parent_span_id, s.name, s.kind, s.start_ns, s.end_ns, s.duration_ns, s.status_code, s.is_root, s.is_error, s.doc, s.resource_id, r.doc AS resource_doc';

export function rowToSpan(row: Row, resourceOf: (id: unknown, doc: unknown) => ResourceInfo): Span {
  const doc = decodeJson<SpanDoc>(row.doc as string);
  return {
    ...doc,
    resource: resourceOf(row.resource_id, row.resource_doc),
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
