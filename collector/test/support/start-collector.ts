import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createCollector } from '../../src/app.js';
import type { Collector, CollectorOptions } from '../../src/app.js';
import type { CollectorConfigOverrides } from '../../src/config/collector-config.js';
import type { Storage } from '../../src/storage/storage.js';

/** A real collector for tests: both ports ephemeral on 127.0.0.1, a fresh temp data dir. */
export interface TestCollector {
  /** e.g. http://127.0.0.1:38211 — POST `${otlpUrl}/v1/traces`. */
  otlpUrl: string;
  /** e.g. http://127.0.0.1:38212 — `/api/v1/...`, `/jaeger/...`, `/metrics`, `/readyz`. */
  httpUrl: string;
  dataDir: string;
  collector: Collector;
  /** The started storage (the embedded store unless the test passed its own). */
  storage: Storage;
  /** Waits until every accepted item is written and visible to readers. */
  flush(): Promise<void>;
  /** Stops the collector (graceful) and deletes the temp data dir. Safe to call twice. */
  stop(): Promise<void>;
}

/**
 * Starts a real collector for an end-to-end test:
 *
 * ```ts
 * const c = await startTestCollector();
 * after(() => c.stop());
 * await postOtlp(c.otlpUrl, 'traces', traceRequest([...]));
 * await c.flush();
 * const res = await fetch(`${c.httpUrl}/api/v1/services`);
 * ```
 *
 * Differences from the production defaults, so fixtures with fixed timestamps work:
 * `limits.maxPastAgeMs = 0` and `limits.maxFutureSkewMs = 0` (accept any time), `logLevel: 'silent'`.
 * Pass `overrides` to change any setting (e.g. `{ queue: { maxItems: 10 } }`) and `options.storage`
 * to run against another Storage (the collector inits and closes it).
 */
export async function startTestCollector(overrides: CollectorConfigOverrides = {}, options: CollectorOptions = {}): Promise<TestCollector> {
  const dataDir = await mkdtemp(join(tmpdir(), 'sightline-test-'));
  const collector = createCollector(
    {
      host: '127.0.0.1',
      otlpPort: 0,
      httpPort: 0,
      dataDir,
      logLevel: 'silent',
      ...overrides,
      limits: { maxPastAgeMs: 0, maxFutureSkewMs: 0, ...overrides.limits },
    },
    options,
  );
  let urls;
  try {
    urls = await collector.start();
  } catch (error) {
    await collector.stop().catch(() => undefined);
    await rm(dataDir, { recursive: true, force: true });
    throw error;
  }
  let stopped: Promise<void> | undefined;
  return {
    ...urls,
    dataDir,
    collector,
    storage: collector.storage as Storage,
    flush: () => collector.flush(),
    stop() {
      stopped ??= collector.stop().finally(() => rm(dataDir, { recursive: true, force: true }));
      return stopped;
    },
  };
}
