import type { Registry } from 'prom-client';
import type { PeerKind, ServiceGraphEdgeRow } from '../model/aggregates.js';
import { SpanKind, type Span } from '../model/span.js';
import type { AggregateWriter } from '../storage/aggregate-store.js';
import {
  PROMETHEUS_DURATION_BUCKETS_SECONDS,
  SERVICE_GRAPH_EVICTED_SPANS_TOTAL,
  SERVICE_GRAPH_REQUEST_DURATION_SECONDS,
  SERVICE_GRAPH_REQUEST_FAILED_TOTAL,
  SERVICE_GRAPH_REQUEST_TOTAL,
  SERVICE_GRAPH_UNPAIRED_TOTAL,
} from '../telemetry/metric-names.js';
import type { DeriveSettings } from './derive-settings.js';
import { ExpiringStore } from './expiring-store.js';
import {
  LabeledCounter,
  LabeledHistogram,
  registerLabeledMetric,
  type CounterSeries,
  type HistogramSeries,
} from './labeled-metrics.js';
import { droppedCallsSeries } from './loss-metrics.js';
import { MinuteAggregator, minuteOf, type MinuteRow, type SeriesCell } from './minute-aggregator.js';
import { PeriodicFlusher } from './periodic-flusher.js';
import { resolvePeer, type PeerNode } from './peer-resolver.js';
import type { SpanProcessor } from './processor.js';

interface EdgeDims {
  client: string;
  server: string;
  serverKind: PeerKind;
}

/** One edge: its Prometheus series resolved once and its current cell (`key`: its dimensions as one string, built once). */
interface EdgeSeries extends SeriesCell<EdgeDims> {
  total: CounterSeries;
  failed: CounterSeries;
  duration: HistogramSeries;
}

/** Edges by client, then server, then server kind: nested maps, so recording builds no key string. */
type EdgesByServer = Map<string, Partial<Record<PeerKind, EdgeSeries>>>;

/** A CLIENT/PRODUCER span waiting for its SERVER/CONSUMER child. */
interface PendingClient {
  service: string;
  kind: SpanKind;
  startTimeUnixNano: bigint;
  durationNano: number;
  isError: boolean;
  peer: PeerNode | undefined;
  /** A producer stays after pairing so that every consumer of a fanned-out message pairs with it. */
  paired: boolean;
}

/** A SERVER/CONSUMER span waiting for its CLIENT/PRODUCER parent. */
interface PendingServer {
  service: string;
  isError: boolean;
  /** Further consumers of the same message (fan-out) that arrived before the producer. */
  next: PendingServer | undefined;
}

export interface ServiceGraphStats {
  pendingClients: number;
  pendingServers: number;
  /** Client spans that expired with neither a server span nor peer attributes. */
  unpaired: number;
  /** Pending spans pushed out early because the store was full. */
  evicted: number;
  droppedCalls: number;
}

/**
 * Service-graph edges derived at ingest.
 *
 * A CLIENT or PRODUCER span pairs with the SERVER or CONSUMER span of the same trace whose parent
 * it is (a CONSUMER also pairs through its span links, for batch consumers that link to the
 * producers of the messages they received). Either may arrive first and in any batch: the one
 * that arrives first waits in a bounded store for `serviceGraphWaitMs` (wall-clock arrival time).
 *
 * - Both sides in different services: edge client.service → server.service, kind 'service'.
 * - Both sides in the same service: no edge (a call inside one node of the map).
 * - A client span with database attributes: edge to the database at once (see `resolvePeer`).
 * - A client span that waited in vain: edge to the peer its attributes name (service, messaging,
 *   external); without such attributes it is counted in `SERVICE_GRAPH_UNPAIRED_TOTAL`.
 *
 * Failed: the client or the server span has status ERROR (the client sees a 4xx its server did not
 * count as its own error; either way the call failed for the caller), as Tempo counts it.
 * Duration: the client span's (what the caller waited, network and queueing included).
 * Minute: the client span's start.
 */
export class ServiceGraphProcessor implements SpanProcessor {
  readonly name = 'service-graph';
  private readonly clients: ExpiringStore<PendingClient>;
  private readonly servers: ExpiringStore<PendingServer>;
  private readonly edges = new Map<string, EdgesByServer>();
  private edgeCount = 0;
  private readonly aggregator: MinuteAggregator<EdgeDims>;
  private readonly totalMetric: LabeledCounter;
  private readonly failedMetric: LabeledCounter;
  private readonly durationMetric: LabeledHistogram;
  private readonly unpairedSeries: CounterSeries;
  private readonly flusher: PeriodicFlusher;
  private readonly expiryTimer: NodeJS.Timeout;
  private unpaired = 0;
  /** Arrival time of the batch being consumed (one clock read per batch). */
  private nowMs = 0;

