#!/usr/bin/env node
// `npm start`: the whole Sightline demo on one machine, nothing to install beyond `npm ci`.
//   1. the collector on the embedded store (OTLP :4318, UI + API :16686), waits for /readyz;
//   2. the instrumented e-commerce services (examples/), each its own process started the way a
//      user would: `node --import @sightline/instrumentation/register <service>.js`;
//   3. the traffic generator.
// Ctrl-C (or SIGTERM) stops everything: traffic, then services (they flush), then the collector.
//
// Env: SIGHTLINE_OTLP_PORT, SIGHTLINE_HTTP_PORT, SIGHTLINE_DATA_DIR (collector); GATEWAY_PORT,
// ORDERS_PORT, ... TRAFFIC_PORT (demo, defaults in examples/src/lib/topology.ts); TRAFFIC_RPS,
// TRAFFIC_CHAOS; SIGHTLINE_DEMO_LOGS=stdout to stream the services' logs instead of writing files.
import { spawn } from 'node:child_process';
import { createWriteStream, existsSync, mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = fileURLToPath(new URL('..', import.meta.url));
const env = process.env;
const otlpPort = Number(env.SIGHTLINE_OTLP_PORT ?? 4318);
const httpPort = Number(env.SIGHTLINE_HTTP_PORT ?? 16686);
const dataDir = env.SIGHTLINE_DATA_DIR ?? join(root, '.sightline-data');
const logDir = join(dataDir, 'demo-logs');
const streamLogs = env.SIGHTLINE_DEMO_LOGS === 'stdout';
const collectorBin = join(root, 'collector/dist/bin/sightline-collector.js');
const examplesDist = join(root, 'examples/dist');

const { SERVICE_DEFAULT_PORTS, portOf } = await import(join(examplesDist, 'lib/topology.js')).catch(() => {
  fail('examples are not built: run `npm run build` first (npm start does it for you).');
});
const { launchDemo, stopProcesses } = await import(join(examplesDist, 'lib/demo-launcher.js'));
if (!existsSync(collectorBin)) fail('the collector is not built: run `npm run build` first (npm start does it for you).');

let collector;
let demo;
const demoProcesses = [];
let stopping = false;

function log(message) {
  console.log(`[sightline] ${message}`);
}

function fail(message) {
  console.error(`[sightline] ${message}`);
  process.exit(1);
}

/** The collector's output goes to the terminal; the demo's to one file per process (or the terminal, prefixed). */
function routeOutput(name, child, quiet) {
  if (quiet && !streamLogs) {
    mkdirSync(logDir, { recursive: true });
    const file = createWriteStream(join(logDir, `${name}.log`), { flags: 'a' });
    child.stdout.pipe(file);
    child.stderr.pipe(file);
    return;
  }
  const prefix = (stream, out) =>
    stream.on('data', (chunk) => {
      for (const line of chunk.toString().split('\n')) if (line) out.write(`${name.padEnd(13)}| ${line}\n`);
    });
  prefix(child.stdout, process.stdout);
  prefix(child.stderr, process.stderr);
}

function reportUnexpectedExit(name, exited, quiet) {
  void exited.then(({ code, signal }) => {
    if (stopping) return;
    log(`${name} exited unexpectedly (${signal ?? `code ${code}`})${quiet && !streamLogs ? `; see ${join(logDir, `${name}.log`)}` : ''}`);
    if (name === 'collector') void stopAll(1);
  });
}

async function waitForHttp(url, label, timeoutMs = 30_000) {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    if (stopping) return;
    try {
      const response = await fetch(url, { signal: AbortSignal.timeout(1000) });
      if (response.ok) return;
    } catch {
      // not up yet
    }
    await new Promise((resolve) => setTimeout(resolve, 200));
  }
  log(`${label} did not become ready at ${url} within ${timeoutMs / 1000} s`);
  await stopAll(1);
}

async function stopAll(exitCode = 0) {
  if (stopping) return;
  stopping = true;
  log('stopping: traffic, services, then the collector...');
  // Before launchDemo has answered (a Ctrl-C while the services start) there is no `demo` yet; they still get to flush.
  await (demo ? demo.stop(8000) : stopProcesses(demoProcesses, 8000));
  if (collector) await stopProcesses([collector], 15_000);
  log('stopped.');
  process.exit(exitCode);
}

// Whatever happens to this script, no child outlives it.
process.on('exit', () => {
  for (const child of [collector?.child, ...demoProcesses.map((p) => p.child)]) if (child && child.exitCode === null && child.signalCode === null) child.kill('SIGKILL');
});
process.on('SIGINT', () => void stopAll(0));
process.on('SIGTERM', () => void stopAll(0));

// 1. collector. Own process group (like the demo's): a terminal's Ctrl-C reaches only this
// script, which stops the children in order (services must flush before the collector goes away).
log(`starting the collector (embedded store in ${dataDir})`);
const collectorChild = spawn(process.execPath, [collectorBin], {
  cwd: root,
  env: { ...env, SIGHTLINE_OTLP_PORT: String(otlpPort), SIGHTLINE_HTTP_PORT: String(httpPort), SIGHTLINE_DATA_DIR: dataDir },
  stdio: ['ignore', 'pipe', 'pipe'],
  detached: true,
});
collector = { child: collectorChild, exited: new Promise((resolve) => collectorChild.once('exit', (code, signal) => resolve({ code, signal }))) };
routeOutput('collector', collectorChild, false);
reportUnexpectedExit('collector', collector.exited, false);
await waitForHttp(`http://127.0.0.1:${httpPort}/readyz`, 'the collector');

// 2. services, then 3. traffic once they answer.
const demoEnv = {
  ...env,
  OTEL_EXPORTER_OTLP_ENDPOINT: `http://127.0.0.1:${otlpPort}`,
  OTEL_RESOURCE_ATTRIBUTES: env.OTEL_RESOURCE_ATTRIBUTES ?? 'deployment.environment.name=demo,service.namespace=shop',
  // A demo wants fresh charts: export metrics every 10 s instead of every 15 s.
  OTEL_METRIC_EXPORT_INTERVAL: env.OTEL_METRIC_EXPORT_INTERVAL ?? '10000',
};
try {
  demo = await launchDemo({
    distDir: examplesDist,
    env: demoEnv,
    cwd: root,
    traffic: true,
    detached: true,
    onSpawn(entry) {
      demoProcesses.push(entry);
      routeOutput(entry.name, entry.child, true);
      reportUnexpectedExit(entry.name, entry.exited, true);
    },
  });
} catch (error) {
  if (!stopping) {
    log(`${error.message}${streamLogs ? '' : `; see the logs in ${logDir}`}`);
    await stopAll(1);
  }
}

const url = (port) => `http://localhost:${port}`;
log('');
log(`UI and query API   ${url(httpPort)}   (e.g. ${url(httpPort)}/api/v1/services)`);
log(`OTLP/HTTP receiver ${url(otlpPort)}`);
for (const name of Object.keys(SERVICE_DEFAULT_PORTS)) {
  const note = name === 'traffic' ? '  (admin: GET /, POST /rate {"rps":10}, POST /chaos/<service> {"latencyMs":300,"errorRate":0.5})' : `  (/metrics, /healthz)`;
  log(`${name.padEnd(18)} ${url(portOf(name))}${note}`);
}
log(streamLogs ? 'service logs follow below' : `service logs in ${logDir}`);
log('press Ctrl-C to stop everything');
