import type { Span } from '../../src/model/span.js';

/** A small trace (root + one child) whose ids derive from `seed`, starting at `startUnixNano`. */
export function sampleTrace(seed: number, startUnixNano: bigint): Span[] {
  const traceId = seed.toString(16).padStart(32, '0');
  const rootId = (seed * 2 + 1).toString(16).padStart(16, '0');
  const childId = (seed * 2 + 2).toString(16).padStart(16, '0');
  const base = {
    traceId,
    kind: 2 as const,
    statusCode: 0 as const,
    resource: { serviceName: 'frontend', attributes: { 'service.name': 'frontend' } },
    scope: { name: 'test' },
    attributes: { 'http.route': '/checkout' },
    events: [],
    links: [],
    isError: false,
  };
  return [
    {
      ...base,
      spanId: rootId,
      parentSpanId: '',
      name: 'GET /checkout',
      startTimeUnixNano: startUnixNano,
      endTimeUnixNano: startUnixNano + 5_000_000n,
      durationNano: 5_000_000,
      isRoot: true,
    },
    {
      ...base,
      spanId: childId,
      parentSpanId: rootId,
      name: 'SELECT orders',
      kind: 3,
      startTimeUnixNano: startUnixNano + 1_000n,
      endTimeUnixNano: startUnixNano + 2_000_000n,
      durationNano: 1_999_000,
      isRoot: false,
    } as Span,
  ];
}
