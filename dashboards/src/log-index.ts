/**
 * Sightline's log indices in Elasticsearch, as the Elasticsearch storage backend defines them.
 *
 * Fields are checked against the backend's index-template mappings when the dashboards are
 * generated: a renamed or unmapped field fails generation (and so the tests), not a panel.
 */
import { indexPattern } from '../../collector/src/storage/elasticsearch/index-names.js';
import { MAPPINGS } from '../../collector/src/storage/elasticsearch/index-templates.js';
import { defaultConfig } from '../../collector/src/config/collector-config.js';

/** The collector's default index prefix (`sightline`); the data source is set to its log pattern. */
export const LOG_INDEX_PATTERN = indexPattern(defaultConfig().elasticsearch.indexPrefix, 'logs');

type Mapping = { type?: string; properties?: Record<string, Mapping>; enabled?: boolean; index?: boolean };

/** The mapping of a dotted field path in the logs template, or undefined when it is not mapped. */
export function logFieldMapping(path: string): Mapping | undefined {
  let properties = MAPPINGS.logs as Record<string, Mapping>;
  let found: Mapping | undefined;
  for (const part of path.split('.')) {
    found = properties?.[part];
    if (found === undefined) return undefined;
    properties = found.properties ?? {};
  }
  return found;
}

/** A log field the dashboards search or aggregate on: must be mapped and indexed. */
function searchable(path: string): string {
  const mapping = logFieldMapping(path);
  if (!mapping || mapping.enabled === false || mapping.index === false || mapping.type === undefined) {
    throw new Error(`dashboards: log field "${path}" is not an indexed field of the Elasticsearch logs mapping`);
  }
  return path;
}

/** A log field the dashboards only display from `_source`: must be mapped (stored is enough). */
function displayed(path: string): string {
  if (!logFieldMapping(path)) throw new Error(`dashboards: log field "${path}" is not in the Elasticsearch logs mapping`);
  return path;
}

export const LOG_FIELDS = {
  time: searchable('time'),
  service: searchable('serviceName'),
  severity: searchable('severityGroup'),
  severityText: searchable('severityText'),
  traceId: searchable('traceId'),
  spanId: searchable('spanId'),
  message: displayed('body'),
} as const;

/** `severityGroup` values that count as errors. */
export const ERROR_SEVERITIES = ['ERROR', 'FATAL'];
