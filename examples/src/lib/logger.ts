import pino from 'pino';

/** JSON logs to stdout; inside a span the pino instrumentation adds trace_id/span_id and exports them. */
export function createLogger(service: string): pino.Logger {
  return pino({ name: service, level: process.env.LOG_LEVEL ?? 'info' });
}
