import type { IncomingMessage, ServerResponse } from 'node:http';
import { appPromRegistry } from './prom-client-registry.js';
import type { PromRegistryLike } from './prom-client-registry.js';

/**
 * A plain `http` handler serving the service's prom-client metrics in the Prometheus text format:
 * `if (req.url === '/metrics') return metricsHandler(req, res);`.
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

async function renderMetrics(registry: PromRegistryLike | null): Promise<{ status: number; contentType: string; body: string }> {
  if (!registry) return { status: 503, contentType: 'text/plain', body: 'prom-client is not installed\n' };
  try {
    return { status: 200, contentType: registry.contentType, body: await registry.metrics() };
  } catch (error) {
    return { status: 500, contentType: 'text/plain', body: `collecting metrics failed: ${(error as Error).message}\n` };
  }
}
