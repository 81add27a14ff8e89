import { indexPattern } from './index-names.js';
import type { Signal } from './index-names.js';

/**
 * Composable index templates, one per signal, with explicit mappings. `dynamic: false` keeps any
 * field we did not map in `_source` without indexing it, so user data can never grow the mapping;
 * attribute maps, events, links and bodies are stored, not indexed (`enabled: false`), and made
 * filterable through the `attributeTerms` keyword array instead (see attribute-terms.ts).
 */
export interface TemplateSettings {
  numberOfShards: number;
  /** e.g. "0-1": one replica as soon as a second node exists. */
  autoExpandReplicas: string;
  refreshInterval: string;
  /** 'async': fsync the translog every 5 s instead of per bulk request (about a quarter less CPU, measured). */
  translogDurability: 'request' | 'async';
}

type Mapping = Record<string, unknown>;

const keyword: Mapping = { type: 'keyword' };
/** Filtered on, never sorted or aggregated: no doc values (cheaper indexing, smaller segments). */
const filterOnly: Mapping = { type: 'keyword', doc_values: false };
/**
 * Kept in `_source` only, and left out of the index template's mapping: with `dynamic: false`
 * Elasticsearch keeps such a field in `_source` without handing it to a field mapper, whereas a
 * mapped keyword with `index: false, doc_values: false` still went through the keyword mapper
 * (UTF-8 encoding and all) on every document. Listed here so the documents' fields stay declared
 * in one place (indices made by older versions map these as unindexed keywords).
 */
const sourceOnly: Mapping = Object.freeze({ sourceOnly: true });
const stored: Mapping = { type: 'object', enabled: false };
/** Exact bigint as a decimal string: returned in `_source`, never searched. */
const rawNanos = sourceOnly;
const dateNanos: Mapping = { type: 'date_nanos' };

/**
 * The resource as sent: on the resource documents (and, in documents written before resources
 * moved there, inline in each span and log record); its service name is searchable through the
 * top-level `serviceName`.
 */
const resource: Mapping = stored;

/** Rollup rows and bucket states of the aggregate tables (see aggregate-rollups.ts). */
const rollupFields: Mapping = {
  rollupMs: { type: 'integer' },
  stateBucketMs: { type: 'long' },
  fresh: { type: 'boolean' },
};

const histogramBuckets: Mapping = {
  type: 'nested',
  properties: { i: { type: 'short' }, c: { type: 'long' } },
};

