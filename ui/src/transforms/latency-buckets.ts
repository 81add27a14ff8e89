/**
 * Latency-histogram bucketing for display. The collector's buckets are fine (16 per octave of
 * latency, log scale); a chart reads better with a few per octave, so they are merged into coarser
 * log bins, and brushing maps pixels back to durations on the same log scale.
 */
export interface LatencyBin {
  lowerMs: number;
  upperMs: number;
  count: number;
}

/**
 * Merges the collector's buckets (bucket i = (2^(i/16), 2^((i+1)/16)] µs) into bins of
 * `16 / binsPerOctave` consecutive buckets, so bin edges are bucket edges and no bucket is split.
 */
export function regroupBuckets(buckets: readonly LatencyBin[], binsPerOctave = 4): LatencyBin[] {
  const width = Math.max(1, Math.round(16 / binsPerOctave));
  const bins = new Map<number, LatencyBin>();
  for (const bucket of buckets) {
    if (bucket.count <= 0) continue;
    const fineIndex = Math.max(0, Math.round(Math.log2(bucket.upperMs * 1000) * 16) - 1);
    const index = Math.floor(fineIndex / width);
    const bin = bins.get(index);
    if (bin) bin.count += bucket.count;
    else {
      bins.set(index, {
        lowerMs: 2 ** ((index * width) / 16) / 1000,
        upperMs: 2 ** (((index + 1) * width) / 16) / 1000,
        count: bucket.count,
      });
    }
  }
  return [...bins.values()].sort((a, b) => a.lowerMs - b.lowerMs);
}

export interface LogScale {
  minMs: number;
  maxMs: number;
  width: number;
  toX: (ms: number) => number;
  toMs: (x: number) => number;
}

export function logScale(minMs: number, maxMs: number, width: number): LogScale {
  const lo = Math.log10(Math.max(minMs, 1e-6));
  const hi = Math.log10(Math.max(maxMs, minMs * 10, 1e-5));
  return {
    minMs: 10 ** lo,
    maxMs: 10 ** hi,
    width,
    toX: (ms) => ((Math.log10(Math.max(ms, 1e-9)) - lo) / (hi - lo)) * width,
    toMs: (x) => 10 ** (lo + (Math.min(Math.max(x, 0), width) / width) * (hi - lo)),
  };
}

/** The scale's domain for a set of bins: padded to whole decades so the axis labels are round. */
export function domainForBins(bins: readonly LatencyBin[]): [number, number] {
  if (bins.length === 0) return [1, 1000];
  const lo = 10 ** Math.floor(Math.log10(bins[0].lowerMs));
  const hi = 10 ** Math.ceil(Math.log10(bins[bins.length - 1].upperMs));
  return [lo, hi > lo ? hi : lo * 10];
}

/** 1-2-5 ticks per decade inside [min, max]. */
export function logTicks(minMs: number, maxMs: number): number[] {
  const ticks: number[] = [];
  for (let exp = Math.floor(Math.log10(minMs)); exp <= Math.ceil(Math.log10(maxMs)); exp++) {
    for (const m of [1, 2, 5]) {
      const value = m * 10 ** exp;
      if (value >= minMs * 0.999 && value <= maxMs * 1.001) ticks.push(Number(value.toPrecision(3)));
    }
  }
  return ticks;
}

/** A brushed pixel interval as a duration range, widened to whole bins so no trace at the edge is lost. */
export function brushToRange(x0: number, x1: number, scale: LogScale, bins: readonly LatencyBin[]): { minMs: number; maxMs: number } | null {
  const [a, b] = x0 <= x1 ? [x0, x1] : [x1, x0];
  if (b - a < 2) return null;
  let minMs = scale.toMs(a);
  let maxMs = scale.toMs(b);
  for (const bin of bins) {
    if (bin.upperMs > minMs && bin.lowerMs < minMs) minMs = bin.lowerMs;
    if (bin.lowerMs < maxMs && bin.upperMs > maxMs) maxMs = bin.upperMs;
  }
  return { minMs, maxMs };
}
