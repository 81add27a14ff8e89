import { createHash } from 'node:crypto';
import { attributeValueToString } from '../../model/attributes.js';
import type { Attributes, ResourceInfo } from '../../model/attributes.js';
import type { ServiceGraphEdgeRow, SpanMetricsRow } from '../../model/aggregates.js';
import type { SparseHistogram } from '../../model/latency-histogram.js';
import type { LogRecord } from '../../model/log-record.js';
import type { MetricPoint } from '../../model/metric-point.js';
import type { Span, SpanEvent } from '../../model/span.js';
import { copyOptionalSpanFields } from '../../model/span-optional-fields.js';
import type { SpanOptionalFields } from '../../model/span-optional-fields.js';
import { attributeTerm, attributeTerms } from './attribute-terms.js';
import { nanosToIso } from './nanos.js';
import { decodeNonFinite as decoded, encodeNonFinite as encoded } from './non-finite.js';

/**
 * Conversions between the model and Elasticsearch documents (see index-templates.ts for the
 * mappings). Bigint timestamps are stored as decimal strings so they come back exact.
 */
export type Doc = Record<string, unknown>;

/** Substring search covers the first this-many characters of a log body. */
const MAX_BODY_TEXT_CHARS = 8000;

function resourceDoc(resource: ResourceInfo): Doc {
  return { ...resource, attributes: encoded(resource.attributes) };
}

export function resourceFromDoc(doc: Doc): ResourceInfo {
  const resource: ResourceInfo = {
    serviceName: doc.serviceName as string,
    attributes: decoded((doc.attributes as ResourceInfo['attributes']) ?? {}),
  };
  if (doc.serviceNamespace !== undefined) resource.serviceNamespace = doc.serviceNamespace as string;
  if (doc.serviceVersion !== undefined) resource.serviceVersion = doc.serviceVersion as string;
  if (doc.serviceInstanceId !== undefined) resource.serviceInstanceId = doc.serviceInstanceId as string;
  return resource;
}

/**
 * A resource's JSON, filter terms and id, computed once per resource object: the receiver shares
 * one object among all the items of an OTLP resource, so a batch serialises each resource once.
 * (Resources are never mutated after the receiver built them.)
 */
interface ResourceParts {
  json: string;
  terms: string[];
  /** Content hash of the resource: the same resource gets the same id in every collector. */
  id: string;
}

const resourceParts = new WeakMap<ResourceInfo, ResourceParts>();

function partsOf(resource: ResourceInfo): ResourceParts {
  let parts = resourceParts.get(resource);
  if (parts === undefined) {
    const json = JSON.stringify(resourceDoc(resource));
    parts = {
      json,
      // Service name is filterable as an attribute too (`service.name=...`), listed or not.
      terms: attributeTerms({ 'service.name': resource.serviceName }, resource.attributes),
      id: createHash('sha1').update(json).digest('hex'),
    };
    resourceParts.set(resource, parts);
  }
  return parts;
}

function termsWithService(resource: ResourceInfo, attributes: Attributes): string[] {
  return [...partsOf(resource).terms, ...attributeTerms(attributes)];
}

/** The document's JSON with the (cached) resource spliced in: what the bulk writer sends. */
function withResource(fields: Doc, resource: ResourceInfo): string {
  return `${JSON.stringify(fields).slice(0, -1)},"resource":${partsOf(resource).json}}`;
}

/** Id of a resource's document in the `resources` indices (and the span's `resourceId`). */
export function resourceIdOf(resource: ResourceInfo): string {
  return partsOf(resource).id;
}

/**
 * A resource's document in `<prefix>-resources-<day>`: what a span's (log record's) `resourceId`
 * points to, with the resource's filter terms and the resource itself. Spans and logs index only
 * their own attributes' terms (plus `service.name`): the ~10 resource terms every item of a
 * resource would repeat are indexed once per resource and day instead, and a filter on a resource
 * attribute becomes "these resource ids" (see resourceIdsRequest). Measured: about a third less
 * Elasticsearch CPU per span. The resource itself is kept here too, not in every span and log
 * document (about a third of a span document's bytes): reads resolve `resourceId` through
 * `itemsWithResources` (store-context.ts).
 */
export function resourceToDoc(resource: ResourceInfo): Doc {
  const parts = partsOf(resource);
  return { resourceId: parts.id, serviceName: resource.serviceName, attributeTerms: parts.terms, resource: resourceDoc(resource) };
}

