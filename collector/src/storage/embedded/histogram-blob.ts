import { MAX_BUCKET_INDEX } from '../../model/latency-histogram.js';
import type { SparseHistogram } from '../../model/latency-histogram.js';

/**
 * Latency histograms as stored in the aggregate tables: a BLOB of (uint16 bucket index, float64
 * count) entries, little-endian. Merging thousands of rows' histograms is then a tight loop in JS
 * over bytes, far cheaper than un-nesting list columns into a SQL hash aggregate (measured: the
 * SQL merge was the bulk of a 24 h RED query).
 */
const ENTRY_BYTES = 10;

export function encodeHistogram(histogram: SparseHistogram): Uint8Array {
  const keys = Object.keys(histogram);
  const bytes = new Uint8Array(keys.length * ENTRY_BYTES);
  const view = new DataView(bytes.buffer);
  let offset = 0;
  for (const key of keys) {
    const index = Number(key);
    const count = histogram[index];
    if (!(count > 0) || index < 0 || index > MAX_BUCKET_INDEX) continue;
    view.setUint16(offset, index, true);
    view.setFloat64(offset + 2, count, true);
    offset += ENTRY_BYTES;
  }
  return offset === bytes.length ? bytes : bytes.slice(0, offset);
}

/** Dense accumulator for merging many encoded histograms. */
export class HistogramAccumulator {
  private readonly counts = new Float64Array(MAX_BUCKET_INDEX + 1);

  add(bytes: Uint8Array | null | undefined): void {
    if (!bytes || bytes.length === 0) return;
    const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
    for (let offset = 0; offset + ENTRY_BYTES <= bytes.length; offset += ENTRY_BYTES) {
      this.counts[view.getUint16(offset, true)] += view.getFloat64(offset + 2, true);
    }
  }

  toSparse(): SparseHistogram {
    const histogram: SparseHistogram = {};
    for (let index = 0; index < this.counts.length; index++) {
      if (this.counts[index] !== 0) histogram[index] = this.counts[index];
    }
    return histogram;
  }

  encode(): Uint8Array {
    return encodeHistogram(this.toSparse());
  }
}

/** Merges a list of encoded histograms (as DuckDB returns `list(hist)`) into one sparse histogram. */
export function mergeEncoded(blobs: readonly (Uint8Array | null)[] | null | undefined): SparseHistogram {
  const accumulator = new HistogramAccumulator();
  for (const blob of blobs ?? []) accumulator.add(blob);
  return accumulator.toSparse();
}
