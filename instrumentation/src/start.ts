import { CompositePropagator, W3CBaggagePropagator, W3CTraceContextPropagator } from '@opentelemetry/core';
import type { TextMapPropagator } from '@opentelemetry/api';
import { defaultResource, detectResources, envDetector, hostDetector, processDetector, resourceFromAttributes } from '@opentelemetry/resources';
import { BatchLogRecordProcessor } from '@opentelemetry/sdk-logs';
import { PeriodicExportingMetricReader } from '@opentelemetry/sdk-metrics';
import { NodeSDK } from '@opentelemetry/sdk-node';
import { BatchSpanProcessor } from '@opentelemetry/sdk-trace-base';
import { ATTR_SERVICE_NAME } from '@opentelemetry/semantic-conventions';
import { bridgeConsoleToLogs } from './console-logs.js';
import { ExportBudget } from './export-budget.js';
import type { SignalStats } from './export-budget.js';
import { createLogExporter, createMetricExporter, createSpanExporter } from './exporters.js';
import {
  BoundedLogProcessor,
  BoundedSpanProcessor,
  GuardedLogExporter,
  GuardedMetricExporter,
  GuardedSpanExporter,
} from './guarded-exporters.js';
import { nameHttpSpansByFastifyRoute } from './fastify-route-naming.js';
import { LeanContextManager } from './lean-context-manager.js';
import { createInstrumentations } from './instrumentations.js';
import type { BatchOptions, ResolvedConfig, SightlineOptions } from './options.js';
import { PROM_CLIENT_SCOPE, PromClientMetricProducer } from './prom-client-producer.js';
import { clearPrometheusSource, collectsCumulativeOnly, createPrometheusPullReader, servePrometheusFrom } from './prometheus-pull-reader.js';
import { appPromRegistry } from './prom-client-registry.js';
import { resolveConfig } from './resolve-config.js';
import { createSampler } from './samplers.js';
import { flushOnSignals } from './signal-flush.js';
import { warnOnce } from './warn-once.js';

export interface SightlineHandle {
  /** False when disabled or misconfigured: every method still works and does nothing. */
  readonly enabled: boolean;
  readonly config: ResolvedConfig | undefined;
  /** Exports everything buffered now. Never rejects. */
  forceFlush(): Promise<void>;
  /** Flushes and stops; safe to call any number of times. Never rejects. */
  shutdown(): Promise<void>;
  /** What was dropped (queue full) or failed (collector unreachable) so far, per signal. */
  stats(): Record<'traces' | 'metrics' | 'logs', SignalStats>;
}

const ACTIVE = Symbol.for('sightline.instrumentation.handle');
type GlobalWithHandle = typeof globalThis & { [ACTIVE]?: SightlineHandle };

const zeroStats = (): SignalStats => ({ dropped: 0, failed: 0, inFlight: 0 });
const noopHandle = (config?: ResolvedConfig): SightlineHandle => ({
  enabled: false,
  config,
  forceFlush: () => Promise.resolve(),
  shutdown: () => Promise.resolve(),
  stats: () => ({ traces: zeroStats(), metrics: zeroStats(), logs: zeroStats() }),
});

/**
 * Starts tracing, metrics and logs for this process. Options win over `OTEL_*` variables. Calling it
 * twice returns the first handle (so `--import .../register` plus a `start()` in code is harmless).
 * Never throws: a bad configuration prints one warning and returns a no-op handle.
 */
export function start(options: SightlineOptions = {}): SightlineHandle {
  const globalScope = globalThis as GlobalWithHandle;
  const existing = globalScope[ACTIVE];
  if (existing) {
    if (existing.enabled && Object.keys(options).length > 0) {
      warnOnce('already-started', 'start() called again with options: keeping the instrumentation already running, ignoring the new options.');
    }
    return existing;
  }
  let handle: SightlineHandle;
  try {
    handle = startOrThrow(options);
  } catch (error) {
    warnOnce('start-failed', `could not start (${(error as Error).message}); the app runs without telemetry.`);
    handle = noopHandle();
  }
  globalScope[ACTIVE] = handle;
  return handle;
}

/** The running instrumentation (started by `register` or `start()`), if any. */
export function runningInstrumentation(): SightlineHandle | undefined {
  return (globalThis as GlobalWithHandle)[ACTIVE];
}

/** Flushes and stops the running instrumentation, if any: call it in the app's own shutdown. Never rejects. */
export function shutdown(): Promise<void> {
  return runningInstrumentation()?.shutdown() ?? Promise.resolve();
}

