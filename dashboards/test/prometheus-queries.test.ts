/**
 * Every PromQL expression of every dashboard, run through a real Prometheus that scrapes a real
 * collector while realistic OTLP traffic flows: each must return data (template variables
 * resolved the way Grafana would, from `label_values` queries against the same Prometheus).
 */
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { SERVICE_LABELS, SERVICE_SERIES as SERVICE_SERIES_BY_NAME } from '../src/service-metric-names.js';
import type { Dashboard, TemplateVariable } from '../src/grafana-model.js';
import { startCollector, type CollectorUnderTest } from './support/collector-under-test.js';
import { demoBuilt, startDemo, type RunningDemo } from './support/demo-services.js';
import { importDashboards, targetsOfType, variablesOf } from './support/dashboard-files.js';
import { requireServer } from './support/external-server.js';
import { substituteMacros, substituteVariables, unresolvedVariables } from './support/grafana-variables.js';
import { SERVICES } from './support/otlp-traffic.js';
import { prometheusBinary, startPrometheus, type PromResult, type RunningPrometheus } from './support/prometheus-server.js';
import { metricNamesIn } from './support/promql-metric-names.js';
import { localScrapeConfig } from './support/scrape-config.js';

const binary = prometheusBinary();
const skip = requireServer(!!binary, 'Prometheus (Debian package `prometheus`)', 'Install it with `apt-get install -y prometheus` (or set PROMETHEUS_BIN) and run `node scripts/test.mjs dashboards/test`.');

/** Grafana's macros for a 1 s scrape interval and a short dashboard range. */
const MACROS = { rateInterval: '10s', interval: '2s', range: '30s' };
/** Values a person would pick where a variable offers several: the service with the richest traffic. */
const PREFERRED: Record<string, string> = { service: SERVICES.checkout };

const SERVICE_SERIES = new Set<string>(Object.values(SERVICE_SERIES_BY_NAME));
const usesServiceSeries = (expr: string) => metricNamesIn(expr).some((name) => [...SERVICE_SERIES].some((s) => name === s || name.startsWith(`${s}_`)));

function labelValuesQuery(variable: TemplateVariable): { selector: string; label: string } | undefined {
  const match = /^label_values\((.*),\s*([A-Za-z_]\w*)\)$/.exec(String(variable.definition ?? ''));
  return match ? { selector: match[1], label: match[2] } : undefined;
}

/** Largest finite value of a query result, or undefined when it has none (no data, or only NaN). */
function maxFinite(results: PromResult[]): number | undefined {
  const numbers = results.flatMap((r) => [r.value, ...(r.values ?? [])]).filter((v) => v !== undefined).map((v) => Number(v![1]));
  const finite = numbers.filter((n) => Number.isFinite(n));
  return finite.length > 0 ? Math.max(...finite) : undefined;
}

/**
 * Panels that must show more than zero for the traffic sent (it has failed requests and one invalid
 * span). Error panels fall back to 0 when a series is absent, so "returns data" alone would not
 * notice a wrong label value; these would.
 */
const NON_ZERO: Array<[dashboard: string, panel: string, refId: string]> = [
  ['sightline-service-overview', 'Error ratio', 'A'],
  ['sightline-service-overview', 'Error ratio by operation', 'A'],
  ['sightline-service-overview', 'Operations', 'errors'],
  ['sightline-service-graph', 'Failed ratio by edge', 'A'],
  ['sightline-service-graph', 'Edges', 'failed'],
  ['sightline-collector-health', 'Items rejected', 'A'],
  ['sightline-collector-health', 'Rejected items by reason', 'A'],
];

