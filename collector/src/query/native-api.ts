import { STATUS_CODES } from 'node:http';
import type { FastifyError, FastifyInstance, FastifyReply } from 'fastify';
import type { Storage } from '../storage/storage.js';
import type { ApiError } from './api-types.js';
import { logMetricRoutes } from './native-log-metric-routes.js';
import { serviceRoutes } from './native-service-routes.js';
import { traceRoutes } from './native-trace-routes.js';
import { compressLargeResponses } from './compress-large-responses.js';
import type { EarlyTraceAnswers } from './early-trace-answers.js';
import { forbidContentSniffing, sendJsonTextAsIs } from './http-scope.js';
import { buildOpenApiDocument } from './openapi.js';
import { QueryError, type QueryErrorCode } from './query-errors.js';
import type { NativeRoute, ParamSpec, QueryValues } from './route-spec.js';

export const NATIVE_API_VERSION = '1.0.0';

/** Every native route, in the order the OpenAPI document lists them. */
export const nativeRoutes: readonly NativeRoute[] = [...serviceRoutes, ...traceRoutes, ...logMetricRoutes];

function objectSchema(specs: Record<string, ParamSpec> | undefined): Record<string, unknown> | undefined {
  if (!specs) return undefined;
  return {
    type: 'object',
    properties: Object.fromEntries(Object.entries(specs).map(([name, spec]) => [name, spec.schema])),
    required: Object.entries(specs)
      .filter(([, spec]) => spec.required)
      .map(([name]) => name),
  };
}

export function sendApiError(reply: FastifyReply, statusCode: number, code: QueryErrorCode | string, message: string): FastifyReply {
  const body: ApiError = { statusCode, code, error: STATUS_CODES[statusCode] ?? 'Error', message };
  return reply.code(statusCode).type('application/json; charset=utf-8').send(body);
}

/** Mounts `/api/v1/*` with one error handler so every failure has the documented `Error` shape. */
export async function registerNativeApi(app: FastifyInstance, storage: Storage, earlyTraces?: EarlyTraceAnswers): Promise<void> {
  const openApi = buildOpenApiDocument(nativeRoutes, NATIVE_API_VERSION);
  await app.register(
    async (scope) => {
      forbidContentSniffing(scope);
      sendJsonTextAsIs(scope);
      compressLargeResponses(scope);
      scope.setErrorHandler((error: FastifyError, request, reply) => {
        if (error instanceof QueryError) return sendApiError(reply, error.statusCode, error.code, error.message);
        if (error.validation) {
          return sendApiError(reply, 400, 'SL_QUERY_BAD_PARAMETER', error.message);
        }
        if (error.statusCode !== undefined && error.statusCode >= 400 && error.statusCode < 500) {
          return sendApiError(reply, error.statusCode, error.code ?? 'SL_QUERY_BAD_PARAMETER', error.message);
        }
        request.log.error({ err: error }, 'query API failure');
        return sendApiError(reply, 500, 'SL_QUERY_INTERNAL', `storage query failed: ${error.message}`);
      });
      scope.setNotFoundHandler((request, reply) =>
        sendApiError(reply, 404, 'SL_QUERY_NOT_FOUND', `no route ${request.method} ${request.url.split('?')[0]}`),
      );
      scope.get('/openapi.json', async () => openApi);
      for (const route of nativeRoutes) {
        const querystring = objectSchema(route.query);
        const params = objectSchema(route.params);
        scope.get(
          route.url,
          { schema: { ...(querystring ? { querystring } : {}), ...(params ? { params } : {}) } },
          async (request) =>
            route.handler({
              query: (request.query ?? {}) as QueryValues,
              params: (request.params ?? {}) as Record<string, string>,
              storage,
              earlyTraces,
            }),
        );
      }
    },
    { prefix: '/api/v1' },
  );
}
