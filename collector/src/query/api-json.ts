import type { LogRecord } from '../model/log-record.js';
import type { Span } from '../model/span.js';
import type { TraceSummary } from '../storage/span-store.js';
import { roundMs, spanKindName } from './aggregate-stats.js';
import type { ApiLogRecord, ApiResource, ApiSpan, ApiTraceSummary } from './api-types.js';

const STATUS_NAMES = ['UNSET', 'OK', 'ERROR'] as const;

/** Nanosecond bigint → Unix ms with sub-ms precision kept as a fraction (to the µs). */
export function nsToMs(ns: bigint): number {
  return Number(ns / 1000n) / 1000;
}

/**
 * The distinct resources of a trace, each once, in order of first use. Spans of one process
 * usually share one resource object, so identity is tried before comparing contents.
 */
export class ResourceTable {
  readonly resources: ApiResource[] = [];
  private readonly byObject = new Map<Span['resource'], number>();
  private readonly byContent = new Map<string, number>();

  indexOf(resource: Span['resource']): number {
    const known = this.byObject.get(resource);
    if (known !== undefined) return known;
    const key = JSON.stringify([resource.serviceName, resource.attributes]);
    let index = this.byContent.get(key);
    if (index === undefined) {
      index = this.resources.push({ serviceName: resource.serviceName, attributes: resource.attributes }) - 1;
      this.byContent.set(key, index);
    }
    this.byObject.set(resource, index);
    return index;
  }
}

/** The API's name of a status code (`UNSET` for a code it does not know). */
export function statusCodeName(code: number): (typeof STATUS_NAMES)[number] {
  return STATUS_NAMES[code] ?? 'UNSET';
}

export function spanToApi(span: Span, resources: ResourceTable): ApiSpan {
  const json: ApiSpan = {
    traceId: span.traceId,
    spanId: span.spanId,
    parentSpanId: span.parentSpanId,
    name: span.name,
    kind: span.kind,
    kindName: spanKindName(span.kind),
    startTimeUnixNano: span.startTimeUnixNano.toString(),
    endTimeUnixNano: span.endTimeUnixNano.toString(),
    startTimeMs: nsToMs(span.startTimeUnixNano),
    durationMs: roundMs(span.durationNano / 1e6),
    status: { code: span.statusCode, codeName: statusCodeName(span.statusCode) },
    serviceName: span.resource.serviceName,
    resourceIndex: resources.indexOf(span.resource),
    scope: scopeToApi(span.scope),
    attributes: span.attributes,
    events: span.events.map((event) => ({
      timeUnixNano: event.timeUnixNano.toString(),
      timeMs: nsToMs(event.timeUnixNano),
      name: event.name,
      attributes: event.attributes,
    })),
    links: span.links.map((link) => ({
      traceId: link.traceId,
      spanId: link.spanId,
      ...(link.traceState ? { traceState: link.traceState } : {}),
      attributes: link.attributes,
    })),
    isRoot: span.isRoot,
    isError: span.isError,
  };
  if (span.traceState) json.traceState = span.traceState;
  if (span.statusMessage) json.status.message = span.statusMessage;
  if (span.droppedAttributesCount) json.droppedAttributesCount = span.droppedAttributesCount;
  if (span.droppedEventsCount) json.droppedEventsCount = span.droppedEventsCount;
  if (span.droppedLinksCount) json.droppedLinksCount = span.droppedLinksCount;
  return json;
}

function scopeToApi(scope: { name: string; version?: string }): { name: string; version?: string } {
  return scope.version ? { name: scope.name, version: scope.version } : { name: scope.name };
}

export function logToApi(log: LogRecord): ApiLogRecord {
  return {
    logId: log.logId,
    timeUnixNano: log.timeUnixNano.toString(),
    timeMs: nsToMs(log.timeUnixNano),
    observedTimeUnixNano: log.observedTimeUnixNano.toString(),
    severityNumber: log.severityNumber,
    severityText: log.severityText,
    body: log.body,
    traceId: log.traceId,
    spanId: log.spanId,
    serviceName: log.resource.serviceName,
    resource: { serviceName: log.resource.serviceName, attributes: log.resource.attributes },
    scope: scopeToApi(log.scope),
    attributes: log.attributes,
  };
}

export function traceSummaryToApi(summary: TraceSummary): ApiTraceSummary {
  return {
    traceId: summary.traceId,
    rootServiceName: summary.rootServiceName,
    rootOperation: summary.rootOperation,
    startTimeUnixNano: summary.startTimeUnixNano.toString(),
    startTimeMs: nsToMs(summary.startTimeUnixNano),
    durationMs: roundMs(summary.durationNano / 1e6),
    spanCount: summary.spanCount,
    errorCount: summary.errorCount,
    services: summary.services,
  };
}

/**
 * Spans in start order (ties: parents before children is not guaranteed; by span id, compared as
 * plain strings, for stability: the same order as a database's binary `ORDER BY start, span_id`
 * for hex ids, which backends that render the API's JSON themselves rely on).
 */
export function sortSpans(spans: readonly Span[]): Span[] {
  return [...spans].sort((a, b) =>
    a.startTimeUnixNano < b.startTimeUnixNano ? -1 : a.startTimeUnixNano > b.startTimeUnixNano ? 1 : a.spanId < b.spanId ? -1 : a.spanId > b.spanId ? 1 : 0,
  );
}

/**
 * A trace's spans as the API renders them (in API order, resources numbered by first use), with
 * the trace's bounds and services: what both ways of answering trace-by-id start from.
 */
export function traceSpansToApi(spans: readonly Span[]): {
  spans: ApiSpan[];
  resources: ApiResource[];
  startTimeUnixNano: bigint;
  endTimeUnixNano: bigint;
  serviceNames: string[];
} {
  const sorted = sortSpans(spans);
  let end = sorted[0].endTimeUnixNano;
  for (const span of sorted) if (span.endTimeUnixNano > end) end = span.endTimeUnixNano;
  const resources = new ResourceTable();
  return {
    spans: sorted.map((span) => spanToApi(span, resources)),
    resources: resources.resources,
    startTimeUnixNano: sorted[0].startTimeUnixNano,
    endTimeUnixNano: end,
    serviceNames: [...new Set(sorted.map((span) => span.resource.serviceName))],
  };
}

/**
 * An answer that is already JSON text (UTF-8): sent as is, with the JSON content type, instead of
 * going through `JSON.stringify` (see `sendJsonTextAsIs` in http-scope.ts, which installs the serializer).
 */
export class JsonText {
  constructor(readonly bytes: Buffer) {}
}
