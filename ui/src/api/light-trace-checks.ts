/**
 * The cheap per-item checks shared by the trace answer's zod schema (schemas.ts) and its hand-written
 * check (trace-response-check.ts): past the first items of a big trace, each span and log gets only
 * these, so validating 10,000 spans costs milliseconds. No zod here: the trace page must not load it.
 */
export const isRecord = (value: unknown): value is Record<string, unknown> => typeof value === 'object' && value !== null && !Array.isArray(value);

export function cheapSpanCheck(value: unknown): string | undefined {
  if (!isRecord(value)) return 'expected a span object';
  if (typeof value.spanId !== 'string' || typeof value.parentSpanId !== 'string') return 'spanId/parentSpanId must be strings';
  if (typeof value.name !== 'string' || typeof value.serviceName !== 'string') return 'name/serviceName must be strings';
  if (typeof value.startTimeMs !== 'number' || typeof value.durationMs !== 'number') return 'startTimeMs/durationMs must be numbers';
  if (typeof value.isError !== 'boolean' || !isRecord(value.status) || !isRecord(value.attributes) || typeof value.resourceIndex !== 'number') {
    return 'isError, status, attributes and resourceIndex are required';
  }
  // The span details panel reads these without checks: a span missing one would throw on a click.
  if (typeof value.kindName !== 'string' || !isRecord(value.scope) || typeof value.scope.name !== 'string') return 'kindName and scope.name must be strings';
  if (!Array.isArray(value.events) || !Array.isArray(value.links)) return 'events and links must be arrays';
  // Most spans have neither, so these loops cost nothing where the trace is big.
  for (const event of value.events) {
    if (!isRecord(event) || typeof event.name !== 'string' || typeof event.timeMs !== 'number' || !isRecord(event.attributes)) return 'every event needs name, timeMs and attributes';
  }
  for (const link of value.links) {
    if (!isRecord(link) || typeof link.traceId !== 'string' || typeof link.spanId !== 'string' || !isRecord(link.attributes)) return 'every link needs traceId, spanId and attributes';
  }
  return undefined;
}

export const hasEventsOrLinks = (value: unknown) =>
  isRecord(value) && ((Array.isArray(value.events) && value.events.length > 0) || (Array.isArray(value.links) && value.links.length > 0));

export function cheapLogCheck(value: unknown): string | undefined {
  if (!isRecord(value)) return 'expected a log record object';
  if (typeof value.logId !== 'string' || typeof value.spanId !== 'string' || typeof value.traceId !== 'string') return 'logId/traceId/spanId must be strings';
  if (typeof value.serviceName !== 'string') return 'serviceName must be a string';
  if (typeof value.timeMs !== 'number' || typeof value.severityText !== 'string' || value.body === undefined) return 'timeMs, severityText and body are required';
  return undefined;
}