export const MAPPINGS: Record<Signal, Mapping> = {
  // Each field only as indexed as the queries need it: inverted index for filters, doc values for
  // sorting and aggregations (less work per span at ingest).
  spans: {
    traceId: keyword,
    /** Sorts a big trace's pages: doc values only. */
    spanId: { type: 'keyword', index: false },
    parentSpanId: sourceOnly,
    traceState: sourceOnly,
    name: keyword,
    /** Grouped on (operations), never filtered. */
    kind: { type: 'byte', index: false },
    startTime: dateNanos,
    /** Sorted on (a trace's last span), never filtered: doc values only. */
    endTime: { type: 'date_nanos', index: false },
    startTimeUnixNano: rawNanos,
    endTimeUnixNano: rawNanos,
    /** Range-filtered, never sorted or aggregated. */
    durationNano: { type: 'long', doc_values: false },
    statusCode: sourceOnly,
    statusMessage: sourceOnly,
    serviceName: keyword,
    resource,
    scope: stored,
    attributes: stored,
    /** The span's own attributes and `service.name`; resource attributes are found through `resourceId`. */
    attributeTerms: filterOnly,
    resourceId: filterOnly,
    events: stored,
    links: stored,
    isRoot: { type: 'boolean', doc_values: false },
    isError: { type: 'boolean', doc_values: false },
  },
  logs: {
    logId: keyword,
    time: dateNanos,
    timeUnixNano: rawNanos,
    observedTimeUnixNano: rawNanos,
    severityNumber: { type: 'byte' },
    severityText: keyword,
    /** Upper-cased severity text: what log volume groups by. */
    severityGroup: keyword,
    body: stored,
    /** The body rendered as text, lower-cased, for case-insensitive substring search. */
    bodyText: { type: 'keyword', ignore_above: 8191 },
    traceId: keyword,
    spanId: keyword,
    serviceName: keyword,
    resource,
    scope: stored,
    attributes: stored,
    /** The record's own attributes and `service.name`; resource attributes are found through `resourceId`. */
    attributeTerms: filterOnly,
    resourceId: filterOnly,
  },
  metrics: {
    pointId: keyword,
    name: keyword,
    description: { type: 'keyword', index: false },
    unit: { type: 'keyword', index: false },
    type: keyword,
    temporality: keyword,
    monotonic: { type: 'boolean' },
    time: dateNanos,
    timeUnixNano: rawNanos,
    startTimeUnixNano: rawNanos,
    serviceName: keyword,
    resource,
    scope: stored,
    attributes: stored,
    attributeTerms: filterOnly,
    attributeKeys: keyword,
    value: { type: 'double' },
    histogram: stored,
    exponentialHistogram: stored,
    summary: stored,
  },
  'span-metrics': {
    minuteUnixMs: { type: 'long' },
    serviceName: keyword,
    operation: keyword,
    spanKind: { type: 'byte' },
    statusCode: { type: 'byte' },
    calls: { type: 'long' },
    errors: { type: 'long' },
    durationSumNano: { type: 'double' },
    histogram: histogramBuckets,
    ...rollupFields,
  },
  edges: {
    minuteUnixMs: { type: 'long' },
    client: keyword,
    server: keyword,
    serverKind: keyword,
    calls: { type: 'long' },
    errors: { type: 'long' },
    durationSumNano: { type: 'double' },
    histogram: histogramBuckets,
    ...rollupFields,
  },
  'trace-lookup': {
    /** One document per trace and day (written by older versions; found by id). */
    traceId: keyword,
    /** Batched lookups: one document per daily index, signal and write (see PendingLookups). */
    spanTraceIds: filterOnly,
    logTraceIds: filterOnly,
  },
  /** One document per resource and day that has spans or logs: the resource's filter terms. */
  resources: {
    /** Sorted on to page through many matching resources. */
    resourceId: keyword,
    serviceName: keyword,
    attributeTerms: filterOnly,
    resource,
  },
};

export function templateName(prefix: string, signal: Signal): string {
  return `${prefix}-${signal}`;
}

/** The body of `PUT _index_template/<prefix>-<signal>`. */
export function indexTemplate(prefix: string, signal: Signal, settings: TemplateSettings): Record<string, unknown> {
  return {
    index_patterns: [indexPattern(prefix, signal)],
    // Above the built-in templates (priority 100-ish for logs-*-*), so ours wins on its own names.
    priority: 300,
    template: {
      settings: {
        number_of_shards: settings.numberOfShards,
        auto_expand_replicas: settings.autoExpandReplicas,
        refresh_interval: settings.refreshInterval,
        'mapping.nested_objects.limit': 1000,
        'translog.durability': settings.translogDurability,
        ...(settings.translogDurability === 'async' ? { 'translog.sync_interval': '5s' } : {}),
      },
      // No `_source` excludes for the derived `attributeTerms`: filtering the source on every write
      // cost more CPU (measured) than storing the duplicate terms costs disk.
      mappings: {
        dynamic: false,
        // Lookups are only ever matched, never read back: no stored source to compress.
        ...(signal === 'trace-lookup' ? { _source: { enabled: false } } : {}),
        properties: Object.fromEntries(Object.entries(MAPPINGS[signal]).filter(([, mapping]) => mapping !== sourceOnly)),
      },
    },
    _meta: { managed_by: 'sightline' },
  };
}
