import type { Attributes } from '../model/attributes.js';
import type { Span, SpanEvent, SpanKind, SpanLink, StatusCode } from '../model/span.js';
import type { ConvertContext } from './convert-context.js';
import {
  ZERO_SPAN_ID,
  ZERO_TRACE_ID,
  asArray,
  attributes,
  enumValue,
  idToHex,
  resourceInfo,
  scopeInfo,
  toNanos,
} from './otlp-values.js';

const SPAN_KINDS: Record<string, number> = {
  SPAN_KIND_UNSPECIFIED: 0, SPAN_KIND_INTERNAL: 1, SPAN_KIND_SERVER: 2, SPAN_KIND_CLIENT: 3, SPAN_KIND_PRODUCER: 4, SPAN_KIND_CONSUMER: 5,
};
const STATUS_CODES: Record<string, number> = { STATUS_CODE_UNSET: 0, STATUS_CODE_OK: 1, STATUS_CODE_ERROR: 2 };

/* Loose views of a decoded ExportTraceServiceRequest (protobufjs message or OTLP/JSON object). */
interface SpanLike {
  traceId?: unknown; spanId?: unknown; parentSpanId?: unknown; traceState?: unknown; name?: unknown; kind?: unknown;
  startTimeUnixNano?: unknown; endTimeUnixNano?: unknown; attributes?: unknown; droppedAttributesCount?: unknown;
  events?: unknown; droppedEventsCount?: unknown; links?: unknown; droppedLinksCount?: unknown;
  status?: { code?: unknown; message?: unknown } | null;
}
interface EventLike { timeUnixNano?: unknown; name?: unknown; attributes?: unknown }
interface LinkLike { traceId?: unknown; spanId?: unknown; traceState?: unknown; attributes?: unknown }
interface ScopeSpansLike { scope?: { name?: unknown; version?: unknown } | null; spans?: unknown }
interface ResourceSpansLike { resource?: { attributes?: unknown } | null; scopeSpans?: unknown }
export interface TraceRequestLike { resourceSpans?: unknown }

/**
 * Most spans have no events or links: they share these empty arrays instead of two fresh ones
 * each (fewer objects for the scavenger to copy while spans wait in the queue). Frozen, so a
 * caller that tried to add to them would fail loudly; nothing downstream mutates a span.
 */
const NO_EVENTS: SpanEvent[] = Object.freeze([]) as unknown as SpanEvent[];
const NO_LINKS: SpanLink[] = Object.freeze([]) as unknown as SpanLink[];

const num = (value: unknown): number => (typeof value === 'number' ? value : Number(value ?? 0) || 0);

/**
 * ExportTraceServiceRequest → valid spans. An invalid span is counted in `ctx` (with its reason)
 * and skipped; the rest of its batch is kept.
 */
export function convertTraces(request: TraceRequestLike, ctx: ConvertContext): Span[] {
  const out: Span[] = [];
  for (const rs of asArray(request.resourceSpans, 'resourceSpans') as ResourceSpansLike[]) {
    const resource = resourceInfo(rs.resource, ctx);
    for (const ss of asArray(rs.scopeSpans, 'scopeSpans') as ScopeSpansLike[]) {
      const scope = scopeInfo(ss.scope);
      for (const s of asArray(ss.spans, 'spans') as SpanLike[]) {
        const span = convertSpan(s, ctx);
        if (span === undefined) continue;
        span.resource = resource;
        span.scope = scope;
        out.push(span);
      }
    }
  }
  return out;
}

