import type { FastifyInstance } from 'fastify';
import type { Storage } from '../storage/storage.js';
import type { EarlyTraceAnswers } from './early-trace-answers.js';
import { registerJaegerV1 } from './jaeger-v1-routes.js';
import { registerJaegerV3 } from './jaeger-v3-routes.js';
import { registerNativeApi } from './native-api.js';

export interface QueryApiDeps {
  storage: Storage;
  /** Trace answers started ahead of their request, which the native trace-by-id route takes. */
  earlyTraces?: EarlyTraceAnswers;
}

/**
 * Mounts the query API on the HTTP port: the native JSON API under `/api/v1` (with its OpenAPI
 * document at `/api/v1/openapi.json`), and the Jaeger-compatible API under `/jaeger` (v1 JSON at
 * `/jaeger/api/*`, api_v3 OTLP-JSON at `/jaeger/api/v3/*`), so Grafana's Jaeger data source works
 * with the URL `http://host:16686/jaeger`. Each part is an encapsulated plugin with its own error
 * format; nothing here touches the caller's other routes.
 */
export async function registerQueryApi(app: FastifyInstance, deps: QueryApiDeps): Promise<void> {
  await registerNativeApi(app, deps.storage, deps.earlyTraces);
  await app.register(async (scope) => registerJaegerV3(scope, deps.storage), { prefix: '/jaeger/api/v3' });
  await app.register(async (scope) => registerJaegerV1(scope, deps.storage), { prefix: '/jaeger' });
}
