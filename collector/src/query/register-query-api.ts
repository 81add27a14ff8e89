import type { FastifyInstance } from 'fastify';
import type { Storage } from '../storage/storage.js';

export interface QueryApiDeps {
  storage: Storage;
}

/**
 * Mounts the query API on the HTTP port: the native JSON API under `/api/v1` (with its OpenAPI
 * document), and the Jaeger-compatible API under `/jaeger`.
 *
 * PLACEHOLDER: the query-API work replaces this body.
 */
export async function registerQueryApi(app: FastifyInstance, deps: QueryApiDeps): Promise<void> {
  void app;
  void deps;
}
