#!/usr/bin/env node
// Provisions and runs a single-node Elasticsearch on 127.0.0.1 for tests, benchmarks and development.
//
//   node scripts/elasticsearch.mjs start    download (cached), configure, start, wait for health
//   node scripts/elasticsearch.mjs stop     stop the server this script started
//   node scripts/elasticsearch.mjs status   print whether it runs (exit 0) or not (exit 1)
//   node scripts/elasticsearch.mjs fetch    only download and unpack (then two starts may run at once)
//
// With `--secure` the same commands run a second, separate node the way a production cluster is
// reached: security on, HTTPS with a certificate signed by a locally generated CA (openssl), and a
// bootstrap password for the `elastic` user (in the node's keystore). It has its own port (9201,
// ES_SECURE_PORT), config folder, data and logs. `status --secure --json` prints how to connect:
// {"url","username","password","caFile"} (the password is random, generated once, kept in the cache).
//
// The distribution comes from Maven Central (`org.elasticsearch.distribution.integ-test-zip`) through
// `mvn dependency:get`, so it is cached in ~/.m2 and unpacked once into `.cache/elasticsearch/`.
// It has no bundled JDK: ES_JAVA_HOME must point at a JDK it supports (default: Temurin 25).
// Elasticsearch refuses to run as root, so when we are root it runs as the system user `sightline-es`
// (created when missing). Environment: ES_PORT (9200), ES_VERSION, ES_JAVA_HOME, ES_HEAP (1g);
// for --secure: ES_SECURE_PORT (9201), ES_SECURE_HEAP (512m).
import { execFileSync, spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { copyFileSync, cpSync, existsSync, mkdirSync, readdirSync, readFileSync, rmSync, statSync, symlinkSync, writeFileSync, openSync } from 'node:fs';
import { request as httpsRequest } from 'node:https';
import { homedir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = fileURLToPath(new URL('..', import.meta.url));
const version = process.env.ES_VERSION ?? '8.19.21';
const secure = process.argv.includes('--secure');
const port = Number((secure ? process.env.ES_SECURE_PORT : process.env.ES_PORT) ?? (secure ? 9201 : 9200));
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
// The secured node only serves the connection tests: half the heap is plenty.
const heap = (secure ? process.env.ES_SECURE_HEAP : process.env.ES_HEAP) ?? (secure ? '512m' : '1g');
const runUser = 'sightline-es';

// Elasticsearch runs as an unprivileged user when we are root, and that user must be able to reach
// its files: a checkout under a private folder (e.g. /root, mode 700) is not reachable, so then the
// server is unpacked under /var/tmp instead.
const cacheDir = reachableByOthers(root) ? join(root, '.cache', 'elasticsearch') : '/var/tmp/sightline-elasticsearch';
const home = join(cacheDir, `elasticsearch-${version}`);
// The secured node runs from a home of its own (bin copied, lib and modules linked to the unpacked
// distribution) because it gets one more plugin, which the plain node must not pick up.
const serverHome = secure ? join(cacheDir, `elasticsearch-${version}-secure`) : home;
const analysisPluginSource = join(root, 'scripts', 'elasticsearch-security-analysis', 'SecurityIndexAnalysisPlugin.java');
const flavour = secure ? `secure-${port}` : String(port);
const dataDir = join(cacheDir, `data-${flavour}`);
const logsDir = join(cacheDir, `logs-${flavour}`);
const pidFile = join(cacheDir, `elasticsearch-${flavour}.pid`);
const stdoutFile = join(logsDir, 'stdout.log');
// The plain node uses the distribution's own config folder; the secured one a copy of its own
// (certificates, keystore), so both can run from one unpacked distribution.
const confDir = secure ? join(cacheDir, `config-${flavour}`) : join(home, 'config');
const certsDir = join(confDir, 'certs');
/** How to reach the secured node: written once with its random password, read by status and tests. */
const connectionFile = join(cacheDir, `elasticsearch-${flavour}.json`);
const url = `${secure ? 'https' : 'http'}://127.0.0.1:${port}`;
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

// With --json, stdout carries only the JSON line: progress goes to stderr.
const jsonOutput = process.argv.includes('--json');

function log(message) {
  (jsonOutput ? console.error : console.log)(`[elasticsearch] ${message}`);
}

function fail(message) {
  console.error(`[elasticsearch] ${message}`);
  process.exit(1);
}

// Generous: on a loaded 2-core machine a healthy node can take seconds to answer, and a status
// that wrongly says "down" makes callers start (and later stop) a node that was not theirs.
const HEALTH_TIMEOUT_MS = 8000;
// `start --exit-3-if-running`: exit 3 instead of 0 when the node was already up (or being started
// by another call), so a caller stops only the node it started itself (scripts/test.mjs).
const ALREADY_RUNNING_EXIT = process.argv.includes('--exit-3-if-running') ? 3 : 0;

async function clusterHealth() {
  if (secure) return secureClusterHealth();
  try {
    const response = await fetch(`${url}/_cluster/health`, { signal: AbortSignal.timeout(HEALTH_TIMEOUT_MS) });
    if (!response.ok) return undefined;
    return await response.json();
  } catch {
    return undefined;
  }
}

function readConnection() {
  if (!existsSync(connectionFile)) return undefined;
  try {
    return JSON.parse(readFileSync(connectionFile, 'utf8'));
  } catch {
    return undefined;
  }
}

/** GET /_cluster/health over HTTPS, trusting only our CA, as `elastic` (fetch cannot take a CA). */
function secureClusterHealth() {
  const connection = readConnection();
  if (!connection || !existsSync(connection.caFile)) return Promise.resolve(undefined);
  return new Promise((resolve) => {
    const request = httpsRequest(
      `${url}/_cluster/health`,
      { ca: readFileSync(connection.caFile), auth: `${connection.username}:${connection.password}`, timeout: HEALTH_TIMEOUT_MS },
      (response) => {
        let body = '';
        response.setEncoding('utf8');
        response.on('data', (chunk) => (body += chunk));
        response.on('end', () => {
          try {
            resolve(response.statusCode === 200 ? JSON.parse(body) : undefined);
          } catch {
            resolve(undefined);
          }
        });
        response.on('error', () => resolve(undefined));
      },
    );
    request.on('timeout', () => request.destroy());
    request.on('error', () => resolve(undefined));
    request.end();
  });
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
  if (secure) {
    prepareSecureHome();
    configureSecurity();
  }
  // Settings for a throwaway single node: no disk-based shard refusal on a full CI disk; the plain
  // node has no security, the secured one HTTPS and passwords (its transport stays local to it).
  const settings = [
    `cluster.name: sightline-${secure ? 'secure' : 'dev'}`,
    `node.name: sightline-${secure ? 'secure' : 'dev'}-node`,
    `path.data: ${dataDir}`,
    `path.logs: ${logsDir}`,
    'network.host: 127.0.0.1',
    `http.port: ${port}`,
    'transport.port: 0',
    'discovery.type: single-node',
    ...(secure
      ? [
          'xpack.security.enabled: true',
          'xpack.security.enrollment.enabled: false',
          'xpack.security.http.ssl.enabled: true',
          'xpack.security.http.ssl.key: certs/node.key',
          'xpack.security.http.ssl.certificate: certs/node.crt',
          'xpack.security.transport.ssl.enabled: false',
        ]
      : ['xpack.security.enabled: false']),
    'cluster.routing.allocation.disk.threshold_enabled: false',
    'action.destructive_requires_name: false',
    '',
  ].join('\n');
  writeFileSync(join(confDir, 'elasticsearch.yml'), settings);
  writeFileSync(join(confDir, 'jvm.options.d', 'sightline-heap.options'), `-Xms${heap}\n-Xmx${heap}\n`);
}

/**
 * The integ-test-zip lacks the analysis-common module, and the `.security` index (where API keys
 * live) cannot be created without four of its analysis components: they come from a tiny plugin
 * compiled here against the distribution's own jars (scripts/elasticsearch-security-analysis/).
 */
function prepareSecureHome() {
  mkdirSync(serverHome, { recursive: true });
  if (!existsSync(join(serverHome, 'bin', 'elasticsearch'))) cpSync(join(home, 'bin'), join(serverHome, 'bin'), { recursive: true });
  for (const folder of ['lib', 'modules']) {
    if (!existsSync(join(serverHome, folder))) symlinkSync(join(home, folder), join(serverHome, folder));
  }
  const pluginDir = join(serverHome, 'plugins', 'sightline-security-analysis');
  const jar = join(pluginDir, 'sightline-security-analysis.jar');
  if (existsSync(jar) && statSync(jar).mtimeMs >= statSync(analysisPluginSource).mtimeMs) return;
  const javac = join(javaHome, 'bin', 'javac');
  if (!existsSync(javac)) fail(`the secured node needs a JDK with javac to build its analysis plugin; ${javaHome} has none (set ES_JAVA_HOME)`);
  log('building the analysis plugin the .security index needs (javac)');
  const classes = join(cacheDir, 'security-analysis-classes');
  rmSync(classes, { recursive: true, force: true });
  execFileSync(javac, ['--release', '17', '-nowarn', '-cp', join(home, 'lib', '*'), '-d', classes, analysisPluginSource], { stdio: 'inherit' });
  mkdirSync(pluginDir, { recursive: true });
  execFileSync(join(javaHome, 'bin', 'jar'), ['cf', jar, '-C', classes, '.'], { stdio: 'inherit' });
  rmSync(classes, { recursive: true, force: true });
  writeFileSync(join(pluginDir, 'plugin-descriptor.properties'), [
    'description=Analysis components of the .security index (Sightline test node only)',
    `version=${version}`,
    'name=sightline-security-analysis',
    'classname=dev.sightline.elasticsearch.SecurityIndexAnalysisPlugin',
    'java.version=17',
    `elasticsearch.version=${version}`,
    '',
  ].join('\n'));
}

/**
 * The secured node's config folder, made once: the distribution's config files, a CA and a node
 * certificate for 127.0.0.1/localhost, and the `elastic` user's bootstrap password in the keystore.
 * Certificates come from the openssl CLI: instant, where the zip's elasticsearch-certutil needs two
 * JVM starts (~20 s on a busy 2-core machine).
 */
function configureSecurity() {
  mkdirSync(join(confDir, 'jvm.options.d'), { recursive: true });
  for (const name of readdirSync(join(home, 'config'))) {
    // Not the keystore, nor the `.tmp` file the plain node writes it through when both start at
    // once (copying that made `elasticsearch-keystore add` fail with FileAlreadyExistsException).
    if (name === 'elasticsearch.yml' || name.startsWith('elasticsearch.keystore') || name.endsWith('.tmp') || name === 'jvm.options.d') continue;
    if (!existsSync(join(confDir, name))) copyFileSync(join(home, 'config', name), join(confDir, name));
  }
  if (!existsSync(join(certsDir, 'node.crt'))) generateCertificates();
  const connection = readConnection();
  if (!connection || !existsSync(join(confDir, 'elasticsearch.keystore'))) {
    const password = randomBytes(18).toString('base64url');
    log('setting the bootstrap password of the elastic user (elasticsearch-keystore)');
    execFileSync(join(home, 'bin', 'elasticsearch-keystore'), ['add', '--stdin', '--force', '--silent', 'bootstrap.password'], {
      input: password,
      stdio: ['pipe', 'inherit', 'inherit'],
      env: { ...process.env, ES_JAVA_HOME: javaHome, ES_PATH_CONF: confDir },
    });
    const info = { url, username: 'elastic', password, caFile: join(certsDir, 'ca.crt') };
    writeFileSync(connectionFile, `${JSON.stringify(info, null, 2)}\n`, { mode: 0o600 });
  }
}

function generateCertificates() {
  requireCommand('openssl', 'openssl');
  log(`generating a CA and a node certificate in ${certsDir} (openssl)`);
  mkdirSync(certsDir, { recursive: true });
  // openssl's progress dots are noise; its stderr still comes with the error when a command fails.
  const openssl = (...args) => execFileSync('openssl', args, { cwd: certsDir, stdio: ['ignore', 'ignore', 'pipe'] });
  openssl('req', '-x509', '-newkey', 'rsa:2048', '-nodes', '-days', '3650', '-subj', '/CN=Sightline test CA',
    '-addext', 'basicConstraints=critical,CA:TRUE', '-addext', 'keyUsage=critical,keyCertSign,cRLSign',
    '-keyout', 'ca.key', '-out', 'ca.crt');
  openssl('req', '-newkey', 'rsa:2048', '-nodes', '-subj', '/CN=localhost', '-keyout', 'node.key', '-out', 'node.csr');
  writeFileSync(join(certsDir, 'node.ext'), [
    'basicConstraints=CA:FALSE',
    'keyUsage=critical,digitalSignature,keyEncipherment',
    'extendedKeyUsage=serverAuth',
    'subjectAltName=IP:127.0.0.1,DNS:localhost',
    '',
  ].join('\n'));
  openssl('x509', '-req', '-in', 'node.csr', '-CA', 'ca.crt', '-CAkey', 'ca.key', '-CAcreateserial', '-days', '3650',
    '-extfile', 'node.ext', '-out', 'node.crt');
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
    printLocation();
    process.exit(ALREADY_RUNNING_EXIT);
  }
  if (!javaHome) fail('no JDK found: set ES_JAVA_HOME to a JDK 17 or later (apt-get install openjdk-17-jdk-headless)');
  const running = readPid();
  if (running !== undefined) {
    log(`pid ${running} is starting; waiting for it`);
    await waitForHealth();
    process.exit(ALREADY_RUNNING_EXIT);
  }
  download();
  unpack();
  configure();
  const user = ensureRunUser();
  const out = openSync(stdoutFile, 'a');
  const child = spawn(join(serverHome, 'bin', 'elasticsearch'), [], {
    cwd: serverHome,
    detached: true,
    stdio: ['ignore', out, out],
    env: { ...process.env, ES_JAVA_HOME: javaHome, ES_PATH_CONF: confDir, HOME: cacheDir },
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
      printLocation();
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

/** The URL on stdout (scripts read it); for the secured node also where its password and CA are. */
function printLocation() {
  if (secure && jsonOutput) console.log(JSON.stringify(readConnection()));
  else console.log(url);
  if (secure) log(`user, password and CA file: ${connectionFile}`);
}

async function status() {
  const health = await clusterHealth();
  if (health) {
    log(`running at ${url} (status ${health.status}, pid ${readPid() ?? 'not started by this script'})`);
    printLocation();
    return;
  }
  log(`not reachable at ${url}`);
  process.exit(1);
}

/** Download, unpack and create the run user, so two `start`s may then run at once (scripts/test.mjs). */
function fetchOnly() {
  download();
  unpack();
  ensureRunUser();
  log(`distribution ready in ${home}`);
}

const command = process.argv[2];
if (command === 'start') await start();
else if (command === 'fetch') fetchOnly();
else if (command === 'stop') await stop();
else if (command === 'status') await status();
else fail('usage: node scripts/elasticsearch.mjs start|stop|status [--secure [--json]] | fetch');