/**
 * The resource of a span or log document: inline in documents written before resources moved to
 * the resources indices, else the resolved one, else (resource document lost) just its service.
 */
function resourceOf(doc: Doc, resolved: ResourceInfo | undefined): ResourceInfo {
  if (doc.resource !== undefined) return resourceFromDoc(doc.resource as Doc);
  if (resolved !== undefined) return resolved;
  const serviceName = doc.serviceName as string;
  return { serviceName, attributes: { 'service.name': serviceName } };
}

export function spanDocId(span: Pick<Span, 'traceId' | 'spanId'>): string {
  return `${span.traceId}${span.spanId}`;
}

/** A span's document; its resource is on the resource document `resourceId` names. */
export function spanToDoc(span: Span): Doc {
  return spanFields(span);
}

export function spanToJson(span: Span): string {
  return JSON.stringify(spanFields(span));
}

function spanFields(span: Span): Doc {
  const doc: Doc = {
    traceId: span.traceId,
    spanId: span.spanId,
    parentSpanId: span.parentSpanId,
    name: span.name,
    kind: span.kind,
    startTime: nanosToIso(span.startTimeUnixNano),
    endTime: nanosToIso(span.endTimeUnixNano),
    startTimeUnixNano: String(span.startTimeUnixNano),
    endTimeUnixNano: String(span.endTimeUnixNano),
    durationNano: span.durationNano,
    statusCode: span.statusCode,
    serviceName: span.resource.serviceName,
    scope: span.scope,
    attributes: encoded(span.attributes),
    attributeTerms: [attributeTerm('service.name', span.resource.serviceName), ...attributeTerms(span.attributes)],
    resourceId: resourceIdOf(span.resource),
    events: span.events.map((event) => ({ ...event, timeUnixNano: String(event.timeUnixNano), attributes: encoded(event.attributes) })),
    links: encoded(span.links),
    isRoot: span.isRoot,
    isError: span.isError,
  };
  copyOptionalSpanFields(span, doc);
  return doc;
}

/** `resource`: the resolved resource of `doc.resourceId` (documents without an inline resource). */
export function spanFromDoc(doc: Doc, resource?: ResourceInfo): Span {
  const span: Span = {
    traceId: doc.traceId as string,
    spanId: doc.spanId as string,
    parentSpanId: doc.parentSpanId as string,
    name: doc.name as string,
    kind: doc.kind as Span['kind'],
    startTimeUnixNano: BigInt(doc.startTimeUnixNano as string),
    endTimeUnixNano: BigInt(doc.endTimeUnixNano as string),
    durationNano: doc.durationNano as number,
    statusCode: doc.statusCode as Span['statusCode'],
    resource: resourceOf(doc, resource),
    scope: doc.scope as Span['scope'],
    attributes: decoded((doc.attributes as Span['attributes']) ?? {}),
    events: ((doc.events as Doc[]) ?? []).map(
      (event): SpanEvent => ({
        ...(event as unknown as SpanEvent),
        timeUnixNano: BigInt(event.timeUnixNano as string),
        attributes: decoded((event.attributes as SpanEvent['attributes']) ?? {}),
      }),
    ),
    links: decoded((doc.links as Span['links']) ?? []),
    isRoot: doc.isRoot as boolean,
    isError: doc.isError as boolean,
  };
  copyOptionalSpanFields(doc as SpanOptionalFields, span);
  return span;
}

/** A log record's document; its resource is on the resource document `resourceId` names. */
export function logToDoc(log: LogRecord): Doc {
  return logFields(log);
}

export function logToJson(log: LogRecord): string {
  return JSON.stringify(logFields(log));
}

function logFields(log: LogRecord): Doc {
  return {
    logId: log.logId,
    time: nanosToIso(log.timeUnixNano),
    timeUnixNano: String(log.timeUnixNano),
    observedTimeUnixNano: String(log.observedTimeUnixNano),
    severityNumber: log.severityNumber,
    severityText: log.severityText,
    severityGroup: log.severityText.toUpperCase(),
    body: encoded(log.body),
    bodyText: attributeValueToString(log.body).slice(0, MAX_BODY_TEXT_CHARS).toLowerCase(),
    traceId: log.traceId,
    spanId: log.spanId,
    serviceName: log.resource.serviceName,
    scope: log.scope,
    attributes: encoded(log.attributes),
    attributeTerms: [attributeTerm('service.name', log.resource.serviceName), ...attributeTerms(log.attributes)],
    resourceId: resourceIdOf(log.resource),
  };
}