describe('dashboard PromQL against a real Prometheus scraping a real collector', { skip }, () => {
  let prometheus: RunningPrometheus;
  let sightline: CollectorUnderTest;
  let demo: RunningDemo | undefined;
  const maxima = new Map<string, number | undefined>();
  const dashboards = importDashboards().map(({ dashboard }) => dashboard);
  const collectorDashboards = dashboards.filter((d) => targetsOfType([{ file: '', dashboard: d }], 'prometheus').some(({ target }) => !usesServiceSeries(String(target.expr))));

  before(async () => {
    sightline = await startCollector();
    await sightline.sendBatch(20);
    sightline.startPump(1000, 90);
    // The demo shop (built by `npm run build`) for the series the services themselves expose.
    if (demoBuilt()) demo = await startDemo(sightline.urls.otlpUrl);
    prometheus = await startPrometheus(binary!, localScrapeConfig({ 'sightline-collector': [sightline.httpTarget], ...demo?.scrapeTargets }));
    // Wait for enough 1 s scrapes that rate() over the 10 s $__rate_interval has several samples.
    const deadline = Date.now() + 60_000;
    for (;;) {
      const samples = (await prometheus.api('query', { query: 'count_over_time(up{job="sightline-collector"}[30s])' })) as { result: PromResult[] };
      const up = (await prometheus.targets()).find((t) => t.job === 'sightline-collector');
      if (up?.health === 'down') throw new Error(`Prometheus cannot scrape the collector: ${up.lastError}`);
      if (Number(samples.result[0]?.value?.[1] ?? 0) >= 12) break;
      if (Date.now() > deadline) throw new Error('Prometheus took over a minute to collect 12 scrapes');
      await new Promise((resolve) => setTimeout(resolve, 1000));
    }
  });

  after(async () => {
    await prometheus?.stop();
    await demo?.stop();
    await sightline?.stop();
  });

  async function resolveVariables(dashboard: Dashboard): Promise<Record<string, string>> {
    const values: Record<string, string> = { trace_id: sightline.failedTraceIds[0] ?? '' };
    for (const variable of variablesOf(dashboard)) {
      const query = labelValuesQuery(variable);
      if (!query) continue;
      const selector = substituteVariables(query.selector, values);
      const found = (await prometheus.api(`label/${query.label}/values`, { 'match[]': selector, start: String(Date.now() / 1000 - 300) })) as string[];
      assert.ok(found.length > 0, `${dashboard.title} / $${variable.name}: label_values(${selector}, ${query.label}) returned nothing`);
      values[variable.name] = variable.includeAll ? String(variable.allValue ?? '.*') : found.includes(PREFERRED[variable.name]) ? PREFERRED[variable.name] : found[0];
    }
    return values;
  }

  it('scrapes the collector (and the demo services) with the repository scrape configuration', async () => {
    const targets = await prometheus.targets();
    const jobs = ['sightline-collector', ...Object.keys(demo?.scrapeTargets ?? {})].sort();
    assert.deepEqual(targets.map((t) => [t.job, t.health, t.lastError]).sort(), jobs.map((job) => [job, 'up', '']));
  });

  for (const dashboard of collectorDashboards) {
    it(`${dashboard.title}: every query returns data`, async () => {
      const values = await resolveVariables(dashboard);
      const empty: string[] = [];
      const targets = targetsOfType([{ file: '', dashboard }], 'prometheus').filter(({ target }) => !usesServiceSeries(String(target.expr)));
      assert.ok(targets.length > 0);
      for (const { panel, target, where } of targets) {
        const expr = substituteMacros(substituteVariables(String(target.expr), values), MACROS);
        assert.deepEqual(unresolvedVariables(expr.replace(/"\$\d+"/g, '""')), [], `${where}: unresolved variable in ${expr}`);
        const now = Date.now() / 1000;
        const data = (target.instant
          ? await prometheus.api('query', { query: expr, time: String(now) })
          : await prometheus.api('query_range', { query: expr, start: String(now - 30), end: String(now), step: '2' })) as { result: PromResult[] };
        const max = maxFinite(data.result);
        maxima.set(JSON.stringify([dashboard.uid, panel.title, target.refId]), max);
        if (max === undefined) empty.push(`${where}: ${expr}`);
      }
      assert.deepEqual(empty, [], 'queries without data');
    });
  }

  const runtime = dashboards.find((d) => d.uid === 'sightline-nodejs-runtime')!;
  it(`${runtime.title}: every query returns data from the demo services`, async (t) => {
    if (!demo) {
      const message = 'examples/ is not built (run `npm run build`), so no demo service runs';
      if (process.env.CI === 'true') assert.fail(message);
      return t.skip(message);
    }
    // The services' own /metrics must carry every series the dashboard reads (the OTel metrics
    // served next to prom-client's), so an empty panel means a wrong name or label, never a gap.
    const exposed = new Set<string>();
    for (const [target] of Object.values(demo.scrapeTargets)) {
      const text = await (await fetch(`http://${target}/metrics`)).text();
      for (const line of text.split('\n')) if (line && !line.startsWith('#')) exposed.add(line.split(/[{ ]/)[0]);
    }
    const missing = [...SERVICE_SERIES].filter((name) => ![...exposed].some((e) => e === name || e.startsWith(`${name}_`)));
    assert.deepEqual(missing, [], "series the dashboard reads but the demo services' /metrics lacks");
    const problems: string[] = [];
    const values: Record<string, string> = {};
    for (const variable of variablesOf(runtime)) {
      const query = labelValuesQuery(variable);
      if (!query) continue;
      const found = (await prometheus.api(`label/${query.label}/values`, { 'match[]': query.selector })) as string[];
      if (found.length === 0) problems.push(`$${variable.name}: label_values(${query.selector}, ${query.label})`);
      values[variable.name] = variable.includeAll ? String(variable.allValue ?? '.*') : found[0] ?? '';
    }
    const targets = targetsOfType([{ file: '', dashboard: runtime }], 'prometheus');
    assert.ok(targets.length > 0);
    for (const { target, where } of targets) {
      const expr = substituteMacros(substituteVariables(String(target.expr), values), MACROS);
      assert.deepEqual(unresolvedVariables(expr), [], `${where}: unresolved variable in ${expr}`);
      const now = Date.now() / 1000;
      const data = (target.instant
        ? await prometheus.api('query', { query: expr, time: String(now) })
        : await prometheus.api('query_range', { query: expr, start: String(now - 30), end: String(now), step: '2' })) as { result: PromResult[] };
      if (maxFinite(data.result) === undefined) problems.push(`${where}: ${expr}`);
    }
    assert.deepEqual(problems, [], 'queries without data');
    // The by-route panels group by the route label: it must be there, not merely the series.
    const routed = (await prometheus.api('query', { query: `count by (${SERVICE_LABELS.route}) (${SERVICE_SERIES_BY_NAME.httpServerDuration}_count{${SERVICE_LABELS.route}!=""})` })) as { result: PromResult[] };
    assert.ok(routed.result.length > 0, `no ${SERVICE_SERIES_BY_NAME.httpServerDuration}_count series carries ${SERVICE_LABELS.route}`);
  });

  it('shows errors and rejections where the traffic had them', () => {
    for (const key of NON_ZERO) {
      const max = maxima.get(JSON.stringify(key));
      assert.ok(max !== undefined && max > 0, `${key.join(' / ')}: expected a value above 0, got ${max}`);
    }
  });

  it('feeds the node graph the fields it reads by name: id, source, target (and a value for mainstat)', async () => {
    const graph = dashboards.find((d) => d.uid === 'sightline-service-graph')!;
    const panel = graph.panels.find((p) => p.type === 'nodeGraph')!;
    const values = await resolveVariables(graph);
    const expr = substituteMacros(substituteVariables(String(panel.targets![0].expr), values), MACROS);
    const data = (await prometheus.api('query', { query: expr })) as { result: PromResult[] };
    const edges = data.result.map((r) => `${r.metric.source} -> ${r.metric.target}`);
    // Our traffic's edges (the demo shop, when it runs, adds its own).
    for (const edge of [`${SERVICES.checkout} -> ${SERVICES.payment}`, `${SERVICES.checkout} -> postgresql/orders`, `${SERVICES.frontend} -> ${SERVICES.checkout}`]) {
      assert.ok(edges.includes(edge), `${edge} missing from ${edges.join(', ')}`);
    }
    for (const r of data.result) {
      assert.equal(r.metric.id, `${r.metric.client} -> ${r.metric.server}`);
      assert.ok(Number(r.value![1]) > 0);
    }
  });
});
