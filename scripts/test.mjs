#!/usr/bin/env node
// Runs every test suite of the repository: node:test suites (TypeScript through tsx) and the UI's
// Vitest suites. `npm test` builds first, then calls this.
//
// Test files: `<workspace>/test/**/*.test.ts` (and `dashboards/test/**`). Pass paths or folders as
// arguments to run a subset: `node scripts/test.mjs collector/test/receiver`.
import { spawn, spawnSync } from 'node:child_process';
import { existsSync, readdirSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = fileURLToPath(new URL('..', import.meta.url));
const defaultRoots = ['collector/test', 'instrumentation/test', 'examples/test', 'ui/test', 'dashboards/test', 'scripts/test'];

function findTests(path) {
  if (!existsSync(path)) return [];
  if (statSync(path).isFile()) return path.endsWith('.test.ts') || path.endsWith('.test.mjs') ? [path] : [];
  return readdirSync(path)
    // ui/src holds the UI's Vitest files (jsdom), which node:test cannot run.
    .filter((name) => name !== 'node_modules' && !(name === 'src' && path.endsWith('ui')))
    .flatMap((name) => findTests(join(path, name)));
}

const args = process.argv.slice(2);
const roots = (args.length > 0 ? args : defaultRoots).map((p) => join(root, p));
const files = roots.flatMap(findTests).sort().map((f) => relative(root, f));

// Elasticsearch suites need a real server. When none answers and Java + Maven are here, start one
// for this run (scripts/elasticsearch.mjs: fetched from Maven Central once, cached) and stop it
// afterwards. Without Java or Maven the suites skip and say so — except under CI, where they fail.
// (SIGHTLINE_ES_URL set means "use that server": nothing is started then.) The connection suites
// (`*secured*`) need a second, secured node (HTTPS, passwords): `start --secure`, at the same time
// as the plain one (SIGHTLINE_ES_SECURE_URL set: use that one instead).
const elasticsearch = (...args) => spawnSync(process.execPath, ['scripts/elasticsearch.mjs', ...args], { cwd: root, stdio: 'inherit' });
// 'started' (ours: stop it afterwards), 'running' (someone else's: never stop it) or 'failed'.
const startInBackground = (...args) =>
  new Promise((resolve) => {
    const child = spawn(process.execPath, ['scripts/elasticsearch.mjs', 'start', '--exit-3-if-running', ...args], { cwd: root, stdio: 'inherit' });
    child.on('exit', (code) => resolve(code === 0 ? 'started' : code === 3 ? 'running' : 'failed'));
    child.on('error', () => resolve('failed'));
  });
const elasticsearchNodes = [];
if (files.some((f) => /elasticsearch|dashboards/.test(f)) && !process.env.SIGHTLINE_ES_URL && elasticsearch('status').status !== 0) {
  elasticsearchNodes.push({ name: 'Elasticsearch', flags: [] });
}
if (files.some((f) => /secured/.test(f)) && !process.env.SIGHTLINE_ES_SECURE_URL && elasticsearch('status', '--secure').status !== 0) {
  elasticsearchNodes.push({ name: 'secured Elasticsearch', flags: ['--secure'] });
}
const startedElasticsearch = [];
if (elasticsearchNodes.length > 0) {
  const names = elasticsearchNodes.map((node) => node.name).join(' and ');
  if (hasCommand('java') && hasCommand('mvn')) {
    console.log(`Elasticsearch: starting ${names} for the Elasticsearch suites (node scripts/elasticsearch.mjs start [--secure])`);
    // One download and unpack first, so that both nodes can then start in parallel.
    const fetched = elasticsearch('fetch').status === 0;
    const started = fetched ? await Promise.all(elasticsearchNodes.map((node) => startInBackground(...node.flags))) : [];
    elasticsearchNodes.forEach((node, i) => {
      if (started[i] === 'started') startedElasticsearch.push(node);
      else if (started[i] !== 'running') console.log(`Elasticsearch: the ${node.name} could not be started; its suites will skip (or fail under CI=true).`);
    });
  } else {
    console.log(`Elasticsearch: no ${names} and no Java/Maven to start one: the Elasticsearch suites are SKIPPED.`);
    console.log('  To run them: install a JDK and Maven (then `npm test` starts one itself), or set SIGHTLINE_ES_URL (and SIGHTLINE_ES_SECURE_URL).');
  }
}

let failed = false;
if (files.length > 0) {
  console.log(`node:test — ${files.length} files`);
  const result = spawnSync(
    process.execPath,
    // A hung test fails after 5 minutes instead of stalling CI.
    ['--import', 'tsx', '--test', '--test-concurrency=1', '--test-timeout=300000', '--test-reporter=spec', ...files],
    { cwd: root, stdio: 'inherit', env: process.env },
  );
  failed ||= result.status !== 0;
}

// The UI's component and transform tests run in Vitest (jsdom), from the ui workspace.
const runVitest = args.length === 0 || args.some((a) => a.startsWith('ui'));
if (runVitest && existsSync(join(root, 'ui', 'vitest.config.ts'))) {
  console.log('vitest — ui');
  const result = spawnSync('npx', ['vitest', 'run'], { cwd: join(root, 'ui'), stdio: 'inherit', env: process.env });
  failed ||= result.status !== 0;
}

for (const node of startedElasticsearch) elasticsearch('stop', ...node.flags);

process.exit(failed ? 1 : 0);

function hasCommand(name) {
  return spawnSync('sh', ['-c', `command -v ${name}`], { stdio: 'ignore' }).status === 0;
}
