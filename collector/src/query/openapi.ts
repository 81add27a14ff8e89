import { componentSchemas } from './api-schemas.js';
import type { NativeRoute, ParamSpec } from './route-spec.js';

type Json = Record<string, unknown>;

const STATUS_TEXT: Record<number, string> = {
  400: 'Bad parameter (code SL_QUERY_BAD_PARAMETER)',
  404: 'Not found (code SL_QUERY_TRACE_NOT_FOUND)',
  500: 'Storage failure (code SL_QUERY_INTERNAL)',
};

function parameter(name: string, where: 'query' | 'path', spec: ParamSpec): Json {
  const isArray = (spec.schema as { type?: string }).type === 'array';
  return {
    name,
    in: where,
    required: where === 'path' ? true : spec.required === true,
    description: spec.description,
    schema: spec.schema,
    ...(isArray ? { style: 'form', explode: true } : {}),
  };
}

/** `/services/:service/operations` → `/services/{service}/operations`. */
function openApiPath(url: string): string {
  return url.replace(/:([A-Za-z0-9_]+)/g, '{$1}');
}

/**
 * The OpenAPI 3.1 document of the native API, built from the same route table that Fastify
 * validates requests with, so the description cannot list a parameter the server ignores.
 */
export function buildOpenApiDocument(routes: readonly NativeRoute[], version: string): Json {
  const paths: Record<string, Json> = {};
  for (const route of routes) {
    const responses: Json = {
      200: { description: 'OK', content: { 'application/json': { schema: { $ref: `#/components/schemas/${route.response}` } } } },
    };
    for (const status of [400, ...(route.extraErrors ?? []), 500]) {
      responses[status] = {
        description: STATUS_TEXT[status] ?? 'Error',
        content: { 'application/json': { schema: { $ref: '#/components/schemas/Error' } } },
      };
    }
    paths[`/api/v1${openApiPath(route.url)}`] = {
      get: {
        operationId: route.operationId,
        summary: route.summary,
        ...(route.description ? { description: route.description } : {}),
        tags: [route.tag],
        parameters: [
          ...Object.entries(route.params ?? {}).map(([name, spec]) => parameter(name, 'path', spec)),
          ...Object.entries(route.query ?? {}).map(([name, spec]) => parameter(name, 'query', spec)),
        ],
        responses,
      },
    };
  }
  paths['/api/v1/openapi.json'] = {
    get: {
      operationId: 'getOpenApiDocument',
      summary: 'This document',
      parameters: [],
      tags: ['meta'],
      responses: { 200: { description: 'OpenAPI 3.1 document', content: { 'application/json': { schema: { type: 'object' } } } } },
    },
  };
  return {
    openapi: '3.1.0',
    info: {
      title: 'Sightline query API',
      version,
      description:
        'Native JSON API of the Sightline collector. Times: start/end as Unix milliseconds or RFC 3339, or lookback (15m, 1h, 7d); ' +
        'default: the last hour. Durations and latency percentiles are milliseconds. Services, RED series, latency histograms and the ' +
        'service map are read from aggregates derived at ingest (per minute), so steps are whole minutes. ' +
        'A Jaeger-compatible API (v1 JSON and v3 OTLP-JSON) is mounted under /jaeger for Grafana\'s Jaeger data source.',
      license: { name: 'Apache-2.0', identifier: 'Apache-2.0' },
      'x-generated':
        'Built at run time from the route table in collector/src/query (openapi.ts); src/query/openapi.generated.json is a checked-in copy for clients: regenerate it, never edit it.',
    },
    tags: [
      { name: 'services', description: 'Services, operations, service map, latency and RED (from aggregates)' },
      { name: 'traces', description: 'Trace search and trace by id' },
      { name: 'logs', description: 'Log search and volume' },
      { name: 'metrics', description: 'Metric names and series' },
      { name: 'meta', description: 'This description' },
    ],
    paths,
    components: { schemas: componentSchemas },
  };
}
