/**
 * The query API's coded errors, one registry (like fastify's `lib/errors.js`). Every code is listed
 * in the OpenAPI document's `Error` schema and a test checks that each one is documented.
 */
export const QUERY_ERROR_CODES = {
  SL_QUERY_BAD_PARAMETER: {
    statusCode: 400,
    description: 'A query parameter or path parameter is missing, malformed or out of range.',
  },
  SL_QUERY_TRACE_NOT_FOUND: {
    statusCode: 404,
    description: 'No span of the requested trace id is stored (never sent, or deleted by retention).',
  },
  SL_QUERY_NOT_FOUND: { statusCode: 404, description: 'The route does not exist.' },
  SL_QUERY_INTERNAL: {
    statusCode: 500,
    description: 'The storage backend failed to answer; the message says why.',
  },
} as const;

export type QueryErrorCode = keyof typeof QUERY_ERROR_CODES;

export class QueryError extends Error {
  readonly code: QueryErrorCode;
  readonly statusCode: number;

  constructor(code: QueryErrorCode, message: string) {
    super(message);
    this.name = 'QueryError';
    this.code = code;
    this.statusCode = QUERY_ERROR_CODES[code].statusCode;
  }
}

export function badParameter(message: string): QueryError {
  return new QueryError('SL_QUERY_BAD_PARAMETER', message);
}
