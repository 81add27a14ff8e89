/**
 * docker-compose.yml, the Dockerfile and what they mount, checked without a Docker engine (none
 * runs here): the compose tool's own validation, every mounted file, build context and COPY source
 * present, images well-formed and pinned, hostnames and ports consistent with the collector, the
 * demo topology, the Prometheus scrape configuration and the Grafana provisioning.
 */
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { existsSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, it } from 'node:test';
import { parse } from 'yaml';
import { CONFIG_OPTIONS } from '../../collector/src/config/config-options.js';
import { parseConfig } from '../../collector/src/config/parse-config.js';
import { defaultConfig } from '../../collector/src/config/collector-config.js';
import { SERVICE_DEFAULT_PORTS } from '../../examples/src/lib/topology.js';
import { COMPOSE_URLS, GRAFANA_DASHBOARDS_PATH } from '../src/provisioning.js';
import { composeCommand } from './support/compose-tool.js';
import { requireServer } from './support/external-server.js';

const ROOT = fileURLToPath(new URL('../../', import.meta.url));
const COMPOSE_FILE = join(ROOT, 'docker-compose.yml');

interface ComposeService {
  image?: string;
  build?: { context: string; dockerfile?: string };
  command?: string[];
  environment?: Record<string, string>;
  volumes?: string[];
  ports?: string[];
  depends_on?: Record<string, { condition: string }> | string[];
  healthcheck?: { test?: string[]; disable?: boolean };
}
const compose = parse(readFileSync(COMPOSE_FILE, 'utf8'), { merge: true }) as { services: Record<string, ComposeService>; volumes: Record<string, unknown> };
const services = compose.services;

/** `[registry[:port]/]path[:tag]`, lower-case path, and a tag other than `latest`. */
const PINNED_IMAGE = /^(?:[a-z0-9.-]+(?::\d+)?\/)?[a-z0-9]+(?:[._-][a-z0-9]+)*(?:\/[a-z0-9]+(?:[._-][a-z0-9]+)*)*:(?!latest$)[\w][\w.-]{0,127}$/;

function bindMounts(): Array<{ service: string; source: string; target: string }> {
  return Object.entries(services).flatMap(([service, s]) =>
    (s.volumes ?? []).filter((v) => v.startsWith('./')).map((v) => {
      const [source, target] = v.split(':');
      return { service, source, target };
    }),
  );
}

