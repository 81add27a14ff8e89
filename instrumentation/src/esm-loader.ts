import { register as registerLoader } from 'node:module';
import { createAddHookMessageChannel } from 'import-in-the-middle';
import { warnOnce } from './warn-once.js';

/**
 * ESM apps import packages through the ESM loader, which require-in-the-middle never sees; this
 * registers import-in-the-middle's loader so pino, winston, pg... are patched when imported too.
 * The message channel makes the loader intercept only modules an instrumentation hooked, so the
 * rest of the app's imports pay nothing. Returns a promise that resolves once the loader knows
 * every hook (await it before the app's modules load).
 */
export function registerEsmLoader(): Promise<void> {
  try {
    const { registerOptions, waitForAllMessagesAcknowledged } = createAddHookMessageChannel();
    registerLoader('import-in-the-middle/hook.mjs', import.meta.url, registerOptions);
    return waitForAllMessagesAcknowledged().catch(() => undefined);
  } catch (error) {
    warnOnce('esm-loader', `ESM modules will not be auto-instrumented (${(error as Error).message}).`);
    return Promise.resolve();
  }
}
