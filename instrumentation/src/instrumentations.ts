import type { IncomingMessage } from 'node:http';
import { getNodeAutoInstrumentations } from '@opentelemetry/auto-instrumentations-node';
import type { Instrumentation } from '@opentelemetry/instrumentation';
import { FastifyOtelInstrumentation } from '@fastify/otel';
import type { ResolvedConfig } from './options.js';

const FASTIFY = '@fastify/otel';
const HTTP = '@opentelemetry/instrumentation-http';

const INFRASTRUCTURE_PATHS = ['/metrics', '/healthz', '/readyz'];
/**
 * Requests that would only add noise to traces: Prometheus scrapes and health probes. Runs on every
 * incoming request, so it compares in place instead of splitting the query string off.
 */
function isInfrastructureRequest(request: IncomingMessage): boolean {
  const url = request.url;
  if (request.method !== 'GET' || url === undefined) return false;
  return INFRASTRUCTURE_PATHS.some((path) => url === path || (url.startsWith(path) && url.charCodeAt(path.length) === 0x3f /* ? */));
}

/**
 * The stock auto-instrumentations (http/https, fetch/undici, express, pg, mysql2, redis, ioredis,
 * mongodb, amqplib, kafkajs, pino, winston, runtime metrics, ...) with fs/dns/net off.
 *
 * Fastify: by default no span of its own — the HTTP server span already covers the request, and a
 * second span per request costs throughput — only route naming and error recording
 * (fastify-route-naming.ts). `instrumentations: { '@fastify/otel': { enabled: true, ... } }` turns
 * on Fastify's own instrumentation (request and hook spans) instead.
 */
export function createInstrumentations(config: ResolvedConfig): Instrumentation[] {
  const { [FASTIFY]: fastifyConfig, ...autoConfig } = config.instrumentations;
  const httpConfig = autoConfig[HTTP] ?? {};
  const userIgnore = httpConfig.ignoreIncomingRequestHook as ((req: IncomingMessage) => boolean) | undefined;
  const instrumentations: Instrumentation[] = getNodeAutoInstrumentations({
    ...autoConfig,
    [HTTP]: {
      ...httpConfig,
      ignoreIncomingRequestHook: (req: IncomingMessage) => isInfrastructureRequest(req) || (userIgnore?.(req) ?? false),
    },
  });
  if (fastifyConfig?.enabled === true) {
    instrumentations.push(
      new FastifyOtelInstrumentation({
        registerOnInitialization: true,
        ignorePaths: (route) => route.method === 'GET' && ['/metrics', '/healthz', '/readyz'].includes(route.url),
        ...fastifyConfig,
      }) as unknown as Instrumentation,
    );
  }
  return instrumentations;
}