describe('docker-compose.yml', () => {
  const tool = composeCommand();
  const skip = requireServer(!!tool, 'A compose tool (Debian package `docker-compose`)', 'Install it with `apt-get install -y docker-compose`.');

  it('passes the compose tool\'s own validation (`config`, which needs no engine)', { skip }, () => {
    const result = spawnSync(tool![0], [...tool!.slice(1), '-f', COMPOSE_FILE, 'config', '-q'], { cwd: ROOT, encoding: 'utf8' });
    assert.equal(result.status, 0, result.stderr);
  });

  it('has the whole stack', () => {
    for (const name of ['elasticsearch', 'collector', 'prometheus', 'grafana', 'traffic', 'queue', ...Object.keys(SERVICE_DEFAULT_PORTS).filter((n) => n !== 'traffic')]) {
      assert.ok(services[name], `no service ${name}`);
    }
  });

  it('names only well-formed, pinned images; Elasticsearch at the client library\'s major version', () => {
    for (const [name, service] of Object.entries(services)) {
      assert.ok(service.image, `${name}: no image`);
      assert.match(service.image!, PINNED_IMAGE, `${name}: ${service.image}`);
    }
    const clientVersion = JSON.parse(readFileSync(join(ROOT, 'node_modules/@elastic/elasticsearch/package.json'), 'utf8')).version as string;
    const [, esVersion] = services.elasticsearch.image!.split(':');
    assert.match(services.elasticsearch.image!, /^docker\.elastic\.co\/elasticsearch\/elasticsearch:/);
    assert.equal(esVersion.split('.')[0], clientVersion.split('.')[0], `server ${esVersion} vs client ${clientVersion}`);
  });

  it('mounts only files and folders that exist, and Grafana finds its provisioning and dashboards there', () => {
    const mounts = bindMounts();
    assert.ok(mounts.length >= 4);
    for (const { service, source } of mounts) assert.ok(existsSync(join(ROOT, source)), `${service}: ${source} does not exist`);
    const grafana = new Map(mounts.filter((m) => m.service === 'grafana').map((m) => [m.target, m.source]));
    assert.ok(existsSync(join(ROOT, grafana.get('/etc/grafana/provisioning/datasources')!, 'sightline.yaml')));
    assert.ok(existsSync(join(ROOT, grafana.get('/etc/grafana/provisioning/dashboards')!, 'sightline.yaml')));
    const dashboardsDir = grafana.get(GRAFANA_DASHBOARDS_PATH);
    assert.ok(dashboardsDir, `nothing mounted where the dashboard provider reads (${GRAFANA_DASHBOARDS_PATH})`);
    const home = services.grafana.environment!.GF_DASHBOARDS_DEFAULT_HOME_DASHBOARD_PATH;
    assert.ok(home.startsWith(`${GRAFANA_DASHBOARDS_PATH}/`));
    assert.ok(statSync(join(ROOT, dashboardsDir!, home.slice(GRAFANA_DASHBOARDS_PATH.length + 1))).isFile(), home);
    const prometheusConfig = mounts.find((m) => m.service === 'prometheus' && m.target === '/etc/prometheus/prometheus.yml');
    assert.ok(prometheusConfig && statSync(join(ROOT, prometheusConfig.source)).isFile());
  });

  it('builds from a Dockerfile whose every COPY source is in the repository', () => {
    const { context, dockerfile } = services.collector.build!;
    const path = join(ROOT, context, dockerfile ?? 'Dockerfile');
    assert.ok(statSync(path).isFile());
    const copies = readFileSync(path, 'utf8').split('\n').filter((line) => /^COPY\s/.test(line) && !line.includes('--from='));
    assert.ok(copies.length > 5);
    for (const line of copies) {
      const sources = line.trim().split(/\s+/).slice(1, -1);
      for (const source of sources) assert.ok(existsSync(join(ROOT, context, source)), `Dockerfile: COPY source ${source} missing`);
    }
    // Every service runs the image compose builds, and every script it runs is a built source file.
    for (const [name, service] of Object.entries(services).filter(([, s]) => s.image === services.collector.image && s.command)) {
      const script = service.command!.find((arg) => arg.startsWith('examples/dist/'))!;
      assert.ok(script, `${name}: runs no examples/dist script`);
      const source = script.replace('examples/dist/', 'examples/src/').replace(/\.js$/, '.ts');
      assert.ok(existsSync(join(ROOT, source)), `${name}: ${source} does not exist`);
    }
  });

  it('configures the collector with settings it accepts: Elasticsearch storage on the compose Elasticsearch', () => {
    const env = services.collector.environment!;
    const known = new Set(CONFIG_OPTIONS.map((o) => o.env));
    for (const name of Object.keys(env).filter((n) => n.startsWith('SIGHTLINE_'))) assert.ok(known.has(name), `${name} is not a collector setting`);
    const { config } = parseConfig([], env);
    assert.equal(config.storage, 'elasticsearch');
    assert.deepEqual(config.elasticsearch.nodes, ['http://elasticsearch:9200']);
    assert.deepEqual(services.collector.depends_on, { elasticsearch: { condition: 'service_healthy' } });
    assert.ok(services.collector.healthcheck?.test?.join(' ').includes('/readyz'));
  });

  it('waits only on services that have a healthcheck', () => {
    for (const [name, service] of Object.entries(services)) {
      if (Array.isArray(service.depends_on) || !service.depends_on) continue;
      for (const [dependency, { condition }] of Object.entries(service.depends_on)) {
        assert.ok(services[dependency], `${name} depends on unknown ${dependency}`);
        if (condition === 'service_healthy') assert.ok(services[dependency].healthcheck?.test, `${name} waits for ${dependency} to be healthy, which has no healthcheck`);
      }
    }
  });

  it('points Grafana, Prometheus and the demo services at compose hostnames and the ports those services use', () => {
    const ports: Record<string, number> = { ...SERVICE_DEFAULT_PORTS, collector: defaultConfig().httpPort, prometheus: 9090, elasticsearch: 9200 };
    const check = (where: string, url: string) => {
      const { hostname, port } = new URL(url);
      assert.ok(services[hostname], `${where}: ${hostname} is not a compose service`);
      assert.equal(Number(port), ports[hostname], `${where}: ${url}`);
    };
    for (const [name, url] of Object.entries(COMPOSE_URLS)) check(`Grafana data source ${name}`, url);
    const scrape = parse(readFileSync(join(ROOT, 'prometheus/prometheus.yml'), 'utf8')) as { scrape_configs: Array<{ job_name: string; static_configs: Array<{ targets: string[] }> }> };
    for (const job of scrape.scrape_configs.filter((j) => j.job_name !== 'prometheus')) {
      for (const target of job.static_configs.flatMap((c) => c.targets)) check(`scrape job ${job.job_name}`, `http://${target}`);
    }
    const otlp = new URL(services.gateway.environment!.OTEL_EXPORTER_OTLP_ENDPOINT);
    assert.deepEqual([otlp.hostname, Number(otlp.port)], ['collector', defaultConfig().otlpPort], 'OTLP endpoint of the demo services');
    for (const [key, url] of Object.entries(services.gateway.environment!).filter(([k]) => k.endsWith('_URL'))) check(key, url);
  });
});

describe('prometheus/*.yml', () => {
  const promtool = ['/usr/bin/promtool', 'promtool'].find((c) => spawnSync(c, ['--version']).status === 0);
  const skip = requireServer(!!promtool, 'promtool (Debian package `prometheus`)', 'Install it with `apt-get install -y prometheus`.');

  it('are valid Prometheus configurations (promtool check config)', { skip }, () => {
    for (const file of ['prometheus/prometheus.yml', 'prometheus/prometheus.local.yml']) {
      const result = spawnSync(promtool!, ['check', 'config', file], { cwd: ROOT, encoding: 'utf8' });
      assert.equal(result.status, 0, `${file}: ${result.stdout}${result.stderr}`);
    }
  });

  it('the local variant scrapes the same jobs as the compose one, on 127.0.0.1', () => {
    const read = (file: string) => parse(readFileSync(join(ROOT, file), 'utf8')) as { scrape_configs: Array<{ job_name: string; static_configs: Array<{ targets: string[] }> }> };
    const compose = read('prometheus/prometheus.yml');
    const local = read('prometheus/prometheus.local.yml');
    assert.deepEqual(local.scrape_configs.map((j) => j.job_name), compose.scrape_configs.map((j) => j.job_name));
    for (const [i, job] of local.scrape_configs.entries()) {
      const composePorts = compose.scrape_configs[i].static_configs.flatMap((c) => c.targets).map((t) => t.split(':')[1]);
      assert.deepEqual(job.static_configs.flatMap((c) => c.targets), composePorts.map((port) => `127.0.0.1:${port}`), job.job_name);
    }
  });
});
