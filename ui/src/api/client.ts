import type { z } from 'zod';
import { apiErrorSchema } from './schemas';

/** What went wrong talking to the API, worded for the person looking at the screen. */
export class ApiRequestError extends Error {
  constructor(
    message: string,
    readonly kind: 'network' | 'http' | 'contract',
    readonly status?: number,
    readonly details?: string,
  ) {
    super(message);
    this.name = 'ApiRequestError';
  }
}

/** Performance marks (`sightline:*`) let the benchmark split page time into network, parsing and rendering. */
export function mark(name: string): void {
  performance.mark?.(`sightline:${name}`);
}

export type QueryValue = string | number | boolean | null | undefined | readonly string[];

export function buildQuery(params: Record<string, QueryValue>): string {
  const search = new URLSearchParams();
  for (const [key, value] of Object.entries(params)) {
    if (value === null || value === undefined || value === '') continue;
    if (Array.isArray(value)) for (const item of value) search.append(key, item);
    else search.set(key, String(value));
  }
  const text = search.toString();
  return text ? `?${text}` : '';
}

/**
 * GETs `path` and validates the JSON with `schema`. A response that does not match is a contract
 * break between this UI and the collector: it becomes an error naming the offending fields.
 */
export async function getJson<T extends z.ZodType>(
  path: string,
  params: Record<string, QueryValue>,
  schema: T,
  signal?: AbortSignal,
  /** A request already under way for this URL (a prefetch), to be read instead of a new one. */
  pending?: Promise<Response>,
): Promise<z.infer<T>> {
  const url = `${path}${buildQuery(params)}`;
  let response: Response;
  try {
    response = await (pending ?? fetch(url, { signal, headers: { accept: 'application/json' } }));
  } catch (error) {
    if ((error as Error).name === 'AbortError') throw error;
    throw new ApiRequestError('Cannot reach the Sightline collector. Is it running?', 'network', undefined, String(error));
  }
  const text = await response.text();
  mark(`received ${path}`);
  let body: unknown;
  try {
    body = text ? JSON.parse(text) : undefined;
    mark(`parsed ${path}`);
  } catch {
    throw new ApiRequestError(`The API answered ${response.status} with something that is not JSON.`, 'contract', response.status, text.slice(0, 300));
  }
  if (!response.ok) {
    const parsed = apiErrorSchema.safeParse(body);
    const message = parsed.success ? parsed.data.message : `HTTP ${response.status}`;
    throw new ApiRequestError(message, 'http', response.status, parsed.success ? parsed.data.code : undefined);
  }
  const result = schema.safeParse(body);
  mark(`validated ${path}`);
  if (!result.success) {
    const issues = result.error.issues
      .slice(0, 5)
      .map((issue) => `${issue.path.join('.') || '(root)'}: ${issue.message}`)
      .join('; ');
    throw new ApiRequestError(
      `The API response for ${path} does not match the contract this UI was built for.`,
      'contract',
      response.status,
      issues,
    );
  }
  return result.data;
}
