import type { Client } from '@elastic/elasticsearch';
import { errors } from '@elastic/elasticsearch';

/**
 * Bulk writes with per-item failure handling.
 *
 * Documents are serialised once into NDJSON lines, cut into requests by count and bytes, sent
 * with bounded concurrency. Per item: 429 and 5xx are retried with exponential backoff (only the
 * failed items); a 400 is a rejection (mapping/parsing): retrying cannot help, so it is counted
 * and reported through `onRejected` — never dropped silently. Items still failing after the last
 * retry, and transport errors (cluster down, timeout), reject the promise so the pipeline retries
 * the batch; ids are deterministic, so a retried document replaces itself instead of duplicating
 * (lookup documents have generated ids: a copy of one is harmless).
 */
export type BulkOperation = BulkTarget & ({ doc: unknown; json?: never } | { json: string; doc?: never });

/** Where an operation's document goes (the document itself, or its JSON already serialised, is in BulkOperation). */
interface BulkTarget {
  index: string;
  /** Absent: Elasticsearch generates one (no id check; only for documents whose copies are harmless). */
  id?: string;
}

export interface BulkWriterOptions {
  maxDocsPerRequest: number;
  maxBytesPerRequest: number;
  concurrency: number;
  /** Retries of items answered 429/5xx before the write rejects. */
  maxItemRetries: number;
  initialBackoffMs: number;
  onRejected: (signal: string, count: number, reason: string) => void;
  /** Runs before every write; a rejection fails the write (e.g. templates not installable yet). */
  beforeWrite: () => Promise<void>;
}

interface ItemResult {
  status: number;
  error?: { type?: string; reason?: string };
}

interface PreparedOp {
  payload: string;
  bytes: number;
}

export class BulkWriteError extends Error {
  constructor(message: string, options?: ErrorOptions) {
    super(message, options);
    this.name = 'BulkWriteError';
  }
}

function prepare(op: BulkOperation): PreparedOp {
  const target = op.id === undefined ? { _index: op.index } : { _index: op.index, _id: op.id };
  const action = JSON.stringify({ index: target });
  const payload = `${action}\n${op.json ?? JSON.stringify(op.doc)}\n`;
  return { payload, bytes: Buffer.byteLength(payload) };
}

function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}

export class BulkWriter {
  constructor(
    private readonly client: Client,
    private readonly options: BulkWriterOptions,
  ) {}

  async write(signal: string, operations: readonly BulkOperation[]): Promise<void> {
    if (operations.length === 0) return;
    try {
      await this.options.beforeWrite();
    } catch (error) {
      throw new BulkWriteError(`elasticsearch not ready for writes: ${(error as Error).message}`, { cause: error });
    }
    let pending: readonly (BulkOperation | PreparedOp)[] = operations;
    for (let attempt = 0; pending.length > 0; attempt++) {
      const retryable: PreparedOp[] = [];
      const rejectedReasons: string[] = [];
      await this.sendAll(pending, (chunk, results) => {
        results.forEach((result, index) => {
          const op = chunk[index];
          if (result.status < 300) return;
          if (result.status === 429 || result.status >= 500 || result.status === 404) retryable.push(op);
          else rejectedReasons.push(`${result.error?.type ?? result.status}: ${result.error?.reason ?? ''}`);
        });
      });
      if (rejectedReasons.length > 0) this.options.onRejected(signal, rejectedReasons.length, rejectedReasons[0]);
      if (retryable.length === 0) return;
      if (attempt >= this.options.maxItemRetries) {
        throw new BulkWriteError(`${retryable.length} ${signal} documents not written after ${attempt + 1} attempts`);
      }
      const backoff = this.options.initialBackoffMs * 2 ** attempt;
      await sleep(backoff / 2 + Math.random() * backoff);
      pending = retryable;
    }
  }

  /**
   * Serialises operations into requests and sends them, up to `concurrency` at a time. A request
   * leaves as soon as it is full, so serialising the next one overlaps the cluster indexing this
   * one (the collector and Elasticsearch use different cores).
   */
  private async sendAll(
    operations: readonly (BulkOperation | PreparedOp)[],
    onResults: (chunk: PreparedOp[], results: ItemResult[]) => void,
  ): Promise<void> {
    const inFlight = new Set<Promise<void>>();
    let failure: unknown;
    const dispatch = async (chunk: PreparedOp[]) => {
      while (inFlight.size >= this.options.concurrency) await Promise.race(inFlight);
      const request = this.send(chunk)
        .then((results) => onResults(chunk, results))
        .catch((error: unknown) => {
          failure ??= error;
        })
        .finally(() => inFlight.delete(request));
      inFlight.add(request);
    };
    let chunk: PreparedOp[] = [];
    let bytes = 0;
    for (const operation of operations) {
      if (failure !== undefined) break;
      const op = 'payload' in operation ? operation : prepare(operation);
      if (chunk.length > 0 && (chunk.length >= this.options.maxDocsPerRequest || bytes + op.bytes > this.options.maxBytesPerRequest)) {
        await dispatch(chunk);
        chunk = [];
        bytes = 0;
      }
      chunk.push(op);
      bytes += op.bytes;
    }
    if (chunk.length > 0 && failure === undefined) await dispatch(chunk);
    await Promise.all(inFlight);
    if (failure !== undefined) throw failure;
  }

  /** One `_bulk` request; a whole-request 429 counts as 429 for every item. */
  private async send(chunk: PreparedOp[]): Promise<ItemResult[]> {
    try {
      const response = await this.client.transport.request<{ errors: boolean; items?: Record<string, ItemResult>[] }>({
        method: 'POST',
        path: '/_bulk',
        querystring: { filter_path: 'errors,items.*.status,items.*.error.type,items.*.error.reason' },
        bulkBody: chunk.map((op) => op.payload).join(''),
      });
      if (!response.errors) return chunk.map(() => ({ status: 200 }));
      return (response.items ?? []).map((item) => Object.values(item)[0]);
    } catch (error) {
      if (error instanceof errors.ResponseError && error.statusCode === 429) return chunk.map(() => ({ status: 429 }));
      throw new BulkWriteError(`elasticsearch bulk request failed: ${(error as Error).message}`, { cause: error });
    }
  }
}
