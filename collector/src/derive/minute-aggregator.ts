import { createHash } from 'node:crypto';
import { recordDuration, type SparseHistogram } from '../model/latency-histogram.js';

/** What one aggregate row of one minute holds (span metrics and edges alike). */
export interface MinuteTotals {
  calls: number;
  errors: number;
  durationSumNano: number;
  histogram: SparseHistogram;
}

/** A row ready to write: its deterministic id, its minute, its dimensions and its totals. */
export interface MinuteRow<D> extends MinuteTotals {
  id: string;
  minuteUnixMs: number;
  dims: D;
}

/** One open accumulator: a (minute, dimensions) cell this process is still adding to. */
export interface MinuteCell<D> extends MinuteRow<D> {
  dirty: boolean;
  lastTouchedMs: number;
  /** Set once the cell is forgotten: a caller caching it must look the cell up again. */
  closed: boolean;
}

/** A caller's series: its aggregator key and dimensions, and the cell it last recorded into. */
export interface SeriesCell<D> {
  key: string;
  dims: D;
  cell: MinuteCell<D> | undefined;
}

export interface MinuteAggregatorOptions {
  /** Random per process: two processes (or a restart) never write the same row id. */
  instanceId: string;
  /** Cells held in memory; past this the least recently touched are written out and forgotten. */
  maxOpenCells: number;
  /** Rows of forgotten or failed cells waiting to be written; past this the oldest are dropped (counted). */
  maxPendingRows: number;
  /** A written cell untouched for this long is forgotten (its row is final). */
  idleCloseMs: number;
  now: () => number;
}

export const MINUTE_MS = 60_000;

/**
 * Per-minute aggregation with rows that are rewritten in place.
 *
 * Each (minute, dimensions) cell gets a deterministic id when it is created — a hash of the
 * process's instance id and the aggregator's name, then a per-aggregator creation counter — and every
 * flush writes the cell's *cumulative* totals under that id. Because the AggregateWriter replaces a
 * row with the same id, a retry after a failed write, or the next flush, simply overwrites it: a
 * busy minute costs one row per series (not one per flush), and nothing is ever counted twice.
 * Readers add up every row of a minute, which stays correct when a late span re-opens a minute
 * whose cell was already forgotten: the new cell has a new id and holds only the late spans.
 *
 * Memory is bounded by `maxOpenCells` + `maxPendingRows`.
 */
export class MinuteAggregator<D> {
  private readonly cells = new Map<string, MinuteCell<D>>();
  /** Final rows of cells that were forgotten before their last write succeeded. */
  private pendingRows: MinuteRow<D>[] = [];
  private createdCells = 0;
  /** First half of every row id: this process and this aggregator (see rowId). */
  private readonly idPrefix: string;
  /**
   * Calls in rows lost because the pending queue overflowed (storage down for a long time): the
   * loss that matters to a reader, on /metrics as `DERIVE_DROPPED_CALLS_TOTAL`.
   */
  droppedCalls = 0;

  /**
   * `name` tells two aggregators of one process apart, so their row ids never meet.
   * `onCallsDropped` hears of every drop counted in `droppedCalls` (for /metrics).
   */
  constructor(
    private readonly options: MinuteAggregatorOptions,
    name: string,
    private readonly onCallsDropped: (calls: number) => void,
  ) {
    this.idPrefix = createHash('sha256').update(`${options.instanceId}\u0000${name}`).digest('hex').slice(0, 16);
  }

  /**
   * The open cell of `series` for `minuteUnixMs`, created when new. The series keeps it: most of
   * its spans fall in the same minute, and then it is reused with no key string or map lookup
   * while it stays open (`closed` is set when the cell is forgotten).
   */
  cellOf(series: SeriesCell<D>, minuteUnixMs: number): MinuteCell<D> {
    const held = series.cell;
    if (held !== undefined && !held.closed && held.minuteUnixMs === minuteUnixMs) return held;
    const key = `${minuteUnixMs}|${series.key}`;
    let cell = this.cells.get(key);
    if (cell === undefined) {
      if (this.cells.size >= this.options.maxOpenCells) this.evictLeastRecentlyTouched();
      cell = {
        id: this.rowId(),
        minuteUnixMs,
        dims: series.dims,
        calls: 0,
        errors: 0,
        durationSumNano: 0,
        histogram: {},
        dirty: true,
        lastTouchedMs: 0,
        closed: false,
      };
      this.cells.set(key, cell);
    }
    series.cell = cell;
    return cell;
  }