function convertSpan(s: SpanLike, ctx: ConvertContext): Span | undefined {
  const traceId = idToHex(s.traceId, 16);
  if (!traceId || traceId === ZERO_TRACE_ID) return void ctx.reject('with an invalid trace_id (must be 16 bytes, not all zero)');
  const spanId = idToHex(s.spanId, 8);
  if (!spanId || spanId === ZERO_SPAN_ID) return void ctx.reject('with an invalid span_id (must be 8 bytes, not all zero)');
  let parentSpanId = idToHex(s.parentSpanId, 8);
  if (parentSpanId === null) return void ctx.reject('with an invalid parent_span_id (must be empty or 8 bytes)');
  if (parentSpanId === ZERO_SPAN_ID) parentSpanId = '';

  const start = toNanos(s.startTimeUnixNano, 'startTimeUnixNano');
  const end = toNanos(s.endTimeUnixNano, 'endTimeUnixNano');
  if (start === 0n) return void ctx.reject('without start_time_unix_nano');
  if (end < start) return void ctx.reject('with end_time_unix_nano before start_time_unix_nano');
  const outside = ctx.checkWindow(start);
  if (outside) return void ctx.reject(`with a ${outside}`);

  const attrs: Attributes = {};
  const droppedAttributes = attributes(s.attributes, ctx, attrs) + num(s.droppedAttributesCount);
  const statusCode = enumValue(s.status?.code, STATUS_CODES, 'status.code') as StatusCode;

  const span: Span = {
    traceId,
    spanId,
    parentSpanId,
    name: String(s.name ?? ''),
    kind: enumValue(s.kind, SPAN_KINDS, 'kind') as SpanKind,
    startTimeUnixNano: start,
    endTimeUnixNano: end,
    durationNano: Number(end - start),
    statusCode,
    resource: undefined as never, // set by the caller (shared per resource)
    scope: undefined as never,
    attributes: attrs,
    events: NO_EVENTS,
    links: NO_LINKS,
    isRoot: parentSpanId === '',
    isError: statusCode === 2,
  };
  if (s.traceState) span.traceState = String(s.traceState);
  const statusMessage = s.status?.message;
  if (statusMessage) span.statusMessage = String(statusMessage);

  const events = asArray(s.events, 'events') as EventLike[];
  const keptEvents = Math.min(events.length, ctx.limits.maxEventsPerSpan);
  if (keptEvents > 0) {
    const converted: SpanEvent[] = [];
    for (let i = 0; i < keptEvents; i++) converted.push(convertEvent(events[i], ctx));
    span.events = converted;
  }
  ctx.truncated.events += events.length - keptEvents;
  const droppedEvents = events.length - keptEvents + num(s.droppedEventsCount);
  if (droppedEvents > 0) span.droppedEventsCount = droppedEvents;

  const links = asArray(s.links, 'links') as LinkLike[];
  const keptLinks = Math.min(links.length, ctx.limits.maxLinksPerSpan);
  for (let i = 0; i < keptLinks; i++) {
    const link = convertLink(links[i], ctx);
    if (link) {
      if (span.links === NO_LINKS) span.links = [];
      span.links.push(link);
    }
  }
  ctx.truncated.links += links.length - keptLinks;
  const droppedLinks = links.length - keptLinks + num(s.droppedLinksCount);
  if (droppedLinks > 0) span.droppedLinksCount = droppedLinks;

  if (droppedAttributes > 0) span.droppedAttributesCount = droppedAttributes;
  return span;
}

function convertEvent(e: EventLike, ctx: ConvertContext): SpanEvent {
  const attrs: Attributes = {};
  attributes(e.attributes, ctx, attrs, 'events.attributes');
  return { timeUnixNano: toNanos(e.timeUnixNano, 'events.timeUnixNano'), name: String(e.name ?? ''), attributes: attrs };
}

/** A link with malformed ids is dropped (and counted) rather than costing its span. */
function convertLink(l: LinkLike, ctx: ConvertContext): SpanLink | undefined {
  const traceId = idToHex(l.traceId, 16);
  const spanId = idToHex(l.spanId, 8);
  if (!traceId || !spanId) {
    ctx.truncated.links++;
    return undefined;
  }
  const attrs: Attributes = {};
  attributes(l.attributes, ctx, attrs, 'links.attributes');
  const link: SpanLink = { traceId, spanId, attributes: attrs };
  if (l.traceState) link.traceState = String(l.traceState);
  return link;
}
