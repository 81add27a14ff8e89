export class CircuitOpenError extends Error {
  readonly statusCode = 503;
  constructor(name: string) {
    super(`circuit "${name}" is open: failing fast`);
    this.name = 'CircuitOpenError';
  }
}

export type CircuitState = 'closed' | 'open' | 'half-open';

/**
 * Classic three-state breaker: after `failureThreshold` consecutive failures it opens and fails
 * fast for `resetAfterMs`, then lets one trial call through (half-open) to decide.
 */
export class CircuitBreaker {
  private failures = 0;
  private openedAt = 0;
  state: CircuitState = 'closed';

  constructor(
    readonly name: string,
    private readonly failureThreshold = 5,
    private readonly resetAfterMs = 10_000,
    private readonly onStateChange: (state: CircuitState) => void = () => undefined,
  ) {}

  async run<T>(call: () => Promise<T>, isFailure: (error: unknown) => boolean = () => true): Promise<T> {
    if (this.state === 'open') {
      if (Date.now() - this.openedAt < this.resetAfterMs) throw new CircuitOpenError(this.name);
      this.transition('half-open');
    }
    try {
      const result = await call();
      this.failures = 0;
      if (this.state !== 'closed') this.transition('closed');
      return result;
    } catch (error) {
      if (isFailure(error)) {
        this.failures++;
        if (this.state === 'half-open' || this.failures >= this.failureThreshold) {
          this.openedAt = Date.now();
          this.transition('open');
        }
      }
      throw error;
    }
  }

  private transition(state: CircuitState): void {
    this.state = state;
    this.onStateChange(state);
  }
}
