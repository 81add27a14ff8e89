import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { describe, it } from 'node:test';
import { fileURLToPath } from 'node:url';
import { CONFIG_OPTIONS } from '../../src/config/config-options.js';
import { helpText, parseConfig } from '../../src/config/parse-config.js';
import { SightlineError } from '../../src/errors.js';

const BIN = fileURLToPath(new URL('../../src/bin/sightline-collector.ts', import.meta.url));

describe('configuration', () => {
  it('has defaults in code', () => {
    const { config } = parseConfig([], {});
    assert.equal(config.otlpPort, 4318);
    assert.equal(config.httpPort, 16686);
    assert.equal(config.host, '0.0.0.0');
    assert.equal(config.dataDir, './.sightline-data');
    assert.equal(config.storage, 'embedded');
    assert.equal(config.retentionMs, 7 * 24 * 3600 * 1000);
    assert.deepEqual(config.elasticsearch, { nodes: ['http://localhost:9200'], indexPrefix: 'sightline' });
  });

  it('reads SIGHTLINE_* variables, and flags win over them', () => {
    const { config } = parseConfig(['--otlp-port', '5000', '--retention=12h', '--max-request-bytes', '2MiB'], {
      SIGHTLINE_OTLP_PORT: '4000',
      SIGHTLINE_HTTP_PORT: '4001',
      SIGHTLINE_DATA_DIR: '/tmp/x',
      SIGHTLINE_STORAGE: 'elasticsearch',
      SIGHTLINE_ES_URL: 'http://es1:9200, https://es2:9200',
      SIGHTLINE_ES_API_KEY: 'k',
      SIGHTLINE_ES_INDEX_PREFIX: 'obs',
      SIGHTLINE_QUEUE_MAX_ITEMS: '1000',
    });
    assert.equal(config.otlpPort, 5000);
    assert.equal(config.httpPort, 4001);
    assert.equal(config.dataDir, '/tmp/x');
    assert.equal(config.storage, 'elasticsearch');
    assert.equal(config.retentionMs, 12 * 3600 * 1000);
    assert.equal(config.limits.maxRequestBytes, 2 * 1024 * 1024);
    assert.equal(config.limits.maxPastAgeMs, 12 * 3600 * 1000, 'the accepted age follows the retention unless set');
    assert.equal(config.queue.maxItems, 1000);
    assert.deepEqual(config.elasticsearch.nodes, ['http://es1:9200', 'https://es2:9200']);
    assert.equal(config.elasticsearch.apiKey, 'k');
    assert.equal(config.elasticsearch.indexPrefix, 'obs');
  });

  it('gathers every problem into one SIGHTLINE_CONFIG_INVALID message', () => {
    assert.throws(
      () => parseConfig(['--http-port', 'abc', '--storage', 'mysql', '--frobnicate', '1'], { SIGHTLINE_RETENTION: 'forever' }),
      (error: unknown) => {
        assert.ok(error instanceof SightlineError);
        assert.equal(error.code, 'SIGHTLINE_CONFIG_INVALID');
        assert.match(error.message, /SIGHTLINE_RETENTION: "forever" is not a duration/);
        assert.match(error.message, /--http-port: "abc" is not a port number/);
        assert.match(error.message, /--storage: "mysql" is not a storage backend/);
        assert.match(error.message, /unknown flag --frobnicate/);
        return true;
      },
    );
    assert.throws(() => parseConfig(['--otlp-port', '7000', '--http-port', '7000'], {}), /both 7000/);
  });

  it('--help lists every flag and its variable', () => {
    const text = helpText();
    for (const option of CONFIG_OPTIONS) {
      assert.ok(text.includes(`--${option.flag}`), option.flag);
      assert.ok(text.includes(option.env), option.env);
    }
  });

  it('the CLI stops at start with one clear message and exit code 2 on bad configuration', () => {
    const result = spawnSync(process.execPath, ['--import', 'tsx', BIN, '--otlp-port', 'nope'], { encoding: 'utf8', env: { ...process.env, SIGHTLINE_STORAGE: 'cassandra' }, timeout: 30_000 });
    assert.equal(result.status, 2);
    const lines = result.stderr.trim().split('\n');
    assert.equal(lines.length, 1, result.stderr);
    assert.match(lines[0], /^sightline-collector: invalid configuration: SIGHTLINE_STORAGE: "cassandra" is not a storage backend.*; --otlp-port: "nope" is not a port number/);
  });

  it('the CLI prints help', () => {
    const result = spawnSync(process.execPath, ['--import', 'tsx', BIN, '--help'], { encoding: 'utf8', timeout: 30_000 });
    assert.equal(result.status, 0);
    assert.match(result.stdout, /Usage: sightline-collector/);
  });
});
