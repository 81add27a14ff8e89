import { createHash } from 'node:crypto';
import { BIGINT, BOOLEAN, DOUBLE, UBIGINT, UHUGEINT, UTINYINT, VARCHAR } from '@duckdb/node-api';
import type { DuckDBType } from '@duckdb/node-api';
import type { Span, SpanEvent, SpanKind, StatusCode } from '../../model/span.js';
import { copyOptionalSpanFields } from '../../model/span-optional-fields.js';
import { attributeText, memoByIdentity } from './row-codec.js';
import { resourceId } from './resource-rows.js';
import type { ResourceInfo } from '../../model/attributes.js';
import type { ChunkFiller } from './duckdb-database.js';

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

/** The span's `doc`: a {@link SpanDoc} as JSON, assembled around the memoised scope (the resource has its own row). */
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

/**
 * Writes `spans` (with their keys and `attr_text`s) as `spans` rows straight into data chunk
 * vectors (see `renderChunks`), in {@link SPAN_COLUMN_TYPES} order.
 */
export function spanRowFiller({ spans, keys, attrTexts }: KeyedSpans): ChunkFiller {
  return (vectors, offset, from, to) => {
    const [traceId, spanId, key, parentSpanId, name, kind, start, end, duration, status, service, resource, isRoot, isError, attrText, doc] = vectors;
    for (let row = from; row < to; row++) {
      const span = spans[offset + row];
      traceId.setItem(row, span.traceId);
      spanId.setItem(row, span.spanId);
      key.setItem(row, keys[offset + row]);
      parentSpanId.setItem(row, span.parentSpanId);
      name.setItem(row, span.name);
      kind.setItem(row, span.kind);
      start.setItem(row, span.startTimeUnixNano);
      end.setItem(row, span.endTimeUnixNano);
      duration.setItem(row, span.durationNano);
      status.setItem(row, span.statusCode);
      service.setItem(row, span.resource.serviceName);
      resource.setItem(row, resourceId(span.resource));
      isRoot.setItem(row, span.isRoot);
      isError.setItem(row, span.isError);
      attrText.setItem(row, attrTexts[offset + row]);
      doc.setItem(row, spanDocJson(span));
    }
  };
}

/**
 * Spans are staged packed: the numbers in their own columns, and every string of the span (ids,
 * name, service, `attr_text`, `doc`) in ONE VARCHAR, separated by U+001D, that SQL splits while
 * inserting the rows into `spans` ({@link STAGED_SPANS_VIEW}). Each string handed to DuckDB costs
 * a native call (~0.5 µs whatever its length): seven per span were most of the write path's time
 * on the JS thread. A span whose short strings contain the separator (never seen in practice;
 * `doc` is JSON, where U+001D is always escaped) is staged unpacked, in `stage_spans`, instead
 * (see {@link packable}).
 */
export const PACKED_SPAN_COLUMN_TYPES: readonly DuckDBType[] = [UHUGEINT, UTINYINT, BIGINT, BIGINT, DOUBLE, UTINYINT, UBIGINT, BOOLEAN, BOOLEAN, VARCHAR];

/** The staging table of packed spans (TEMP: never persisted). */
export const CREATE_PACKED_STAGE = `CREATE TEMP TABLE IF NOT EXISTS stage_packed_spans (
  span_key UHUGEINT, kind UTINYINT, start_ns BIGINT, end_ns BIGINT, duration_ns DOUBLE, status_code UTINYINT, resource_id UBIGINT,
  is_root BOOLEAN, is_error BOOLEAN, text VARCHAR)`;

const SEPARATOR = '\u001d';

/**
 * Both stages as `spans` rows (columns in `spans` order): the packed spans split back into their
 * strings, then the unpacked ones. A view, so nothing is copied before the insert into `spans`.
 */
export const STAGED_SPANS_VIEW = `CREATE OR REPLACE TEMP VIEW staged_spans AS
SELECT p[1] AS trace_id, p[2] AS span_id, span_key, p[3] AS parent_span_id, p[4] AS name, kind, start_ns, end_ns, duration_ns,
       status_code, p[5] AS service_name, resource_id, is_root, is_error, p[6] AS attr_text, p[7] AS doc
FROM (SELECT *, string_split(text, chr(29)) AS p FROM stage_packed_spans)
UNION ALL SELECT * FROM stage_spans`;

/** Whether the span (with its rendered `attr_text`) can be staged packed. */
function packable(span: Span, attrText: string): boolean {
  return !(
    span.traceId.includes(SEPARATOR) || span.spanId.includes(SEPARATOR) || span.parentSpanId.includes(SEPARATOR)
    || span.name.includes(SEPARATOR) || span.resource.serviceName.includes(SEPARATOR) || attrText.includes(SEPARATOR)
  );
}

