import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { describe, it } from 'node:test';
import { parse } from 'yaml';
import { ALL_DATA_SOURCES, ELASTICSEARCH, JAEGER } from '../src/data-sources.js';
import { PROVISIONING_DIR } from '../src/generate.js';
import { LOG_INDEX_PATTERN } from '../src/log-index.js';
import { GRAFANA_DASHBOARDS_PATH } from '../src/provisioning.js';

/** Grafana expands `$VAR`/`${VAR}` from the environment in provisioning files and reads `$$` as `$`. */
function expandLikeGrafana(text: string, env: Record<string, string> = {}): string {
  return text.replace(/\$\$|\$\{(\w+)\}|\$(\w+)/g, (match, braced?: string, bare?: string) => (match === '$$' ? '$' : env[braced ?? bare ?? ''] ?? ''));
}

const read = (path: string) => parse(expandLikeGrafana(readFileSync(`${PROVISIONING_DIR}/${path}`, 'utf8'))) as Record<string, unknown>;

interface ProvisionedDataSource {
  name: string;
  uid: string;
  type: string;
  url: string;
  jsonData: Record<string, unknown>;
}

describe('Grafana provisioning', () => {
  const { datasources } = read('datasources/sightline.yaml') as { datasources: ProvisionedDataSource[] };

  it('creates the three data sources under the uids the provisioned dashboards use', () => {
    assert.deepEqual(
      datasources.map((d) => [d.uid, d.type]),
      ALL_DATA_SOURCES.map((s) => [s.provisionedUid, s.pluginId]),
    );
    assert.equal(new Set(datasources.map((d) => d.name)).size, datasources.length, 'data source names must be unique');
  });

  it('points Elasticsearch at the log indices and links trace ids to the Jaeger data source', () => {
    const es = datasources.find((d) => d.uid === ELASTICSEARCH.provisionedUid)!;
    assert.equal(es.jsonData.index, LOG_INDEX_PATTERN);
    assert.deepEqual(es.jsonData.dataLinks, [{ field: 'traceId', url: '${__value.raw}', datasourceUid: JAEGER.provisionedUid }]);
  });

  it('gives the Jaeger data source span-to-logs links into Elasticsearch, surviving Grafana\'s $-expansion', () => {
    const jaeger = datasources.find((d) => d.uid === JAEGER.provisionedUid)!;
    assert.match(jaeger.url, /\/jaeger$/);
    const toLogs = jaeger.jsonData.tracesToLogsV2 as Record<string, unknown>;
    assert.equal(toLogs.datasourceUid, ELASTICSEARCH.provisionedUid);
    assert.equal(toLogs.query, 'traceId:"${__trace.traceId}"');
  });

  it('loads the dashboards from where compose mounts them', () => {
    const { providers } = read('dashboards/sightline.yaml') as { providers: Array<{ type: string; options: { path: string } }> };
    assert.deepEqual(providers.map((p) => [p.type, p.options.path]), [['file', GRAFANA_DASHBOARDS_PATH]]);
  });
});
