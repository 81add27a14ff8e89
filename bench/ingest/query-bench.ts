import { summarize, type LatencySummary } from './stats.js';

export interface QueryResults {
  via: 'http-api';
  window: { startMs: number; endMs: number };
  traceById: LatencySummary & { notFound: number; spansPerTraceAvg: number };
  search: LatencySummary & { variants: { query: string; p50Ms: number | null; maxMs: number | null; traces: number }[] };
  serviceMap: LatencySummary & { nodes: number; edges: number; edgeList: string[] };
  red: LatencySummary;
  latencyHistogram: LatencySummary;
}

/** Times one GET (ms) and returns its parsed JSON body; a non-200 answer fails the benchmark. */
async function timedGet(url: string): Promise<{ ms: number; body: unknown }> {
  const started = performance.now();
  const response = await fetch(url);
  const text = await response.text();
  const ms = performance.now() - started;
  if (response.status !== 200 && response.status !== 404) throw new Error(`GET ${url}: HTTP ${response.status} ${text.slice(0, 300)}`);
  return { ms, body: response.status === 200 ? JSON.parse(text) : undefined };
}

/** Whether the collector serves the native query API (helper C2's routes). */
export async function hasQueryApi(httpUrl: string): Promise<boolean> {
  const response = await fetch(`${httpUrl}/api/v1/services?lookback=1h`).catch(() => undefined);
  return response?.status === 200;
}

/**
 * Measures the read side through the native HTTP API, sequentially (one query at a time, as a
 * user clicking through the UI would), over the whole day the load was spread across.
 */
export async function runQueryBench(httpUrl: string, traceIds: readonly string[], window: { startMs: number; endMs: number }, repeat: number): Promise<QueryResults> {
  const api = `${httpUrl}/api/v1`;
  const range = `start=${window.startMs}&end=${window.endMs}`;

  const traceLatencies: number[] = [];
  let notFound = 0;
  let spans = 0;
  const ids = traceIds.slice(0, Math.max(repeat * 10, 50));
  await timedGet(`${api}/traces/${ids[0]}`); // warm-up
  for (const id of ids) {
    const { ms, body } = await timedGet(`${api}/traces/${id}`);
    traceLatencies.push(ms);
    const count = (body as { spans?: unknown[] } | undefined)?.spans?.length ?? 0;
    if (count === 0) notFound++;
    spans += count;
  }

  const searchVariants = [
    `service=orders&limit=20`,
    `service=web-gateway&operation=${encodeURIComponent('POST /api/checkout')}&status=error&limit=20`,
    `service=catalog&attr=${encodeURIComponent('http.route=/products')}&minDuration=20ms&limit=20`,
    `service=payments&attr=${encodeURIComponent('app.payment.method=paypal')}&limit=20`,
    `minTraceDuration=200ms&limit=20`,
    `status=error&limit=50`,
  ];
  const searchLatencies: number[] = [];
  const variants: QueryResults['search']['variants'] = [];
  for (const variant of searchVariants) {
    const url = `${api}/traces?${variant}&${range}`;
    const own: number[] = [];
    let traces = 0;
    await timedGet(url);
    for (let i = 0; i < repeat; i++) {
      const { ms, body } = await timedGet(url);
      own.push(ms);
      traces = (body as { traces?: unknown[] }).traces?.length ?? 0;
    }
    searchLatencies.push(...own);
    const s = summarize(own);
    variants.push({ query: decodeURIComponent(variant), p50Ms: s.p50Ms, maxMs: s.maxMs, traces });
  }

  const mapLatencies: number[] = [];
  let nodes = 0;
  let edges = 0;
  let edgeList: string[] = [];
  await timedGet(`${api}/service-map?${range}`);
  for (let i = 0; i < repeat; i++) {
    const { ms, body } = await timedGet(`${api}/service-map?${range}`);
    mapLatencies.push(ms);
    nodes = (body as { nodes: unknown[] }).nodes.length;
    const list = (body as { edges: { client: string; server: string; serverKind: string; calls: number; errorRate?: number }[] }).edges;
    edges = list.length;
    edgeList = list.map((e) => `${e.client} -> ${e.server} (${e.serverKind}): ${e.calls} calls`);
  }

  const redLatencies: number[] = [];
  for (const scope of ['', 'service=orders&', `service=web-gateway&operation=${encodeURIComponent('POST /api/checkout')}&`]) {
    const url = `${api}/red?${scope}step=15m&${range}`;
    await timedGet(url);
    for (let i = 0; i < repeat; i++) redLatencies.push((await timedGet(url)).ms);
  }

  const histogramLatencies: number[] = [];
  for (const scope of ['service=orders', `service=web-gateway&operation=${encodeURIComponent('POST /api/checkout')}`]) {
    const url = `${api}/latency-histogram?${scope}&${range}`;
    await timedGet(url);
    for (let i = 0; i < repeat; i++) histogramLatencies.push((await timedGet(url)).ms);
  }

  return {
    via: 'http-api',
    window,
    traceById: { ...summarize(traceLatencies), notFound, spansPerTraceAvg: Math.round((spans / Math.max(1, ids.length - notFound)) * 10) / 10 },
    search: { ...summarize(searchLatencies), variants },
    serviceMap: { ...summarize(mapLatencies), nodes, edges, edgeList },
    red: summarize(redLatencies),
    latencyHistogram: summarize(histogramLatencies),
  };
}
