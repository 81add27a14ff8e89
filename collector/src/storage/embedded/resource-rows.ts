import { createHash } from 'node:crypto';
import { UBIGINT, VARCHAR } from '@duckdb/node-api';
import type { DuckDBType, DuckDBValue } from '@duckdb/node-api';
import type { ResourceInfo } from '../../model/attributes.js';
import { appendColumns } from './duckdb-database.js';
import type { DuckDBConnection } from '@duckdb/node-api';
import { attributeFilterEntry, attributeText, decodeJson, memoByIdentity } from './row-codec.js';
import type { DuckDbDatabase, SqlParam } from './duckdb-database.js';
import type { AttributeFilter } from '../time-range.js';

/**
 * Resources are stored once in `resources` and referenced by id from spans and logs. A resource
 * (service name, version, host, runtime...) is typically half of a span's bytes and identical for
 * thousands of spans: storing it per span doubled the bytes the appender converts and the
 * checkpoint compresses.
 */
const RESOURCE_COLUMN_TYPES: readonly DuckDBType[] = [UBIGINT, VARCHAR, VARCHAR];

const resourceJson = memoByIdentity<ResourceInfo>((resource) => JSON.stringify(resource));

/** 64 bits of the SHA-1 of the resource's JSON: equal resources share an id across batches and restarts. */
export const resourceId = memoByIdentity<ResourceInfo, bigint>((resource) =>
  BigInt(`0x${createHash('sha1').update(resourceJson(resource)).digest('hex').slice(0, 16)}`),
);

/**
 * Stages the distinct resources of a batch (on the write connection). The statement from
 * {@link STORE_STAGED_RESOURCES} then stores the new ones inside the batch's transaction.
 */
export async function stageResources(connection: DuckDBConnection, resources: Iterable<ResourceInfo>): Promise<void> {
  const columns: DuckDBValue[][] = [[], [], []];
  const seen = new Set<bigint>();
  for (const resource of resources) {
    const id = resourceId(resource);
    if (seen.has(id)) continue;
    seen.add(id);
    columns[0].push(id);
    columns[1].push(attributeText(resource.attributes));
    columns[2].push(resourceJson(resource));
  }
  await appendColumns(connection, 'stage_resources', RESOURCE_COLUMN_TYPES, columns);
}

export const STORE_STAGED_RESOURCES = 'INSERT OR IGNORE INTO resources SELECT * FROM stage_resources';
export const CLEAR_STAGED_RESOURCES = 'DELETE FROM stage_resources';

/** Resources kept by {@link ResourceCache} before it starts over (a few hundred is typical). */
const RESOURCE_CACHE_LIMIT = 10_000;

/**
 * Resources by id, each read from `resources` once. An id is the hash of the resource's content,
 * so a cached resource never goes stale; reads of a few items (a trace's logs) then need no join.
 */
export class ResourceCache {
  private readonly byId = new Map<string, ResourceInfo>();

  constructor(private readonly db: DuckDbDatabase) {}

  /** Looks up (reading the ones not cached) the resources with these ids. */
  async resolve(ids: Iterable<unknown>): Promise<(id: unknown) => ResourceInfo> {
    const missing = new Set<string>();
    for (const id of ids) if (!this.byId.has(String(id))) missing.add(String(id));
    if (missing.size > 0) {
      if (this.byId.size + missing.size > RESOURCE_CACHE_LIMIT) this.byId.clear();
      const rows = await this.db.query(`SELECT resource_id, doc FROM resources WHERE resource_id IN (${[...missing].join(', ')})`);
      for (const row of rows) this.byId.set(String(row.resource_id), decodeJson<ResourceInfo>(row.doc as string));
    }
    return (id) => {
      const resource = this.byId.get(String(id));
      if (!resource) throw new Error(`unknown resource ${String(id)}`);
      return resource;
    };
  }
}

/**
 * SQL conditions requiring each filter to match an item attribute (in `column`, an `attr_text`)
 * or an attribute of the item's resource. Matching resources are looked up first (a small table),
 * so the scan of the items tests a literal id list instead of running a subquery per filter.
 */
export async function attributeConditions(
  db: DuckDbDatabase,
  column: string,
  resourceIdColumn: string,
  filters: readonly AttributeFilter[] | undefined,
  params: SqlParam[],
): Promise<string[]> {
  const conditions: string[] = [];
  for (const filter of filters ?? []) {
    const entry = attributeFilterEntry(filter);
    const resources = await db.query('SELECT resource_id FROM resources WHERE contains(attr_text, ?)', [entry]);
    params.push(entry);
    const ids = resources.map((row) => String(row.resource_id));
    conditions.push(ids.length === 0 ? `contains(${column}, ?)` : `(contains(${column}, ?) OR ${resourceIdColumn} IN (${ids.join(', ')}))`);
  }
  return conditions;
}
