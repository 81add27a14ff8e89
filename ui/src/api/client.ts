
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

export interface ResponseIssue {
  path: readonly PropertyKey[];
  message: string;
}

/**
 * What a response is checked with: a zod schema (schemas.ts) has this shape, and so has a check
 * written out by hand where zod costs too much (trace-response-check.ts).
 */
export interface ResponseCheck<T> {
  safeParse(value: unknown): { success: true; data: T; error?: undefined } | { success: false; error: { issues: readonly ResponseIssue[] } };
}

/** A response as read: status and body text (index.html's boot script hands over a trace read this way). */
export interface ReadResponse {
  ok: boolean;
  status: number;
  text: string;
}

/** The API's error body (every 4xx/5xx of the native API); checked by hand so this module needs no zod. */
function apiErrorOf(body: unknown): { code: string; message: string } | undefined {
  if (typeof body !== 'object' || body === null) return undefined;
  const { statusCode, code, error, message } = body as Record<string, unknown>;
  return typeof statusCode === 'number' && typeof code === 'string' && typeof error === 'string' && typeof message === 'string' ? { code, message } : undefined;
}

/**
 * GETs `path` and validates the JSON with `check` (given as a promise while its code is still
 * loading). A response that does not match is a contract break between this UI and the collector:
 * it becomes an error naming the offending fields.
 */
export async function getJson<T>(
  path: string,
  params: Record<string, QueryValue>,
  check: ResponseCheck<T> | Promise<ResponseCheck<T>>,
  signal?: AbortSignal,
  /** A request already under way for this URL (a prefetch), to be read instead of a new one. */
  pending?: Promise<ReadResponse>,
): Promise<T> {
  const url = `${path}${buildQuery(params)}`;
  let response: ReadResponse;
  try {
    response = await (pending ?? fetch(url, { signal, headers: { accept: 'application/json' } }).then(async (r) => ({ ok: r.ok, status: r.status, text: await r.text() })));
  } catch (error) {
    if ((error as Error).name === 'AbortError') throw error;
    throw new ApiRequestError('Cannot reach the Sightline collector. Is it running?', 'network', undefined, String(error));
  }
  const text = response.text;
  mark(`received ${path}`);
  let body: unknown;
  try {
    body = text ? JSON.parse(text) : undefined;
    mark(`parsed ${path}`);
  } catch {
    throw new ApiRequestError(`The API answered ${response.status} with something that is not JSON.`, 'contract', response.status, text.slice(0, 300));
  }
  if (!response.ok) {
    const apiError = apiErrorOf(body);
    throw new ApiRequestError(apiError?.message ?? `HTTP ${response.status}`, 'http', response.status, apiError?.code);
  }
  const result = (await check).safeParse(body);
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
