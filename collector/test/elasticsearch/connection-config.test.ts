import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, describe, it } from 'node:test';
import { fileURLToPath } from 'node:url';
import { createCollector } from '../../src/app.js';
import { parseConfig } from '../../src/config/parse-config.js';
import { SightlineError } from '../../src/errors.js';

/**
 * Ways of reaching Elasticsearch that are wrong before any connection: each stops the collector
 * at start with ONE message naming the flag and its variable (no server needed).
 */
const BIN = fileURLToPath(new URL('../../src/bin/sightline-collector.ts', import.meta.url));
const CA = fileURLToPath(new URL('fixtures/unrelated-ca.pem', import.meta.url));
const scratch = mkdtempSync(join(tmpdir(), 'sightline-es-config-'));
const onElasticsearch = { SIGHTLINE_STORAGE: 'elasticsearch', SIGHTLINE_ES_URL: 'https://es.example:9200' };

function problemOf(env: Record<string, string>, argv: string[] = []): string {
  try {
    parseConfig(argv, { ...onElasticsearch, ...env });
  } catch (error) {
    assert.ok(error instanceof SightlineError);
    assert.equal(error.code, 'SIGHTLINE_CONFIG_INVALID');
    return error.message;
  }
  return assert.fail('the configuration was accepted');
}

describe('Elasticsearch connection settings', () => {
  after(() => rmSync(scratch, { recursive: true, force: true }));

  it('takes a refresh interval for new daily indices, and refuses one that is not a duration', () => {
    assert.equal(parseConfig(['--es-refresh-interval', '30s'], onElasticsearch).config.elasticsearch.refreshInterval, '30s');
    assert.equal(parseConfig([], { ...onElasticsearch, SIGHTLINE_ES_REFRESH_INTERVAL: '1m' }).config.elasticsearch.refreshInterval, '1m');
    assert.equal(parseConfig([], onElasticsearch).config.elasticsearch.refreshInterval, undefined);
    assert.match(problemOf({ SIGHTLINE_ES_REFRESH_INTERVAL: 'soon' }), /SIGHTLINE_ES_REFRESH_INTERVAL: "soon" is not a refresh interval/);
  });

  it('accepts a user and password, or an API key, with a CA file over https', () => {
    const basic = parseConfig([], { ...onElasticsearch, SIGHTLINE_ES_USERNAME: 'sightline', SIGHTLINE_ES_PASSWORD: 'pw', SIGHTLINE_ES_CA_FILE: CA }).config.elasticsearch;
    assert.deepEqual([basic.username, basic.password, basic.caFile], ['sightline', 'pw', CA]);
    const keyed = parseConfig(['--es-api-key', 'aWQ6a2V5', '--es-ca-file', CA], onElasticsearch).config.elasticsearch;
    assert.deepEqual([keyed.apiKey, keyed.caFile, keyed.username], ['aWQ6a2V5', CA, undefined]);
  });

  it('refuses an API key together with a user/password, in one message', () => {
    const message = problemOf({ SIGHTLINE_ES_API_KEY: 'aWQ6a2V5', SIGHTLINE_ES_PASSWORD: 'pw' }, ['--es-username', 'sightline']);
    assert.equal(
      message,
      'invalid configuration: both an Elasticsearch API key (--es-api-key / SIGHTLINE_ES_API_KEY) and a user/password (--es-username, --es-password / SIGHTLINE_ES_USERNAME, SIGHTLINE_ES_PASSWORD) are set: use one of them',
    );
  });

  it('refuses half a user/password pair', () => {
    assert.match(problemOf({ SIGHTLINE_ES_USERNAME: 'sightline' }), /user "sightline" has no password: set --es-password \(SIGHTLINE_ES_PASSWORD\)$/);
    assert.match(problemOf({ SIGHTLINE_ES_PASSWORD: 'pw' }), /password is set without a user: set --es-username \(SIGHTLINE_ES_USERNAME\)$/);
  });

  it('refuses a CA file that is missing, a folder, or holds no PEM certificate', () => {
    const missing = join(scratch, 'missing.pem');
    assert.equal(problemOf({ SIGHTLINE_ES_CA_FILE: missing }), `invalid configuration: --es-ca-file (SIGHTLINE_ES_CA_FILE) "${missing}" does not exist`);
    assert.match(problemOf({ SIGHTLINE_ES_CA_FILE: scratch }), /"[^"]+" is not a file$/);
    const notPem = join(scratch, 'ca.der');
    writeFileSync(notPem, Buffer.from([0x30, 0x82, 0x03, 0x2f]));
    assert.match(problemOf({ SIGHTLINE_ES_CA_FILE: notPem }), /"[^"]+ca\.der" holds no PEM certificate/);
  });

  it('refuses a CA file when no node URL is https://', () => {
    assert.match(problemOf({ SIGHTLINE_ES_URL: 'http://es.example:9200', SIGHTLINE_ES_CA_FILE: CA }), /is set but no --es-url \(SIGHTLINE_ES_URL\) is https:\/\/: a CA is only used over HTTPS$/);
  });

  it('lists every problem at once, and checks nothing of Elasticsearch on the embedded store', () => {
    const message = problemOf({ SIGHTLINE_ES_USERNAME: 'sightline', SIGHTLINE_ES_CA_FILE: join(scratch, 'missing.pem') });
    assert.match(message, /has no password.*; --es-ca-file .* does not exist$/);
    assert.doesNotThrow(() => parseConfig([], { SIGHTLINE_ES_API_KEY: 'k', SIGHTLINE_ES_USERNAME: 'u', SIGHTLINE_ES_CA_FILE: '/nowhere' }));
  });

  it('applies the same checks to a programmatic configuration', () => {
    assert.throws(
      () => createCollector({ storage: 'elasticsearch', elasticsearch: { nodes: ['https://es.example:9200'], apiKey: 'k', username: 'u', password: 'p' } }),
      /both an Elasticsearch API key .* use one of them/,
    );
  });

  it('the CLI prints the one message and exits 2', () => {
    const result = spawnSync(process.execPath, ['--import', 'tsx', BIN, '--storage', 'elasticsearch', '--es-api-key', 'aWQ6a2V5', '--es-username', 'sightline', '--es-password', 'pw'], { encoding: 'utf8' });
    assert.equal(result.status, 2);
    assert.equal(
      result.stderr.trim(),
      'sightline-collector: invalid configuration: both an Elasticsearch API key (--es-api-key / SIGHTLINE_ES_API_KEY) and a user/password (--es-username, --es-password / SIGHTLINE_ES_USERNAME, SIGHTLINE_ES_PASSWORD) are set: use one of them',
    );
  });
});