  constructor(
    private readonly writer: AggregateWriter,
    registry: Registry,
    private readonly settings: DeriveSettings,
  ) {
    const labelNames = ['client', 'server', 'server_kind'];
    const max = settings.maxPrometheusSeries;
    this.totalMetric = registerLabeledMetric(
      registry,
      new LabeledCounter(SERVICE_GRAPH_REQUEST_TOTAL, 'Requests between two nodes of the service graph.', labelNames, max),
    );
    this.failedMetric = registerLabeledMetric(
      registry,
      new LabeledCounter(SERVICE_GRAPH_REQUEST_FAILED_TOTAL, 'Failed requests between two nodes of the service graph.', labelNames, max),
    );
    this.durationMetric = registerLabeledMetric(
      registry,
      new LabeledHistogram(
        SERVICE_GRAPH_REQUEST_DURATION_SECONDS,
        'Request durations between two nodes of the service graph, in seconds, measured by the client.',
        labelNames,
        max,
        PROMETHEUS_DURATION_BUCKETS_SECONDS,
      ),
    );
    this.unpairedSeries = registerLabeledMetric(
      registry,
      new LabeledCounter(
        SERVICE_GRAPH_UNPAIRED_TOTAL,
        'Client spans whose server span never arrived within the pairing window and that named no peer.',
        [],
        1,
      ),
    ).seriesFor([]);

    const { serviceGraphWaitMs: waitMs, maxPendingSpans, now } = settings;
    const evicted = registerLabeledMetric(
      registry,
      new LabeledCounter(SERVICE_GRAPH_EVICTED_SPANS_TOTAL, 'Spans pushed out of the pairing store before their wait was over, because it was full.', ['side'], 2),
    );
    const evictedClients = evicted.seriesFor(['client']);
    const evictedServers = evicted.seriesFor(['server']);
    this.clients = new ExpiringStore<PendingClient>(waitMs, maxPendingSpans, now, (client, reason) => {
      if (reason === 'evicted') evictedClients.value++;
      this.clientExpired(client);
    });
    this.servers = new ExpiringStore<PendingServer>(waitMs, maxPendingSpans, now, (_server, reason) => {
      if (reason === 'evicted') evictedServers.value++;
    });
    const droppedCalls = droppedCallsSeries(registry, this.name);
    this.aggregator = new MinuteAggregator<EdgeDims>(settings, this.name, (calls) => (droppedCalls.value += calls));
    this.flusher = new PeriodicFlusher(() => this.writeOut(), settings.flushIntervalMs, (error) =>
      settings.log(`service graph: write failed, will retry: ${String(error)}`),
    );
    this.expiryTimer = setInterval(() => this.expire(), Math.max(10, Math.min(1_000, waitMs / 2)));
    this.expiryTimer.unref();
  }

  consume(spans: readonly Span[]): void {
    this.expire();
    this.nowMs = this.settings.now();
    for (const span of spans) {
      switch (span.kind) {
        case SpanKind.CLIENT:
        case SpanKind.PRODUCER:
          this.onClientSpan(span);
          break;
        case SpanKind.SERVER:
        case SpanKind.CONSUMER:
          this.onServerSpan(span);
          break;
        default:
          break;
      }
    }
  }

  flush(): Promise<void> {
    return this.flusher.flush();
  }

  /** Stops the timers; clients still waiting are settled as expired (no server span will come now). */
  shutdown(): Promise<void> {
    return this.flusher.stop(() => {
      clearInterval(this.expiryTimer);
      this.clients.expire(true);
      this.servers.expire(true);
    });
  }

  stats(): ServiceGraphStats {
    return {
      pendingClients: this.clients.size,
      pendingServers: this.servers.size,
      unpaired: this.unpaired,
      evicted: this.clients.evicted + this.servers.evicted,
      droppedCalls: this.aggregator.droppedCalls,
    };
  }

  /** Settles every pending span whose wait is over. */
  expire(): void {
    this.nowMs = this.settings.now();
    this.clients.expire();
    this.servers.expire();
  }

