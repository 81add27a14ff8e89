import type { IncomingMessage, ServerResponse } from 'node:http';
import { appPromRegistry } from './prom-client-registry.js';
import type { PromRegistryLike } from './prom-client-registry.js';
import { collectOtelPrometheusText, mergeExpositions } from './prometheus-pull-reader.js';

/**
 * A plain `http` handler serving the service's metrics in the Prometheus text format — the app's
 * prom-client registry plus the OTel metrics the running instrumentation records (HTTP server
 * durations, Node.js runtime), each series once: `if (req.url === '/metrics') return metricsHandler(req, res);`.
 */
export function metricsHandler(_req: IncomingMessage, res: ServerResponse, registry: PromRegistryLike | null = appPromRegistry()): void {
  void renderMetrics(registry).then(({ status, contentType, body }) => {
    res.writeHead(status, { 'content-type': contentType });
    res.end(body);
  });
}

export interface MetricsPluginOptions {
  /** Route path, `/metrics` by default. */
  path?: string;
}

interface FastifyLike {
  get(path: string, options: { config?: unknown; logLevel?: string }, handler: (req: unknown, reply: FastifyReplyLike) => Promise<unknown>): unknown;
}
interface FastifyReplyLike {
  code(status: number): FastifyReplyLike;
  header(name: string, value: string): FastifyReplyLike;
  send(body: string): FastifyReplyLike;
}

/**
 * Fastify plugin adding `GET /metrics`: `app.register(sightlineMetrics)`. Typed structurally so the
 * package does not depend on Fastify; marked to skip encapsulation so the route lands at the root.
 */
export const sightlineMetrics = Object.assign(
  function sightlineMetrics(fastify: FastifyLike, options: MetricsPluginOptions, done: (err?: Error) => void): void {
    fastify.get(options.path ?? '/metrics', { config: { otel: false }, logLevel: 'warn' }, async (_req, reply) => {
      const { status, contentType, body } = await renderMetrics(appPromRegistry());
      return reply.code(status).header('content-type', contentType).send(body);
    });
    done();
  },
  { [Symbol.for('skip-override')]: true, [Symbol.for('fastify.display-name')]: 'sightline-metrics' },
);

const PROMETHEUS_TEXT = 'text/plain; version=0.0.4; charset=utf-8';

async function renderMetrics(registry: PromRegistryLike | null): Promise<{ status: number; contentType: string; body: string }> {
  const otelText = collectOtelPrometheusText();
  let promClientText = '';
  if (registry) {
    try {
      promClientText = await registry.metrics();
    } catch (error) {
      return { status: 500, contentType: 'text/plain', body: `collecting metrics failed: ${(error as Error).message}\n` };
    }
  }
  const otel = await otelText;
  if (!registry && otel === undefined) {
    return { status: 503, contentType: 'text/plain', body: 'neither prom-client nor Sightline\'s instrumentation is running in this process\n' };
  }
  return { status: 200, contentType: registry?.contentType ?? PROMETHEUS_TEXT, body: otel === undefined ? promClientText : mergeExpositions(promClientText, otel) };
}
