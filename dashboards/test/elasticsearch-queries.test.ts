/**
 * Every Elasticsearch query of the dashboards (panels and variables), built the way Grafana's
 * Elasticsearch data source builds it, run against a real Elasticsearch that a real collector
 * (storage: elasticsearch) filled from realistic OTLP traffic: each must return hits.
 */
import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import { after, before, describe, it } from 'node:test';
import { indexPattern } from '../../collector/src/storage/elasticsearch/index-names.js';
import type { TemplateVariable } from '../src/grafana-model.js';
import { LOG_FIELDS } from '../src/log-index.js';
import { dataSourcesProvisioning } from '../src/provisioning.js';
import { startCollector, type CollectorUnderTest } from './support/collector-under-test.js';
import { importDashboards, targetsOfType, variablesOf } from './support/dashboard-files.js';
import { requireServer } from './support/external-server.js';
import { grafanaEsSearch, luceneValue, nonEmptyLeafBuckets } from './support/grafana-es-query.js';
import { substituteVariables } from './support/grafana-variables.js';
import { SERVICES } from './support/otlp-traffic.js';

const ES_URL = process.env.SIGHTLINE_ES_URL ?? process.env.ES_URL ?? 'http://127.0.0.1:9200';

async function elasticsearchUp(): Promise<boolean> {
  try {
    const response = await fetch(`${ES_URL}/_cluster/health`, { signal: AbortSignal.timeout(3000) });
    return response.ok && (await response.json() as { status: string }).status !== 'red';
  } catch {
    return false;
  }
}

const skip = requireServer(await elasticsearchUp(), `Elasticsearch at ${ES_URL}`, 'Start one with `node scripts/elasticsearch.mjs start` (or set SIGHTLINE_ES_URL) and run `node scripts/test.mjs dashboards/test`.');

/** The service a person would look at: the one whose requests fail and log errors. */
const PREFERRED_SERVICE = SERVICES.payment;

describe('dashboard Elasticsearch queries against a real Elasticsearch filled by a real collector', { skip }, () => {
  // A prefix of our own: the Elasticsearch may be shared with other suites.
  const prefix = `sightline-dash-${randomBytes(4).toString('hex')}`;
  const logsIndex = indexPattern(prefix, 'logs');
  let sightline: CollectorUnderTest;
  const dashboards = importDashboards();
  const range = { fromMs: Date.now() - 3_600_000, toMs: Date.now() + 60_000 };

  async function search(body: Record<string, unknown>): Promise<{ hits: { total: { value: number }; hits: Array<{ _source: Record<string, unknown> }> }; aggregations?: unknown }> {
    const response = await fetch(`${ES_URL}/${logsIndex}/_search`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) });
    const json = (await response.json()) as Record<string, unknown>;
    assert.equal(response.status, 200, JSON.stringify(json).slice(0, 2000));
    return json as never;
  }

  before(async () => {
    sightline = await startCollector({ storage: 'elasticsearch', elasticsearch: { nodes: [ES_URL], indexPrefix: prefix } });
    await sightline.sendBatch(16);
    await sightline.collector.flush();
  });

  after(async () => {
    await sightline?.stop();
    await fetch(`${ES_URL}/${prefix}-*?expand_wildcards=all`, { method: 'DELETE' }).catch(() => undefined);
    await fetch(`${ES_URL}/_index_template/${prefix}-*`, { method: 'DELETE' }).catch(() => undefined);
  });

  async function resolveVariables(variables: TemplateVariable[]): Promise<Record<string, string>> {
    const values: Record<string, string> = { trace_id: sightline.failedTraceIds[0] };
    for (const variable of variables.filter((v) => (v.datasource as { type?: string } | undefined)?.type === 'elasticsearch')) {
      const { find, field, size } = JSON.parse(String(variable.query)) as { find: string; field: string; size: number };
      assert.equal(find, 'terms');
      const result = await search({ size: 0, query: { range: { [LOG_FIELDS.time]: { gte: range.fromMs, lte: range.toMs, format: 'epoch_millis' } } }, aggs: { 1: { terms: { field, size, order: { _key: 'asc' } } } } });
      const keys = ((result.aggregations as { 1: { buckets: Array<{ key: string }> } })[1].buckets).map((b) => b.key);
      assert.ok(keys.length > 0, `$${variable.name}: terms of ${field} returned nothing`);
      values[variable.name] = variable.name === 'service' && keys.includes(PREFERRED_SERVICE) ? luceneValue(PREFERRED_SERVICE) : String(variable.allValue ?? luceneValue(keys[0]));
    }
    return values;
  }

  it('provisions the data source on the collector\'s log indices, with fields the documents have', async () => {
    const source = (dataSourcesProvisioning().datasources as Array<{ type: string; jsonData: Record<string, string> }>).find((d) => d.type === 'elasticsearch')!;
    assert.equal(source.jsonData.index, indexPattern('sightline', 'logs'));
    const { hits } = await search({ size: 5, query: { match_all: {} } });
    assert.ok(hits.total.value > 0);
    for (const { _source } of hits.hits) {
      for (const field of [source.jsonData.timeField, source.jsonData.logMessageField, source.jsonData.logLevelField]) {
        assert.equal(typeof _source[field], 'string', `documents have no string ${field}: ${JSON.stringify(_source).slice(0, 300)}`);
      }
    }
  });

  const targets = targetsOfType(dashboards, 'elasticsearch');
  for (const { dashboard, target, where } of targets) {
    it(`${where}: returns hits`, async () => {
      const values = await resolveVariables(variablesOf(dashboard));
      const query = substituteVariables(String(target.query ?? ''), values);
      const result = await search(grafanaEsSearch(target, query, range));
      assert.ok(result.hits.total.value > 0, `${where}: no hits for ${query}`);
      if (result.aggregations) assert.ok(nonEmptyLeafBuckets(result.aggregations) > 0, `${where}: empty buckets for ${query}`);
      else assert.ok(result.hits.hits.length > 0);
      if (dashboard.uid === 'sightline-traces') {
        assert.ok(result.hits.hits.every((hit) => hit._source[LOG_FIELDS.traceId] === values.trace_id), 'logs of another trace');
      }
    });
  }

  it('the error-log table shows only errors, from the service that failed', async () => {
    const logs = dashboards.find(({ dashboard }) => dashboard.uid === 'sightline-logs')!;
    const table = logs.dashboard.panels.find((p) => p.title === 'Error logs')!;
    const values = await resolveVariables(variablesOf(logs.dashboard));
    const result = await search(grafanaEsSearch(table.targets![0], substituteVariables(String(table.targets![0].query), values), range));
    const severities = new Set(result.hits.hits.map((hit) => hit._source[LOG_FIELDS.severity]));
    assert.deepEqual([...severities], ['ERROR']);
    assert.deepEqual([...new Set(result.hits.hits.map((hit) => hit._source[LOG_FIELDS.service]))], [PREFERRED_SERVICE]);
    assert.equal(result.hits.total.value, sightline.failedTraceIds.length);
  });
});