  private onClientSpan(span: Span): void {
    const key = span.traceId + span.spanId;
    const client: PendingClient = {
      service: span.resource.serviceName,
      kind: span.kind,
      startTimeUnixNano: span.startTimeUnixNano,
      durationNano: span.durationNano > 0 ? span.durationNano : 0,
      isError: span.isError,
      peer: undefined,
      paired: false,
    };
    const waiting = this.servers.take(key);
    if (waiting !== undefined) {
      for (let server: PendingServer | undefined = waiting; server !== undefined; server = server.next) {
        this.pair(client, server);
      }
      if (client.kind === SpanKind.PRODUCER) {
        client.paired = true;
        this.clients.set(key, client, this.nowMs);
      }
      return;
    }
    client.peer = resolvePeer(span.attributes);
    if (client.peer?.final) {
      this.record(client, client.peer.name, client.peer.kind, client.isError);
      return;
    }
    this.clients.set(key, client, this.nowMs);
  }

  private onServerSpan(span: Span): void {
    const server: PendingServer = { service: span.resource.serviceName, isError: span.isError, next: undefined };
    if (span.parentSpanId !== '') this.offerServer(span.traceId + span.parentSpanId, server);
    if (span.kind !== SpanKind.CONSUMER) return;
    for (const link of span.links) {
      if (link.traceId === span.traceId && link.spanId === span.parentSpanId) continue;
      this.offerServer(link.traceId + link.spanId, { ...server });
    }
  }

  private offerServer(key: string, server: PendingServer): void {
    const client = this.clients.get(key);
    if (client !== undefined) {
      this.pair(client, server);
      if (client.kind === SpanKind.PRODUCER) client.paired = true;
      else this.clients.delete(key);
      return;
    }
    const earlier = this.servers.get(key);
    if (earlier !== undefined) {
      server.next = earlier.next;
      earlier.next = server;
    } else {
      this.servers.set(key, server, this.nowMs);
    }
  }

  private pair(client: PendingClient, server: PendingServer): void {
    if (client.service === server.service) return;
    this.record(client, server.service, 'service', client.isError || server.isError);
  }

  private clientExpired(client: PendingClient): void {
    if (client.paired) return;
    if (client.peer !== undefined) {
      this.record(client, client.peer.name, client.peer.kind, client.isError);
      return;
    }
    this.unpaired++;
    this.unpairedSeries.value++;
  }

  private record(client: PendingClient, server: string, serverKind: PeerKind, failed: boolean): void {
    const edge = this.edgeSeries(client.service, server, serverKind);
    edge.total.value++;
    if (failed) edge.failed.value++;
    this.durationMetric.observe(edge.duration, client.durationNano / 1e9);
    const cell = this.aggregator.cellOf(edge, minuteOf(client.startTimeUnixNano));
    MinuteAggregator.add(cell, client.durationNano, failed, this.nowMs);
  }

  private edgeSeries(clientService: string, server: string, serverKind: PeerKind): EdgeSeries {
    let byServer = this.edges.get(clientService);
    let byKind = byServer?.get(server);
    const known = byKind?.[serverKind];
    if (known !== undefined) return known;
    if (this.edgeCount >= this.settings.maxSeries) {
      // Rebuilt from live traffic; Prometheus keeps its series.
      this.edges.clear();
      this.edgeCount = 0;
      byServer = undefined;
      byKind = undefined;
    }
    if (byServer === undefined) {
      byServer = new Map();
      this.edges.set(clientService, byServer);
    }
    if (byKind === undefined) {
      byKind = {};
      byServer.set(server, byKind);
    }
    const dims: EdgeDims = { client: clientService, server, serverKind };
    const labelValues = [dims.client, dims.server, dims.serverKind];
    const edge: EdgeSeries = {
      key: `${dims.client}\u0000${dims.server}\u0000${dims.serverKind}`,
      dims,
      total: this.totalMetric.seriesFor(labelValues),
      failed: this.failedMetric.seriesFor(labelValues),
      duration: this.durationMetric.seriesFor(labelValues),
      cell: undefined,
    };
    byKind[serverKind] = edge;
    this.edgeCount++;
    return edge;
  }

  private async writeOut(): Promise<void> {
    this.expire();
    await this.aggregator.writeOutWith((rows) => this.writer.writeServiceGraphEdges(rows.map(toEdgeRow)));
  }
}

function toEdgeRow(row: MinuteRow<EdgeDims>): ServiceGraphEdgeRow {
  return {
    id: row.id,
    minuteUnixMs: row.minuteUnixMs,
    client: row.dims.client,
    server: row.dims.server,
    serverKind: row.dims.serverKind,
    calls: row.calls,
    errors: row.errors,
    durationSumNano: row.durationSumNano,
    histogram: row.histogram,
  };
}
