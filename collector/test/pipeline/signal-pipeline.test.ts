import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { SignalPipeline } from '../../src/pipeline/signal-pipeline.js';
import { silentLogger } from '../../src/pipeline/logger.js';
import { SelfMetrics } from '../../src/telemetry/self-metrics.js';
import { STORAGE_DROPPED_ITEMS_TOTAL, STORAGE_WRITE_ERRORS_TOTAL, STORAGE_WRITTEN_ITEMS_TOTAL } from '../../src/telemetry/metric-names.js';

const queue = { maxItems: 100, maxBytes: 10_000, batchSize: 10, maxWriteRetries: 3, retryInitialMs: 1, retryMaxMs: 4 };

async function counter(metrics: SelfMetrics, name: string): Promise<number> {
  const metric = await metrics.registry.getSingleMetric(name)?.get();
  return (metric?.values ?? []).reduce((sum, v) => sum + v.value, 0);
}

describe('SignalPipeline', () => {
  it('writes in batches of at most batchSize, in order', async () => {
    const batches: number[][] = [];
    const metrics = new SelfMetrics(undefined, { processMetrics: false });
    const p = new SignalPipeline<number>('traces', async (items) => void batches.push([...items]), queue, metrics, silentLogger);
    assert.equal(p.offer(Array.from({ length: 25 }, (_, i) => i), 250), 'accepted');
    await p.idle();
    assert.deepEqual(batches.flat(), Array.from({ length: 25 }, (_, i) => i));
    assert.ok(batches.every((b) => b.length <= 10));
    assert.equal(await counter(metrics, STORAGE_WRITTEN_ITEMS_TOTAL), 25);
  });

  it('retries a failed write with backoff and succeeds without losing or duplicating items', async () => {
    let failures = 2;
    const written: number[] = [];
    const metrics = new SelfMetrics(undefined, { processMetrics: false });
    const p = new SignalPipeline<number>('logs', async (items) => {
      if (failures-- > 0) throw new Error('down');
      written.push(...items);
    }, queue, metrics, silentLogger);
    p.offer([1, 2, 3], 30);
    await p.idle();
    assert.deepEqual(written, [1, 2, 3]);
    assert.equal(await counter(metrics, STORAGE_WRITE_ERRORS_TOTAL), 2);
    assert.equal(p.storageFailing, false);
  });

  it('drops (and counts) a batch after every retry failed, then goes on', async () => {
    const metrics = new SelfMetrics(undefined, { processMetrics: false });
    let calls = 0;
    const p = new SignalPipeline<number>('metrics', async () => {
      calls++;
      throw new Error('down');
    }, queue, metrics, silentLogger);
    p.offer([1, 2], 20);
    await p.idle();
    assert.equal(calls, 1 + queue.maxWriteRetries);
    assert.equal(await counter(metrics, STORAGE_DROPPED_ITEMS_TOTAL), 2);
    assert.equal(p.queuedItems, 0, 'memory is released');
  });

  it('refuses items when full, and after drain() says stopped', async () => {
    const metrics = new SelfMetrics(undefined, { processMetrics: false });
    let release: () => void = () => {};
    const p = new SignalPipeline<number>('traces', () => new Promise<void>((resolve) => (release = resolve)), { ...queue, maxItems: 4, batchSize: 4 }, metrics, silentLogger);
    assert.equal(p.offer([1, 2, 3, 4], 10), 'accepted');
    assert.equal(p.precheck(), 'full');
    assert.equal(p.offer([5], 1), 'full');
    const drained = p.drain();
    assert.equal(p.offer([6], 1), 'stopped');
    release();
    await drained;
    assert.equal(p.queuedItems, 0);
  });
});
