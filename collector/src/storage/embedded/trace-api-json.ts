import type { ResourceInfo } from '../../model/attributes.js';
import { SpanKind, StatusCode } from '../../model/span.js';
import type { Span } from '../../model/span.js';
import { spanKindName } from '../../query/aggregate-stats.js';
import { ResourceTable, spanToApi, statusCodeName, traceSpansToApi } from '../../query/api-json.js';
import type { TraceApiJson } from '../span-store.js';
import type { DuckDbDatabase } from './duckdb-database.js';
import type { TraceWindow } from './embedded-span-store.js';
import { toBigInt } from './row-codec.js';
import { SPAN_TUPLE_SQL, tupleToSpan, type SpanTuple } from './span-rows.js';

/**
 * Below this many spans the trace is rendered from span objects in JS, as the object path does:
 * planning the rendering query costs ~15 ms of CPU whatever the trace's size, which a small trace
 * does not win back (1,000 spans: ~35 ms through objects, ~50 ms through SQL).
 */
const SQL_RENDERING_MIN_SPANS = 2_000;

/** The columns of `spans` the answer is made of. */
const SPAN_COLUMNS = 'trace_id, span_id, parent_span_id, name, kind, start_ns, end_ns, duration_ns, status_code, service_name, resource_id, is_root, is_error, doc';

/** Marks, in DuckDB's text, where a span rendered in JS goes: a control byte never occurs raw in JSON text. */
const PLACEHOLDER = 0x01;

/**
 * A span whose `doc` holds exactly the API's `scope`, `attributes`, empty `events` and empty
 * `links`: its JSON is then the column fields followed by the doc's own text. Anything else
 * (events need `timeMs`, links are filtered, a status message moves into `status`, a scope with an
 * empty version loses it) is rendered by `spanToApi` in JS from its tuple, so both paths agree by
 * construction. Text tests, not JSON parsing (which cost more than building the span's JSON): they
 * rely on the writer's layout (`spanDocJson` in span-rows.ts: scope, attributes, events, links,
 * then the optional keys), which the tests pin. The suffix is exact: an unescaped `,"` can only
 * start a key and `[]}` can only end the doc, so no optional key follows and both lists are empty.
 */
const PLAIN_DOC_SQL = `(suffix(doc, ',"events":[],"links":[]}')
  AND regexp_matches(doc, '^[{]"scope":[{]"name":"([^"\\\\]|\\\\.)*"(,"version":"([^"\\\\]|\\\\.)+")?[}],"attributes":'))`;

/** A JSON number as JavaScript's JSON.stringify writes it (non-finite → null); DuckDB's text of a double parses back to the same value. */
const jsonNumber = (sql: string) => `CASE WHEN isfinite(${sql}) THEN (${sql})::VARCHAR ELSE 'null' END`;

/** JavaScript's `Math.round` (halves toward +∞), exact for any double. */
const jsRound = (sql: string) => `(floor(${sql}) + CASE WHEN (${sql}) - floor(${sql}) >= 0.5 THEN 1 ELSE 0 END)`;

/** `nsToMs` (api-json.ts): whole µs (truncated, as BigInt division does), then ms. */
const NS_TO_MS = (column: string) => `((${column} // 1000)::DOUBLE / 1000)`;

/** `roundMs(durationNano / 1e6)` (aggregate-stats.ts), the same IEEE operations in the same order. */
const DURATION_MS = `(${jsRound('duration_ns / 1e6 * 1000')} / 1000)`;

/** A `CASE` giving each of `codes` its `name`, any other value the name of an unknown code: the API's own names, never a copy. */
const nameCaseSql = (column: string, codes: readonly number[], name: (code: number) => string) =>
  `CASE ${column} ${codes.map((code) => `WHEN ${code} THEN '${name(code)}'`).join(' ')} ELSE '${name(-1)}' END`;
const KIND_NAME_SQL = nameCaseSql('kind', Object.values(SpanKind), spanKindName);
const STATUS_NAME_SQL = nameCaseSql('status_code', Object.values(StatusCode), statusCodeName);

/**
 * One span as the API's JSON, keys in `spanToApi`'s order, for a span with a {@link PLAIN_DOC_SQL}
 * doc; `start_ms` and `duration_ms` computed beforehand. One `concat`, not a chain of `||`, which
 * copied the growing string once per piece (twice the CPU).
 */
const API_SPAN_SQL = `concat('{"traceId":', to_json(trace_id), ',"spanId":', to_json(span_id), ',"parentSpanId":', to_json(parent_span_id),
  ',"name":', to_json(name), ',"kind":', kind, ',"kindName":"', ${KIND_NAME_SQL},
  '","startTimeUnixNano":"', start_ns, '","endTimeUnixNano":"', end_ns,
  '","startTimeMs":', ${jsonNumber('start_ms')}, ',"durationMs":', ${jsonNumber('duration_ms')},
  ',"status":{"code":', status_code, ',"codeName":"', ${STATUS_NAME_SQL}, '"},"serviceName":', to_json(service_name),
  ',"resourceIndex":', resource_index, ',', substr(doc, 2, length(doc) - 2), ',"isRoot":', is_root, ',"isError":', is_error, '}')`;

/**
 * The trace (found in `window` by its summary) as the query API's JSON (see {@link TraceApiJson}).
 * A big trace is rendered by DuckDB in one query returning one row: the spans' text in
 * API order (start, then span id) as ONE value handed over as bytes (no JS string of megabytes is
 * decoded and encoded again; a Buffer has no string's length limit), each span's resource numbered
 * by first use, resources of equal service name and attributes as one (as `ResourceTable` does:
 * stored ids also hash the optional `service*` fields, which another writer may fill differently), plus the small parts: counts and bounds, resources, and the tuples of the spans
 * rendered in JS. `readSpans` (the store's span read) serves small traces.
 */
