import type { Attributes, InstrumentationScope, ResourceInfo } from './attributes.js';

/** OTLP span kinds, numbered as in the protocol. */
export const SpanKind = {
  UNSPECIFIED: 0,
  INTERNAL: 1,
  SERVER: 2,
  CLIENT: 3,
  PRODUCER: 4,
  CONSUMER: 5,
} as const;
export type SpanKind = (typeof SpanKind)[keyof typeof SpanKind];

/** OTLP status codes, numbered as in the protocol. */
export const StatusCode = {
  UNSET: 0,
  OK: 1,
  ERROR: 2,
} as const;
export type StatusCode = (typeof StatusCode)[keyof typeof StatusCode];

export interface SpanEvent {
  timeUnixNano: bigint;
  name: string;
  attributes: Attributes;
}

export interface SpanLink {
  traceId: string;
  spanId: string;
  traceState?: string;
  attributes: Attributes;
}

/**
 * One span, the same shape in every backend.
 *
 * Ids are lower-case hex (trace 32 chars, span 16 chars). Timestamps are Unix epoch nanoseconds
 * as `bigint` so nanosecond precision survives; durations are nanoseconds as `number`
 * (exact up to ~104 days).
 */
export interface Span {
  traceId: string;
  spanId: string;
  /** Empty string for a root span. */
  parentSpanId: string;
  traceState?: string;
  name: string;
  kind: SpanKind;
  startTimeUnixNano: bigint;
  endTimeUnixNano: bigint;
  durationNano: number;
  statusCode: StatusCode;
  statusMessage?: string;
  resource: ResourceInfo;
  scope: InstrumentationScope;
  attributes: Attributes;
  events: SpanEvent[];
  links: SpanLink[];
  /** Counts the receiver reports when it dropped data (limits) so a reader can tell. */
  droppedAttributesCount?: number;
  droppedEventsCount?: number;
  droppedLinksCount?: number;
  /** Derived: the span has no parent. */
  isRoot: boolean;
  /** Derived: status is ERROR. */
  isError: boolean;
}
