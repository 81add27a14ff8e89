import { createHash } from 'node:crypto';
import { mergeHistogram } from '../../model/latency-histogram.js';
import type { AggregateTotals } from '../aggregate-store.js';
import { TOTALS_AGGS } from './aggregate-queries.js';
import { rollupBucketOf, ROLLUP_MS, SUB_ROLLUP_MS } from '../aggregate-minutes.js';
import { rollupSourceRequest, stateDocId, TABLE_DIMENSIONS } from './aggregate-rollups.js';
import type { AggregateTable } from './aggregate-rollups.js';
import { totals } from './aggregate-totals.js';
import type { GroupBucket } from './aggregate-totals.js';
import type { BulkOperation } from './bulk-writer.js';
import { histogramToNested } from './documents.js';
import { indexName } from './index-names.js';
import { search } from './store-context.js';
import type { StoreContext } from './store-context.js';

/** How often the compactor looks for quiet buckets, and how long a bucket must be quiet. */
const COMPACT_EVERY_MS = 5_000;
const QUIET_MS = 10_000;
/** Buckets rebuilt per index per pass (a day is 96). */
const MAX_BUCKETS_PER_PASS = 200;

interface StateDoc {
  _id: string;
  found?: boolean;
  _seq_no?: number;
  _primary_term?: number;
  _source?: { stateBucketMs: number; fresh: boolean };
}

/**
 * Keeps the rollups of aggregate-rollups.ts: writers mark the buckets they wrote stale
 * ({@link markStale}, after the rows are stored); every few seconds the buckets this process
 * marked that have been quiet for {@link QUIET_MS} are rebuilt from their minute rows and marked
 * fresh, unless written again meanwhile. Rollups only make reads cheaper: a bucket never rebuilt
 * (a crash, another collector's bucket) is read from its minute rows, which is always correct.
 */
export class RollupCompactor {
  /** `table|index|bucket` → when this process last marked it stale. */
  private readonly dirty = new Map<string, number>();
  private timer: NodeJS.Timeout | undefined;
  private running: Promise<void> | undefined;

  /** `onStatesChanged`: called after this process marks buckets fresh or stale. */
  constructor(
    private readonly context: StoreContext,
    private readonly onStatesChanged: () => void = () => undefined,
  ) {}

  /** Marks the 15-minute buckets of `rows` stale; call after the rows are written. */
  async markStale(table: AggregateTable, rows: readonly { minuteUnixMs: number }[]): Promise<void> {
    const buckets = new Set(rows.map((row) => rollupBucketOf(row.minuteUnixMs)));
    if (buckets.size === 0) return;
    const operations: BulkOperation[] = [...buckets].map((bucketMs) => ({
      index: indexName(this.context.prefix, table, bucketMs),
      id: stateDocId(bucketMs),
      doc: { stateBucketMs: bucketMs, fresh: false },
    }));
    await this.context.bulk.write(table, operations);
    const now = Date.now();
    for (const bucketMs of buckets) this.dirty.set(`${table}|${indexName(this.context.prefix, table, bucketMs)}|${bucketMs}`, now);
    this.timer ??= setInterval(() => void this.compactInBackground(), COMPACT_EVERY_MS).unref();
  }

  /** Stops the background passes (a pass under way finishes on its own). */
  stop(): void {
    clearInterval(this.timer);
    this.timer = undefined;
  }

  private compactInBackground(): void {
    // Rollups are an optimisation: a failed pass leaves buckets read from their minute rows.
    this.running ??= this.compact().catch(() => undefined).finally(() => {
      this.running = undefined;
    });
  }

  /**
   * Rebuilds the rollups of the buckets this process marked stale at least `quietMs` ago (tests
   * pass 0 to rebuild everything now). Buckets whose rebuild fails or loses a race stay stale.
   */
  async compact(quietMs = QUIET_MS): Promise<void> {
    const now = Date.now();
    const groups = new Map<string, { table: AggregateTable; index: string; buckets: number[]; marks: [string, number][] }>();
    for (const [key, markedMs] of this.dirty) {
      if (now - markedMs < quietMs) continue;
      const [table, index, bucket] = key.split('|');
      const group = groups.get(`${table}|${index}`) ?? { table: table as AggregateTable, index, buckets: [], marks: [] };
      if (group.buckets.length >= MAX_BUCKETS_PER_PASS) continue;
      group.buckets.push(Number(bucket));
      group.marks.push([key, markedMs]);
      groups.set(`${table}|${index}`, group);
    }
    for (const group of groups.values()) {
      try {
        await this.rebuild(group.table, group.index, group.buckets);
      } finally {
        // Done, lost a race (then marked again, with a newer time) or failed (e.g. the index was
        // deleted): either way this mark is settled; a later write marks the bucket again.
        for (const [key, markedMs] of group.marks) if (this.dirty.get(key) === markedMs) this.dirty.delete(key);
      }
    }
  }

