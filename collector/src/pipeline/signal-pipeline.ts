import { setTimeout as sleep } from 'node:timers/promises';
import type { QueueConfig } from '../config/collector-config.js';
import type { Signal } from '../receiver/signal.js';
import type { SelfMetrics } from '../telemetry/self-metrics.js';
import { BoundedQueue } from './bounded-queue.js';
import type { Logger } from './logger.js';

/** What happened to items offered to the pipeline. */
export type OfferResult = 'accepted' | 'full' | 'storage_down' | 'stopped';

/**
 * One signal's path to storage: a bounded queue drained by one writer loop in batches of up to
 * `batchSize` (batches grow by themselves under load, since items pile up while a write is in
 * flight). A failed write is retried with exponential backoff; its items stay counted in the
 * queue meanwhile, so a slow or failing store turns into 429/503 for senders, never into memory.
 */
export class SignalPipeline<T> {
  private readonly queue: BoundedQueue<T>;
  private writing = false;
  private stopped = false;
  private failing = false;
  private idleWaiters: (() => void)[] = [];

  constructor(
    readonly signal: Signal,
    private readonly write: (items: readonly T[]) => Promise<void>,
    private readonly config: QueueConfig,
    private readonly metrics: SelfMetrics,
    private readonly logger: Logger,
  ) {
    this.queue = new BoundedQueue<T>(config.maxItems, config.maxBytes);
    this.updateGauges();
  }

  /** True while the last write failed (and is being retried): the store looks down. */
  get storageFailing(): boolean {
    return this.failing;
  }

  get queuedItems(): number {
    return this.queue.items;
  }

  /** Cheap check before decoding a request: would anything be refused right now? */
  precheck(): OfferResult {
    if (this.stopped) return 'stopped';
    if (this.queue.isFull) return this.failing ? 'storage_down' : 'full';
    return 'accepted';
  }

  offer(items: readonly T[], bytes: number): OfferResult {
    if (this.stopped) return 'stopped';
    if (items.length === 0) return 'accepted';
    if (!this.queue.tryPush(items, bytes)) return this.failing ? 'storage_down' : 'full';
    this.updateGauges();
    this.schedule();
    return 'accepted';
  }

  /** Stops accepting; resolves when everything accepted was written (or given up on after its retries). */
  async drain(): Promise<void> {
    this.stopped = true;
    this.schedule();
    if (!this.writing && !this.queue.hasPending) return;
    await new Promise<void>((resolve) => this.idleWaiters.push(resolve));
  }

  /** Resolves once the queue is empty and no write is in flight (tests, flush before reads). */
  async idle(): Promise<void> {
    if (!this.writing && !this.queue.hasPending) return;
    await new Promise<void>((resolve) => this.idleWaiters.push(resolve));
  }

  private schedule(): void {
    if (this.writing || !this.queue.hasPending) return;
    this.writing = true;
    void this.writeLoop();
  }

  private async writeLoop(): Promise<void> {
    try {
      while (this.queue.hasPending) {
        const { items, bytes } = this.queue.take(this.config.batchSize);
        await this.writeWithRetry(items);
        this.queue.release(items.length, bytes);
        this.updateGauges();
      }
    } finally {
      this.writing = false;
      const waiters = this.idleWaiters;
      this.idleWaiters = [];
      for (const resolve of waiters) resolve();
    }
  }

  private async writeWithRetry(items: readonly T[]): Promise<void> {
    let delay = this.config.retryInitialMs;
    for (let attempt = 0; ; attempt++) {
      const endTimer = this.metrics.writeDuration.startTimer({ signal: this.signal });
      try {
        await this.write(items);
        endTimer();
        if (this.failing) this.logger.info({ signal: this.signal }, 'storage writes recovered');
        this.failing = false;
        this.metrics.written.inc({ signal: this.signal }, items.length);
        return;
      } catch (error) {
        endTimer();
        this.metrics.writeErrors.inc({ signal: this.signal });
        if (!this.failing) this.logger.warn({ signal: this.signal, err: error }, 'storage write failed; retrying with backoff');
        this.failing = true;
        if (attempt >= this.config.maxWriteRetries) {
          this.metrics.dropped.inc({ signal: this.signal }, items.length);
          this.logger.error({ signal: this.signal, items: items.length, err: error }, 'storage write failed after every retry; items dropped');
          return;
        }
        // A ref'd timer: pending writes must keep the process alive (graceful shutdown relies on it).
        await sleep(delay);
        delay = Math.min(delay * 2, this.config.retryMaxMs);
      }
    }
  }

  private updateGauges(): void {
    this.metrics.queueItems.set({ signal: this.signal }, this.queue.items);
    this.metrics.queueBytes.set({ signal: this.signal }, this.queue.bytes);
  }
}
