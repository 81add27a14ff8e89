import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { DuckDBDataChunk, DuckDBInstance } from '@duckdb/node-api';
import type { DuckDBConnection, DuckDBType, DuckDBValue, DuckDBVector } from '@duckdb/node-api';
import { SerialQueue } from './serial-queue.js';

/** A row as the embedded store reads it back: DuckDB values converted to plain JS. */
export type Row = Record<string, unknown>;

/** A bound query parameter (`?` placeholder). */
export type SqlParam = string | number | boolean;

/** DuckDB's vector size: a data chunk holds at most this many rows. */
const CHUNK_ROWS = 2048;

/** One connection plus the queue that keeps its statements from overlapping. */
class SerialConnection {
  private readonly queue = new SerialQueue();
  constructor(readonly connection: DuckDBConnection) {}

  run<T>(task: (connection: DuckDBConnection) => Promise<T>): Promise<T> {
    return this.queue.run(() => task(this.connection));
  }
}

export interface DuckDbDatabaseOptions {
  dataDir: string;
  /** Read connections, so a slow search does not hold up trace-by-id lookups. Default 2. */
  readConnections?: number;
  /** DuckDB worker threads. Default: DuckDB's own (one per core). */
  threads?: number;
  /** DuckDB's memory cap (e.g. '1GB'); past it DuckDB spills to temporary files. Default 1GB. */
  memoryLimit?: string;
}

/**
 * The DuckDB file under `dataDir` with one write connection (every write is serialised through
 * it: DuckDB has one writer per table at a time anyway, and our write path is several
 * statements that must not interleave) and a few read connections that see committed data.
 */
export class DuckDbDatabase {
  private instance?: DuckDBInstance;
  private writer?: SerialConnection;
  private readers: SerialConnection[] = [];
  private nextReader = 0;
  private closed = false;

  constructor(private readonly options: DuckDbDatabaseOptions) {}

  get path(): string {
    return join(this.options.dataDir, 'sightline.duckdb');
  }

  async open(): Promise<void> {
    mkdirSync(this.options.dataDir, { recursive: true });
    const config: Record<string, string> = {};
    if (this.options.threads !== undefined) config.threads = String(this.options.threads);
    // DuckDB takes 80% of the machine's memory by default; the collector promises bounded memory,
    // so cap it (DuckDB spills to disk past the cap instead of growing).
    config.memory_limit = this.options.memoryLimit ?? '1GB';
    this.instance = await DuckDBInstance.create(this.path, config);
    this.writer = new SerialConnection(await this.instance.connect());
    // Checkpoint (fold the WAL into the file) every 256 MB of WAL instead of DuckDB's 16 MB:
    // under a steady ingest the default checkpoints every couple of batches.
    await this.writer.run((connection) => connection.run("SET checkpoint_threshold = '256MB'"));
    const readerCount = this.options.readConnections ?? 2;
    for (let i = 0; i < readerCount; i++) {
      this.readers.push(new SerialConnection(await this.instance.connect()));
    }
  }

  /** Runs `task` on the write connection, after every write queued before it. */
  write<T>(task: (connection: DuckDBConnection) => Promise<T>): Promise<T> {
    return this.requireWriter().run(task);
  }

  /** Runs a read-only query on one of the read connections and returns its rows. */
  query(sql: string, params: readonly SqlParam[] = []): Promise<Row[]> {
    return this.read(async (connection) => {
      const reader = await connection.runAndReadAll(sql, params as DuckDBValue[]);
      return reader.getRowObjectsJS() as Row[];
    });
  }

  /**
   * Runs a read-only query on a read connection and hands each result chunk to `onChunk` as it
   * is produced, for callers that read columns straight from the vectors: converting a large
   * result into row objects costs far more than DuckDB's own work (measured ~4x for 115k
   * aggregate rows with BLOB histograms, where every blob becomes a wrapped, copied value).
   * The chunk is only valid during the call.
   */
  scan(sql: string, params: readonly SqlParam[], onChunk: (chunk: DuckDBDataChunk) => void): Promise<void> {
    return this.read(async (connection) => {
      const result = await connection.stream(sql, params as DuckDBValue[]);
      for (;;) {
        const chunk = await result.fetchChunk();
        if (!chunk || chunk.rowCount === 0) break;
        onChunk(chunk);
      }
    });
  }

  /** Runs `task` on the next read connection in turn. */
  private read<T>(task: (connection: DuckDBConnection) => Promise<T>): Promise<T> {
    if (this.closed || this.readers.length === 0) {
      return Promise.reject(new Error('embedded storage is not open'));
    }
    return this.readers[this.nextReader++ % this.readers.length].run(task);
  }

