import assert from 'node:assert/strict';
import { readFile, writeFile } from 'node:fs/promises';
import { describe, it } from 'node:test';
import Fastify from 'fastify';
import { componentSchemas } from '../../src/query/api-schemas.js';
import { NATIVE_API_VERSION, nativeRoutes } from '../../src/query/native-api.js';
import { buildOpenApiDocument } from '../../src/query/openapi.js';
import { QUERY_ERROR_CODES } from '../../src/query/query-errors.js';
import { registerQueryApi } from '../../src/query/register-query-api.js';
import type { Storage } from '../../src/storage/storage.js';

type Doc = {
  openapi: string;
  paths: Record<string, { get: { parameters: { name: string; in: string }[]; responses: Record<string, { content?: Record<string, { schema: { $ref?: string } }> }> } }>;
  components: { schemas: Record<string, unknown> };
};

/** Serving the document needs no storage call; a storage that throws proves it. */
const unusedStorage = new Proxy({}, { get: () => { throw new Error('storage must not be touched'); } }) as Storage;

describe('OpenAPI document', () => {
  it('is served at /api/v1/openapi.json as OpenAPI 3.1 and lists every native route', async () => {
    const app = Fastify();
    try {
      await registerQueryApi(app, { storage: unusedStorage });
      const response = await app.inject({ method: 'GET', url: '/api/v1/openapi.json' });
      assert.equal(response.statusCode, 200);
      const doc = response.json() as Doc;
      assert.equal(doc.openapi, '3.1.0');
      const expected = [
        '/api/v1/services',
        '/api/v1/services/{service}/operations',
        '/api/v1/traces',
        '/api/v1/traces/{traceId}',
        '/api/v1/service-map',
        '/api/v1/latency-histogram',
        '/api/v1/red',
        '/api/v1/logs',
        '/api/v1/logs/volume',
        '/api/v1/metrics',
        '/api/v1/metrics/{name}/series',
        '/api/v1/openapi.json',
      ];
      assert.deepEqual(Object.keys(doc.paths).sort(), expected.sort());
      // Every route in the document is really mounted (a request reaches it, not the 404 handler).
      for (const route of nativeRoutes) {
        assert.ok(app.hasRoute({ method: 'GET', url: `/api/v1${route.url}` }), route.url);
      }
    } finally {
      await app.close();
    }
  });

  it('resolves every $ref and documents path parameters and errors', () => {
    const doc = buildOpenApiDocument(nativeRoutes, 'test') as unknown as Doc;
    const refs = JSON.stringify(doc).match(/#\/components\/schemas\/[A-Za-z]+/g) ?? [];
    for (const ref of new Set(refs)) assert.ok(ref.split('/').pop()! in componentSchemas, `${ref} is defined`);
    for (const [path, item] of Object.entries(doc.paths)) {
      const pathParams = [...path.matchAll(/\{(\w+)\}/g)].map((m) => m[1]);
      const documented = item.get.parameters.filter((p) => p.in === 'path').map((p) => p.name);
      assert.deepEqual(documented, pathParams, path);
      if (path !== '/api/v1/openapi.json') {
        assert.equal(item.get.responses['400'].content?.['application/json'].schema.$ref, '#/components/schemas/Error', path);
      }
    }
  });

  it('documents every coded error', () => {
    const description = JSON.stringify((componentSchemas.Error as { properties: { code: unknown } }).properties.code);
    for (const code of Object.keys(QUERY_ERROR_CODES)) assert.ok(description.includes(code), `${code} is documented`);
  });
});

describe('checked-in OpenAPI copy (collector/src/query/openapi.generated.json)', () => {
  it('is current; regenerate with SIGHTLINE_UPDATE_OPENAPI=1 node scripts/test.mjs collector/test/query/openapi.test.ts', async () => {
    const file = new URL('../../src/query/openapi.generated.json', import.meta.url);
    const current = `${JSON.stringify(buildOpenApiDocument(nativeRoutes, NATIVE_API_VERSION), null, 2)}\n`;
    if (process.env.SIGHTLINE_UPDATE_OPENAPI === '1') await writeFile(file, current);
    const checkedIn = await readFile(file, 'utf8').catch(() => '');
    assert.ok(checkedIn === current, 'openapi.generated.json is stale: regenerate it (see the test name)');
  });
});
