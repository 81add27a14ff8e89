import { DOUBLE, LIST, listValue } from '@duckdb/node-api';
import type { DuckDBListValue, DuckDBVector } from '@duckdb/node-api';
import { MAX_BUCKET_INDEX } from '../../model/latency-histogram.js';
import type { SparseHistogram } from '../../model/latency-histogram.js';

/**
 * Latency histograms as stored in the aggregate tables: a `DOUBLE[]` of interleaved
 * (bucket index, count) pairs.
 *
 * Why a numeric list and not a BLOB: reads merge thousands of rows' histograms in JS, and
 * DuckDB hands a numeric list column over as one flat typed array per result chunk, read in a
 * tight loop; every BLOB longer than 12 bytes cost a native call and a fresh buffer (measured:
 * that was most of a 24 h RED query's time). Queries merge in JS: merging in SQL (un-nesting
 * into a hash aggregate) was slower for them. Rollup compaction does merge in SQL (see
 * aggregate-rollup.ts), where staying off the JS event loop matters more than speed.
 */
export const HISTOGRAM_TYPE = LIST(DOUBLE);

export function encodeHistogram(histogram: SparseHistogram): DuckDBListValue {
  const pairs: number[] = [];
  for (const key of Object.keys(histogram)) {
    const index = Number(key);
    const count = histogram[index];
    if (!(count > 0) || index < 0 || index > MAX_BUCKET_INDEX) continue;
    pairs.push(index, count);
  }
  return listValue(pairs);
}

/** The parts of DuckDB's list vector used to read a row's pairs without materialising them. */
export interface PairListVector {
  getEntryOffset(row: number): number;
  getEntryLength(row: number): number;
  readonly childVector: DuckDBVector;
}

/** Adds row `row`'s histogram from a list vector into a sparse histogram in place. */
export function addPairs(target: SparseHistogram, vector: PairListVector, row: number): void {
  const offset = vector.getEntryOffset(row);
  const end = offset + vector.getEntryLength(row);
  const child = vector.childVector;
  for (let i = offset; i + 1 < end; i += 2) {
    const index = child.getItem(i) as number;
    target[index] = (target[index] ?? 0) + (child.getItem(i + 1) as number);
  }
}

/** Like `addPairs`, into a dense array indexed by bucket (see `denseHistogram`). */
export function addPairsDense(target: Float64Array, vector: PairListVector, row: number): void {
  const offset = vector.getEntryOffset(row);
  const end = offset + vector.getEntryLength(row);
  const child = vector.childVector;
  for (let i = offset; i + 1 < end; i += 2) target[child.getItem(i) as number] += child.getItem(i + 1) as number;
}

/** A dense accumulator for `addPairsDense`: one slot per bucket index. */
export function denseHistogram(): Float64Array {
  return new Float64Array(MAX_BUCKET_INDEX + 1);
}

export function denseToSparse(counts: Float64Array): SparseHistogram {
  const histogram: SparseHistogram = {};
  for (let index = 0; index < counts.length; index++) if (counts[index] !== 0) histogram[index] = counts[index];
  return histogram;
}
