import assert from 'node:assert/strict';
import { setTimeout as sleep } from 'node:timers/promises';
import { describe, it } from 'node:test';
import { EarlyTraceAnswers } from '../../src/query/early-trace-answers.js';

/** Answers that record which traces were loaded; `fail` makes the next loads reject. */
function loader() {
  const loaded: string[] = [];
  let fail = false;
  const load = async (traceId: string) => {
    loaded.push(traceId);
    if (fail) throw new Error(`no trace ${traceId}`);
    return { traceId };
  };
  return { loaded, load, failNext: () => (fail = true) };
}

describe('EarlyTraceAnswers', () => {
  it('hands a started answer to one taker only', async () => {
    const { loaded, load } = loader();
    const early = new EarlyTraceAnswers(load);
    early.start('t1');
    early.start('t1');
    assert.deepEqual(loaded, ['t1'], 'a second start of a pending answer does not load again');
    assert.deepEqual(await early.take('t1'), { traceId: 't1' });
    assert.equal(early.take('t1'), undefined);
    assert.equal(early.take('never-started'), undefined);
    assert.equal(early.size, 0);
  });

  it('drops an answer nobody took after its time to live', async () => {
    const { load } = loader();
    const early = new EarlyTraceAnswers(load, 20);
    early.start('t1');
    assert.equal(early.size, 1);
    await sleep(60);
    assert.equal(early.size, 0);
    assert.equal(early.take('t1'), undefined);
  });

  it('holds at most maxEntries answers, dropping the oldest', () => {
    const { load } = loader();
    const early = new EarlyTraceAnswers(load, 5_000, 2);
    for (const id of ['t1', 't2', 't3']) early.start(id);
    assert.equal(early.size, 2);
    assert.equal(early.take('t1'), undefined);
    assert.ok(early.take('t2'));
    assert.ok(early.take('t3'));
  });

  it('a failed load reaches its taker, and an untaken failure is no unhandled rejection', async () => {
    const { load, failNext } = loader();
    const unhandled: unknown[] = [];
    const onUnhandled = (reason: unknown) => unhandled.push(reason);
    process.on('unhandledRejection', onUnhandled);
    try {
      failNext();
      const early = new EarlyTraceAnswers(load, 10);
      early.start('taken');
      early.start('left');
      await assert.rejects(early.take('taken')!, /no trace taken/);
      await sleep(40);
      assert.equal(early.size, 0);
      assert.deepEqual(unhandled, []);
    } finally {
      process.off('unhandledRejection', onUnhandled);
    }
  });
});
