import { randomFillSync } from 'node:crypto';
import Long from 'long';
import { loadOtlpTypes } from '../../collector/src/receiver/otlp-proto.js';
import { SERVICE_VERSIONS, buildTrace, type AttrValue, type ModelLog, type ModelSpan } from './traffic-model.js';

/**
 * OTLP protobuf request bodies for the benchmark, encoded once and re-sent with fresh trace ids
 * and shifted timestamps.
 *
 * Encoding every span for every request would make the generator, which shares the 2 cores with
 * the collector, the bottleneck. So a pool of groups (each: `tracesPerGroup` traces, encoded as
 * one request per service and signal, like the SDK of each service would export them) is encoded
 * with protobufjs from the collector's vendored .proto files, the byte offsets of every trace id
 * and timestamp are recorded, and each send copies the body and patches those bytes. The
 * collector sees ordinary, valid, distinct OTLP requests.
 */
export interface EncodedRequest {
  path: '/v1/traces' | '/v1/logs';
  body: Buffer;
  /** Spans or log records in the body. */
  items: number;
  traceIdOffsets: { offset: number; traceIndex: number }[];
  timeOffsets: number[];
}

export interface TemplateGroup {
  requests: EncodedRequest[];
  traceCount: number;
  spanCount: number;
  logCount: number;
}

/** Template timestamps live here (2017); instances shift them to their place on the timeline. */
export const TEMPLATE_EPOCH_NS = 1_500_000_000_000_000_000n;
const TEMPLATE_WINDOW_NS = 86_400_000_000_000n; // any template timestamp is within a day of the epoch

const FIXED64_TAGS = new Set([0x09, 0x39, 0x41, 0x59]); // event/log time (1), span start (7), end (8), log observed (11)
const TRACE_ID_TAGS = new Set([0x0a, 0x4a]); // span trace_id (1), log trace_id (9); both followed by length 0x10

function anyValue(value: AttrValue): Record<string, unknown> {
  if (typeof value === 'string') return { stringValue: value };
  if (typeof value === 'boolean') return { boolValue: value };
  return Number.isInteger(value) ? { intValue: value } : { doubleValue: value };
}

function keyValues(attributes: Record<string, AttrValue>): Record<string, unknown>[] {
  return Object.entries(attributes).map(([key, value]) => ({ key, value: anyValue(value) }));
}

function fixed64(ns: bigint): Long {
  return Long.fromString(ns.toString(), true);
}

function resource(service: string, instance: number): Record<string, unknown> {
  return {
    attributes: keyValues({
      'service.name': service,
      'service.namespace': 'shop',
      'service.version': SERVICE_VERSIONS[service] ?? '1.0.0',
      'service.instance.id': `${service}-${instance}`,
      'host.name': `node-${instance % 3}`,
      'deployment.environment.name': 'bench',
      'telemetry.sdk.name': 'opentelemetry',
      'telemetry.sdk.language': 'nodejs',
      'telemetry.sdk.version': '2.0.1',
      'process.runtime.name': 'nodejs',
      'process.runtime.version': '20.19.0',
    }),
  };
}

function groupBy<T>(items: readonly T[], key: (item: T) => string): Map<string, T[]> {
  const map = new Map<string, T[]>();
  for (const item of items) {
    const list = map.get(key(item));
    if (list) list.push(item);
    else map.set(key(item), [item]);
  }
  return map;
}

/**
 * Encodes one template group. Trace `i` of the group starts at `i * traceSpacingNs` after the
 * template epoch; the template trace ids are random and only serve to find the offsets.
 */
