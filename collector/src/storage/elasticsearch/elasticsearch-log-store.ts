import type { LogRecord } from '../../model/log-record.js';
import type { LogQuery, LogReader, LogVolumeBucket, LogWriter } from '../log-store.js';
import type { BulkOperation } from './bulk-writer.js';
import { logFromDoc, logToJson } from './documents.js';
import type { Doc } from './documents.js';
import { indexName, nanosToMs, recentIndices } from './index-names.js';
import { logVolumeRequest, searchLogsRequest, traceLogsRequest } from './log-queries.js';
import { MAX_PAGE } from './span-queries.js';
import { PendingLookups, queueResource, queueTraceLookup, rememberLookups, itemsWithResources, resourceMatches, search, traceIndices } from './store-context.js';
import type { StoreContext } from './store-context.js';

interface VolumeBuckets {
  volume: { buckets: { key: { time: number; severity: string }; doc_count: number }[]; after_key?: Record<string, unknown> };
}

/** Logs: one document per record in `<prefix>-logs-<day>`; correlated ones also get a trace → day lookup. */
export class ElasticsearchLogStore implements LogReader, LogWriter {
  constructor(private readonly context: StoreContext) {}

  async writeLogs(logs: readonly LogRecord[]): Promise<void> {
    const { prefix } = this.context;
    const operations: BulkOperation[] = [];
    const lookups = new PendingLookups();
    for (const log of logs) {
      const timeMs = nanosToMs(log.timeUnixNano);
      operations.push({ index: indexName(prefix, 'logs', timeMs), id: log.logId, json: logToJson(log) });
      if (log.traceId !== '') queueTraceLookup(this.context, lookups, 'logs', log.traceId, timeMs);
      queueResource(this.context, lookups, log.resource, timeMs);
    }
    await this.context.bulk.write('logs', [...operations, ...lookups.operations()]);
    rememberLookups(this.context, lookups);
  }

  async searchLogs(query: LogQuery): Promise<LogRecord[]> {
    if (query.limit <= 0) return [];
    const resources = await resourceMatches(this.context, query.range, query.attributes);
    const response = await search<Doc>(this.context, searchLogsRequest(this.context.prefix, query, resources));
    return itemsWithResources(this.context, response?.hits.hits ?? [], logFromDoc);
  }

  /** Like getTrace: recent days at once, older days the lookup names after; oldest first. */
  async getLogsForTrace(traceId: string): Promise<LogRecord[]> {
    const recent = recentIndices(this.context.prefix, 'logs', Date.now());
    const [indices, recentLogs] = await Promise.all([
      traceIndices(this.context, 'logs', [traceId]),
      this.logsIn(recent, traceId),
    ]);
    const older = indices.filter((index) => !recent.includes(index));
    if (older.length === 0) return recentLogs;
    const logs = [...(await this.logsIn(older, traceId)), ...recentLogs];
    return logs.sort((a, b) =>
      a.timeUnixNano !== b.timeUnixNano ? (a.timeUnixNano < b.timeUnixNano ? -1 : 1) : a.logId < b.logId ? -1 : a.logId > b.logId ? 1 : 0,
    );
  }

  private async logsIn(indices: string[], traceId: string): Promise<LogRecord[]> {
    const logs: LogRecord[] = [];
    let after: unknown[] | undefined;
    for (;;) {
      const response = await search<Doc>(this.context, traceLogsRequest(indices, traceId, after));
      const hits = response?.hits.hits ?? [];
      logs.push(...(await itemsWithResources(this.context, hits, logFromDoc)));
      if (hits.length < MAX_PAGE) return logs;
      after = hits[hits.length - 1].sort as unknown[];
    }
  }

  async logVolume(query: LogQuery, stepMs: number): Promise<LogVolumeBucket[]> {
    const buckets: LogVolumeBucket[] = [];
    const resources = await resourceMatches(this.context, query.range, query.attributes);
    let after: Record<string, unknown> | undefined;
    for (;;) {
      const response = await search(this.context, logVolumeRequest(this.context.prefix, query, stepMs, after, resources));
      const volume = (response?.aggregations as VolumeBuckets | undefined)?.volume;
      for (const bucket of volume?.buckets ?? []) {
        buckets.push({ timeUnixMs: bucket.key.time, severityText: bucket.key.severity, count: bucket.doc_count });
      }
      if (!volume?.after_key || volume.buckets.length === 0) break;
      after = volume.after_key;
    }
    return buckets;
  }
}
