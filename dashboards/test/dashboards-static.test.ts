import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { describe, it } from 'node:test';
import * as collectorSeries from '../../collector/src/telemetry/metric-names.js';
import { ALL_DATA_SOURCES } from '../src/data-sources.js';
import { SCHEMA_VERSION } from '../src/grafana-model.js';
import { logFieldMapping } from '../src/log-index.js';
import { SERVICE_SERIES } from '../src/service-metric-names.js';
import { importDashboards, panelTargets, provisionedDashboards, targetsOfType, variablesOf } from './support/dashboard-files.js';
import { luceneFields } from './support/lucene-fields.js';
import { baseMetricName, metricNamesIn } from './support/promql-metric-names.js';

const pinnedUids = JSON.parse(readFileSync(new URL('./fixtures/dashboard-uids.json', import.meta.url), 'utf8')) as Record<string, string>;
const stringValues = (module: object) => Object.values(module).filter((value): value is string => typeof value === 'string');
const KNOWN_METRICS = new Set([...stringValues(collectorSeries), ...Object.values(SERVICE_SERIES)]);

describe('dashboard JSON', () => {
  const flavours = { import: importDashboards(), provisioned: provisionedDashboards() };

  it('has the six dashboards, under the uids they have always had', () => {
    for (const files of Object.values(flavours)) {
      const uids = Object.fromEntries(files.map(({ file, dashboard }) => [file, dashboard.uid]));
      assert.deepEqual(uids, pinnedUids);
    }
  });

  it('uses the current schema version, unique panel ids and a grid that does not overlap', () => {
    for (const { file, dashboard } of [...flavours.import, ...flavours.provisioned]) {
      assert.equal(dashboard.schemaVersion, SCHEMA_VERSION, file);
      assert.equal(dashboard.id, undefined, `${file}: a shared dashboard carries no database id`);
      const ids = dashboard.panels.map((panel) => panel.id);
      assert.equal(new Set(ids).size, ids.length, `${file}: duplicate panel ids`);
      const taken = new Set<string>();
      for (const panel of dashboard.panels) {
        const { x, y, w, h } = panel.gridPos;
        assert.ok(x >= 0 && w > 0 && x + w <= 24, `${file} / ${panel.title}: outside the 24-column grid`);
        for (let row = y; row < y + h; row++) {
          for (let column = x; column < x + w; column++) {
            const cell = `${row}:${column}`;
            assert.ok(!taken.has(cell), `${file} / ${panel.title}: overlaps another panel at ${cell}`);
            taken.add(cell);
          }
        }
      }
    }
  });

  it('import flavour: every data source is an input the Import screen asks for, and every input is used', () => {
    for (const { file, dashboard } of flavours.import) {
      const json = JSON.stringify({ ...dashboard, __inputs: [] });
      const used = [...json.matchAll(/\$\{(DS_[A-Z_]+)\}/g)].map((match) => match[1]);
      const declared = (dashboard.__inputs ?? []).map((input) => input.name);
      assert.deepEqual([...new Set(used)].sort(), [...declared].sort(), file);
      for (const input of dashboard.__inputs ?? []) {
        assert.ok(ALL_DATA_SOURCES.some((source) => source.input === input.name && source.pluginId === input.pluginId), `${file}: ${input.name}`);
        assert.ok(dashboard.__requires?.some((req) => req.type === 'datasource' && req.id === input.pluginId), `${file}: __requires lacks ${input.pluginId}`);
      }
    }
  });

  it('provisioned flavour: no unresolved inputs, every data source is a provisioned uid of the right type', () => {
    const provisioned = new Map(ALL_DATA_SOURCES.map((source) => [source.provisionedUid, source.pluginId]));
    for (const { file, dashboard } of flavours.provisioned) {
      assert.ok(!JSON.stringify(dashboard).includes('${DS_'), `${file}: unresolved input`);
      assert.equal(dashboard.__inputs, undefined, file);
      for (const { target, where } of panelTargets([{ file, dashboard }])) {
        assert.equal(provisioned.get(target.datasource.uid), target.datasource.type, where);
      }
    }
  });

  it('every PromQL expression selects only series the collector or the demo services export', () => {
    const expressions = [
      ...targetsOfType(flavours.import, 'prometheus').map(({ target, where }) => ({ expr: String(target.expr), where })),
      ...flavours.import.flatMap(({ dashboard }) =>
        variablesOf(dashboard)
          .filter((variable) => typeof variable.definition === 'string' && String(variable.definition).startsWith('label_values('))
          .map((variable) => ({ expr: String(variable.definition).replace(/^label_values\((.*),\s*\w+\)$/, '$1'), where: `${dashboard.title} / $${variable.name}` })),
      ),
    ];
    assert.ok(expressions.length > 40, `only ${expressions.length} PromQL expressions found`);
    for (const { expr, where } of expressions) {
      const names = metricNamesIn(expr).map((name) => baseMetricName(name, KNOWN_METRICS));
      assert.ok(names.length > 0, `${where}: no metric in ${expr}`);
      for (const name of names) assert.ok(KNOWN_METRICS.has(name), `${where}: "${name}" is exported by neither the collector nor the demo services`);
    }
  });

  it('every Elasticsearch field a query searches, aggregates or sorts on is an indexed field of the logs mapping', () => {
    const targets = targetsOfType(flavours.import, 'elasticsearch');
    assert.ok(targets.length >= 5);
    for (const { target, where } of targets) {
      const fields = [
        String(target.timeField),
        ...luceneFields(String(target.query ?? '')),
        ...((target.bucketAggs as Array<{ field?: string }>) ?? []).map((agg) => agg.field).filter((field): field is string => !!field),
      ];
      for (const field of fields) {
        const mapping = logFieldMapping(field);
        assert.ok(mapping?.type && mapping.enabled !== false && mapping.index !== false, `${where}: "${field}" is not an indexed logs field`);
      }
    }
    for (const { dashboard } of flavours.import) {
      for (const variable of variablesOf(dashboard).filter((v) => v.datasource && (v.datasource as { type: string }).type === 'elasticsearch')) {
        const { field } = JSON.parse(String(variable.query)) as { field: string };
        assert.ok(logFieldMapping(field)?.type, `${dashboard.title} / $${variable.name}: "${field}" is not a logs field`);
      }
    }
  });

  it('uses built-in panel types, each querying the data source the panel names', () => {
    const builtIn = new Set(['timeseries', 'stat', 'heatmap', 'table', 'nodeGraph', 'logs', 'traces', 'text']);
    for (const { panel, target, where } of panelTargets(flavours.import)) {
      assert.ok(builtIn.has(panel.type), `${where}: panel type ${panel.type}`);
      assert.deepEqual(target.datasource, panel.datasource, `${where}: target and panel data sources differ`);
    }
  });

  it('table and organize transformations rename value columns that the queries really produce', () => {
    for (const { panel, where } of panelTargets(flavours.import).filter(({ panel }) => panel.type === 'table')) {
      const organize = panel.transformations?.find((t) => t.id === 'organize');
      const renames = Object.keys((organize?.options.renameByName as Record<string, string>) ?? {}).filter((name) => name.startsWith('Value #'));
      const refIds = (panel.targets ?? []).map((target) => target.refId);
      for (const name of renames) assert.ok(refIds.includes(name.slice('Value #'.length)), `${where}: renames ${name} but has no such query`);
    }
  });
});

describe('the lexical PromQL metric finder', () => {
  it('finds selected series and skips functions, labels, strings and keywords', () => {
    const expr =
      'label_join(histogram_quantile(0.95, sum by (le, client) (rate(a_seconds_bucket{client=~"$client", x="y z"}[$__range]))), "id", "$1", "client") / on (client) group_left (server) b_total or vector(0)';
    assert.deepEqual(metricNamesIn(expr).sort(), ['a_seconds_bucket', 'b_total']);
    assert.equal(baseMetricName('a_seconds_bucket', new Set(['a_seconds'])), 'a_seconds');
    assert.equal(baseMetricName('c_count', new Set(['a_seconds'])), 'c_count');
  });

  it('finds the fields of a Lucene query outside quoted text', () => {
    assert.deepEqual(luceneFields('serviceName:$service AND severityGroup:(ERROR OR FATAL) AND traceId:"a:b"'), ['serviceName', 'severityGroup', 'traceId']);
  });
});
