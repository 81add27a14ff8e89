import { randomFillSync } from 'node:crypto';
import http from 'node:http';
import { loadOtlpTypes } from '../../collector/src/receiver/otlp-proto.js';
import { TEMPLATE_EPOCH_NS, instantiate, type TemplateGroup } from './otlp-templates.js';
import { sleep } from './stats.js';

export interface LoadCounters {
  requests: number;
  spansSent: number;
  spansAccepted: number;
  /** Spans refused: partial_success rejections plus spans of requests answered with an error other than 429/503. */
  spansRejected: number;
  logsSent: number;
  logsAccepted: number;
  /** 429/503 answers (back-pressure); those requests are retried after Retry-After. */
  backPressureResponses: number;
  failedRequests: number;
  failureSamples: string[];
  /** Request latencies (ms) of trace requests answered 200. */
  traceRequestLatenciesMs: number[];
}

export interface TimelineOptions {
  /** Unix ns of the first group instance. */
  startNs: bigint;
  /** Time covered by one group instance. */
  groupSpanNs: bigint;
  /** After this many instances the timeline starts over (older minutes get more traffic). */
  groupsInTimeline: number;
}

interface PendingRequest {
  path: string;
  body: Buffer;
  items: number;
}

/**
 * Sends the template groups as fast as the collector takes them, over `concurrency` keep-alive
 * connections, and counts what the collector answered. Group instances are produced lazily, each
 * with fresh random trace ids and its own slot on the timeline; their requests (one per service
 * and signal) are interleaved across connections, so spans of one trace arrive in different
 * batches and orders.
 */
export class LoadDriver {
  readonly counters: LoadCounters = {
    requests: 0,
    spansSent: 0,
    spansAccepted: 0,
    spansRejected: 0,
    logsSent: 0,
    logsAccepted: 0,
    backPressureResponses: 0,
    failedRequests: 0,
    failureSamples: [],
    traceRequestLatenciesMs: [],
  };
  /** A sample of the trace ids sent (for trace-by-id queries). */
  readonly sampledTraceIds: string[] = [];
  private readonly agent: http.Agent;
  private readonly queue: PendingRequest[] = [];
  private instances = 0;
  private readonly types = loadOtlpTypes();
  /** The collector's address, parsed once (a URL string per request would be parsed per request). */
  private readonly target: { hostname: string; port: string; basePath: string };

  constructor(
    otlpUrl: string,
    private readonly groups: readonly TemplateGroup[],
    private readonly timeline: TimelineOptions,
    private readonly concurrency: number,
  ) {
    this.agent = new http.Agent({ keepAlive: true, maxSockets: concurrency });
    const url = new URL(otlpUrl);
    this.target = { hostname: url.hostname.replace(/^\[|\]$/g, ''), port: url.port, basePath: url.pathname.replace(/\/$/, '') };
  }

  /** Sends until `until()` says stop (checked before each request); in-flight requests finish. */
  async run(until: () => boolean): Promise<void> {
    const workers = Array.from({ length: this.concurrency }, async () => {
      while (!until()) {
        const request = this.next();
        await this.send(request);
      }
    });
    await Promise.all(workers);
  }

  close(): void {
    this.agent.destroy();
  }

  private next(): PendingRequest {
    if (this.queue.length === 0) this.enqueueGroupInstance();
    return this.queue.shift()!;
  }

  private enqueueGroupInstance(): void {
    const k = this.instances++;
    const group = this.groups[k % this.groups.length];
    const slot = k % this.timeline.groupsInTimeline;
    const deltaNs = this.timeline.startNs + BigInt(slot) * this.timeline.groupSpanNs - TEMPLATE_EPOCH_NS;
    const traceIds = Buffer.alloc(group.traceCount * 16);
    randomFillSync(traceIds);
    for (let i = 0; i < 16; i++) traceIds[i * 16] |= 1; // never an all-zero id
    if (k % 4 === 0 && this.sampledTraceIds.length < 5_000) {
      this.sampledTraceIds.push(traceIds.toString('hex', 0, 16), traceIds.toString('hex', 16 * (group.traceCount - 1), 16 * group.traceCount));
    }
    for (const request of group.requests) {
      this.queue.push({ path: request.path, body: instantiate(request, traceIds, deltaNs), items: request.items });
    }
  }

