import type { FastifyBaseLogger } from 'fastify';

/** Just what retries need to report: Fastify's request logger and pino both fit. */
type Logger = Pick<FastifyBaseLogger, 'warn'>;
import { sleep } from './chaos.js';

export class HttpError extends Error {
  constructor(
    readonly status: number,
    readonly body: string,
    url: string,
  ) {
    super(`HTTP ${status} from ${url}`);
    this.name = 'HttpError';
  }
}

export interface CallOptions {
  method?: string;
  body?: unknown;
  /** Per-attempt timeout. */
  timeoutMs?: number;
  /** Extra attempts after the first, for timeouts and 5xx only (never for 4xx: the answer won't change). */
  retries?: number;
  log?: Logger;
}

/** JSON over fetch (traced by the undici instrumentation), with a timeout per attempt and retries with backoff. */
export async function callJson<T>(url: string, options: CallOptions = {}): Promise<T> {
  const { method = 'GET', body, timeoutMs = 2000, retries = 0, log } = options;
  for (let attempt = 0; ; attempt++) {
    try {
      const response = await fetch(url, {
        method,
        headers: body === undefined ? {} : { 'content-type': 'application/json' },
        body: body === undefined ? undefined : JSON.stringify(body),
        signal: AbortSignal.timeout(timeoutMs),
      });
      const text = await response.text();
      if (!response.ok) throw new HttpError(response.status, text, url);
      return (text ? JSON.parse(text) : undefined) as T;
    } catch (error) {
      const retryable = !(error instanceof HttpError) || error.status >= 500;
      if (!retryable || attempt >= retries) throw error;
      const backoff = 50 * 2 ** attempt;
      log?.warn({ url, attempt: attempt + 1, err: error }, `call failed, retrying in ${backoff} ms`);
      await sleep(backoff);
    }
  }
}