export async function readTraceApiJson(
  db: DuckDbDatabase,
  traceId: string,
  window: TraceWindow,
  readSpans: () => Promise<Span[]>,
): Promise<TraceApiJson | undefined> {
  if (window.spanCount < SQL_RENDERING_MIN_SPANS) return traceApiJsonFromSpans(await readSpans());
  const [row] = await db.query(
    `WITH t AS (
       SELECT ${SPAN_COLUMNS}, span_key, ${PLAIN_DOC_SQL} AS plain FROM spans
       WHERE start_ns >= ${window.firstStartNano} AND start_ns <= ${window.lastStartNano} AND trace_id = ?),
     used AS (SELECT u.resource_id, u.first_use, r.doc, json_extract_string(r.doc, '$.serviceName') AS service, json_extract(r.doc, '$.attributes')::VARCHAR AS attrs
              FROM (SELECT resource_id, min((start_ns, span_id)) AS first_use FROM t GROUP BY resource_id) u LEFT JOIN resources r USING (resource_id)),
     merged AS (SELECT service, attrs, arg_min(doc, first_use) AS doc, row_number() OVER (ORDER BY min(first_use)) - 1 AS idx FROM used GROUP BY service, attrs),
     resource_order AS (SELECT list(resource_id ORDER BY resource_id) AS ids, list(idx ORDER BY resource_id) AS idxs FROM used JOIN merged USING (service, attrs))
     SELECT encode(string_agg(CASE WHEN plain THEN ${API_SPAN_SQL} ELSE concat(chr(${PLACEHOLDER}), span_key, chr(${PLACEHOLDER})) END, ',' ORDER BY start_ns, span_id)) AS spans,
            encode('[' || string_agg(CASE WHEN NOT plain THEN concat('["', span_key, '",', resource_index, ',', ${SPAN_TUPLE_SQL}, ']') END, ',') || ']') AS irregular,
            min(start_ns)::VARCHAR AS start_ns, max(end_ns)::VARCHAR AS end_ns, list(DISTINCT service_name) AS services,
            (SELECT encode('[' || string_agg(doc, ',' ORDER BY idx) || ']') FROM merged) AS resources
     FROM (SELECT *, (SELECT idxs[list_position(ids, t.resource_id)] FROM resource_order) AS resource_index,
                  ${NS_TO_MS('start_ns')} AS start_ms, ${DURATION_MS} AS duration_ms FROM t)`,
    [traceId],
  );
  const jsonOf = <T>(bytes: unknown, empty: T): T => {
    if (!(bytes instanceof Uint8Array)) return empty;
    return JSON.parse(Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength).toString()) as T;
  };
  const spans = row?.spans;
  // No span left (retention ran since the summary was read): no text at all.
  if (!row || !(spans instanceof Uint8Array)) return undefined;
  const resources = jsonOf<ResourceInfo[]>(row.resources, []);
  const irregular = jsonOf<[spanKey: string, resourceIndex: number, tuple: SpanTuple][]>(row.irregular, []);
  const spanJson: Uint8Array[] = [];
  spliceIrregular(Buffer.from(spans.buffer, spans.byteOffset, spans.byteLength), irregularSpanRenderer(traceId, irregular, resources), spanJson);
  return {
    resources,
    spanJson,
    startTimeUnixNano: toBigInt(row.start_ns),
    endTimeUnixNano: toBigInt(row.end_ns),
    serviceNames: row.services as string[],
  };
}

/**
 * Pushes `chunk` onto `out` with each placeholder replaced by its span's JSON; the text around
 * them goes as views of the chunk, not copies.
 */
function spliceIrregular(chunk: Buffer, render: (spanKey: string) => Uint8Array, out: Uint8Array[]): void {
  let from = 0;
  for (let open = chunk.indexOf(PLACEHOLDER); open !== -1; open = chunk.indexOf(PLACEHOLDER, from)) {
    const close = chunk.indexOf(PLACEHOLDER, open + 1);
    if (open > from) out.push(chunk.subarray(from, open));
    out.push(render(chunk.toString('latin1', open + 1, close)));
    from = close + 1;
  }
  if (from < chunk.length) out.push(from === 0 ? chunk : chunk.subarray(from));
}

/** Renders a span (by its key) through `spanToApi`, its `resourceIndex` numbered as in SQL. */
function irregularSpanRenderer(
  traceId: string,
  irregular: readonly [string, number, SpanTuple][],
  resources: readonly ResourceInfo[],
): (spanKey: string) => Uint8Array {
  const byKey = new Map(irregular.map(([spanKey, resourceIndex, tuple]) => [spanKey, { resourceIndex, tuple }]));
  const table = new ResourceTable();
  // Every resource numbered in SQL's order: `indexOf` then gives each span the same index as SQL.
  for (const resource of resources) table.indexOf(resource);
  return (spanKey) => {
    const entry = byKey.get(spanKey);
    if (!entry) throw new Error(`trace ${traceId}: no irregular span with key ${spanKey}`);
    const span = tupleToSpan(traceId, entry.tuple, new Map([[entry.tuple[10], resources[entry.resourceIndex]]]));
    return Buffer.from(JSON.stringify(spanToApi(span, table)));
  };
}

/** The same parts from span objects, rendered as the object path renders them (`spanToApi`). */
export function traceApiJsonFromSpans(spans: readonly Span[]): TraceApiJson | undefined {
  if (spans.length === 0) return undefined;
  const { spans: apiSpans, ...trace } = traceSpansToApi(spans);
  return { ...trace, spanJson: [Buffer.from(apiSpans.map((span) => JSON.stringify(span)).join(','))] };
}