  private async send(request: PendingRequest): Promise<void> {
    const isTraces = request.path === '/v1/traces';
    for (let attempt = 0; ; attempt++) {
      const started = performance.now();
      let response: { status: number; body: Buffer; retryAfter: string | undefined };
      try {
        response = await this.post(request);
      } catch (error) {
        this.fail(`${request.path}: ${(error as Error).message}`);
        if (isTraces) this.counters.spansRejected += request.items;
        return;
      }
      const elapsed = performance.now() - started;
      this.counters.requests++;
      if (response.status === 429 || response.status === 503) {
        this.counters.backPressureResponses++;
        const retryAfterS = Number(response.retryAfter ?? '1');
        await sleep(Math.min(1_000, Math.max(50, (Number.isFinite(retryAfterS) ? retryAfterS : 1) * 1000)));
        continue;
      }
      if (isTraces) this.counters.spansSent += request.items;
      else this.counters.logsSent += request.items;
      if (response.status !== 200) {
        this.fail(`${request.path}: HTTP ${response.status} ${response.body.toString('utf8', 0, 200)}`);
        if (isTraces) this.counters.spansRejected += request.items;
        return;
      }
      const rejected = this.rejectedIn(response.body, isTraces);
      if (isTraces) {
        this.counters.traceRequestLatenciesMs.push(elapsed);
        this.counters.spansAccepted += request.items - rejected;
        this.counters.spansRejected += rejected;
      } else {
        this.counters.logsAccepted += request.items - rejected;
      }
      return;
    }
  }

  private rejectedIn(body: Buffer, isTraces: boolean): number {
    if (body.length === 0) return 0;
    const type = isTraces ? this.types.traceResponse : this.types.logsResponse;
    const decoded = type.toObject(type.decode(body), { longs: Number }) as {
      partialSuccess?: { rejectedSpans?: number; rejectedLogRecords?: number; errorMessage?: string };
    };
    const partial = decoded.partialSuccess;
    const rejected = Number((isTraces ? partial?.rejectedSpans : partial?.rejectedLogRecords) ?? 0);
    if (rejected > 0 && partial?.errorMessage) this.fail(`partial success: ${partial.errorMessage}`, false);
    return rejected;
  }

  private fail(message: string, countAsFailedRequest = true): void {
    if (countAsFailedRequest) this.counters.failedRequests++;
    if (this.counters.failureSamples.length < 5) this.counters.failureSamples.push(message);
  }

  private post(request: PendingRequest): Promise<{ status: number; body: Buffer; retryAfter: string | undefined }> {
    return new Promise((resolve, reject) => {
      const req = http.request(
        {
          hostname: this.target.hostname,
          port: this.target.port,
          path: `${this.target.basePath}${request.path}`,
          method: 'POST',
          agent: this.agent,
          headers: { 'content-type': 'application/x-protobuf', 'content-length': request.body.length },
        },
        (res) => {
          const chunks: Buffer[] = [];
          res.on('data', (chunk: Buffer) => chunks.push(chunk));
          res.on('end', () => {
            const retryAfter = res.headers['retry-after'];
            resolve({ status: res.statusCode ?? 0, body: Buffer.concat(chunks), retryAfter: Array.isArray(retryAfter) ? retryAfter[0] : retryAfter });
          });
          res.on('error', reject);
        },
      );
      req.setTimeout(60_000, () => req.destroy(new Error('request timed out after 60 s')));
      req.on('error', reject);
      req.end(request.body);
    });
  }
}