export function encodeGroup(groupIndex: number, tracesPerGroup: number, traceSpacingNs: number, random: () => number): TemplateGroup {
  const types = loadOtlpTypes();
  const templateTraceIds = Buffer.alloc(tracesPerGroup * 16);
  randomFillSync(templateTraceIds);
  const traceIndexByHex = new Map<string, number>();
  for (let i = 0; i < tracesPerGroup; i++) traceIndexByHex.set(templateTraceIds.toString('hex', i * 16, i * 16 + 16), i);

  const spans: ModelSpan[] = [];
  const logs: ModelLog[] = [];
  for (let i = 0; i < tracesPerGroup; i++) {
    const trace = buildTrace(i, random);
    spans.push(...trace.spans);
    logs.push(...trace.logs);
  }
  const traceStart = (traceIndex: number) => TEMPLATE_EPOCH_NS + BigInt(Math.round(traceIndex * traceSpacingNs));
  const traceId = (traceIndex: number) => templateTraceIds.subarray(traceIndex * 16, traceIndex * 16 + 16);
  const scope = { name: '@opentelemetry/instrumentation-http', version: '0.57.0' };
  const requests: EncodedRequest[] = [];

  for (const [service, serviceSpans] of groupBy(spans, (s) => s.service)) {
    const message = {
      resourceSpans: [
        {
          resource: resource(service, groupIndex % 4),
          scopeSpans: [
            {
              scope,
              spans: serviceSpans.map((s) => {
                const start = traceStart(s.traceIndex) + BigInt(Math.round(s.startNs));
                return {
                  traceId: traceId(s.traceIndex),
                  spanId: s.spanId,
                  parentSpanId: s.parentSpanId,
                  name: s.name,
                  kind: s.kind,
                  startTimeUnixNano: fixed64(start),
                  endTimeUnixNano: fixed64(start + BigInt(Math.round(s.durationNs))),
                  attributes: keyValues(s.attributes),
                  events: s.events.map((e) => ({
                    timeUnixNano: fixed64(start + BigInt(Math.round(e.offsetNs))),
                    name: e.name,
                    attributes: keyValues(e.attributes),
                  })),
                  status: s.error ? { code: 2, message: s.statusMessage ?? '' } : { code: 0 },
                };
              }),
            },
          ],
        },
      ],
    };
    const body = Buffer.from(types.traceRequest.encode(types.traceRequest.fromObject(message)).finish());
    requests.push({ path: '/v1/traces', body, items: serviceSpans.length, ...findOffsets(body, traceIndexByHex) });
  }

  for (const [service, serviceLogs] of groupBy(logs, (l) => l.service)) {
    const message = {
      resourceLogs: [
        {
          resource: resource(service, groupIndex % 4),
          scopeLogs: [
            {
              scope: { name: 'pino', version: '9.6.0' },
              logRecords: serviceLogs.map((l) => {
                const time = traceStart(l.traceIndex) + BigInt(Math.round(l.offsetNs));
                return {
                  timeUnixNano: fixed64(time),
                  observedTimeUnixNano: fixed64(time + 150_000n),
                  severityNumber: l.severityNumber,
                  severityText: l.severityText,
                  body: { stringValue: l.body },
                  attributes: keyValues(l.attributes),
                  traceId: traceId(l.traceIndex),
                  spanId: l.spanId,
                  flags: 1,
                };
              }),
            },
          ],
        },
      ],
    };
    const body = Buffer.from(types.logsRequest.encode(types.logsRequest.fromObject(message)).finish());
    requests.push({ path: '/v1/logs', body, items: serviceLogs.length, ...findOffsets(body, traceIndexByHex) });
  }

  return { requests, traceCount: tracesPerGroup, spanCount: spans.length, logCount: logs.length };
}

/** One pass over the body: every trace-id field holding a template id, every fixed64 holding a template time. */
function findOffsets(body: Buffer, traceIndexByHex: Map<string, number>): Pick<EncodedRequest, 'traceIdOffsets' | 'timeOffsets'> {
  const traceIdOffsets: EncodedRequest['traceIdOffsets'] = [];
  const timeOffsets: number[] = [];
  for (let p = 0; p + 9 <= body.length; p++) {
    const tag = body[p];
    if (TRACE_ID_TAGS.has(tag) && body[p + 1] === 0x10 && p + 18 <= body.length) {
      const traceIndex = traceIndexByHex.get(body.toString('hex', p + 2, p + 18));
      if (traceIndex !== undefined) {
        traceIdOffsets.push({ offset: p + 2, traceIndex });
        p += 17;
        continue;
      }
    }
    if (FIXED64_TAGS.has(tag)) {
      const value = body.readBigUInt64LE(p + 1);
      if (value >= TEMPLATE_EPOCH_NS && value < TEMPLATE_EPOCH_NS + TEMPLATE_WINDOW_NS) {
        timeOffsets.push(p + 1);
        p += 8;
      }
    }
  }
  return { traceIdOffsets, timeOffsets };
}

/**
 * A copy of the request with the group's new trace ids (16 bytes per trace) and times shifted by
 * `deltaNs`. The generator shares the cores with the collector, so this is kept cheap: ids are
 * copied byte by byte and the 64-bit times added as two 32-bit halves (no bigint, no native call
 * per field).
 */
export function instantiate(request: EncodedRequest, traceIds: Buffer, deltaNs: bigint): Buffer {
  const body = Buffer.from(request.body);
  for (const { offset, traceIndex } of request.traceIdOffsets) {
    const from = traceIndex * 16;
    for (let i = 0; i < 16; i++) body[offset + i] = traceIds[from + i];
  }
  const delta = BigInt.asUintN(64, deltaNs);
  const deltaLow = Number(delta & 0xffffffffn);
  const deltaHigh = Number(delta >> 32n);
  for (const offset of request.timeOffsets) {
    const low = body.readUInt32LE(offset) + deltaLow;
    body.writeUInt32LE(low >>> 0, offset);
    body.writeUInt32LE((body.readUInt32LE(offset + 4) + deltaHigh + (low > 0xffffffff ? 1 : 0)) >>> 0, offset + 4);
  }
  return body;
}
