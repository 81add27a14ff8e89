import { Readable } from 'node:stream';
import Fastify from 'fastify';
import type { FastifyError, FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { ReceiverLimits } from '../config/collector-config.js';
import { SightlineError } from '../errors.js';
import type { Pipeline } from '../pipeline/pipeline.js';
import type { OfferResult } from '../pipeline/signal-pipeline.js';
import type { SelfMetrics } from '../telemetry/self-metrics.js';
import { ConvertContext } from './convert-context.js';
import { convertLogs } from './convert-logs.js';
import { convertMetrics } from './convert-metrics.js';
import { convertTraces } from './convert-spans.js';
import { OtlpDecodeError } from './otlp-decode-error.js';
import { decodeRequest, encodeResponse, encodeStatus } from './otlp-codec.js';
import { loadOtlpTypes } from './otlp-proto.js';
import { parseContentEncoding, readBody } from './read-body.js';
import type { OtlpEncoding, Signal } from './signal.js';

export interface OtlpReceiverDeps {
  limits: ReceiverLimits;
  pipeline: Pipeline;
  metrics: SelfMetrics;
  logLevel?: string;
}

const PATHS: Record<Signal, string> = { traces: '/v1/traces', logs: '/v1/logs', metrics: '/v1/metrics' };
const ITEM_NOUN: Record<Signal, string> = { traces: 'spans', logs: 'log records', metrics: 'data points' };
const CONTENT_TYPE: Record<OtlpEncoding, string> = { protobuf: 'application/x-protobuf', json: 'application/json' };
/** Seconds a sender should wait after 429 (queue full) and 503 (storage down or stopping). */
const RETRY_AFTER_FULL_S = 1;
const RETRY_AFTER_DOWN_S = 5;

/** The media type of a Content-Type header → the OTLP encoding, or 415. */
export function encodingOf(contentType: string | undefined): OtlpEncoding {
  const media = (contentType ?? '').split(';')[0].trim().toLowerCase();
  if (media === 'application/x-protobuf' || media === 'application/protobuf') return 'protobuf';
  if (media === 'application/json') return 'json';
  throw new SightlineError('SIGHTLINE_OTLP_UNSUPPORTED_MEDIA_TYPE', media || '(none)');
}

function signalOf(url: string): Signal | undefined {
  const path = url.split('?')[0];
  return path === PATHS.traces ? 'traces' : path === PATHS.logs ? 'logs' : path === PATHS.metrics ? 'metrics' : undefined;
}

function backPressureError(signal: Signal, result: Exclude<OfferResult, 'accepted'>): SightlineError {
  if (result === 'stopped') return new SightlineError('SIGHTLINE_PIPELINE_STOPPED');
  if (result === 'storage_down') return new SightlineError('SIGHTLINE_PIPELINE_STORAGE_DOWN', signal);
  return new SightlineError('SIGHTLINE_PIPELINE_FULL', signal);
}

/**
 * The OTLP/HTTP receiver (its own Fastify instance, on the OTLP port): POST /v1/traces,
 * /v1/metrics, /v1/logs in protobuf or JSON, optionally gzip/deflate-compressed, answered as the
 * OTLP specification says (200 with partial_success, 400, 413, 415, 429/503 with Retry-After).
 */
export function createOtlpReceiver(deps: OtlpReceiverDeps): FastifyInstance {
  const { limits, pipeline, metrics } = deps;
  loadOtlpTypes(); // fail at start, not on the first request, if the .proto files are missing
  const app = Fastify({ logger: deps.logLevel && deps.logLevel !== 'silent' ? { level: deps.logLevel } : false });

  // The body is read by the handler from the raw stream, so the size caps and decompression
  // limits are ours (Fastify's bodyLimit does not apply to a stream handed over as is).
  app.removeAllContentTypeParsers();
  app.addContentTypeParser('*', (_request, payload, done) => done(null, payload));

  // Browser senders (OTel web SDK) need CORS; the receiver holds no cookies, so any origin is fine.
  app.addHook('onRequest', async (request, reply) => {
    reply.header('access-control-allow-origin', request.headers.origin ?? '*');
    reply.header('vary', 'origin');
  });
  app.options('/v1/*', async (_request, reply) => {
    reply
      .header('access-control-allow-methods', 'POST, OPTIONS')
      .header('access-control-allow-headers', 'content-type, content-encoding, authorization')
      .header('access-control-max-age', '86400')
      .code(204)
      .send();
  });

  app.setErrorHandler((error: FastifyError | SightlineError, request: FastifyRequest, reply: FastifyReply) => {
    const signal = signalOf(request.url);
    let encoding: OtlpEncoding = 'json';
    try {
      encoding = encodingOf(request.headers['content-type']);
    } catch {
      // unknown content type: answer in JSON
    }
    const statusCode = error.statusCode && error.statusCode >= 400 ? error.statusCode : 500;
    const code = (error as { code?: string }).code ?? 'SIGHTLINE_INTERNAL';
    if (statusCode === 429) reply.header('retry-after', String(RETRY_AFTER_FULL_S));
    if (statusCode === 503) reply.header('retry-after', String(RETRY_AFTER_DOWN_S));
    if (statusCode === 413) reply.header('connection', 'close');
    if (statusCode >= 500 && statusCode !== 503) request.log.error({ err: error }, 'OTLP request failed');
    if (signal) metrics.requests.inc({ signal, status_code: String(statusCode) });
    reply.code(statusCode).type(CONTENT_TYPE[encoding]).send(encodeStatus(encoding, statusCode, code, error.message));
  });

  for (const signal of Object.keys(PATHS) as Signal[]) {
    app.post(PATHS[signal], async (request, reply) => {
      const encoding = encodingOf(request.headers['content-type']);
      const contentEncoding = parseContentEncoding(request.headers['content-encoding'] as string | undefined);
      const declared = Number(request.headers['content-length'] ?? 0);
      if (declared > limits.maxRequestBytes) throw new SightlineError('SIGHTLINE_OTLP_BODY_TOO_LARGE', limits.maxRequestBytes);
      const signalPipeline = pipeline.for(signal);
      const pre = signalPipeline.precheck();
      if (pre !== 'accepted') throw backPressureError(signal, pre); // before spending CPU on decoding

      const stream = request.body instanceof Readable ? request.body : Readable.from([]);
      const body = await readBody(stream, contentEncoding, limits.maxRequestBytes, limits.maxDecompressedBytes);
      const ctx = new ConvertContext(limits);
      let result: OfferResult;
      let accepted: number;
      try {
        const message = decodeRequest(signal, encoding, body);
        if (signal === 'traces') {
          const spans = convertTraces(message, ctx);
          accepted = spans.length;
          result = pipeline.offerSpans(spans, body.length);
        } else if (signal === 'logs') {
          const logs = convertLogs(message, ctx);
          accepted = logs.length;
          result = pipeline.logs.offer(logs, body.length);
        } else {
          const points = convertMetrics(message, ctx);
          accepted = points.length;
          result = pipeline.metrics.offer(points, body.length);
        }
      } catch (error) {
        if (error instanceof OtlpDecodeError) throw new SightlineError('SIGHTLINE_OTLP_UNDECODABLE', encoding === 'json' ? 'OTLP/JSON' : 'OTLP protobuf', error.message);
        throw error;
      }

      metrics.received.inc({ signal }, accepted + ctx.rejected);
      if (ctx.rejected > 0) metrics.rejected.inc({ signal, reason: 'invalid' }, ctx.rejected);
      for (const [what, count] of Object.entries(ctx.truncated)) if (count > 0) metrics.truncated.inc({ signal, what }, count);
      if (result !== 'accepted') {
        if (accepted > 0) metrics.rejected.inc({ signal, reason: result }, accepted);
        throw backPressureError(signal, result);
      }
      if (accepted > 0) metrics.accepted.inc({ signal }, accepted);

      const note = [ctx.rejectionMessage(ITEM_NOUN[signal]), ctx.truncationMessage()].filter(Boolean).join('; ');
      metrics.requests.inc({ signal, status_code: '200' });
      reply.code(200).type(CONTENT_TYPE[encoding]).send(encodeResponse(signal, encoding, ctx.rejected, note));
    });
  }
  return app;
}
