import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { after, before, describe, it } from 'node:test';
import { fileURLToPath } from 'node:url';
import type { Client } from '@elastic/elasticsearch';
import type { CollectorConfigOverrides, ElasticsearchConfig } from '../../src/config/collector-config.js';
import { ElasticsearchStorage } from '../../src/storage/elasticsearch/elasticsearch-storage.js';
import { hexId, postOtlp, span, traceRequest } from '../support/otlp-payloads.js';
import { startTestCollector } from '../support/start-collector.js';
import type { TestCollector } from '../support/start-collector.js';
import { uniquePrefix } from './elasticsearch-server.js';
import { adminClient, securedElasticsearch } from './secured-elasticsearch-server.js';

/**
 * Connecting to an existing, secured cluster — HTTPS with a private CA, security on — the way a
 * production deployment does: basic auth, an API key with only the privileges the README lists,
 * and every way of getting it wrong (credentials, CA, scheme) ending in one clear message, at
 * start or on /readyz. Against a real secured Elasticsearch (`scripts/elasticsearch.mjs start --secure`).
 */
const BIN = fileURLToPath(new URL('../../src/bin/sightline-collector.ts', import.meta.url));
const { server, unavailable } = await securedElasticsearch('collector on a secured Elasticsearch');

describe('collector on a secured Elasticsearch (HTTPS, security on)', { skip: unavailable }, () => {
  const prefixes: string[] = [];
  let admin: Client;

  before(() => {
    admin = adminClient(server!);
  });

  after(async () => {
    for (const indexPrefix of prefixes) {
      const cleaner = new ElasticsearchStorage({ nodes: [server!.url], username: server!.username, password: server!.password, caFile: server!.caFile, indexPrefix });
      await cleaner.deleteEverything();
      await cleaner.close();
    }
    await admin?.security.invalidateApiKey({ name: 'sightline-test-*' }).catch(() => undefined);
    await admin?.close();
  });

  function prefix(name: string): string {
    const indexPrefix = uniquePrefix(`secure-${name}`);
    prefixes.push(indexPrefix);
    return indexPrefix;
  }

  function onCluster(elasticsearch: Partial<ElasticsearchConfig>): CollectorConfigOverrides {
    return { storage: 'elasticsearch', elasticsearch: { nodes: [server!.url], indexPrefix: prefix('unused'), ...elasticsearch } };
  }

  /** An API key that may do only what Sightline needs, on its own indices. */
  async function restrictedApiKey(indexPrefix: string): Promise<{ id: string; encoded: string }> {
    return admin.security.createApiKey({
      name: `sightline-test-${indexPrefix}`,
      role_descriptors: {
        'sightline-collector': {
          cluster: ['monitor', 'manage_index_templates'],
          indices: [{ names: [`${indexPrefix}-*`], privileges: ['create_index', 'write', 'read', 'view_index_metadata', 'maintenance', 'delete_index'] }],
        },
      },
    });
  }

  /** OTLP in, the native and Jaeger APIs out, /readyz ready. */
  async function assertRoundTrip(collector: TestCollector): Promise<void> {
    const traceId = hexId(16);
    const rootId = hexId(8);
    const response = await postOtlp(
      collector.otlpUrl,
      'traces',
      traceRequest([span({ traceId, spanId: rootId, name: 'GET /cart' }), span({ traceId, parentSpanId: rootId, name: 'SELECT carts', kind: 3 })]),
    );
    assert.equal(response.status, 200);
    await collector.flush();
    const trace = (await (await fetch(`${collector.httpUrl}/api/v1/traces/${traceId}`)).json()) as { spans: { name: string }[] };
    assert.deepEqual(trace.spans.map((s) => s.name).sort(), ['GET /cart', 'SELECT carts']);
    const jaeger = (await (await fetch(`${collector.httpUrl}/jaeger/api/traces?service=checkout&limit=20`)).json()) as { data: { traceID: string }[] };
    assert.ok(jaeger.data.some((t) => t.traceID === traceId), 'the trace is found by a Jaeger search');
    const ready = await fetch(`${collector.httpUrl}/readyz`);
    assert.equal(ready.status, 200);
  }

  it('ingests over OTLP and answers queries with a user, a password and the CA file', async () => {
    const collector = await startTestCollector(onCluster({ username: server!.username, password: server!.password, caFile: server!.caFile, indexPrefix: prefix('basic') }));
    try {
      await assertRoundTrip(collector);
    } finally {
      await collector.stop();
    }
  });

  it('does the same with an API key holding only the privileges the README lists, and reports on /readyz when the key is revoked', async () => {
    const indexPrefix = prefix('apikey');
    const key = await restrictedApiKey(indexPrefix);
    const collector = await startTestCollector(onCluster({ apiKey: key.encoded, caFile: server!.caFile, indexPrefix }));
    try {
      await assertRoundTrip(collector);
      await admin.security.invalidateApiKey({ ids: [key.id] });
      const ready = await fetch(`${collector.httpUrl}/readyz`);
      assert.equal(ready.status, 503);
      assert.match(((await ready.json()) as { reason: string }).reason, /rejected the API key \(--es-api-key\)/);
    } finally {
      await collector.stop();
    }
  });

  it('refuses to start with a wrong password, saying which credentials were rejected', async () => {
    await assert.rejects(
      startTestCollector(onCluster({ username: server!.username, password: 'not-the-password', caFile: server!.caFile })),
      (error: Error) => {
        assert.match(error.message, new RegExp(`^elasticsearch storage could not be opened: Elasticsearch at ${server!.url} rejected the password of user "${server!.username}" \\(--es-username/--es-password\\)`));
        return true;
      },
    );
  });

  it('refuses to start without credentials, saying which settings to give', async () => {
    await assert.rejects(startTestCollector(onCluster({ caFile: server!.caFile })), /requires authentication: set --es-api-key, or --es-username and --es-password/);
  });

  it('refuses to start when the cluster certificate is not trusted (no CA file), saying to set --es-ca-file', async () => {
    await assert.rejects(
      startTestCollector(onCluster({ username: server!.username, password: server!.password })),
      /the TLS certificate of Elasticsearch at https:\/\/\S+ is not trusted \(.+\): set --es-ca-file \(SIGHTLINE_ES_CA_FILE\)/,
    );
  });

  it('refuses to start when the CA file holds another CA, saying so', async () => {
    const otherCa = fileURLToPath(new URL('fixtures/unrelated-ca.pem', import.meta.url));
    await assert.rejects(
      startTestCollector(onCluster({ username: server!.username, password: server!.password, caFile: otherCa })),
      /is not trusted \(.+\): the CA in --es-ca-file \(\S+unrelated-ca\.pem\) did not sign it/,
    );
  });

  it('refuses to start when an https:// URL reaches a plain-HTTP server', async () => {
    const plain = createServer((_request, response) => response.end('{}'));
    await new Promise<void>((resolve) => plain.listen(0, '127.0.0.1', resolve));
    try {
      const url = `https://127.0.0.1:${(plain.address() as AddressInfo).port}`;
      await assert.rejects(startTestCollector(onCluster({ nodes: [url], caFile: server!.caFile, apiKey: 'aWQ6a2V5' })), /does not answer TLS \(.+\): use an http:\/\/ URL/);
    } finally {
      plain.close();
    }
  });

  it('starts but is not ready when an http:// URL reaches the HTTPS port, and /readyz says to use https://', async () => {
    const httpUrl = server!.url.replace(/^https:/, 'http:');
    const collector = await startTestCollector(onCluster({ nodes: [httpUrl], username: server!.username, password: server!.password }));
    try {
      const ready = await fetch(`${collector.httpUrl}/readyz`);
      assert.equal(ready.status, 503);
      assert.match(((await ready.json()) as { reason: string }).reason, /^elasticsearch unreachable: .+\(if the cluster serves HTTPS, use an https:\/\/ URL\)$/);
    } finally {
      await collector.stop();
    }
  });

  it('the CLI prints one line and exits 1 when the cluster rejects its password', async () => {
    const child = spawn(
      process.execPath,
      ['--import', 'tsx', BIN, '--storage', 'elasticsearch', '--es-url', server!.url, '--es-username', server!.username, '--es-ca-file', server!.caFile, '--es-index-prefix', prefix('cli'), '--otlp-port', '0', '--http-port', '0', '--host', '127.0.0.1'],
      { stdio: ['ignore', 'pipe', 'pipe'], env: { ...process.env, SIGHTLINE_ES_PASSWORD: 'not-the-password' } },
    );
    let stderr = '';
    child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
    const code = await new Promise<number | null>((resolve) => child.on('exit', resolve));
    assert.equal(code, 1);
    const lines = stderr.trim().split('\n').filter((line) => line.startsWith('sightline-collector:'));
    assert.equal(lines.length, 1, stderr);
    assert.match(lines[0], /^sightline-collector: could not start: elasticsearch storage could not be opened: Elasticsearch at \S+ rejected the password of user "elastic"/);
  });
});
