import type { Type } from 'protobufjs';
import { OtlpDecodeError } from './otlp-decode-error.js';
import { loadOtlpTypes } from './otlp-proto.js';
import { OtlpReader } from './otlp-reader.js';
import type { OtlpEncoding, Signal } from './signal.js';

const REQUEST_FIELD: Record<Signal, string> = { traces: 'resourceSpans', logs: 'resourceLogs', metrics: 'resourceMetrics' };
const REJECTED_FIELD: Record<Signal, string> = { traces: 'rejectedSpans', logs: 'rejectedLogRecords', metrics: 'rejectedDataPoints' };

function requestType(signal: Signal): Type {
  const types = loadOtlpTypes();
  return signal === 'traces' ? types.traceRequest : signal === 'logs' ? types.logsRequest : types.metricsRequest;
}

function responseType(signal: Signal): Type {
  const types = loadOtlpTypes();
  return signal === 'traces' ? types.traceResponse : signal === 'logs' ? types.logsResponse : types.metricsResponse;
}

/**
 * Decodes an Export*ServiceRequest body. Protobuf goes through the protobufjs decoder generated
 * from the official .proto files (read through OtlpReader: see there for the value shapes); JSON is parsed and its keys brought to lowerCamelCase (the
 * proto3 JSON mapping allows the original snake_case names too). Throws OtlpDecodeError.
 */
export function decodeRequest(signal: Signal, encoding: OtlpEncoding, body: Buffer): Record<string, unknown> {
  if (encoding === 'protobuf') {
    try {
      const bytes = Buffer.isBuffer(body) ? body : Buffer.from((body as Uint8Array).buffer, (body as Uint8Array).byteOffset, (body as Uint8Array).byteLength);
      return requestType(signal).decode(new OtlpReader(bytes)) as unknown as Record<string, unknown>;
    } catch (error) {
      throw new OtlpDecodeError(`invalid OTLP protobuf ${requestType(signal).name}: ${(error as Error).message}`);
    }
  }
  let parsed: unknown;
  try {
    parsed = JSON.parse(body.length === 0 ? '{}' : body.toString('utf8'));
  } catch (error) {
    throw new OtlpDecodeError(`invalid JSON: ${(error as Error).message}`);
  }
  if (parsed === null || typeof parsed !== 'object' || Array.isArray(parsed)) {
    throw new OtlpDecodeError(`an OTLP/JSON export request must be an object with "${REQUEST_FIELD[signal]}"`);
  }
  return camelizeKeys(parsed) as Record<string, unknown>;
}

/** snake_case object keys → lowerCamelCase, recursively. Attribute keys are values, so they are untouched. */
function camelizeKeys(value: unknown): unknown {
  if (Array.isArray(value)) {
    for (let i = 0; i < value.length; i++) value[i] = camelizeKeys(value[i]);
    return value;
  }
  if (value === null || typeof value !== 'object') return value;
  const obj = value as Record<string, unknown>;
  const keys = Object.keys(obj);
  if (!keys.some((key) => key.includes('_'))) {
    for (const key of keys) obj[key] = camelizeKeys(obj[key]);
    return obj;
  }
  const out: Record<string, unknown> = {};
  for (const key of keys) {
    out[key.includes('_') ? key.replace(/_([a-z0-9])/g, (_m, c: string) => c.toUpperCase()) : key] = camelizeKeys(obj[key]);
  }
  return out;
}

/** The answer to a request with nothing to report, per signal and encoding (the same bytes every time). */
const fullSuccess = new Map<string, Buffer>();

/** Export*ServiceResponse in the request's encoding, with partial_success when there is something to say. */
export function encodeResponse(signal: Signal, encoding: OtlpEncoding, rejected: number, message: string): Buffer {
  if (rejected === 0 && !message) {
    const key = `${signal} ${encoding}`;
    let body = fullSuccess.get(key);
    if (body === undefined) {
      body = encodePartial(signal, encoding, 0, '');
      fullSuccess.set(key, body);
    }
    return body;
  }
  return encodePartial(signal, encoding, rejected, message);
}

function encodePartial(signal: Signal, encoding: OtlpEncoding, rejected: number, message: string): Buffer {
  const partial = rejected > 0 || message ? { [REJECTED_FIELD[signal]]: rejected, errorMessage: message } : undefined;
  if (encoding === 'json') {
    // int64 as a decimal string, as the proto3 JSON mapping writes it.
    const body = partial ? { partialSuccess: { [REJECTED_FIELD[signal]]: String(rejected), errorMessage: message } } : {};
    return Buffer.from(JSON.stringify(body));
  }
  const type = responseType(signal);
  return Buffer.from(type.encode(type.fromObject(partial ? { partialSuccess: partial } : {})).finish());
}

/** google.rpc.Status body for error responses, in the request's encoding. */
export function encodeStatus(encoding: OtlpEncoding, httpStatus: number, code: string, message: string): Buffer {
  if (encoding === 'json') return Buffer.from(JSON.stringify({ code: rpcCode(httpStatus), message: `${code}: ${message}` }));
  const status = loadOtlpTypes().status;
  return Buffer.from(status.encode(status.fromObject({ code: rpcCode(httpStatus), message: `${code}: ${message}` })).finish());
}

/** The gRPC status code matching an HTTP status (OTLP/HTTP's Status body carries one). */
function rpcCode(httpStatus: number): number {
  if (httpStatus === 400) return 3; // INVALID_ARGUMENT
  if (httpStatus === 413 || httpStatus === 429) return 8; // RESOURCE_EXHAUSTED
  if (httpStatus === 415) return 3;
  if (httpStatus === 503) return 14; // UNAVAILABLE
  return 13; // INTERNAL
}
