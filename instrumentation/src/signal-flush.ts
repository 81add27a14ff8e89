const SIGNALS = ['SIGTERM', 'SIGINT'] as const;
const FLUSH_BUDGET_MILLIS = 3000;

/**
 * Flush telemetry when the process is asked to stop, without changing how the app stops:
 * - if the app has its own handler for the signal, it stays in charge: we only start the flush
 *   (our listener runs first) and the app's handler decides when to exit;
 * - if nobody else handles it, Node would have exited at once; we flush (bounded by a short budget),
 *   then remove ourselves and re-send the signal so the default behaviour (and exit code) is kept.
 * Also flushes when the event loop drains (`beforeExit`), since our timers are unref'd.
 */
export function flushOnSignals(flush: () => Promise<void>): () => void {
  const listeners = new Map<NodeJS.Signals, () => void>();
  for (const signal of SIGNALS) {
    const listener = () => {
      const appHandlesIt = process.listenerCount(signal) > 1;
      const flushed = withTimeout(flush(), FLUSH_BUDGET_MILLIS);
      if (appHandlesIt) return;
      void flushed.finally(() => {
        process.removeListener(signal, listener);
        process.kill(process.pid, signal);
      });
    };
    listeners.set(signal, listener);
    process.prependListener(signal, listener);
  }
  const beforeExit = () => void flush();
  process.once('beforeExit', beforeExit);
  return () => {
    for (const [signal, listener] of listeners) process.removeListener(signal, listener);
    process.removeListener('beforeExit', beforeExit);
  };
}

function withTimeout(promise: Promise<void>, millis: number): Promise<void> {
  return new Promise((resolve) => {
    // Deliberately ref'd: while stopping, the flush is the one thing worth waiting (briefly) for.
    const timer = setTimeout(resolve, millis);
    promise.then(
      () => {
        clearTimeout(timer);
        resolve();
      },
      () => {
        clearTimeout(timer);
        resolve();
      },
    );
  });
}
