/**
 * OTLP spans → Jaeger's v1 JSON model (`model/json/model.go` in jaegertracing/jaeger), mapped the
 * way Jaeger's OTLP translator does: kind → `span.kind` tag, status → `otel.status_code`
 * (+ `error=true`, `otel.status_description`), scope → `otel.scope.name/version`, trace state →
 * `w3c.tracestate`, events → logs (`event` field = name), parent → CHILD_OF, links → FOLLOWS_FROM,
 * resource → process (service name + the other resource attributes as tags).
 */
import type { AttributeValue, Attributes } from '../model/attributes.js';
import type { Span } from '../model/span.js';
import { spanKindName } from './aggregate-stats.js';
import { sortSpans } from './api-json.js';

export type JaegerTagType = 'string' | 'bool' | 'int64' | 'float64' | 'binary';

export interface JaegerKeyValue {
  key: string;
  type: JaegerTagType;
  value: string | number | boolean;
}

export interface JaegerReference {
  refType: 'CHILD_OF' | 'FOLLOWS_FROM';
  traceID: string;
  spanID: string;
}

export interface JaegerLog {
  timestamp: number;
  fields: JaegerKeyValue[];
}

export interface JaegerSpan {
  traceID: string;
  spanID: string;
  flags: number;
  operationName: string;
  references: JaegerReference[];
  startTime: number;
  duration: number;
  tags: JaegerKeyValue[];
  logs: JaegerLog[];
  processID: string;
  warnings: string[] | null;
}

export interface JaegerProcess {
  serviceName: string;
  tags: JaegerKeyValue[];
}

export interface JaegerTrace {
  traceID: string;
  spans: JaegerSpan[];
  processes: Record<string, JaegerProcess>;
  warnings: string[] | null;
}

/** Jaeger prints a 128-bit id whose high half is zero as 16 hex characters. */
export function jaegerTraceId(traceId: string): string {
  return traceId.startsWith('0000000000000000') ? traceId.slice(16) : traceId;
}

export function toJaegerKeyValue(key: string, value: AttributeValue): JaegerKeyValue {
  if (typeof value === 'string') return { key, type: 'string', value };
  if (typeof value === 'boolean') return { key, type: 'bool', value };
  if (typeof value === 'number') return Number.isInteger(value) ? { key, type: 'int64', value } : { key, type: 'float64', value };
  // Jaeger has no list/map tag types; its translator stores them as JSON strings.
  return { key, type: 'string', value: value === null ? '' : JSON.stringify(value) };
}

function tagsOf(attributes: Attributes): JaegerKeyValue[] {
  return Object.entries(attributes).map(([key, value]) => toJaegerKeyValue(key, value));
}

function nsToMicros(ns: bigint): number {
  return Number(ns / 1000n);
}

function spanTags(span: Span): JaegerKeyValue[] {
  const tags = tagsOf(span.attributes);
  if (span.scope.name) tags.push({ key: 'otel.scope.name', type: 'string', value: span.scope.name });
  if (span.scope.version) tags.push({ key: 'otel.scope.version', type: 'string', value: span.scope.version });
  if (span.kind !== 0) tags.push({ key: 'span.kind', type: 'string', value: spanKindName(span.kind) });
  if (span.statusCode === 1) tags.push({ key: 'otel.status_code', type: 'string', value: 'OK' });
  if (span.statusCode === 2) {
    tags.push({ key: 'otel.status_code', type: 'string', value: 'ERROR' });
    tags.push({ key: 'error', type: 'bool', value: true });
  }
  if (span.statusMessage) tags.push({ key: 'otel.status_description', type: 'string', value: span.statusMessage });
  if (span.traceState) tags.push({ key: 'w3c.tracestate', type: 'string', value: span.traceState });
  if (span.droppedAttributesCount) tags.push({ key: 'otel.dropped_attributes_count', type: 'int64', value: span.droppedAttributesCount });
  if (span.droppedEventsCount) tags.push({ key: 'otel.dropped_events_count', type: 'int64', value: span.droppedEventsCount });
  if (span.droppedLinksCount) tags.push({ key: 'otel.dropped_links_count', type: 'int64', value: span.droppedLinksCount });
  return tags;
}

function references(span: Span): JaegerReference[] {
  const refs: JaegerReference[] = [];
  if (span.parentSpanId) refs.push({ refType: 'CHILD_OF', traceID: jaegerTraceId(span.traceId), spanID: span.parentSpanId });
  for (const link of span.links) refs.push({ refType: 'FOLLOWS_FROM', traceID: jaegerTraceId(link.traceId), spanID: link.spanId });
  return refs;
}

/** One trace's spans (any order) as a Jaeger trace; processes are shared by spans of the same resource. */
export function toJaegerTrace(spans: readonly Span[]): JaegerTrace {
  const processes: Record<string, JaegerProcess> = {};
  const processIds = new Map<string, string>();
  const jaegerSpans = sortSpans(spans).map((span): JaegerSpan => {
    const resourceKey = JSON.stringify([span.resource.serviceName, span.resource.attributes]);
    let processID = processIds.get(resourceKey);
    if (processID === undefined) {
      processID = `p${processIds.size + 1}`;
      processIds.set(resourceKey, processID);
      const { ['service.name']: _serviceName, ...others } = span.resource.attributes;
      processes[processID] = { serviceName: span.resource.serviceName, tags: tagsOf(others) };
    }
    return {
      traceID: jaegerTraceId(span.traceId),
      spanID: span.spanId,
      flags: 1,
      operationName: span.name,
      references: references(span),
      startTime: nsToMicros(span.startTimeUnixNano),
      duration: Math.round(span.durationNano / 1000),
      tags: spanTags(span),
      logs: span.events.map((event) => ({
        timestamp: nsToMicros(event.timeUnixNano),
        fields: [{ key: 'event', type: 'string', value: event.name }, ...tagsOf(event.attributes)],
      })),
      processID,
      warnings: null,
    };
  });
  return {
    traceID: jaegerSpans.length > 0 ? jaegerSpans[0].traceID : '',
    spans: jaegerSpans,
    processes,
    warnings: null,
  };
}
