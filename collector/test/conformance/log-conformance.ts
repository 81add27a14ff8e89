import assert from 'node:assert/strict';
import { describe } from 'node:test';
import type { LogQuery, LogVolumeBucket } from '../../src/storage/log-store.js';
import type { ConformanceContext } from './conformance-context.js';

const T1 = '4bf92f3577b34da6a3ce929d0e0e4736';

export function registerLogConformance(ctx: ConformanceContext): void {
  const window = (): LogQuery => ({ range: ctx.range(-60_000, 1_800_000), limit: 20 });
  const ids = async (query: Partial<LogQuery>): Promise<string[]> =>
    (await ctx.storage().logs.searchLogs({ ...window(), ...query })).map((log) => log.logId);
  const fixture = (logId: string) => ctx.fixtures.logs.find((log) => log.logId === logId);

  describe('logs', () => {
    ctx.check('logs.roundTrip', 'returns every field as written, newest first', async () => {
      const found = await ctx.storage().logs.searchLogs(window());
      assert.deepEqual(
        found,
        ['log-0005', 'log-0004', 'log-0003', 'log-0002', 'log-0001'].map((id) => fixture(id)),
      );
    });
    ctx.check('logs.idempotent', 'stores a record written twice once', async () => {
      assert.equal((await ctx.storage().logs.getLogsForTrace(T1)).length, 2);
    });
    ctx.check('logs.search', 'honours limit and range', async () => {
      assert.deepEqual(await ids({ limit: 2 }), ['log-0005', 'log-0004']);
      assert.deepEqual(await ids({ range: ctx.range(50_000, 100_000) }), ['log-0004', 'log-0003']);
      assert.deepEqual(await ids({ range: ctx.range(-7_300_000, -7_100_000) }), ['log-0006']);
    });
    ctx.check('logs.search', 'filters by service and minimum severity', async () => {
      assert.deepEqual(await ids({ serviceName: 'payments' }), ['log-0005', 'log-0002']);
      assert.deepEqual(await ids({ minSeverityNumber: 17 }), ['log-0005', 'log-0002']);
      assert.deepEqual(await ids({ serviceName: 'frontend', minSeverityNumber: 9 }), ['log-0001']);
    });
    ctx.check('logs.text', 'filters by case-insensitive text in the body, structured bodies included', async () => {
      assert.deepEqual(await ids({ text: 'DECLINED' }), ['log-0002']);
      assert.deepEqual(await ids({ text: 'stock low' }), ['log-0003']);
      assert.deepEqual(await ids({ text: 'no such words' }), []);
    });
    ctx.check('logs.trace', 'filters by trace id and span id', async () => {
      assert.deepEqual(await ids({ traceId: T1 }), ['log-0002', 'log-0001']);
      assert.deepEqual(await ids({ traceId: T1, spanId: '00f067aa0ba902b7' }), ['log-0001']);
    });
    ctx.check('logs.attributes', 'filters by log and resource attributes', async () => {
      assert.deepEqual(await ids({ attributes: [{ key: 'item.id', value: 'sku-42' }] }), ['log-0003']);
      assert.deepEqual(await ids({ attributes: [{ key: 'cart.items', value: '3' }] }), ['log-0001']);
      assert.deepEqual(await ids({ attributes: [{ key: 'retryable', value: 'false' }] }), ['log-0002']);
      assert.deepEqual(
        await ids({ attributes: [{ key: 'deployment.environment', value: 'prod' }, { key: 'payment.provider', value: 'stripe' }] }),
        ['log-0005', 'log-0002'],
      );
    });
    ctx.check('logs.forTrace', 'returns every record of a trace oldest first, without a time range', async () => {
      assert.deepEqual(await ctx.storage().logs.getLogsForTrace(T1), [fixture('log-0001'), fixture('log-0002')]);
      assert.deepEqual(await ctx.storage().logs.getLogsForTrace('ffffffffffffffffffffffffffffffff'), []);
    });
    ctx.check('logs.volume', 'counts records per step and upper-cased severity', async () => {
      const base = ctx.fixtures.baseUnixMs;
      const volume = await ctx.storage().logs.logVolume(window(), 60_000);
      const expected: LogVolumeBucket[] = [
        { timeUnixMs: base, severityText: 'ERROR', count: 1 },
        { timeUnixMs: base, severityText: 'INFO', count: 1 },
        { timeUnixMs: base + 60_000, severityText: 'DEBUG', count: 1 },
        { timeUnixMs: base + 60_000, severityText: 'WARN', count: 1 },
        { timeUnixMs: base + 300_000, severityText: 'ERROR', count: 1 },
      ];
      assert.deepEqual(sortVolume(volume), expected);
      const errors = await ctx.storage().logs.logVolume({ ...window(), minSeverityNumber: 17, limit: 1 }, 3_600_000);
      assert.deepEqual(sortVolume(errors), [{ timeUnixMs: base, severityText: 'ERROR', count: 2 }]);
    });
  });
}

function sortVolume(buckets: LogVolumeBucket[]): LogVolumeBucket[] {
  return [...buckets].sort((a, b) => a.timeUnixMs - b.timeUnixMs || a.severityText.localeCompare(b.severityText));
}