  private async rebuild(table: AggregateTable, index: string, buckets: number[]): Promise<void> {
    const { client } = this.context;
    const states = (await client.mget<StateDoc['_source']>({ index, ids: buckets.map(stateDocId) })).docs as StateDoc[];
    const stale = states.filter((state) => state.found === true && state._source?.fresh === false);
    if (stale.length === 0) return;
    // Every row written before its bucket was marked stale becomes searchable.
    await client.indices.refresh({ index });
    const staleBuckets = stale.map((state) => state._source!.stateBucketMs);
    const operations = await this.rollupRows(table, index, staleBuckets);
    await this.context.bulk.write(table, operations);
    // Rollups searchable before any state vouching for them is.
    await client.indices.refresh({ index });
    await client.bulk({
      operations: stale.flatMap((state) => [
        { index: { _index: index, _id: state._id, if_seq_no: state._seq_no, if_primary_term: state._primary_term } },
        { stateBucketMs: state._source!.stateBucketMs, fresh: true },
      ]),
      // A 409 (written again since the mget) leaves that bucket stale: what we want.
      filter_path: 'errors',
    });
    this.onStatesChanged();
  }

  /** The 5- and 15-minute rollup rows of some buckets, summed from their minute rows. */
  private async rollupRows(table: AggregateTable, index: string, buckets: number[]): Promise<BulkOperation[]> {
    const dimensions = TABLE_DIMENSIONS[table];
    const operations: BulkOperation[] = [];
    const coarse = new Map<string, { dims: Record<string, unknown>; bucketMs: number; totals: AggregateTotals }>();
    let after: Record<string, unknown> | undefined;
    for (;;) {
      const response = await search(this.context, rollupSourceRequest(index, table, buckets, TOTALS_AGGS, after));
      const groups = (response?.aggregations as { groups: { buckets: GroupBucket[]; after_key?: Record<string, unknown> } } | undefined)
        ?.groups;
      for (const bucket of groups?.buckets ?? []) {
        const dims = Object.fromEntries(dimensions.map((field) => [field, bucket.key[field]]));
        const series = createHash('sha1').update(JSON.stringify(dimensions.map((field) => bucket.key[field]))).digest('hex');
        const part = Number(bucket.key.part);
        const partTotals = totals(bucket);
        operations.push(rollupOperation(index, SUB_ROLLUP_MS, part, series, dims, partTotals));
        const key = `${rollupBucketOf(part)}|${series}`;
        const sum = coarse.get(key) ?? { dims, bucketMs: rollupBucketOf(part), totals: { calls: 0, errors: 0, durationSumNano: 0, histogram: {} } };
        sum.totals.calls += partTotals.calls;
        sum.totals.errors += partTotals.errors;
        sum.totals.durationSumNano += partTotals.durationSumNano;
        mergeHistogram(sum.totals.histogram, partTotals.histogram);
        coarse.set(key, sum);
      }
      if (!groups?.after_key || groups.buckets.length === 0) break;
      after = groups.after_key;
    }
    for (const [key, sum] of coarse) {
      operations.push(rollupOperation(index, ROLLUP_MS, sum.bucketMs, key.slice(key.indexOf('|') + 1), sum.dims, sum.totals));
    }
    return operations;
  }
}

function rollupOperation(
  index: string,
  rollupMs: number,
  startMs: number,
  series: string,
  dims: Record<string, unknown>,
  sum: AggregateTotals,
): BulkOperation {
  return {
    index,
    id: `r${rollupMs / 60_000}-${startMs}-${series}`,
    doc: {
      ...dims,
      minuteUnixMs: startMs,
      rollupMs,
      calls: sum.calls,
      errors: sum.errors,
      durationSumNano: sum.durationSumNano,
      histogram: histogramToNested(sum.histogram),
    },
  };
}
