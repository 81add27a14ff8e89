import type { Storage, StorageHealth } from '../../collector/src/storage/storage.js';

const nothing = async (): Promise<never[]> => [];
const done = async (): Promise<void> => undefined;

/**
 * A Storage that accepts every write and keeps nothing (reads find nothing). Benchmark-only: with
 * it, `bench:ingest --storage discard` measures what the collector costs without a store
 * (receiver, validation, pipeline, derive) — the ceiling any store can reach on this machine.
 */
export class DiscardStorage implements Storage {
  readonly name = 'discard';
  readonly spans: Storage['spans'] = { writeSpans: done, getTrace: nothing, findTraces: nothing, getServices: nothing, getOperations: nothing };
  readonly logs: Storage['logs'] = { writeLogs: done, searchLogs: nothing, getLogsForTrace: nothing, logVolume: nothing };
  readonly metrics: Storage['metrics'] = { writeMetricPoints: done, listMetrics: nothing, queryMetricSeries: nothing };
  readonly aggregates: Storage['aggregates'] = {
    writeSpanMetrics: done,
    writeServiceGraphEdges: done,
    querySpanMetrics: nothing,
    queryServiceGraph: nothing,
  };

  init(): Promise<void> {
    return done();
  }

  deleteOlderThan(): Promise<void> {
    return done();
  }

  flush(): Promise<void> {
    return done();
  }

  async health(): Promise<StorageHealth> {
    return { ready: true };
  }

  close(): Promise<void> {
    return done();
  }
}
