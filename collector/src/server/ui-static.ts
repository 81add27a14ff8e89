import { existsSync, statSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import fastifyStatic from '@fastify/static';
import type { FastifyInstance } from 'fastify';
import type { EarlyTraceAnswers } from '../query/early-trace-answers.js';
import { normalizeTraceId } from '../query/params.js';

/** The collector package folder (from src/server or dist/server). */
const COLLECTOR_DIR = resolve(dirname(fileURLToPath(import.meta.url)), '..', '..');

/** Paths the SPA fallback never answers: APIs keep their JSON 404s. */
const API_PREFIXES = ['/api', '/jaeger', '/metrics', '/healthz', '/readyz'];

/** The built UI folder: the configured one, else `../ui/dist` beside the collector package, if built. */
export function resolveUiDir(configured: string | undefined): string | undefined {
  const dir = configured ? resolve(configured) : join(COLLECTOR_DIR, '..', 'ui', 'dist');
  return existsSync(join(dir, 'index.html')) && statSync(dir).isDirectory() ? dir : undefined;
}

/** The UI's trace view path; its inline boot script (ui/index.html) requests the same trace at once. */
const TRACE_VIEW_PATH = /^\/traces\/([^/]+)\/?$/;

/** Starts the answer of the trace a page path shows, if it names a valid trace id (the API's rule decides). */
function startTraceAnswer(earlyTraces: EarlyTraceAnswers, path: string): void {
  const segment = TRACE_VIEW_PATH.exec(path)?.[1];
  if (segment === undefined) return;
  try {
    earlyTraces.start(normalizeTraceId(segment));
  } catch {
    // Not a trace id: the page's own request gets the API's 400 and shows it.
  }
}

/**
 * Serves the built UI with a single-page-app fallback: a GET for an unknown path that is not an
 * API path gets index.html, so deep links (/traces/abc) work on reload. For a trace's deep link,
 * the trace's answer is started as the HTML goes out (`earlyTraces`), for the page's request to take.
 */
export async function registerUi(app: FastifyInstance, uiDir: string | undefined, earlyTraces?: EarlyTraceAnswers): Promise<void> {
  if (uiDir) await app.register(fastifyStatic, { root: uiDir, prefix: '/', wildcard: false, index: ['index.html'] });
  app.setNotFoundHandler((request, reply) => {
    const path = request.url.split('?')[0];
    const isApi = API_PREFIXES.some((p) => path === p || path.startsWith(`${p}/`));
    if (uiDir && request.method === 'GET' && !isApi) {
      if (earlyTraces) startTraceAnswer(earlyTraces, path);
      return reply.type('text/html').sendFile('index.html');
    }
    return reply.code(404).send({ error: 'not found', path });
  });
}
