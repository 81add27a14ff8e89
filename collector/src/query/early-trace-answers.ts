/**
 * Trace answers started before they are asked for. A deep link to `/traces/<id>` first fetches the
 * UI's index.html, whose inline boot script then requests `/api/v1/traces/<id>`; between the two, a
 * fresh browser tab spends 60–150 ms starting its renderer. Starting the trace's (slow) query when
 * the HTML is served and handing the result to the API request that follows moves that query off
 * the critical path.
 *
 * Each answer is taken at most once and dropped `ttlMs` after it was started (the API request
 * comes within milliseconds; a page whose boot script is blocked never asks): so an answer is at
 * most `ttlMs` older than its request, and the map never holds more than `maxEntries` answers,
 * however many HTML requests arrive. The oldest goes first when it is full.
 */
export class EarlyTraceAnswers {
  private readonly answers = new Map<string, { answer: Promise<unknown>; timer: NodeJS.Timeout }>();

  constructor(
    private readonly load: (traceId: string) => Promise<unknown>,
    private readonly ttlMs = 5_000,
    private readonly maxEntries = 4,
  ) {}

  /** Starts loading the trace's answer (unless already started and not yet taken). */
  start(traceId: string): void {
    if (this.answers.has(traceId)) return;
    if (this.answers.size >= this.maxEntries) this.drop(this.answers.keys().next().value as string);
    const answer = this.load(traceId);
    // A failure not taken by any request must not become an unhandled rejection; a request that
    // takes it still sees the rejection (it awaits `answer`, not this handled copy).
    answer.catch(() => undefined);
    const timer = setTimeout(() => this.drop(traceId), this.ttlMs);
    timer.unref();
    this.answers.set(traceId, { answer, timer });
  }

  /** The started answer for the trace, removed so no other request gets it; undefined if none. */
  take(traceId: string): Promise<unknown> | undefined {
    const entry = this.answers.get(traceId);
    if (entry) this.drop(traceId);
    return entry?.answer;
  }

  get size(): number {
    return this.answers.size;
  }

  private drop(traceId: string): void {
    const entry = this.answers.get(traceId);
    if (!entry) return;
    clearTimeout(entry.timer);
    this.answers.delete(traceId);
  }
}
