import { series } from '../collector-series.js';
import type { DashboardDefinition } from '../dashboard.js';
import { promTarget, stat, timeseries } from '../panels.js';
import { promLabelValues } from '../variables.js';

const inst = '{instance=~"$instance"}';
const rateBy = (by: string, metric: string, selector = inst) => `sum by (${by}) (rate(${metric}${selector}[$__rate_interval]))`;
/**
 * Counters that a healthy collector may never have incremented (rejections, write errors, drops)
 * have no series until the first event; `or vector(0)` makes the panel read 0 instead of "No data".
 */
const orZero = (expr: string) => `${expr} or vector(0)`;

export const collectorHealth: DashboardDefinition = {
  uid: 'sightline-collector-health',
  file: 'collector-health',
  title: 'Sightline / Collector health',
  description: "The Sightline collector's own health: what arrives, what is rejected, how full the queues are, how storage writes go and whether the storage backend is up.",
  tags: ['collector', 'self-monitoring'],
  variables: [promLabelValues('instance', series.ITEMS_RECEIVED_TOTAL, 'instance', { label: 'Collector', multi: true, includeAll: true })],
  panels: [
    stat('Storage up', [promTarget(`min by (backend) (${series.STORAGE_UP}${inst})`, { instant: true, legend: '{{backend}}' })], {
      description: '1 when the storage backend (embedded or Elasticsearch) answers, 0 when it does not.',
      thresholds: [{ color: 'red', value: null }, { color: 'green', value: 1 }],
    }),
    stat('Items received', [promTarget(`sum(rate(${series.ITEMS_RECEIVED_TOTAL}${inst}[$__rate_interval]))`, { instant: true })], { unit: 'ops' }),
    stat('Items rejected', [promTarget(orZero(`sum(rate(${series.ITEMS_REJECTED_TOTAL}${inst}[$__rate_interval]))`), { instant: true })], {
      unit: 'ops',
      thresholds: [{ color: 'green', value: null }, { color: 'red', value: 0.001 }],
    }),
    stat('Queue fill', [promTarget(`max(max by (signal) (${series.QUEUE_ITEMS}${inst}) / scalar(max(${series.QUEUE_CAPACITY_ITEMS}${inst})))`, { instant: true })], {
      unit: 'percentunit',
      description: 'Fullest signal queue relative to its capacity. Near 100% the receiver starts rejecting with back-pressure.',
      thresholds: [{ color: 'green', value: null }, { color: 'orange', value: 0.5 }, { color: 'red', value: 0.9 }],
    }),
    timeseries('Received and accepted items', [
      promTarget(rateBy('signal', series.ITEMS_RECEIVED_TOTAL), { legend: 'received {{signal}}' }),
      promTarget(rateBy('signal', series.ITEMS_ACCEPTED_TOTAL), { legend: 'accepted {{signal}}' }),
    ], { unit: 'ops' }),
    timeseries('Rejected items by reason', [promTarget(orZero(rateBy('signal, reason', series.ITEMS_REJECTED_TOTAL)), { legend: '{{signal}} {{reason}}' })], { unit: 'ops', stack: true }),
    timeseries('OTLP requests by status', [promTarget(rateBy('signal, status_code', series.REQUESTS_TOTAL), { legend: '{{signal}} {{status_code}}' })], { unit: 'reqps', stack: true }),
    timeseries('Truncations', [promTarget(orZero(rateBy('signal, what', series.ITEMS_TRUNCATED_TOTAL)), { legend: '{{signal}} {{what}}' })], {
      unit: 'ops',
      description: 'Attribute values, attributes, events and links cut to fit the receiver limits.',
    }),
    timeseries('Queue depth', [
      promTarget(`sum by (signal) (${series.QUEUE_ITEMS}${inst})`, { legend: '{{signal}}' }),
      promTarget(`max(${series.QUEUE_CAPACITY_ITEMS}${inst})`, { legend: 'capacity (per signal)' }),
    ], { unit: 'short' }),
    timeseries('Queue bytes', [promTarget(`sum by (signal) (${series.QUEUE_BYTES}${inst})`, { legend: '{{signal}}' })], { unit: 'bytes' }),
    timeseries('Storage write latency', [
      promTarget(`histogram_quantile(0.5, sum by (le, signal) (rate(${series.STORAGE_WRITE_DURATION_SECONDS}_bucket${inst}[$__rate_interval])))`, { legend: 'p50 {{signal}}' }),
      promTarget(`histogram_quantile(0.99, sum by (le, signal) (rate(${series.STORAGE_WRITE_DURATION_SECONDS}_bucket${inst}[$__rate_interval])))`, { legend: 'p99 {{signal}}' }),
    ], { unit: 's', description: 'Time one batch write to storage took.' }),
    timeseries('Written items', [promTarget(rateBy('signal', series.STORAGE_WRITTEN_ITEMS_TOTAL), { legend: '{{signal}}' })], { unit: 'ops', stack: true }),
    timeseries('Storage write errors and drops', [
      promTarget(orZero(rateBy('signal', series.STORAGE_WRITE_ERRORS_TOTAL)), { legend: 'failed writes {{signal}}' }),
      promTarget(orZero(rateBy('signal', series.STORAGE_DROPPED_ITEMS_TOTAL)), { legend: 'dropped items {{signal}}' }),
    ], { unit: 'ops', description: 'Failed batch writes are retried; items are dropped only after every retry failed.' }),
    timeseries('Storage up', [promTarget(`min by (backend) (${series.STORAGE_UP}${inst})`, { legend: '{{backend}}' })], { unit: 'bool', min: 0, max: 1 }),
  ],
};
