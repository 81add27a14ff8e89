/**
 * Runs a processor's flush on a timer, one flush at a time.
 *
 * Flushes never overlap (a rewrite of a row must not race an older copy of it); a flush asked for
 * while one runs waits for it and then runs again, so `flush()` always covers everything consumed
 * before the call. The timer is `unref()`'d: it never keeps the process alive. Timer-driven
 * failures are reported through `onError` (the data stays held and is retried next time);
 * explicit `flush()` calls reject instead.
 */
export class PeriodicFlusher {
  private timer: NodeJS.Timeout | undefined;
  private running: Promise<void> = Promise.resolve();
  private stopped: Promise<void> | undefined;

  constructor(
    private readonly doFlush: () => Promise<void>,
    intervalMs: number,
    private readonly onError: (error: unknown) => void,
  ) {
    this.timer = setInterval(() => {
      this.flush().catch(this.onError);
    }, intervalMs);
    this.timer.unref();
  }

  flush(): Promise<void> {
    const next = this.running.catch(() => undefined).then(() => this.doFlush());
    this.running = next;
    return next;
  }

  /** Stops the timer, then runs `beforeLastFlush` and a last flush. Safe to call twice. */
  stop(beforeLastFlush: () => void = () => undefined): Promise<void> {
    if (this.stopped === undefined) {
      clearInterval(this.timer);
      this.timer = undefined;
      beforeLastFlush();
      this.stopped = this.flush();
    }
    return this.stopped;
  }
}
