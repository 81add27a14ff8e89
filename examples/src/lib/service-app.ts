import Fastify, { LogController } from 'fastify';
import type { FastifyInstance } from 'fastify';
import type { FastifyBaseLogger } from 'fastify';
import { Counter } from 'prom-client';
import { shutdown, sightlineMetrics } from '@sightline/instrumentation';
import type { Chaos, ChaosSettings } from './chaos.js';
import { listenHost } from './listen-host.js';

const requestsTotal = new Counter({
  name: 'demo_requests_total',
  help: 'Requests handled, by route and status code',
  labelNames: ['route', 'status'],
});

const OPERATIONAL_ROUTES = ['/metrics', '/healthz', '/admin/chaos'];

/**
 * The Fastify skeleton every demo service shares: Prometheus `/metrics` (Sightline's plugin over the
 * service's prom-client registry), `/healthz`, the chaos admin endpoint, injected faults on business
 * routes, and error logging with stack traces.
 */
export function createServiceApp(service: string, log: FastifyBaseLogger, chaos: Chaos): FastifyInstance {
  const app = Fastify({ loggerInstance: log, logController: new LogController({ disableRequestLogging: true }) });
  void app.register(sightlineMetrics);
  app.get('/healthz', async () => ({ status: 'ok', service }));
  app.post<{ Body: Partial<ChaosSettings> }>('/admin/chaos', async (request) => {
    const settings = chaos.update(request.body ?? {});
    log.warn({ chaos: settings }, 'chaos settings changed');
    return settings;
  });
  app.addHook('preHandler', async (request) => {
    if (!OPERATIONAL_ROUTES.includes(request.routeOptions.url ?? '')) await chaos.apply();
  });
  app.addHook('onResponse', async (request, reply) => {
    requestsTotal.inc({ route: request.routeOptions.url ?? 'unknown', status: String(reply.statusCode) });
  });
  app.setErrorHandler(async (error: Error & { statusCode?: number }, request, reply) => {
    const status = error.statusCode && error.statusCode >= 400 ? error.statusCode : 500;
    if (status >= 500) request.log.error({ err: error, route: request.routeOptions.url }, `request failed: ${error.message}`);
    else request.log.warn({ err: error, route: request.routeOptions.url }, `request rejected: ${error.message}`);
    return reply.code(status).send({ error: error.name, message: error.message });
  });
  return app;
}

/** Listens, and on SIGTERM/SIGINT closes the server, flushes telemetry, and exits. */
export async function serve(app: FastifyInstance, port: number, log: FastifyBaseLogger, onStop: () => void = () => undefined): Promise<void> {
  const address = await app.listen({ port, host: listenHost() });
  log.info({ address }, 'listening');
  const stop = async (signal: string) => {
    log.info({ signal }, 'shutting down');
    onStop();
    await app.close();
    // Flushes what --import @sightline/instrumentation/register started, before exiting.
    await shutdown();
    process.exit(0);
  };
  process.once('SIGTERM', () => void stop('SIGTERM'));
  process.once('SIGINT', () => void stop('SIGINT'));
}
