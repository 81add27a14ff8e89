import type { DashboardDefinition } from '../dashboard.js';
import { ELASTICSEARCH, dataSourceRef } from '../data-sources.js';
import { ERROR_SEVERITIES, LOG_FIELDS } from '../log-index.js';
import { dateHistogramAgg, esCountsOverTime, esLogs, esTarget, table, termsAgg } from '../panels.js';
import type { TemplateVariable } from '../grafana-model.js';

function esTermsVariable(name: string, label: string, field: string): TemplateVariable {
  const query = JSON.stringify({ find: 'terms', field, size: 500 });
  return {
    name,
    type: 'query',
    label,
    datasource: dataSourceRef(ELASTICSEARCH),
    definition: query,
    query,
    refresh: 2,
    sort: 1,
    multi: true,
    includeAll: true,
    allValue: '*',
    current: {},
    options: [],
    hide: 0,
    regex: '',
    skipUrlSync: false,
  };
}

const T = LOG_FIELDS.time;
const filter = `${LOG_FIELDS.service}:$service AND ${LOG_FIELDS.severity}:$severity`;
const errorsFilter = `${LOG_FIELDS.service}:$service AND ${LOG_FIELDS.severity}:(${ERROR_SEVERITIES.join(' OR ')})`;

export const logs: DashboardDefinition = {
  uid: 'sightline-logs',
  file: 'logs',
  title: 'Sightline / Logs',
  description: "Log volume by service and severity and the latest error logs, from Sightline's log indices in Elasticsearch.",
  tags: ['logs'],
  variables: [esTermsVariable('service', 'Service', LOG_FIELDS.service), esTermsVariable('severity', 'Severity', LOG_FIELDS.severity)],
  panels: [
    esCountsOverTime('Log volume by service', esTarget(filter, T, [{ id: '1', type: 'count' }], [termsAgg('2', LOG_FIELDS.service), dateHistogramAgg('3', T)]), { w: 12 }),
    esCountsOverTime('Log volume by severity', esTarget(filter, T, [{ id: '1', type: 'count' }], [termsAgg('2', LOG_FIELDS.severity), dateHistogramAgg('3', T)]), { w: 12 }),
    esCountsOverTime('Errors by service', esTarget(errorsFilter, T, [{ id: '1', type: 'count' }], [termsAgg('2', LOG_FIELDS.service), dateHistogramAgg('3', T)]), { w: 24, h: 7 }),
    table('Error logs', [esTarget(errorsFilter, T, [{ id: '1', type: 'raw_data', settings: { size: '100' } }], [])], {
      description: 'The latest 100 ERROR and FATAL log records. Open a trace from its traceId in the Traces dashboard.',
      h: 10,
      transformations: [
        {
          id: 'organize',
          options: {
            indexByName: { [T]: 0, [LOG_FIELDS.service]: 1, [LOG_FIELDS.severityText]: 2, [LOG_FIELDS.message]: 3, [LOG_FIELDS.traceId]: 4, [LOG_FIELDS.spanId]: 5 },
            includeByName: { [T]: true, [LOG_FIELDS.service]: true, [LOG_FIELDS.severityText]: true, [LOG_FIELDS.message]: true, [LOG_FIELDS.traceId]: true, [LOG_FIELDS.spanId]: true },
          },
        },
      ],
      overrides: [
        {
          matcher: { id: 'byName', options: LOG_FIELDS.traceId },
          properties: [{ id: 'links', value: [{ title: 'Open trace', url: '/d/sightline-traces/sightline-traces?var-trace_id=${__value.raw}&${__url_time_range}' }] }],
        },
      ],
    }),
    esLogs('Logs', esTarget(filter, T, [{ id: '1', type: 'logs', settings: { limit: '500' } }], [])),
  ],
};
