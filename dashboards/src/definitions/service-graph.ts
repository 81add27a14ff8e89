import { series } from '../collector-series.js';
import type { DashboardDefinition } from '../dashboard.js';
import { nodeGraph, promTarget, stat, table, timeseries } from '../panels.js';
import { promLabelValues } from '../variables.js';

const REQUESTS = series.SERVICE_GRAPH_REQUEST_TOTAL;
const FAILED = series.SERVICE_GRAPH_REQUEST_FAILED_TOTAL;
const DURATION_BUCKET = `${series.SERVICE_GRAPH_REQUEST_DURATION_SECONDS}_bucket`;

const sel = '{client=~"$client", server=~"$server"}';
const EDGE = 'client, server, server_kind';

const edgeRate = (window: string) => `sum by (${EDGE}) (rate(${REQUESTS}${sel}[${window}]))`;

/**
 * One row per edge with the label columns the node graph reads by name: `source`, `target` and a
 * unique `id` (label_join of client and server). The value becomes `mainstat` in the panel.
 */
const nodeGraphEdges =
  `label_join(label_replace(label_replace(${edgeRate('$__range')}, "source", "$1", "client", "(.*)"), "target", "$1", "server", "(.*)"), "id", " -> ", "client", "server")`;

function failedRatio(window: string): string {
  const all = edgeRate(window);
  return `(sum by (${EDGE}) (rate(${FAILED}${sel}[${window}])) or ${all} * 0) / ${all}`;
}

const p95 = (window: string) => `histogram_quantile(0.95, sum by (le, ${EDGE}) (rate(${DURATION_BUCKET}${sel}[${window}])))`;

export const serviceGraph: DashboardDefinition = {
  uid: 'sightline-service-graph',
  file: 'service-graph',
  title: 'Sightline / Service graph',
  description: 'Which services call which (and which databases, queues and external hosts), how often, how slowly and how often it fails: the service-graph edges the Sightline collector derives at ingest.',
  tags: ['service-graph'],
  variables: [
    promLabelValues('client', REQUESTS, 'client', { label: 'Client', multi: true, includeAll: true }),
    promLabelValues('server', `${REQUESTS}{client=~"$client"}`, 'server', { label: 'Server', multi: true, includeAll: true }),
  ],
  panels: [
    nodeGraph('Service graph', promTarget(nodeGraphEdges, { instant: true, format: 'table', refId: 'edges' }), {
      description: 'Edges: requests per second (client side) over the time range. Nodes are services and uninstrumented peers.',
    }),
    table(
      'Edges',
      [
        promTarget(edgeRate('$__range'), { instant: true, format: 'table', refId: 'rate' }),
        promTarget(failedRatio('$__range'), { instant: true, format: 'table', refId: 'failed' }),
        promTarget(p95('$__range'), { instant: true, format: 'table', refId: 'p95' }),
      ],
      {
        description: 'Averages over the dashboard time range.',
        transformations: [
          { id: 'merge', options: {} },
          { id: 'organize', options: { excludeByName: { Time: true }, renameByName: { 'Value #rate': 'Requests/s', 'Value #failed': 'Failed ratio', 'Value #p95': 'p95 latency', server_kind: 'Server kind' } } },
        ],
        overrides: [
          { matcher: { id: 'byName', options: 'Failed ratio' }, properties: [{ id: 'unit', value: 'percentunit' }] },
          { matcher: { id: 'byName', options: 'p95 latency' }, properties: [{ id: 'unit', value: 's' }] },
          { matcher: { id: 'byName', options: 'Requests/s' }, properties: [{ id: 'unit', value: 'reqps' }] },
        ],
      },
    ),
    timeseries('Requests by edge', [promTarget(edgeRate('$__rate_interval'), { legend: '{{client}} → {{server}}' })], { unit: 'reqps', w: 8 }),
    timeseries('Failed ratio by edge', [promTarget(failedRatio('$__rate_interval'), { legend: '{{client}} → {{server}}' })], { unit: 'percentunit', w: 8, min: 0 }),
    timeseries('Latency p95 by edge', [promTarget(p95('$__rate_interval'), { legend: '{{client}} → {{server}}' })], { unit: 's', w: 8 }),
    stat('Unpaired client spans', [promTarget(`sum(rate(${series.SERVICE_GRAPH_UNPAIRED_TOTAL}[$__rate_interval])) or vector(0)`, { instant: true })], {
      unit: 'ops',
      w: 24,
      description: 'Client spans whose server span never arrived and that named no peer: calls missing from the graph.',
    }),
  ],
};