  async close(): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    const connections = [this.writer, ...this.readers].filter((c): c is SerialConnection => c !== undefined);
    // Wait for statements in flight, then release; closing the instance checkpoints the WAL.
    await Promise.all(connections.map((c) => c.run(async (connection) => connection.closeSync())));
    this.instance?.closeSync();
    this.instance = undefined;
    this.writer = undefined;
    this.readers = [];
  }

  private requireWriter(): SerialConnection {
    if (this.closed || !this.writer) throw new Error('embedded storage is not open');
    return this.writer;
  }
}

/**
 * Bulk-loads columns into `table` through DuckDB's appender in data chunks (no SQL per row).
 * `columns[i]` holds the values of column i, all of the same length.
 */
export async function appendColumns(
  connection: DuckDBConnection,
  table: string,
  types: readonly DuckDBType[],
  columns: readonly (readonly DuckDBValue[])[],
  schema = 'main',
  catalog = 'temp',
): Promise<void> {
  const chunks = await renderChunks(types, columns[0]?.length ?? 0, (vectors, offset, from, to) => {
    for (let i = 0; i < columns.length; i++) {
      for (let row = from; row < to; row++) vectors[i].setItem(row, columns[i][offset + row]);
    }
  });
  await appendChunks(connection, table, chunks, schema, catalog);
}

/** Fills rows [from, to) of a chunk's column vectors; row r of the chunk is item `offset + r`. */
export type ChunkFiller = (vectors: readonly DuckDBVector[], offset: number, from: number, to: number) => void;

/**
 * Renders `rowCount` rows into DuckDB data chunks, `fill` writing each chunk's vectors directly:
 * no column arrays of the whole batch in between. The values rendered for one chunk (strings
 * above all) die young once copied into the chunk, so V8's scavenges no longer copy and promote
 * a whole batch of them (with column arrays that was most of the store's GC time). Chunks need
 * no connection, so rendering does not hold the write connection (other signals' writes run
 * meanwhile). At most {@link YIELD_EVERY_ROWS} rows are filled between event-loop turns, so reads
 * are not held up.
 */
export async function renderChunks(types: readonly DuckDBType[], rowCount: number, fill: ChunkFiller): Promise<DuckDBDataChunk[]> {
  const chunks: DuckDBDataChunk[] = [];
  for (let offset = 0; offset < rowCount; offset += CHUNK_ROWS) {
    const size = Math.min(CHUNK_ROWS, rowCount - offset);
    const chunk = DuckDBDataChunk.create(types, size);
    chunk.rowCount = size;
    const vectors = types.map((_, i) => chunk.getColumnVector(i));
    for (let from = 0; from < size; from += YIELD_EVERY_ROWS) {
      if (from > 0 || offset > 0) await yieldToEventLoop();
      fill(vectors, offset, from, Math.min(size, from + YIELD_EVERY_ROWS));
    }
    for (const vector of vectors) vector.flush();
    chunks.push(chunk);
  }
  return chunks;
}

/** Appends chunks from {@link renderChunks} to `table` through DuckDB's appender. */
export async function appendChunks(
  connection: DuckDBConnection,
  table: string,
  chunks: readonly DuckDBDataChunk[],
  schema = 'main',
  catalog = 'temp',
): Promise<void> {
  if (chunks.length === 0) return;
  const appender = await connection.createAppender(table, schema, catalog);
  try {
    for (const chunk of chunks) appender.appendDataChunk(chunk);
    appender.flushSync();
  } finally {
    appender.closeSync();
    // Free the chunks' strings now. A chunk is native memory V8 does not see (a few MB of
    // strings behind a small wrapper object), released only when the wrapper is collected: under
    // a steady ingest that left hundreds of MB of spent chunks waiting for a major GC.
    for (const chunk of chunks) chunk.reset();
  }
}

const YIELD_EVERY_ROWS = 512;

/** Lets pending I/O callbacks (query results, HTTP requests) run before continuing. */
export function yieldToEventLoop(): Promise<void> {
  return new Promise((resolve) => setImmediate(resolve));
}

/** Runs `statements` in one transaction on `connection`, rolling back on failure. */
export async function inTransaction(connection: DuckDBConnection, statements: () => Promise<void>): Promise<void> {
  await connection.run('BEGIN TRANSACTION');
  try {
    await statements();
    await connection.run('COMMIT');
  } catch (error) {
    await connection.run('ROLLBACK').catch(() => undefined);
    throw error;
  }
}

/**
 * Runs `statements` as one transaction in a single round trip (DuckDB executes a multi-statement
 * script in order), then `cleanup` whatever the outcome. On failure the transaction is rolled
 * back and the error rethrown.
 */
export async function runScript(connection: DuckDBConnection, statements: readonly string[], cleanup?: string): Promise<void> {
  const script = ['BEGIN TRANSACTION', ...statements, 'COMMIT'].join(';\n');
  try {
    await connection.run(cleanup ? `${script};\n${cleanup}` : script);
  } catch (error) {
    await connection.run('ROLLBACK').catch(() => undefined);
    if (cleanup) await connection.run(cleanup).catch(() => undefined);
    throw error;
  }
}