function startOrThrow(options: SightlineOptions): SightlineHandle {
  const resolution = resolveConfig(options);
  if (resolution.kind === 'disabled') return noopHandle();
  if (resolution.kind === 'invalid') {
    warnOnce('invalid-config', `invalid configuration, telemetry is off: ${resolution.problems.join('; ')}.`);
    return noopHandle();
  }
  const config = resolution.config;
  const budgets = {
    traces: new ExportBudget('spans', config.traces.maxQueueSize, config.traces.url),
    logs: new ExportBudget('logs', config.logs.maxQueueSize, config.logs.url),
    metrics: new ExportBudget('metrics', Number.MAX_SAFE_INTEGER, config.metrics.url),
  };

  const spanProcessors = config.traces.enabled
    ? [
        new BoundedSpanProcessor(
          new BatchSpanProcessor(
            new GuardedSpanExporter(createSpanExporter(config.traces, config.compression), budgets.traces),
            batchOptions(config.traces),
          ),
          budgets.traces,
        ),
      ]
    : [];
  const logRecordProcessors = config.logs.enabled
    ? [
        new BoundedLogProcessor(
          new BatchLogRecordProcessor({
            ...batchOptions(config.logs),
            exporter: new GuardedLogExporter(createLogExporter(config.logs, config.compression), budgets.logs),
          }),
          budgets.logs,
        ),
      ]
    : [];
  const promRegistry = config.promClient ? appPromRegistry() : null;
  const metricExporter = config.metrics.enabled
    ? new GuardedMetricExporter(createMetricExporter(config.metrics, config.compression), budgets.metrics)
    : undefined;
  const otlpMetricReaders = metricExporter
    ? [
        new PeriodicExportingMetricReader({
          exporter: metricExporter,
          exportIntervalMillis: config.metrics.exportIntervalMillis,
          exportTimeoutMillis: Math.min(config.metrics.timeoutMillis, config.metrics.exportIntervalMillis),
          metricProducers: promRegistry ? [new PromClientMetricProducer(promRegistry)] : [],
        }),
      ]
    : [];
  // The service's own GET /metrics (metrics-handler.ts) reads the OTLP reader's cumulative
  // collection; only a delta-temporality exporter needs a second reader of its own for it (that one
  // has no metric producers, so leaving out the prom-client scope changes nothing there).
  const otlpReader = otlpMetricReaders.at(0);
  const pullReader = otlpReader && !collectsCumulativeOnly(otlpReader) ? createPrometheusPullReader() : undefined;
  const prometheusSource = pullReader ?? otlpReader;
  if (prometheusSource) servePrometheusFrom(prometheusSource, [PROM_CLIENT_SCOPE]);
  const metricReaders = pullReader ? [...otlpMetricReaders, pullReader] : otlpMetricReaders;

  // Code options must win over OTEL_RESOURCE_ATTRIBUTES, so detection happens here and our
  // attributes are merged last (NodeSDK would merge detected attributes over ours).
  const resource = defaultResource()
    .merge(detectResources({ detectors: [envDetector, processDetector, hostDetector] }))
    .merge(resourceFromAttributes({ ...config.resourceAttributes, [ATTR_SERVICE_NAME]: config.serviceName }));

  const sdk = new NodeSDK({
    autoDetectResources: false,
    resource,
    spanProcessors,
    logRecordProcessors,
    metricReaders,
    sampler: createSampler(config.sampler, config.samplerArg),
    textMapPropagator: createPropagator(config.propagators),
    contextManager: new LeanContextManager(),
    instrumentations: createInstrumentations(config),
  });
  sdk.start();
  const stopRouteNaming = config.instrumentations['@fastify/otel']?.enabled === true ? () => undefined : nameHttpSpansByFastifyRoute();

  const undoConsole = config.logs.enabled && config.logs.console ? bridgeConsoleToLogs() : () => undefined;
  const flushAll = async (): Promise<void> => {
    await Promise.allSettled([
      ...spanProcessors.map((p) => p.forceFlush()),
      ...logRecordProcessors.map((p) => p.forceFlush()),
      ...otlpMetricReaders.map((r) => r.forceFlush()),
    ]);
  };
  let stopping: Promise<void> | undefined;
  const shutdown = (): Promise<void> => {
    stopping ??= (async () => {
      undoConsole();
      stopRouteNaming();
      removeSignalHandlers();
      if (prometheusSource) clearPrometheusSource(prometheusSource);
      try {
        await sdk.shutdown();
      } catch {
        // Shutting down must not fail the app's own shutdown.
      }
    })();
    return stopping;
  };
  const removeSignalHandlers = config.flushOnSignals ? flushOnSignals(flushAll) : () => undefined;

  return {
    enabled: true,
    config,
    forceFlush: () => (stopping ? stopping : flushAll()),
    shutdown,
    stats: () => ({ traces: budgets.traces.stats(), metrics: budgets.metrics.stats(), logs: budgets.logs.stats() }),
  };
}

function batchOptions(batch: Required<BatchOptions>): Required<BatchOptions> {
  const { maxQueueSize, maxExportBatchSize, scheduledDelayMillis, exportTimeoutMillis } = batch;
  return { maxQueueSize, maxExportBatchSize, scheduledDelayMillis, exportTimeoutMillis };
}

function createPropagator(names: string[]): TextMapPropagator {
  const propagators: TextMapPropagator[] = [];
  if (names.includes('tracecontext')) propagators.push(new W3CTraceContextPropagator());
  if (names.includes('baggage')) propagators.push(new W3CBaggagePropagator());
  return new CompositePropagator({ propagators });
}
