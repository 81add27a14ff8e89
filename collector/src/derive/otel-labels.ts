import type { SpanKind, StatusCode } from '../model/span.js';

/**
 * Human-readable label values for span kind and status, spelled as the OpenTelemetry Collector's
 * spanmetrics connector spells them, so dashboards written for it read our series unchanged.
 */
const SPAN_KIND_LABELS = [
  'SPAN_KIND_UNSPECIFIED',
  'SPAN_KIND_INTERNAL',
  'SPAN_KIND_SERVER',
  'SPAN_KIND_CLIENT',
  'SPAN_KIND_PRODUCER',
  'SPAN_KIND_CONSUMER',
] as const;

const STATUS_CODE_LABELS = ['STATUS_CODE_UNSET', 'STATUS_CODE_OK', 'STATUS_CODE_ERROR'] as const;

export function spanKindLabel(kind: SpanKind): string {
  return SPAN_KIND_LABELS[kind] ?? SPAN_KIND_LABELS[0];
}

export function statusCodeLabel(code: StatusCode): string {
  return STATUS_CODE_LABELS[code] ?? STATUS_CODE_LABELS[0];
}
