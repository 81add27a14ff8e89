import { randomBytes } from 'node:crypto';

/** A W3C traceparent for a trace id chosen by the test, so the test knows which trace to fetch. */
export function newTraceparent(): { traceId: string; parentSpanId: string; header: string } {
  const traceId = randomBytes(16).toString('hex');
  const parentSpanId = randomBytes(8).toString('hex');
  return { traceId, parentSpanId, header: `00-${traceId}-${parentSpanId}-01` };
}
