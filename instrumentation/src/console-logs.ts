import { format } from 'node:util';
import { logs, SeverityNumber } from '@opentelemetry/api-logs';

type ConsoleMethod = 'debug' | 'log' | 'info' | 'warn' | 'error';

const SEVERITY: Record<ConsoleMethod, [SeverityNumber, string]> = {
  debug: [SeverityNumber.DEBUG, 'DEBUG'],
  log: [SeverityNumber.INFO, 'INFO'],
  info: [SeverityNumber.INFO, 'INFO'],
  warn: [SeverityNumber.WARN, 'WARN'],
  error: [SeverityNumber.ERROR, 'ERROR'],
};

/**
 * Opt-in: every `console.*` call still prints, and is also emitted as an OTel log record in the
 * active context (so it carries the current trace and span ids). Returns the undo function.
 */
export function bridgeConsoleToLogs(): () => void {
  const logger = logs.getLogger('console');
  const originals = new Map<ConsoleMethod, (...args: unknown[]) => void>();
  let emitting = false;
  for (const method of Object.keys(SEVERITY) as ConsoleMethod[]) {
    const original = console[method].bind(console) as (...args: unknown[]) => void;
    originals.set(method, console[method] as (...args: unknown[]) => void);
    console[method] = (...args: unknown[]) => {
      original(...args);
      // A log processor that itself writes to the console must not loop back here.
      if (emitting) return;
      emitting = true;
      try {
        const [severityNumber, severityText] = SEVERITY[method];
        logger.emit({ severityNumber, severityText, body: format(...args), attributes: { 'log.source': 'console' } });
      } catch {
        // Logging must never break the app.
      } finally {
        emitting = false;
      }
    };
  }
  return () => {
    for (const [method, original] of originals) console[method] = original;
  };
}
