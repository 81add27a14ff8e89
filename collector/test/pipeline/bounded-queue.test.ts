import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { BoundedQueue } from '../../src/pipeline/bounded-queue.js';

describe('BoundedQueue', () => {
  it('refuses a batch that would pass the item bound or the byte bound', () => {
    const q = new BoundedQueue<number>(10, 1000);
    assert.equal(q.tryPush([1, 2, 3, 4, 5, 6], 100), true);
    assert.equal(q.tryPush([7, 8, 9, 10, 11], 100), false, 'items');
    assert.equal(q.tryPush([7], 950), false, 'bytes');
    assert.equal(q.tryPush([7, 8, 9, 10], 900), true);
    assert.equal(q.isFull, true);
    assert.equal(q.items, 10);
    assert.equal(q.bytes, 1000);
  });

  it('keeps taken items accounted until released, and splits a batch larger than the take', () => {
    const q = new BoundedQueue<number>(10, 1000);
    q.tryPush([1, 2, 3, 4], 400);
    q.tryPush([5, 6], 200);
    const first = q.take(3);
    assert.deepEqual(first.items, [1, 2, 3]);
    assert.equal(first.bytes, 300);
    assert.equal(q.items, 6, 'still accounted while in flight');
    q.release(first.items.length, first.bytes);
    const second = q.take(10);
    assert.deepEqual(second.items, [4, 5, 6]);
    assert.equal(second.bytes, 300);
    q.release(second.items.length, second.bytes);
    assert.equal(q.items, 0);
    assert.equal(q.bytes, 0);
    assert.equal(q.hasPending, false);
  });
});
