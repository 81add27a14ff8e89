import type { FastifyError, FastifyInstance, FastifyReply } from 'fastify';
import { JsonText } from './api-json.js';
import { QueryError } from './query-errors.js';

/** User data (attribute values, log bodies) must never be sniffed into markup by a browser. */
export function forbidContentSniffing(scope: FastifyInstance): void {
  scope.addHook('onSend', async (_request, reply, payload) => {
    reply.header('x-content-type-options', 'nosniff');
    return payload;
  });
}

/**
 * Answers a handler already has as JSON text ({@link JsonText}: a big trace rendered by the store)
 * go out as they are, without a parse and re-stringify; everything else through `JSON.stringify`.
 */
export function sendJsonTextAsIs(scope: FastifyInstance): void {
  // Fastify sends a Buffer from the serializer as is; its typings only name strings.
  scope.setReplySerializer((payload) => (payload instanceof JsonText ? (payload.bytes as unknown as string) : JSON.stringify(payload)));
}

/**
 * Error handling of the Jaeger-compatible scopes: a `QueryError` or any 4xx keeps its status and
 * message; anything else is logged (as `failure`) and answered 500. `send` writes the API's error body.
 */
export function answerErrorsWith(
  scope: FastifyInstance,
  send: (reply: FastifyReply, statusCode: number, message: string) => FastifyReply,
  failure: string,
): void {
  scope.setErrorHandler((error: FastifyError, request, reply) => {
    if (error instanceof QueryError) return send(reply, error.statusCode, error.message);
    if (error.statusCode !== undefined && error.statusCode < 500) return send(reply, error.statusCode, error.message);
    request.log.error({ err: error }, failure);
    return send(reply, 500, error.message);
  });
}
