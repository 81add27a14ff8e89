/**
 * Every coded error the collector raises, in one registry (fastify's habit): a code is stable,
 * searchable and documented in `collector/docs/errors.md` (a test checks that each one is).
 */
export const ERROR_CODES = {
  SIGHTLINE_CONFIG_INVALID: { statusCode: 500, message: 'invalid configuration: %s' },
  SIGHTLINE_STORAGE_UNKNOWN: { statusCode: 500, message: 'unknown storage backend "%s" (expected embedded or elasticsearch)' },
  SIGHTLINE_STORAGE_UNAVAILABLE: { statusCode: 500, message: '%s storage not available in this build' },
  SIGHTLINE_OTLP_UNSUPPORTED_MEDIA_TYPE: { statusCode: 415, message: 'unsupported content type "%s": send application/x-protobuf or application/json' },
  SIGHTLINE_OTLP_UNSUPPORTED_ENCODING: { statusCode: 415, message: 'unsupported content encoding "%s": send gzip, deflate or identity' },
  SIGHTLINE_OTLP_BODY_TOO_LARGE: { statusCode: 413, message: 'request body larger than %s bytes' },
  SIGHTLINE_OTLP_DECOMPRESSED_TOO_LARGE: { statusCode: 413, message: 'decompressed request body larger than %s bytes' },
  SIGHTLINE_OTLP_BAD_COMPRESSION: { statusCode: 400, message: 'body could not be decompressed: %s' },
  SIGHTLINE_OTLP_UNDECODABLE: { statusCode: 400, message: 'body could not be decoded as %s: %s' },
  SIGHTLINE_PIPELINE_FULL: { statusCode: 429, message: 'the %s pipeline is full; retry later' },
  SIGHTLINE_PIPELINE_STORAGE_DOWN: { statusCode: 503, message: 'storage is unavailable and the %s pipeline is full; retry later' },
  SIGHTLINE_PIPELINE_STOPPED: { statusCode: 503, message: 'the collector is shutting down' },
} as const;

export type ErrorCode = keyof typeof ERROR_CODES;

export class SightlineError extends Error {
  readonly code: ErrorCode;
  readonly statusCode: number;

  constructor(code: ErrorCode, ...args: (string | number)[]) {
    let index = 0;
    super(ERROR_CODES[code].message.replace(/%s/g, () => String(args[index++] ?? '')));
    this.name = 'SightlineError';
    this.code = code;
    this.statusCode = ERROR_CODES[code].statusCode;
  }
}

export function isSightlineError(error: unknown): error is SightlineError {
  return error instanceof SightlineError;
}
