/**
 * The storage conformance suite: the same JSON fixtures (./fixtures) and the same assertions,
 * run against any `Storage` backend.
 *
 * Use it from a `*.test.ts` file of the backend:
 *
 *   import { runStorageConformance } from '../conformance/storage-conformance.js';
 *   runStorageConformance('elasticsearch', async () => new ElasticsearchStorage({ ...uniquePrefix }), {
 *     unsupported: ['logs.volume'],      // features the backend cannot do (see the [feature] tags)
 *     pollTimeoutMs: 10_000,             // how long a read may lag behind flush()
 *   });
 *
 * `createStorage` must return a NEW, EMPTY, isolated storage on every call (a fresh temp folder,
 * a unique index prefix...), not yet initialised: the suite calls `init()`, writes the fixtures,
 * calls `flush()` and, at the end, `close()`. It is called once for the shared read tests and
 * once per test that needs a clean store (retention, lifecycle).
 *
 * Every test name ends with its feature tag, e.g. `[findTraces.attributes]`. An entry of
 * `unsupported` skips that feature and its sub-features (`findTraces` skips `findTraces.*`); list
 * only what the backend truly cannot do. Reads are retried until they pass or `pollTimeoutMs`
 * runs out, for backends that refresh asynchronously.
 *
 * Fixture times are offsets from a base time (the previous hour boundary by default) so data sits
 * at realistic recent times; timestamps carry nanosecond digits that must survive.
 */
import { after, before, describe } from 'node:test';
import type { Storage } from '../../src/storage/storage.js';
import { registerAggregateConformance } from './aggregate-conformance.js';
import { createContext } from './conformance-context.js';
import { loadFixtures } from './fixtures.js';
import type { Fixtures } from './fixtures.js';
import { registerLogConformance } from './log-conformance.js';
import { registerMetricConformance } from './metric-conformance.js';
import { registerRetentionConformance } from './retention-conformance.js';
import { registerSpanConformance } from './span-conformance.js';

export interface StorageConformanceOptions {
  /** Feature tags (or tag prefixes) the backend cannot do; their tests are skipped. */
  unsupported?: string[];
  /** How long reads are retried after flush() before a test fails. Default 5000 ms. */
  pollTimeoutMs?: number;
  /** Base time of the fixtures (Unix ms, a minute boundary). Default: the previous hour boundary. */
  baseUnixMs?: number;
}

export function runStorageConformance(
  name: string,
  createStorage: () => Promise<Storage>,
  options: StorageConformanceOptions = {},
): void {
  describe(`storage conformance: ${name}`, () => {
    const fixtures = loadFixtures(options.baseUnixMs);
    const opened: Storage[] = [];
    let shared: Storage | undefined;

    const freshStorage = async (): Promise<Storage> => {
      const storage = await createStorage();
      opened.push(storage);
      await storage.init();
      return storage;
    };

    before(async () => {
      shared = await freshStorage();
      await writeFixtures(shared, fixtures);
    });
    after(async () => {
      for (const storage of opened) await storage.close();
    });

    const ctx = createContext({
      storage: () => {
        if (!shared) throw new Error('the shared storage failed to initialise (see the before hook)');
        return shared;
      },
      freshStorage,
      fixtures,
      unsupported: options.unsupported ?? [],
      pollTimeoutMs: options.pollTimeoutMs ?? 5_000,
    });
    registerSpanConformance(ctx);
    registerLogConformance(ctx);
    registerMetricConformance(ctx);
    registerAggregateConformance(ctx);
    registerRetentionConformance(ctx);
  });
}

/**
 * Writes every fixture the way a retrying pipeline might: spans of one trace split over batches,
 * everything written a second time, a batch repeating a span, aggregate rows first in a stale
 * version then replaced. The assertions then prove nothing was duplicated.
 */
async function writeFixtures(storage: Storage, fixtures: Fixtures): Promise<void> {
  const [first, ...rest] = fixtures.spans;
  await storage.spans.writeSpans([first]);
  await storage.spans.writeSpans(rest);
  await storage.spans.writeSpans([...fixtures.spans].reverse());
  await storage.spans.writeSpans([first, first]);

  await storage.logs.writeLogs(fixtures.logs);
  await storage.logs.writeLogs(fixtures.logs.slice(0, 2));

  await storage.metrics.writeMetricPoints(fixtures.points);
  await storage.metrics.writeMetricPoints(fixtures.points);

  await storage.aggregates.writeSpanMetrics(fixtures.staleSpanMetrics);
  await storage.aggregates.writeServiceGraphEdges(fixtures.staleServiceGraphEdges);
  await storage.aggregates.writeSpanMetrics(fixtures.spanMetrics);
  await storage.aggregates.writeServiceGraphEdges(fixtures.serviceGraphEdges);
  await storage.aggregates.writeSpanMetrics(fixtures.spanMetrics.slice(0, 3));
  await storage.flush();
}
