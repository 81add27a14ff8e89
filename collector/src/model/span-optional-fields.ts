import type { Span } from './span.js';

/** The optional scalar fields of a span: a backend stores them only when set. */
export type SpanOptionalFields = Pick<
  Span,
  'traceState' | 'statusMessage' | 'droppedAttributesCount' | 'droppedEventsCount' | 'droppedLinksCount'
>;

/**
 * Copies the optional fields `from` has onto `to` (span → stored document, or back), leaving
 * absent ones absent rather than `undefined`: one list to extend when Span gains such a field.
 */
export function copyOptionalSpanFields(from: Readonly<SpanOptionalFields>, to: SpanOptionalFields): void {
  if (from.traceState !== undefined) to.traceState = from.traceState;
  if (from.statusMessage !== undefined) to.statusMessage = from.statusMessage;
  if (from.droppedAttributesCount !== undefined) to.droppedAttributesCount = from.droppedAttributesCount;
  if (from.droppedEventsCount !== undefined) to.droppedEventsCount = from.droppedEventsCount;
  if (from.droppedLinksCount !== undefined) to.droppedLinksCount = from.droppedLinksCount;
}
