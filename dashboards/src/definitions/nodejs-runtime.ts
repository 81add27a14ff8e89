import type { DashboardDefinition } from '../dashboard.js';
import { promTarget, stat, timeseries } from '../panels.js';
import * as m from '../service-metric-names.js';
import { promLabelValues } from '../variables.js';

const job = '{job=~"$job"}';
const H = m.HTTP_LABELS;
const httpBucket = `${m.HTTP_SERVER_REQUEST_DURATION_SECONDS}_bucket`;
const httpCount = `${m.HTTP_SERVER_REQUEST_DURATION_SECONDS}_count`;
const httpRate = (by: string, extra = '') => `sum by (${by}) (rate(${httpCount}{job=~"$job"${extra}}[$__rate_interval]))`;

export const nodejsRuntime: DashboardDefinition = {
  uid: 'sightline-nodejs-runtime',
  file: 'nodejs-runtime',
  title: 'Sightline / Node.js runtime',
  description: 'Event-loop delay, heap, garbage collection, CPU and HTTP RED of the instrumented Node.js services, as Prometheus scrapes them from each service’s /metrics.',
  tags: ['nodejs', 'runtime'],
  variables: [promLabelValues('job', m.NODEJS_HEAP_SIZE_USED_BYTES, 'job', { label: 'Service', multi: true, includeAll: true })],
  panels: [
    stat('Event-loop delay p99 (max)', [promTarget(`max(${m.NODEJS_EVENTLOOP_LAG_P99_SECONDS}${job})`, { instant: true })], {
      unit: 's',
      w: 8,
      thresholds: [{ color: 'green', value: null }, { color: 'orange', value: 0.05 }, { color: 'red', value: 0.2 }],
    }),
    stat('Heap used (sum)', [promTarget(`sum(${m.NODEJS_HEAP_SIZE_USED_BYTES}${job})`, { instant: true })], { unit: 'bytes', w: 8 }),
    stat('HTTP requests', [promTarget(`sum(rate(${httpCount}${job}[$__rate_interval]))`, { instant: true })], { unit: 'reqps', w: 8 }),
    timeseries('Event-loop delay', [
      promTarget(`max by (job) (${m.NODEJS_EVENTLOOP_LAG_P50_SECONDS}${job})`, { legend: 'p50 {{job}}' }),
      promTarget(`max by (job) (${m.NODEJS_EVENTLOOP_LAG_P99_SECONDS}${job})`, { legend: 'p99 {{job}}' }),
      promTarget(`max by (job) (${m.NODEJS_EVENTLOOP_LAG_MAX_SECONDS}${job})`, { legend: 'max {{job}}' }),
    ], { unit: 's' }),
    timeseries('Heap', [
      promTarget(`sum by (job) (${m.NODEJS_HEAP_SIZE_USED_BYTES}${job})`, { legend: 'used {{job}}' }),
      promTarget(`sum by (job) (${m.NODEJS_HEAP_SIZE_TOTAL_BYTES}${job})`, { legend: 'total {{job}}' }),
      promTarget(`sum by (job) (${m.NODEJS_EXTERNAL_MEMORY_BYTES}${job})`, { legend: 'external {{job}}' }),
    ], { unit: 'bytes' }),
    timeseries('GC time', [promTarget(`sum by (job, kind) (rate(${m.NODEJS_GC_DURATION_SECONDS}_sum${job}[$__rate_interval]))`, { legend: '{{job}} {{kind}}' })], {
      unit: 'percentunit',
      description: 'Share of wall time spent in garbage collection, by GC kind.',
      stack: true,
    }),
    timeseries('GC pauses', [promTarget(`sum by (job, kind) (rate(${m.NODEJS_GC_DURATION_SECONDS}_count${job}[$__rate_interval]))`, { legend: '{{job}} {{kind}}' })], { unit: 'ops' }),
    timeseries('CPU', [promTarget(`sum by (job) (rate(${m.PROCESS_CPU_SECONDS_TOTAL}${job}[$__rate_interval]))`, { legend: '{{job}}' })], { unit: 'percentunit' }),
    timeseries('Resident memory', [
      promTarget(`sum by (job) (${m.PROCESS_RESIDENT_MEMORY_BYTES}${job})`, { legend: 'rss {{job}}' }),
    ], { unit: 'bytes' }),
    timeseries('HTTP requests by route', [promTarget(httpRate(`job, ${H.route}`), { legend: `{{job}} {{${H.route}}}` })], { unit: 'reqps', stack: true }),
    timeseries('HTTP 5xx ratio', [
      promTarget(`(${httpRate('job', `, ${H.status}=~"5.."`)} or ${httpRate('job')} * 0) / ${httpRate('job')}`, { legend: '{{job}}' }),
    ], { unit: 'percentunit', min: 0 }),
    timeseries('HTTP latency p95 by route', [
      promTarget(`histogram_quantile(0.95, sum by (le, job, ${H.route}) (rate(${httpBucket}${job}[$__rate_interval])))`, { legend: `{{job}} {{${H.route}}}` }),
    ], { unit: 's' }),
  ],
};
