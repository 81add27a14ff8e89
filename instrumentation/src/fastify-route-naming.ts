import { subscribe, unsubscribe } from 'node:diagnostics_channel';
import { context, trace } from '@opentelemetry/api';
import { getRPCMetadata, RPCType } from '@opentelemetry/core';

interface FastifyRequestLike {
  routeOptions?: { url?: string };
}
interface FastifyLike {
  version?: string;
  addHook(name: 'onRequest', hook: (request: FastifyRequestLike, reply: unknown, done: () => void) => void): unknown;
  addHook(name: 'onError', hook: (request: FastifyRequestLike, reply: unknown, error: Error, done: () => void) => void): unknown;
}
interface HandlerStart {
  route?: { url?: string };
}

/** Published by Fastify ≥ 5 right before a route handler runs, inside the request's context. */
const HANDLER_START = 'tracing:fastify.request.handler:start';

/** Tells the HTTP server span (through its RPC metadata) which route matched. */
function nameActiveRequest(route: string | undefined): void {
  const rpc = getRPCMetadata(context.active());
  if (rpc?.type === RPCType.HTTP && route) rpc.route = route;
}

const onHandlerStart = (message: unknown) => nameActiveRequest((message as HandlerStart).route?.url);

/**
 * The cheap alternative to a full Fastify instrumentation: no span of its own, it only tells the
 * HTTP server span which route matched (so spans are named `GET /orders/:id`, `http.route` is set,
 * and the duration histogram is per route) and records thrown errors on that span. Every Fastify
 * instance announces itself on the `fastify.initialization` channel (Fastify ≥ 4.18), so this works
 * for ESM and CommonJS apps alike without patching anything.
 *
 * The route comes from Fastify 5's handler-start tracing channel where there is one: an `onRequest`
 * hook makes Fastify run its hook machinery for every request, which cost ~4 µs per request on the
 * overhead benchmark; the channel message carries the route at almost no cost. Fastify 4 keeps the hook.
 */
export function nameHttpSpansByFastifyRoute(): () => void {
  let channelSubscribed = false;
  const onInitialization = (message: unknown) => {
    const fastify = (message as { fastify?: FastifyLike }).fastify;
    if (!fastify) return;
    if (Number.parseInt(fastify.version ?? '0', 10) >= 5) {
      if (!channelSubscribed) subscribe(HANDLER_START, onHandlerStart);
      channelSubscribed = true;
    } else {
      fastify.addHook('onRequest', (request, _reply, done) => {
        nameActiveRequest(request.routeOptions?.url);
        done();
      });
    }
    // Runs only when a request fails: no cost on the common path.
    fastify.addHook('onError', (_request, _reply, error, done) => {
      trace.getActiveSpan()?.recordException(error);
      done();
    });
  };
  subscribe('fastify.initialization', onInitialization);
  return () => {
    unsubscribe('fastify.initialization', onInitialization);
    if (channelSubscribed) unsubscribe(HANDLER_START, onHandlerStart);
  };
}
