import type { FastifyInstance } from 'fastify';
import { checkConsistency } from './config/parse-config.js';
import { defaultConfig, mergeConfig } from './config/collector-config.js';
import type { CollectorConfig, CollectorConfigOverrides } from './config/collector-config.js';
import { createDerivers } from './derive/create-derivers.js';
import { SightlineError } from './errors.js';
import type { Logger } from './pipeline/logger.js';
import { Pipeline } from './pipeline/pipeline.js';
import { createOtlpReceiver } from './receiver/otlp-receiver.js';
import { createHttpServer } from './server/http-server.js';
import { resolveUiDir } from './server/ui-static.js';
import { createStorage } from './storage/create-storage.js';
import type { Storage } from './storage/storage.js';
import { SelfMetrics } from './telemetry/self-metrics.js';

const HOUR_MS = 3_600_000;
const STORAGE_HEALTH_INTERVAL_MS = 10_000;

/** The storage backends' signal names → the `signal` label of the self-metrics. */
const STORE_SIGNAL_TO_METRIC_SIGNAL: Record<string, string> = { spans: 'traces', logs: 'logs', metrics: 'metrics' };

export interface CollectorOptions {
  /** Use this storage instead of the one the configuration names (tests; the collector still inits and closes it). */
  storage?: Storage;
  logger?: Logger;
}

export interface CollectorUrls {
  /** Base URL of the OTLP/HTTP receiver, e.g. http://127.0.0.1:4318 (POST `${otlpUrl}/v1/traces`). */
  otlpUrl: string;
  /** Base URL of the query API, UI and /metrics, e.g. http://127.0.0.1:16686. */
  httpUrl: string;
}

export interface Collector {
  readonly config: CollectorConfig;
  /** Opens storage, runs retention, starts both ports. */
  start(): Promise<CollectorUrls>;
  /** Waits until everything accepted so far is written (queues empty, processors flushed, storage flushed). */
  flush(): Promise<void>;
  /** Graceful stop: close the ports, write out the queues and processors, close storage. Safe to call twice. */
  stop(): Promise<void>;
  /** Available after start(). */
  readonly storage: Storage | undefined;
  readonly metrics: SelfMetrics;
}

/**
 * The composition root: the one place that wires receiver → pipeline → derive → storage → query.
 * Each part gets its dependencies explicitly, so one process can later be split.
 */
export function createCollector(overrides: CollectorConfigOverrides = {}, options: CollectorOptions = {}): Collector {
  const config = mergeConfig(defaultConfig(), overrides);
  const problems = checkConsistency(config);
  if (problems.length > 0) throw new SightlineError('SIGHTLINE_CONFIG_INVALID', problems.join('; '));
  const metrics = new SelfMetrics();
  const logger: Logger = options.logger ?? consoleLogger(config.logLevel);

  let storage: Storage | undefined;
  let pipeline: Pipeline | undefined;
  let otlp: FastifyInstance | undefined;
  let http: FastifyInstance | undefined;
  const timers: NodeJS.Timeout[] = [];
  let stopping: Promise<void> | undefined;
  let storageReady = false;

  async function runRetention(store: Storage): Promise<void> {
    const cutoff = (BigInt(Date.now()) - BigInt(config.retentionMs)) * 1_000_000n;
    try {
      await store.deleteOlderThan(cutoff);
    } catch (error) {
      logger.error({ err: error }, 'retention sweep failed');
    }
  }

  async function refreshStorageUp(store: Storage): Promise<void> {
    try {
      metrics.storageUp.set({ backend: store.name }, (await store.health()).ready ? 1 : 0);
    } catch {
      metrics.storageUp.set({ backend: store.name }, 0);
    }
  }

  return {
    config,
    metrics,
    get storage() {
      return storage;
    },

    async start() {
      storage =
        options.storage ??
        (await createStorage(config, {
          // Refused items are lost for good: count them with the items dropped after every retry.
          onItemsRefused: (signal, count) => metrics.dropped.inc({ signal: STORE_SIGNAL_TO_METRIC_SIGNAL[signal] ?? signal }, count),
        }));
      try {
        await storage.init();
      } catch (error) {
        throw new Error(`${storage.name} storage could not be opened: ${(error as Error).message}`, { cause: error });
      }
      storageReady = true;
      await runRetention(storage);
      await refreshStorageUp(storage);
      const store = storage;
      timers.push(setInterval(() => void runRetention(store), HOUR_MS).unref());
      timers.push(setInterval(() => void refreshStorageUp(store), STORAGE_HEALTH_INTERVAL_MS).unref());

      const processors = createDerivers({ writer: storage.aggregates, registry: metrics.registry, options: config.derive });
      pipeline = new Pipeline({ storage, processors, queue: config.queue, metrics, logger });
      otlp = createOtlpReceiver({ limits: config.limits, pipeline, metrics, logLevel: config.logLevel });
      http = await createHttpServer({ storage, metrics, uiDir: resolveUiDir(config.uiDir), logLevel: config.logLevel });
      await otlp.listen({ port: config.otlpPort, host: config.host });
      await http.listen({ port: config.httpPort, host: config.host });
      return { otlpUrl: urlOf(otlp, config.host), httpUrl: urlOf(http, config.host) };
    },

    async flush() {
      await pipeline?.flush();
      await storage?.flush();
    },

    stop() {
      stopping ??= (async () => {
        for (const timer of timers) clearInterval(timer);
        // Stop taking requests first; requests in flight finish and their items are queued.
        await otlp?.close();
        await pipeline?.shutdown();
        await http?.close();
        if (storageReady) await storage?.flush().catch((error: unknown) => logger.error({ err: error }, 'storage flush at shutdown failed'));
        await storage?.close().catch((error: unknown) => logger.error({ err: error }, 'storage close failed'));
      })();
      return stopping;
    },
  };
}

function urlOf(app: FastifyInstance, host: string): string {
  const address = app.server.address();
  const port = typeof address === 'object' && address ? address.port : 0;
  const shown = host === '0.0.0.0' || host === '::' ? '127.0.0.1' : host.includes(':') ? `[${host}]` : host;
  return `http://${shown}:${port}`;
}

const LEVELS = ['trace', 'debug', 'info', 'warn', 'error', 'fatal', 'silent'];

/** A console logger honouring the configured level (the ports log through Fastify's own logger). */
function consoleLogger(level: string): Logger {
  const min = LEVELS.indexOf(level);
  const at = (name: string, write: (...args: unknown[]) => void) => (obj: object | string, msg?: string) => {
    if (LEVELS.indexOf(name) < min) return;
    write(`[sightline] ${name}: ${msg ?? ''}`, obj);
  };
  return { info: at('info', console.log), warn: at('warn', console.warn), error: at('error', console.error) };
}
