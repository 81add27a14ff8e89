/**
 * Spans → OTLP JSON `TracesData` (`{resourceSpans: [...]}`), as Jaeger's api_v3 HTTP gateway
 * returns them: hex ids, 64-bit integers as decimal strings, enums as numbers, spans grouped by
 * resource and then by scope.
 */
import type { AttributeValue, Attributes } from '../model/attributes.js';
import type { Span } from '../model/span.js';
import { sortSpans } from './api-json.js';

export type OtlpAnyValue =
  | { stringValue: string }
  | { boolValue: boolean }
  | { intValue: string }
  | { doubleValue: number }
  | { arrayValue: { values: OtlpAnyValue[] } }
  | { kvlistValue: { values: OtlpKeyValue[] } }
  | Record<string, never>;

export interface OtlpKeyValue {
  key: string;
  value: OtlpAnyValue;
}

export interface OtlpSpanJson {
  traceId: string;
  spanId: string;
  parentSpanId: string;
  traceState?: string;
  name: string;
  kind: number;
  startTimeUnixNano: string;
  endTimeUnixNano: string;
  attributes: OtlpKeyValue[];
  droppedAttributesCount?: number;
  events: { timeUnixNano: string; name: string; attributes: OtlpKeyValue[] }[];
  droppedEventsCount?: number;
  links: { traceId: string; spanId: string; traceState?: string; attributes: OtlpKeyValue[] }[];
  droppedLinksCount?: number;
  status: { code: number; message?: string };
}

export interface OtlpTracesData {
  resourceSpans: {
    resource: { attributes: OtlpKeyValue[] };
    scopeSpans: { scope: { name: string; version?: string }; spans: OtlpSpanJson[] }[];
  }[];
}

export function toOtlpAnyValue(value: AttributeValue): OtlpAnyValue {
  if (value === null) return {};
  if (typeof value === 'string') return { stringValue: value };
  if (typeof value === 'boolean') return { boolValue: value };
  if (typeof value === 'number') return Number.isInteger(value) ? { intValue: String(value) } : { doubleValue: value };
  if (Array.isArray(value)) return { arrayValue: { values: value.map(toOtlpAnyValue) } };
  return { kvlistValue: { values: toOtlpAttributes(value) } };
}

export function toOtlpAttributes(attributes: Attributes): OtlpKeyValue[] {
  return Object.entries(attributes).map(([key, value]) => ({ key, value: toOtlpAnyValue(value) }));
}

function toOtlpSpan(span: Span): OtlpSpanJson {
  const json: OtlpSpanJson = {
    traceId: span.traceId,
    spanId: span.spanId,
    parentSpanId: span.parentSpanId,
    name: span.name,
    kind: span.kind,
    startTimeUnixNano: span.startTimeUnixNano.toString(),
    endTimeUnixNano: span.endTimeUnixNano.toString(),
    attributes: toOtlpAttributes(span.attributes),
    events: span.events.map((event) => ({
      // fixed64, so a decimal string like every OTLP/JSON time: what Jaeger's api_v3 gateway
      // writes and what Grafana's api_v3 client parses (its event time is a string field).
      timeUnixNano: event.timeUnixNano.toString(),
      name: event.name,
      attributes: toOtlpAttributes(event.attributes),
    })),
    links: span.links.map((link) => ({
      traceId: link.traceId,
      spanId: link.spanId,
      ...(link.traceState ? { traceState: link.traceState } : {}),
      attributes: toOtlpAttributes(link.attributes),
    })),
    status: span.statusMessage ? { code: span.statusCode, message: span.statusMessage } : { code: span.statusCode },
  };
  if (span.traceState) json.traceState = span.traceState;
  if (span.droppedAttributesCount) json.droppedAttributesCount = span.droppedAttributesCount;
  if (span.droppedEventsCount) json.droppedEventsCount = span.droppedEventsCount;
  if (span.droppedLinksCount) json.droppedLinksCount = span.droppedLinksCount;
  return json;
}

export function toOtlpTracesData(spans: readonly Span[]): OtlpTracesData {
  const resources = new Map<string, { resource: { attributes: OtlpKeyValue[] }; scopes: Map<string, OtlpTracesData['resourceSpans'][number]['scopeSpans'][number]> }>();
  for (const span of sortSpans(spans)) {
    const resourceKey = JSON.stringify([span.resource.serviceName, span.resource.attributes]);
    let resource = resources.get(resourceKey);
    if (!resource) {
      const attributes = { ...span.resource.attributes };
      if (attributes['service.name'] === undefined) attributes['service.name'] = span.resource.serviceName;
      resource = { resource: { attributes: toOtlpAttributes(attributes) }, scopes: new Map() };
      resources.set(resourceKey, resource);
    }
    const scopeKey = JSON.stringify([span.scope.name, span.scope.version ?? '']);
    let scope = resource.scopes.get(scopeKey);
    if (!scope) {
      scope = { scope: span.scope.version ? { name: span.scope.name, version: span.scope.version } : { name: span.scope.name }, spans: [] };
      resource.scopes.set(scopeKey, scope);
    }
    scope.spans.push(toOtlpSpan(span));
  }
  return {
    resourceSpans: [...resources.values()].map((entry) => ({ resource: entry.resource, scopeSpans: [...entry.scopes.values()] })),
  };
}

