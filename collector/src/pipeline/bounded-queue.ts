/** One accepted request's items, with the bytes it is accounted for. */
export interface QueuedBatch<T> {
  items: readonly T[];
  bytes: number;
}

/**
 * A FIFO of batches bounded in items AND bytes. `tryPush` refuses (returns false) instead of
 * growing past either bound, so memory stays bounded whatever the senders do; a single batch
 * larger than the whole capacity is still refused (the sender must split it).
 */
export class BoundedQueue<T> {
  private readonly batches: QueuedBatch<T>[] = [];
  private head = 0;
  private itemCount = 0;
  private byteCount = 0;

  constructor(
    readonly maxItems: number,
    readonly maxBytes: number,
  ) {}

  get items(): number {
    return this.itemCount;
  }

  get bytes(): number {
    return this.byteCount;
  }

  /** Batches waiting to be taken (items taken but not yet released are not pending). */
  get hasPending(): boolean {
    return this.head < this.batches.length;
  }

  /** True when nothing more fits (used to refuse a request before decoding it). */
  get isFull(): boolean {
    return this.itemCount >= this.maxItems || this.byteCount >= this.maxBytes;
  }

  tryPush(items: readonly T[], bytes: number): boolean {
    if (this.itemCount + items.length > this.maxItems || this.byteCount + bytes > this.maxBytes) return false;
    this.batches.push({ items, bytes });
    this.itemCount += items.length;
    this.byteCount += bytes;
    return true;
  }

  /**
   * Takes whole batches from the front until `maxItems` would be passed (at least one batch, split
   * when it alone is bigger). The returned items stay accounted for until `release` is called, so
   * back-pressure holds while a write is in flight or being retried.
   */
  take(maxItems: number): { items: T[]; bytes: number } {
    const items: T[] = [];
    let bytes = 0;
    while (this.head < this.batches.length) {
      const batch = this.batches[this.head];
      const room = maxItems - items.length;
      if (room <= 0) break;
      if (batch.items.length <= room) {
        for (const item of batch.items) items.push(item);
        bytes += batch.bytes;
        this.head++;
      } else {
        // Split: take what fits, leave the rest (with its share of the bytes) at the front.
        const share = Math.floor((batch.bytes * room) / batch.items.length);
        for (let i = 0; i < room; i++) items.push(batch.items[i]);
        this.batches[this.head] = { items: batch.items.slice(room), bytes: batch.bytes - share };
        bytes += share;
      }
    }
    if (this.head > 1024 && this.head * 2 > this.batches.length) {
      this.batches.splice(0, this.head);
      this.head = 0;
    }
    return { items, bytes };
  }

  /** Frees the accounting of items taken earlier (written or given up on). */
  release(items: number, bytes: number): void {
    this.itemCount -= items;
    this.byteCount -= bytes;
  }
}
