import { series } from '../collector-series.js';
import type { DashboardDefinition } from '../dashboard.js';
import { LOG_FIELDS } from '../log-index.js';
import { esLogs, esTarget, jaegerDependencyTarget, jaegerSearchTarget, jaegerTraceTarget, nodeGraph, table, traces } from '../panels.js';
import { promLabelValues, textbox } from '../variables.js';

export const tracesDashboard: DashboardDefinition = {
  uid: 'sightline-traces',
  file: 'traces',
  title: 'Sightline / Traces',
  description: "Trace search and trace view through Grafana's Jaeger data source on Sightline's Jaeger-compatible API, with the logs each trace wrote.",
  tags: ['traces'],
  variables: [
    promLabelValues('service', series.SPAN_CALLS_TOTAL, 'service', { label: 'Service' }),
    textbox('trace_id', 'Trace ID'),
  ],
  panels: [
    table('Recent traces', [jaegerSearchTarget('$service', '', 20)], {
      description: 'Latest traces of the service. Click a trace ID to open it below (and its logs).',
      h: 10,
      overrides: [
        {
          matcher: { id: 'byName', options: 'Trace ID' },
          properties: [{ id: 'links', value: [{ title: 'Open trace', url: '/d/sightline-traces/sightline-traces?var-service=${service}&var-trace_id=${__value.raw}&${__url_time_range}' }] }],
        },
      ],
    }),
    traces('Trace', jaegerTraceTarget('$trace_id'), { description: 'The trace whose ID is in the Trace ID box. Span → logs links come from the data source (tracesToLogsV2).' }),
    esLogs('Logs of this trace', esTarget(`${LOG_FIELDS.traceId}:"$trace_id"`, LOG_FIELDS.time, [{ id: '1', type: 'logs', settings: { limit: '500' } }], []), { h: 10 }),
    nodeGraph('Dependencies (Jaeger API)', jaegerDependencyTarget(), {
      description: "Service dependencies as Sightline's Jaeger API reports them for the time range.",
      mainstatFromValue: false,
    }),
  ],
};