export function logFromDoc(doc: Doc, resource?: ResourceInfo): LogRecord {
  return {
    logId: doc.logId as string,
    timeUnixNano: BigInt(doc.timeUnixNano as string),
    observedTimeUnixNano: BigInt(doc.observedTimeUnixNano as string),
    severityNumber: doc.severityNumber as number,
    severityText: doc.severityText as string,
    body: decoded((doc.body ?? null) as LogRecord['body']),
    traceId: doc.traceId as string,
    spanId: doc.spanId as string,
    resource: resourceOf(doc, resource),
    scope: doc.scope as LogRecord['scope'],
    attributes: decoded((doc.attributes as LogRecord['attributes']) ?? {}),
  };
}

export function metricPointToDoc(point: MetricPoint): Doc {
  return { ...metricPointFields(point), resource: resourceDoc(point.resource) };
}

export function metricPointToJson(point: MetricPoint): string {
  return withResource(metricPointFields(point), point.resource);
}

function metricPointFields(point: MetricPoint): Doc {
  const doc: Doc = {
    pointId: point.pointId,
    name: point.name,
    description: point.description,
    unit: point.unit,
    type: point.type,
    temporality: point.temporality,
    monotonic: point.monotonic,
    time: nanosToIso(point.timeUnixNano),
    timeUnixNano: String(point.timeUnixNano),
    startTimeUnixNano: String(point.startTimeUnixNano),
    serviceName: point.resource.serviceName,
    scope: point.scope,
    attributes: encoded(point.attributes),
    attributeTerms: termsWithService(point.resource, point.attributes),
    attributeKeys: Object.keys(point.attributes),
  };
  if (point.value !== undefined && Number.isFinite(point.value)) doc.value = point.value;
  else if (point.value !== undefined) doc.valueText = String(point.value);
  if (point.histogram !== undefined) doc.histogram = encoded(point.histogram);
  if (point.exponentialHistogram !== undefined) doc.exponentialHistogram = encoded(point.exponentialHistogram);
  if (point.summary !== undefined) doc.summary = encoded(point.summary);
  return doc;
}

export function metricPointFromDoc(doc: Doc): MetricPoint {
  const point: MetricPoint = {
    pointId: doc.pointId as string,
    name: doc.name as string,
    description: doc.description as string,
    unit: doc.unit as string,
    type: doc.type as MetricPoint['type'],
    temporality: doc.temporality as MetricPoint['temporality'],
    monotonic: doc.monotonic as boolean,
    timeUnixNano: BigInt(doc.timeUnixNano as string),
    startTimeUnixNano: BigInt(doc.startTimeUnixNano as string),
    resource: resourceFromDoc(doc.resource as Doc),
    scope: doc.scope as MetricPoint['scope'],
    attributes: decoded((doc.attributes as MetricPoint['attributes']) ?? {}),
  };
  // NaN and infinities are not JSON: they travel as text.
  if (doc.value !== undefined) point.value = doc.value as number;
  else if (doc.valueText !== undefined) point.value = Number(doc.valueText);
  if (doc.histogram !== undefined) point.histogram = decoded(doc.histogram as MetricPoint['histogram']);
  if (doc.exponentialHistogram !== undefined) {
    point.exponentialHistogram = decoded(doc.exponentialHistogram as MetricPoint['exponentialHistogram']);
  }
  if (doc.summary !== undefined) point.summary = decoded(doc.summary as MetricPoint['summary']);
  return point;
}

/** Sparse histogram as nested `{i, c}` pairs, so aggregations can sum counts per bucket index. */
export function histogramToNested(histogram: SparseHistogram): { i: number; c: number }[] {
  return Object.keys(histogram).map((key) => ({ i: Number(key), c: histogram[Number(key)] }));
}

export function spanMetricsRowToDoc(row: SpanMetricsRow): Doc {
  const { id: _id, histogram, ...rest } = row;
  return { ...rest, histogram: histogramToNested(histogram) };
}

export function edgeRowToDoc(row: ServiceGraphEdgeRow): Doc {
  const { id: _id, histogram, ...rest } = row;
  return { ...rest, histogram: histogramToNested(histogram) };
}
