import type { DashboardDefinition } from '../dashboard.js';
import { promTarget, stat, timeseries } from '../panels.js';
import { SERVICE_LABELS as L, SERVICE_SERIES as S } from '../service-metric-names.js';
import { promLabelValues } from '../variables.js';

const job = '{job=~"$job"}';
const httpCount = `${S.httpServerDuration}_count`;
const httpRate = (by: string, extra = '') => `sum by (${by}) (rate(${httpCount}{job=~"$job"${extra}}[$__rate_interval]))`;

export const nodejsRuntime: DashboardDefinition = {
  uid: 'sightline-nodejs-runtime',
  file: 'nodejs-runtime',
  title: 'Sightline / Node.js runtime',
  description:
    'Event-loop delay and utilization, heap, garbage collection and HTTP RED of the instrumented Node.js services: the OTel metrics @sightline/instrumentation records, as Prometheus scrapes them from each service’s /metrics.',
  tags: ['nodejs', 'runtime'],
  variables: [promLabelValues('job', S.heapUsed, 'job', { label: 'Service', multi: true, includeAll: true })],
  panels: [
    stat('Event-loop delay p99 (worst service)', [promTarget(`max(${S.eventLoopDelayP99}${job})`, { instant: true })], {
      unit: 's',
      w: 6,
      thresholds: [{ color: 'green', value: null }, { color: 'orange', value: 0.05 }, { color: 'red', value: 0.2 }],
    }),
    stat('Event-loop utilization (busiest)', [promTarget(`max(${S.eventLoopUtilization}${job})`, { instant: true })], {
      unit: 'percentunit',
      w: 6,
      thresholds: [{ color: 'green', value: null }, { color: 'orange', value: 0.7 }, { color: 'red', value: 0.9 }],
    }),
    stat('Heap used (all services)', [promTarget(`sum(${S.heapUsed}${job})`, { instant: true })], { unit: 'bytes', w: 6 }),
    stat('HTTP requests', [promTarget(`sum(rate(${httpCount}${job}[$__rate_interval]))`, { instant: true })], { unit: 'reqps', w: 6 }),
    timeseries('Event-loop delay', [
      promTarget(`max by (job) (${S.eventLoopDelayP50}${job})`, { legend: 'p50 {{job}}' }),
      promTarget(`max by (job) (${S.eventLoopDelayP99}${job})`, { legend: 'p99 {{job}}' }),
      promTarget(`max by (job) (${S.eventLoopDelayMax}${job})`, { legend: 'max {{job}}' }),
    ], { unit: 's' }),
    timeseries('Event-loop utilization', [promTarget(`max by (job) (${S.eventLoopUtilization}${job})`, { legend: '{{job}}' })], { unit: 'percentunit', min: 0, max: 1 }),
    timeseries('Heap used', [promTarget(`sum by (job) (${S.heapUsed}${job})`, { legend: '{{job}}' })], { unit: 'bytes' }),
    timeseries('Heap committed by space', [promTarget(`sum by (job, ${L.heapSpace}) (${S.heapSpacePhysicalSize}${job})`, { legend: `{{job}} {{${L.heapSpace}}}` })], { unit: 'bytes', stack: true }),
    timeseries('GC time', [promTarget(`sum by (job, ${L.gcType}) (rate(${S.gcDuration}_sum${job}[$__rate_interval]))`, { legend: `{{job}} {{${L.gcType}}}` })], {
      unit: 'percentunit',
      description: 'Share of wall time spent in garbage collection, by GC type.',
      stack: true,
    }),
    timeseries('GC pauses', [promTarget(`sum by (job, ${L.gcType}) (rate(${S.gcDuration}_count${job}[$__rate_interval]))`, { legend: `{{job}} {{${L.gcType}}}` })], { unit: 'ops' }),
    timeseries('HTTP requests by route', [promTarget(httpRate(`job, ${L.method}, ${L.route}`), { legend: `{{job}} {{${L.method}}} {{${L.route}}}` })], { unit: 'reqps', stack: true, w: 8 }),
    timeseries('HTTP 5xx ratio', [
      promTarget(`(${httpRate('job', `, ${L.status}=~"5.."`)} or ${httpRate('job')} * 0) / ${httpRate('job')}`, { legend: '{{job}}' }),
    ], { unit: 'percentunit', min: 0, w: 8 }),
    timeseries('HTTP latency p95 by route', [
      promTarget(`histogram_quantile(0.95, sum by (le, job, ${L.route}) (rate(${S.httpServerDuration}_bucket${job}[$__rate_interval])))`, { legend: `{{job}} {{${L.route}}}` }),
    ], { unit: 's', w: 8 }),
  ],
};