  /** Adds one span (or edge) to a cell; `nowMs` is the arrival time (for idle closing). */
  static add<D>(cell: MinuteCell<D>, durationNano: number, isError: boolean, nowMs: number): void {
    cell.calls++;
    if (isError) cell.errors++;
    cell.durationSumNano += durationNano;
    recordDuration(cell.histogram, durationNano);
    cell.dirty = true;
    cell.lastTouchedMs = nowMs;
  }

  get openCells(): number {
    return this.cells.size;
  }

  /**
   * Writes everything that needs writing with `write`; when that fails the rows are kept for the
   * next attempt (same ids, so the retry replaces rather than adds) and the error is rethrown.
   */
  async writeOutWith(write: (rows: MinuteRow<D>[]) => Promise<void>): Promise<void> {
    const rows = this.takeRowsToWrite();
    if (rows.length > 0) {
      try {
        await write(rows);
      } catch (error) {
        this.writeFailed(rows);
        throw error;
      }
    }
    this.writeSucceeded();
  }

  /**
   * Takes everything that needs writing: pending rows plus a snapshot of every changed cell (the
   * cells are marked clean). Hand the result back through {@link writeSucceeded} or
   * {@link writeFailed}.
   */
  private takeRowsToWrite(): MinuteRow<D>[] {
    const rows = this.pendingRows;
    const requeued = rows.length > 0;
    this.pendingRows = [];
    for (const cell of this.cells.values()) {
      if (!cell.dirty) continue;
      cell.dirty = false;
      rows.push(snapshot(cell));
    }
    if (!requeued) return rows; // open cells have distinct ids
    // A row requeued after a failure may have a newer copy behind it: the last one wins.
    const byId = new Map<string, MinuteRow<D>>();
    for (const row of rows) byId.set(row.id, row);
    return byId.size === rows.length ? rows : [...byId.values()];
  }

  /** Forgets cells that were written and have been idle for `idleCloseMs`. */
  private writeSucceeded(): void {
    const cutoff = this.options.now() - this.options.idleCloseMs;
    for (const [key, cell] of this.cells) {
      if (!cell.dirty && cell.lastTouchedMs <= cutoff) {
        cell.closed = true;
        this.cells.delete(key);
      }
    }
  }

  /**
   * Puts rows whose write failed back: a cell still open is marked dirty (its next snapshot, same
   * id, carries these counts and any newer ones); a forgotten cell's row goes back in the queue.
   */
  private writeFailed(rows: readonly MinuteRow<D>[]): void {
    const requeue: MinuteRow<D>[] = [];
    const openById = new Map<string, MinuteCell<D>>();
    for (const cell of this.cells.values()) openById.set(cell.id, cell);
    for (const row of rows) {
      const cell = openById.get(row.id);
      if (cell !== undefined) cell.dirty = true;
      else requeue.push(row);
    }
    this.pendingRows = requeue.concat(this.pendingRows);
    this.trimPending();
  }

  private evictLeastRecentlyTouched(): void {
    // Evict a tenth at once so a burst of new cells does not scan the map for every span.
    const victims = [...this.cells.entries()]
      .sort((a, b) => a[1].lastTouchedMs - b[1].lastTouchedMs)
      .slice(0, Math.max(1, Math.floor(this.options.maxOpenCells / 10)));
    for (const [key, cell] of victims) {
      cell.closed = true;
      this.cells.delete(key);
      if (cell.dirty) this.pendingRows.push(snapshot(cell));
    }
    this.trimPending();
  }

  private trimPending(): void {
    const excess = this.pendingRows.length - this.options.maxPendingRows;
    if (excess <= 0) return;
    let calls = 0;
    for (const row of this.pendingRows.splice(0, excess)) calls += row.calls;
    this.droppedCalls += calls;
    this.onCallsDropped(calls);
  }

  /**
   * 32 hex digits, unique per process (random instance id), aggregator and cell: no hash per
   * cell (the bench's day-wide timeline opens tens of thousands of cells).
   */
  private rowId(): string {
    return this.idPrefix + (this.createdCells++).toString(16).padStart(16, '0');
  }
}

function snapshot<D>(cell: MinuteCell<D>): MinuteRow<D> {
  return {
    id: cell.id,
    minuteUnixMs: cell.minuteUnixMs,
    dims: cell.dims,
    calls: cell.calls,
    errors: cell.errors,
    durationSumNano: cell.durationSumNano,
    histogram: { ...cell.histogram },
  };
}

/**
 * Start of the minute of a span start time, Unix ms. Goes through a double (no bigint division on
 * the hot path): a whole minute in ns is a multiple of 2^11, so it converts exactly and a span
 * starting on a minute boundary never lands in the minute before.
 */
export function minuteOf(startTimeUnixNano: bigint): number {
  return Math.floor(Number(startTimeUnixNano) / 60e9) * MINUTE_MS;
}
