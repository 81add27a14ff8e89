import Fastify from 'fastify';
import type { FastifyInstance } from 'fastify';
import { EarlyTraceAnswers } from '../query/early-trace-answers.js';
import { loadTraceAnswer } from '../query/native-trace-routes.js';
import { registerQueryApi } from '../query/register-query-api.js';
import type { Storage } from '../storage/storage.js';
import type { SelfMetrics } from '../telemetry/self-metrics.js';
import { registerUi } from './ui-static.js';

export interface HttpServerDeps {
  storage: Storage;
  metrics: SelfMetrics;
  uiDir: string | undefined;
  logLevel?: string;
}

/**
 * The HTTP port (default 16686): /metrics, /healthz, /readyz, the query API (native + Jaeger)
 * and the built UI.
 */
export async function createHttpServer(deps: HttpServerDeps): Promise<FastifyInstance> {
  const { storage, metrics } = deps;
  const app = Fastify({ logger: deps.logLevel && deps.logLevel !== 'silent' ? { level: deps.logLevel } : false });

  app.get('/metrics', async (_request, reply) => {
    const text = await metrics.registry.metrics();
    reply.type(metrics.registry.contentType).send(text);
  });
  app.get('/healthz', async () => ({ status: 'ok' }));
  app.get('/readyz', async (_request, reply) => {
    let health: { ready: boolean; message?: string };
    try {
      health = await storage.health();
    } catch (error) {
      health = { ready: false, message: `health check failed: ${(error as Error).message}` };
    }
    metrics.storageUp.set({ backend: storage.name }, health.ready ? 1 : 0);
    reply.code(health.ready ? 200 : 503).send({ status: health.ready ? 'ready' : 'not ready', storage: storage.name, ...(health.message ? { reason: health.message } : {}) });
  });

  // The UI's deep links to a trace start its query when their HTML is served (ui-static.ts).
  const earlyTraces = deps.uiDir ? new EarlyTraceAnswers((traceId) => loadTraceAnswer(storage, traceId)) : undefined;
  await registerQueryApi(app, { storage, earlyTraces });
  await registerUi(app, deps.uiDir, earlyTraces);
  return app;
}
