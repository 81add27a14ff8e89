/**
 * Fault injection a user can turn on at run time to watch a failure reach the UI: extra latency
 * and an error rate per service. Set at start with CHAOS_LATENCY_MS / CHAOS_ERROR_RATE, changed
 * later with `POST /admin/chaos {"latencyMs":300,"errorRate":0.5}` on the service (or through the
 * traffic generator's admin endpoint).
 */
export interface ChaosSettings {
  latencyMs: number;
  errorRate: number;
}

export class Chaos {
  settings: ChaosSettings;

  constructor(env: NodeJS.ProcessEnv = process.env) {
    this.settings = {
      latencyMs: Math.max(0, Number(env.CHAOS_LATENCY_MS ?? 0) || 0),
      errorRate: clampRate(Number(env.CHAOS_ERROR_RATE ?? 0)),
    };
  }

  update(patch: Partial<ChaosSettings>): ChaosSettings {
    if (patch.latencyMs !== undefined) this.settings.latencyMs = Math.max(0, Number(patch.latencyMs) || 0);
    if (patch.errorRate !== undefined) this.settings.errorRate = clampRate(Number(patch.errorRate));
    return this.settings;
  }

  /** Waits the injected latency, then throws an injected failure at the configured rate. */
  async apply(): Promise<void> {
    if (this.settings.latencyMs > 0) await sleep(this.settings.latencyMs);
    if (Math.random() < this.settings.errorRate) throw new InjectedFailure();
  }
}

export class InjectedFailure extends Error {
  readonly statusCode = 503;
  constructor() {
    super('injected failure (chaos)');
    this.name = 'InjectedFailure';
  }
}

function clampRate(value: number): number {
  return Number.isFinite(value) ? Math.min(1, Math.max(0, value)) : 0;
}

export function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}
