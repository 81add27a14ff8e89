import type { AttributeValue, Attributes, InstrumentationScope, ResourceInfo } from './attributes.js';

/**
 * One log record, the same shape in every backend.
 *
 * `timeUnixNano` is the event time; when the producer left it at 0 the receiver fills it from
 * `observedTimeUnixNano` (as the OTLP spec advises), so it is always set.
 */
export interface LogRecord {
  /** Deterministic id (hash of the record's content) so a retried write never duplicates. */
  logId: string;
  timeUnixNano: bigint;
  observedTimeUnixNano: bigint;
  /** OTLP severity number 0..24 (0 = unspecified). */
  severityNumber: number;
  /** Severity text as sent, or derived from the number when absent (e.g. "ERROR"). */
  severityText: string;
  body: AttributeValue;
  /** Empty string when the record was written outside a span. */
  traceId: string;
  spanId: string;
  resource: ResourceInfo;
  scope: InstrumentationScope;
  attributes: Attributes;
}
