import type { AttributeValue, Attributes } from '../model/attributes.js';
import type { LogRecord } from '../model/log-record.js';
import { contentId } from './content-hash.js';
import type { ConvertContext } from './convert-context.js';
import {
  ZERO_SPAN_ID,
  ZERO_TRACE_ID,
  anyValue,
  asArray,
  attributes,
  enumValue,
  idToHex,
  resourceInfo,
  scopeInfo,
  stableText,
  toNanos,
} from './otlp-values.js';
import { severityTextFor } from './severity.js';

const SEVERITY_NAMES: Record<string, number> = Object.fromEntries(
  ['UNSPECIFIED', 'TRACE', 'TRACE2', 'TRACE3', 'TRACE4', 'DEBUG', 'DEBUG2', 'DEBUG3', 'DEBUG4', 'INFO', 'INFO2', 'INFO3', 'INFO4',
    'WARN', 'WARN2', 'WARN3', 'WARN4', 'ERROR', 'ERROR2', 'ERROR3', 'ERROR4', 'FATAL', 'FATAL2', 'FATAL3', 'FATAL4']
    .map((name, i) => [`SEVERITY_NUMBER_${name}`, i]),
);

interface LogLike {
  timeUnixNano?: unknown; observedTimeUnixNano?: unknown; severityNumber?: unknown; severityText?: unknown;
  body?: Parameters<typeof anyValue>[0]; attributes?: unknown; traceId?: unknown; spanId?: unknown; eventName?: unknown;
}
interface ScopeLogsLike { scope?: { name?: unknown; version?: unknown } | null; logRecords?: unknown }
interface ResourceLogsLike { resource?: { attributes?: unknown } | null; scopeLogs?: unknown }
export interface LogsRequestLike { resourceLogs?: unknown }

/**
 * ExportLogsServiceRequest → valid log records. `timeUnixNano` falls back to the observed time
 * (and both to the receive time); the id hashes the record *as sent*, so a retry maps to the same id.
 */
export function convertLogs(request: LogsRequestLike, ctx: ConvertContext): LogRecord[] {
  const out: LogRecord[] = [];
  for (const rl of asArray(request.resourceLogs, 'resourceLogs') as ResourceLogsLike[]) {
    const resource = resourceInfo(rl.resource, ctx);
    const resourceKey = stableText(resource.attributes);
    for (const sl of asArray(rl.scopeLogs, 'scopeLogs') as ScopeLogsLike[]) {
      const scope = scopeInfo(sl.scope);
      // Hashed once per scope: each record's id then hashes 32 characters for its resource and
      // scope instead of the whole resource text (most of the bytes, and most of the cost).
      const parentKey = contentId(`${resourceKey}\u001f${scope.name}\u001f${scope.version ?? ''}`);
      for (const l of asArray(sl.logRecords, 'logRecords') as LogLike[]) {
        const record = convertLog(l, ctx, parentKey);
        if (record === undefined) continue;
        record.resource = resource;
        record.scope = scope;
        out.push(record);
      }
    }
  }
  return out;
}

function convertLog(l: LogLike, ctx: ConvertContext, parentKey: string): LogRecord | undefined {
  let traceId = idToHex(l.traceId, 16);
  if (traceId === null) return void ctx.reject('with an invalid trace_id (must be empty or 16 bytes)');
  let spanId = idToHex(l.spanId, 8);
  if (spanId === null) return void ctx.reject('with an invalid span_id (must be empty or 8 bytes)');
  if (traceId === ZERO_TRACE_ID) traceId = '';
  if (spanId === ZERO_SPAN_ID) spanId = '';

  const sentTime = toNanos(l.timeUnixNano, 'timeUnixNano');
  const sentObserved = toNanos(l.observedTimeUnixNano, 'observedTimeUnixNano');
  const observed = sentObserved !== 0n ? sentObserved : ctx.nowNano;
  const time = sentTime !== 0n ? sentTime : observed;
  const outside = ctx.checkWindow(time);
  if (outside) return void ctx.reject(`with a ${outside}`);

  const severityNumber = enumValue(l.severityNumber, SEVERITY_NAMES, 'severityNumber');
  const sentText = l.severityText ? String(l.severityText) : '';
  const attrs: Attributes = {};
  attributes(l.attributes, ctx, attrs);
  if (l.eventName) attrs['event.name'] = String(l.eventName);
  let body: AttributeValue = anyValue(l.body, ctx, Number.MAX_SAFE_INTEGER);
  if (typeof body === 'string' && body.length > ctx.limits.maxLogBodyLength) {
    body = body.slice(0, ctx.limits.maxLogBodyLength);
    ctx.truncated.log_body++;
  }

  const logId = contentId(
    `${parentKey}\u001f${sentTime}\u001f${sentObserved}\u001f${severityNumber}\u001f${sentText}\u001f${traceId}\u001f${spanId}\u001f${stableText(body)}\u001f${stableText(attrs)}`,
  );
  return {
    logId,
    timeUnixNano: time,
    observedTimeUnixNano: observed,
    severityNumber,
    severityText: sentText || severityTextFor(severityNumber),
    body,
    traceId,
    spanId,
    resource: undefined as never, // set by the caller (shared per resource)
    scope: undefined as never,
    attributes: attrs,
  };
}