/** Writes packable `spans` (with their keys and `attr_text`s) as packed rows, in {@link PACKED_SPAN_COLUMN_TYPES} order. */
export function packedSpanRowFiller({ spans, keys, attrTexts }: KeyedSpans): ChunkFiller {
  return (vectors, offset, from, to) => {
    const [key, kind, start, end, duration, status, resource, isRoot, isError, text] = vectors;
    for (let row = from; row < to; row++) {
      const span = spans[offset + row];
      key.setItem(row, keys[offset + row]);
      kind.setItem(row, span.kind);
      start.setItem(row, span.startTimeUnixNano);
      end.setItem(row, span.endTimeUnixNano);
      duration.setItem(row, span.durationNano);
      status.setItem(row, span.statusCode);
      resource.setItem(row, resourceId(span.resource));
      isRoot.setItem(row, span.isRoot);
      isError.setItem(row, span.isError);
      text.setItem(
        row,
        span.traceId + SEPARATOR + span.spanId + SEPARATOR + span.parentSpanId + SEPARATOR + span.name + SEPARATOR
          + span.resource.serviceName + SEPARATOR + attrTexts[offset + row] + SEPARATOR + spanDocJson(span),
      );
    }
  };
}

/** Spans to stage, each with its {@link spanKey} and `attr_text` (see `attributeText`). */
export interface KeyedSpans {
  spans: Span[];
  keys: bigint[];
  attrTexts: string[];
}

/**
 * The spans to write, deduplicated by {@link spanKey} (a later copy wins: a retried request in the
 * same batch), split into those staged packed and the others.
 */
export function stagedSpans(spans: readonly Span[]): { packed: KeyedSpans; unpacked: KeyedSpans } {
  const keys = spans.map((span) => spanKey(span.traceId, span.spanId));
  // Each key's last copy, in order of the key's first appearance.
  const last = new Map<bigint, number>();
  for (let i = 0; i < keys.length; i++) last.set(keys[i], i);
  const packed: KeyedSpans = { spans: [], keys: [], attrTexts: [] };
  const unpacked: KeyedSpans = { spans: [], keys: [], attrTexts: [] };
  for (const i of last.values()) {
    const span = spans[i];
    const attrText = attributeText(span.attributes);
    const into = packable(span, attrText) ? packed : unpacked;
    into.spans.push(span);
    into.keys.push(keys[i]);
    into.attrTexts.push(attrText);
  }
  return { packed, unpacked };
}

/**
 * One span row as a JSON array (see {@link SpanTuple}), for reads that return many spans. DuckDB
 * renders it and `string_agg` joins a whole trace into ONE string: the reader then makes one
 * native call and one `JSON.parse` instead of converting ~14 values a row into JS (a
 * long-string value costs a native call and a UTF-8 decode each), which was most of the time
 * of a 10,000-span trace. The span's `doc` is already JSON and is embedded as is; 64-bit
 * integers travel as strings to keep their precision.
 */
export const SPAN_TUPLE_SQL = `'[' || to_json(span_id) || ',' || to_json(parent_span_id) || ',' || to_json(name) || ',' || kind || ','
  || to_json(start_ns::VARCHAR) || ',' || to_json(end_ns::VARCHAR) || ',' || to_json(duration_ns) || ',' || status_code || ','
  || is_root || ',' || is_error || ',' || to_json(resource_id::VARCHAR) || ',' || doc || ']'`;

/** A span as {@link SPAN_TUPLE_SQL} renders it. */
export type SpanTuple = [
  spanId: string,
  parentSpanId: string,
  name: string,
  kind: SpanKind,
  startNs: string,
  endNs: string,
  durationNs: number,
  statusCode: StatusCode,
  isRoot: boolean,
  isError: boolean,
  resourceId: string,
  doc: SpanDoc,
];

/** Rebuilds a span of trace `traceId` from its tuple; `resources` maps resource ids to resources. */
export function tupleToSpan(traceId: string, tuple: SpanTuple, resources: ReadonlyMap<string, ResourceInfo>): Span {
  const doc = tuple[11];
  const resource = resources.get(tuple[10]);
  if (!resource) throw new Error(`span ${tuple[0]} of trace ${traceId} refers to unknown resource ${tuple[10]}`);
  // A fixed literal (not a spread of `doc`) so every span shares one hidden class.
  const span: Span = {
    traceId,
    spanId: tuple[0],
    parentSpanId: tuple[1],
    name: tuple[2],
    kind: tuple[3],
    startTimeUnixNano: BigInt(tuple[4]),
    endTimeUnixNano: BigInt(tuple[5]),
    durationNano: tuple[6],
    statusCode: tuple[7],
    resource,
    scope: doc.scope,
    attributes: doc.attributes,
    events: doc.events.length === 0 ? [] : doc.events.map((event) => ({ ...event, timeUnixNano: BigInt(event.timeUnixNano) })),
    links: doc.links,
    isRoot: tuple[8],
    isError: tuple[9],
  };
  copyOptionalSpanFields(doc, span);
  return span;
}
