#!/usr/bin/env node
// Provisions and runs a single-node Elasticsearch on 127.0.0.1 for tests, benchmarks and development.
//
//   node scripts/elasticsearch.mjs start    download (cached), configure, start, wait for health
//   node scripts/elasticsearch.mjs stop     stop the server this script started
//   node scripts/elasticsearch.mjs status   print whether it runs (exit 0) or not (exit 1)
//
// The distribution comes from Maven Central (`org.elasticsearch.distribution.integ-test-zip`) through
// `mvn dependency:get`, so it is cached in ~/.m2 and unpacked once into `.cache/elasticsearch/`.
// It has no bundled JDK: ES_JAVA_HOME must point at a JDK it supports (default: Temurin 25).
// Elasticsearch refuses to run as root, so when we are root it runs as the system user `sightline-es`
// (created when missing). Environment: ES_PORT (9200), ES_VERSION, ES_JAVA_HOME, ES_HEAP (1g).
import { execFileSync, spawn } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, rmSync, statSync, writeFileSync, openSync } from 'node:fs';
import { homedir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = fileURLToPath(new URL('..', import.meta.url));
const version = process.env.ES_VERSION ?? '8.19.21';
const port = Number(process.env.ES_PORT ?? 9200);
// A JDK Elasticsearch 8.19 supports (17 or later): ES_JAVA_HOME, else Temurin 25, else JAVA_HOME,
// else OpenJDK 17, else whatever `java` is on the PATH.
const javaHome = [
  process.env.ES_JAVA_HOME,
  '/usr/lib/jvm/temurin-25-jdk-amd64',
  process.env.JAVA_HOME,
  '/usr/lib/jvm/java-17-openjdk-amd64',
  javaHomeFromPath(),
].find((candidate) => candidate && existsSync(join(candidate, 'bin', 'java')));

function javaHomeFromPath() {
  try {
    const java = execFileSync('sh', ['-c', 'readlink -f "$(command -v java)"']).toString().trim();
    return java.endsWith('/bin/java') ? java.slice(0, -'/bin/java'.length) : undefined;
  } catch {
    return undefined;
  }
}
const heap = process.env.ES_HEAP ?? '1g';
const runUser = 'sightline-es';

// Elasticsearch runs as an unprivileged user when we are root, and that user must be able to reach
// its files: a checkout under a private folder (e.g. /root, mode 700) is not reachable, so then the
// server is unpacked under /var/tmp instead.
const cacheDir = reachableByOthers(root) ? join(root, '.cache', 'elasticsearch') : '/var/tmp/sightline-elasticsearch';
const home = join(cacheDir, `elasticsearch-${version}`);
const dataDir = join(cacheDir, `data-${port}`);
const logsDir = join(cacheDir, `logs-${port}`);
const pidFile = join(cacheDir, `elasticsearch-${port}.pid`);
const stdoutFile = join(logsDir, 'stdout.log');
const url = `http://127.0.0.1:${port}`;
const artifact = `org.elasticsearch.distribution.integ-test-zip:elasticsearch:${version}:zip`;
const zipPath = join(
  homedir(), '.m2', 'repository', 'org', 'elasticsearch', 'distribution', 'integ-test-zip', 'elasticsearch',
  version, `elasticsearch-${version}.zip`,
);

function reachableByOthers(path) {
  if (typeof process.getuid !== 'function' || process.getuid() !== 0) return true;
  for (let dir = path; ; dir = dirname(dir)) {
    if ((statSync(dir).mode & 0o001) === 0) return false; // others may not traverse it
    if (dirname(dir) === dir) return true;
  }
}

function log(message) {
  console.log(`[elasticsearch] ${message}`);
}

function fail(message) {
  console.error(`[elasticsearch] ${message}`);
  process.exit(1);
}

async function clusterHealth() {
  try {
    const response = await fetch(`${url}/_cluster/health`, { signal: AbortSignal.timeout(2000) });
    if (!response.ok) return undefined;
    return await response.json();
  } catch {
    return undefined;
  }
}

function readPid() {
  if (!existsSync(pidFile)) return undefined;
  const pid = Number(readFileSync(pidFile, 'utf8').trim());
  if (!Number.isInteger(pid) || pid <= 0) return undefined;
  try {
    process.kill(pid, 0);
    return pid;
  } catch {
    return undefined;
  }
}

function requireCommand(command, aptPackage) {
  try {
    execFileSync('sh', ['-c', `command -v ${command}`], { stdio: 'ignore' });
  } catch {
    fail(`\`${command}\` not found: install it (apt-get install ${aptPackage})`);
  }
}

function download() {
  if (existsSync(zipPath)) return;
  requireCommand('mvn', 'maven');
  log(`fetching ${artifact} from Maven Central`);
  execFileSync('mvn', ['-B', '-q', 'dependency:get', `-Dartifact=${artifact}`, '-Dtransitive=false'], {
    stdio: 'inherit',
  });
  if (!existsSync(zipPath)) fail(`mvn finished but ${zipPath} is missing`);
}

function unpack() {
  if (existsSync(join(home, 'bin', 'elasticsearch'))) return;
  mkdirSync(cacheDir, { recursive: true });
  requireCommand('unzip', 'unzip');
  log(`unpacking into ${cacheDir}`);
  execFileSync('unzip', ['-q', '-o', zipPath, '-d', cacheDir], { stdio: 'inherit' });
}

function configure() {
  mkdirSync(dataDir, { recursive: true });
  mkdirSync(logsDir, { recursive: true });
  // Settings for a throwaway single node: no security, no disk-based shard refusal on a full CI disk.
  const settings = [
    'cluster.name: sightline-dev',
    'node.name: sightline-dev-node',
    `path.data: ${dataDir}`,
    `path.logs: ${logsDir}`,
    'network.host: 127.0.0.1',
    `http.port: ${port}`,
    'transport.port: 0',
    'discovery.type: single-node',
    'xpack.security.enabled: false',
    'cluster.routing.allocation.disk.threshold_enabled: false',
    'action.destructive_requires_name: false',
    '',
  ].join('\n');
  writeFileSync(join(home, 'config', 'elasticsearch.yml'), settings);
  writeFileSync(join(home, 'config', 'jvm.options.d', 'sightline-heap.options'), `-Xms${heap}\n-Xmx${heap}\n`);
}

function ensureRunUser() {
  if (process.getuid?.() !== 0) return undefined;
  try {
    execFileSync('id', ['-u', runUser], { stdio: 'ignore' });
  } catch {
    log(`creating system user ${runUser}`);
    execFileSync('useradd', ['--system', '--no-create-home', '--shell', '/usr/sbin/nologin', runUser], {
      stdio: 'inherit',
    });
  }
  execFileSync('chown', ['-R', `${runUser}:${runUser}`, cacheDir]);
  return {
    uid: Number(execFileSync('id', ['-u', runUser]).toString().trim()),
    gid: Number(execFileSync('id', ['-g', runUser]).toString().trim()),
  };
}

function tail(file, lines = 40) {
  if (!existsSync(file)) return '';
  return readFileSync(file, 'utf8').split('\n').slice(-lines).join('\n');
}

async function start() {
  const health = await clusterHealth();
  if (health) {
    log(`already running at ${url} (status ${health.status})`);
    console.log(url);
    return;
  }
  if (!javaHome) fail('no JDK found: set ES_JAVA_HOME to a JDK 17 or later (apt-get install openjdk-17-jdk-headless)');
  const running = readPid();
  if (running !== undefined) {
    log(`pid ${running} is starting; waiting for it`);
    await waitForHealth();
    return;
  }
  download();
  unpack();
  configure();
  const user = ensureRunUser();
  const out = openSync(stdoutFile, 'a');
  const child = spawn(join(home, 'bin', 'elasticsearch'), [], {
    cwd: home,
    detached: true,
    stdio: ['ignore', out, out],
    env: { ...process.env, ES_JAVA_HOME: javaHome, ES_PATH_CONF: join(home, 'config'), HOME: cacheDir },
    ...(user ?? {}),
  });
  child.unref();
  writeFileSync(pidFile, String(child.pid));
  log(`starting (pid ${child.pid}, JDK ${javaHome}), log: ${stdoutFile}`);
  await waitForHealth();
}

async function waitForHealth() {
  const deadline = Date.now() + 180_000;
  while (Date.now() < deadline) {
    const current = await clusterHealth();
    if (current && current.status !== 'red') {
      log(`ready at ${url} (status ${current.status})`);
      console.log(url);
      return;
    }
    if (readPid() === undefined) {
      console.error(tail(stdoutFile));
      fail(`Elasticsearch exited during start; see ${stdoutFile} and ${logsDir}`);
    }
    await new Promise((resolve) => setTimeout(resolve, 1000));
  }
  console.error(tail(stdoutFile));
  fail(`Elasticsearch not healthy after 180 s; see ${stdoutFile}`);
}

async function stop() {
  const pid = readPid();
  if (pid === undefined) {
    log('not running (no live pid file)');
    rmSync(pidFile, { force: true });
    return;
  }
  // The pid is the launcher's process group leader (detached): signal the group so the JVM stops too.
  try {
    process.kill(-pid, 'SIGTERM');
  } catch {
    process.kill(pid, 'SIGTERM');
  }
  const deadline = Date.now() + 60_000;
  while (Date.now() < deadline && readPid() !== undefined) {
    await new Promise((resolve) => setTimeout(resolve, 500));
  }
  if (readPid() !== undefined) {
    log(`pid ${pid} still alive after 60 s, killing`);
    try {
      process.kill(-pid, 'SIGKILL');
    } catch {
      process.kill(pid, 'SIGKILL');
    }
  }
  rmSync(pidFile, { force: true });
  log('stopped');
}

async function status() {
  const health = await clusterHealth();
  if (health) {
    log(`running at ${url} (status ${health.status}, pid ${readPid() ?? 'not started by this script'})`);
    console.log(url);
    return;
  }
  log(`not reachable at ${url}`);
  process.exit(1);
}

const command = process.argv[2];
if (command === 'start') await start();
else if (command === 'stop') await stop();
else if (command === 'status') await status();
else fail('usage: node scripts/elasticsearch.mjs start|stop|status');
