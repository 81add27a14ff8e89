import { subscribe, unsubscribe } from 'node:diagnostics_channel';
import { context, trace } from '@opentelemetry/api';
import { getRPCMetadata, RPCType } from '@opentelemetry/core';

interface FastifyRequestLike {
  routeOptions?: { url?: string };
}
interface FastifyLike {
  addHook(name: 'onRequest', hook: (request: FastifyRequestLike, reply: unknown, done: () => void) => void): unknown;
  addHook(name: 'onError', hook: (request: FastifyRequestLike, reply: unknown, error: Error, done: () => void) => void): unknown;
}

/**
 * The cheap alternative to a full Fastify instrumentation: no span of its own, it only tells the
 * HTTP server span which route matched (so spans are named `GET /orders/:id`, `http.route` is set,
 * and the duration histogram is per route) and records thrown errors on that span. Every Fastify
 * instance announces itself on the `fastify.initialization` channel (Fastify ≥ 4.18), so this works
 * for ESM and CommonJS apps alike without patching anything.
 */
export function nameHttpSpansByFastifyRoute(): () => void {
  const onInitialization = (message: unknown) => {
    const fastify = (message as { fastify?: FastifyLike }).fastify;
    if (!fastify) return;
    fastify.addHook('onRequest', (request, _reply, done) => {
      const rpc = getRPCMetadata(context.active());
      const route = request.routeOptions?.url;
      if (rpc?.type === RPCType.HTTP && route) rpc.route = route;
      done();
    });
    fastify.addHook('onError', (_request, _reply, error, done) => {
      trace.getActiveSpan()?.recordException(error);
      done();
    });
  };
  subscribe('fastify.initialization', onInitialization);
  return () => unsubscribe('fastify.initialization', onInitialization);
}
