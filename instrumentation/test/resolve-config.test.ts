import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { readEnvConfig } from '../src/env-config.js';
import { resolveConfig } from '../src/resolve-config.js';
import type { ResolvedConfig } from '../src/options.js';

function resolved(options: Parameters<typeof resolveConfig>[0], env: NodeJS.ProcessEnv): ResolvedConfig {
  const result = resolveConfig(options, readEnvConfig(env));
  assert.equal(result.kind, 'ok', JSON.stringify(result));
  return (result as { config: ResolvedConfig }).config;
}

describe('configuration: options > OTEL_* environment > defaults', () => {
  it('defaults: localhost:4318, protobuf, no compression, parent-based always-on, tracecontext+baggage, noisy instrumentations off', () => {
    const config = resolved({ serviceName: 'svc' }, {});
    assert.equal(config.traces.url, 'http://localhost:4318/v1/traces');
    assert.equal(config.metrics.url, 'http://localhost:4318/v1/metrics');
    assert.equal(config.logs.url, 'http://localhost:4318/v1/logs');
    assert.equal(config.traces.protocol, 'http/protobuf');
    assert.equal(config.compression, 'none');
    assert.equal(config.sampler, 'parentbased_always_on');
    assert.deepEqual(config.propagators, ['tracecontext', 'baggage']);
    for (const name of ['fs', 'dns', 'net']) {
      assert.deepEqual(config.instrumentations[`@opentelemetry/instrumentation-${name}`], { enabled: false });
    }
    assert.equal(config.logs.console, false);
    assert.equal(config.promClient, true);
  });

  it('reads the spec variables; per-signal endpoints are used as is', () => {
    const config = resolved(
      {},
      {
        OTEL_SERVICE_NAME: 'from-env',
        OTEL_EXPORTER_OTLP_ENDPOINT: 'http://collector:4318/',
        OTEL_EXPORTER_OTLP_LOGS_ENDPOINT: 'http://logs-host:9999/custom',
        OTEL_EXPORTER_OTLP_PROTOCOL: 'http/json',
        OTEL_EXPORTER_OTLP_HEADERS: 'x-tenant=acme,authorization=Bearer%20abc',
        OTEL_RESOURCE_ATTRIBUTES: 'deployment.environment.name=prod',
        OTEL_TRACES_SAMPLER: 'parentbased_traceidratio',
        OTEL_TRACES_SAMPLER_ARG: '0.25',
        OTEL_BSP_MAX_QUEUE_SIZE: '100',
        OTEL_METRICS_EXPORTER: 'none',
        OTEL_NODE_ENABLED_INSTRUMENTATIONS: 'fs,http',
        OTEL_EXPORTER_OTLP_COMPRESSION: 'gzip',
      },
    );
    assert.equal(config.serviceName, 'from-env');
    assert.equal(config.traces.url, 'http://collector:4318/v1/traces');
    assert.equal(config.logs.url, 'http://logs-host:9999/custom');
    assert.equal(config.traces.protocol, 'http/json');
    assert.deepEqual(config.traces.headers, { 'x-tenant': 'acme', authorization: 'Bearer abc' });
    assert.equal(config.resourceAttributes['deployment.environment.name'], 'prod');
    assert.equal(config.sampler, 'parentbased_traceidratio');
    assert.equal(config.samplerArg, 0.25);
    assert.equal(config.traces.maxQueueSize, 100);
    assert.equal(config.traces.maxExportBatchSize, 100, 'batch size never above the queue size');
    assert.equal(config.metrics.enabled, false);
    assert.equal(config.compression, 'gzip');
    assert.equal(config.instrumentations['@opentelemetry/instrumentation-fs'], undefined, 'fs enabled by env');
  });

  it('options given in code win over the environment', () => {
    const config = resolved(
      { serviceName: 'from-code', endpoint: 'http://code:4318', protocol: 'http/protobuf', resourceAttributes: { team: 'code' }, traces: { maxQueueSize: 10 } },
      { OTEL_SERVICE_NAME: 'from-env', OTEL_EXPORTER_OTLP_ENDPOINT: 'http://env:4318', OTEL_EXPORTER_OTLP_PROTOCOL: 'http/json', OTEL_RESOURCE_ATTRIBUTES: 'team=env', OTEL_BSP_MAX_QUEUE_SIZE: '99' },
    );
    assert.equal(config.serviceName, 'from-code');
    assert.equal(config.traces.url, 'http://code:4318/v1/traces');
    assert.equal(config.traces.protocol, 'http/protobuf');
    assert.equal(config.resourceAttributes.team, 'code');
    assert.equal(config.traces.maxQueueSize, 10);
  });

  it('service name: OTEL_SERVICE_NAME, then service.name in OTEL_RESOURCE_ATTRIBUTES, then package.json', () => {
    assert.equal(resolved({}, { OTEL_RESOURCE_ATTRIBUTES: 'service.name=from-resource' }).serviceName, 'from-resource');
    // The test runner's entry script lives in this repository, whose root package.json is "sightline".
    const fromPackage = resolved({}, {}).serviceName;
    assert.ok(fromPackage.length > 0 && fromPackage !== 'unknown_service:node', fromPackage);
  });

  it('collects every problem instead of throwing', () => {
    const result = resolveConfig(
      {},
      readEnvConfig({ OTEL_EXPORTER_OTLP_ENDPOINT: 'not a url', OTEL_EXPORTER_OTLP_PROTOCOL: 'grpc', OTEL_TRACES_SAMPLER_ARG: '7', OTEL_BSP_MAX_QUEUE_SIZE: '-1' }),
    );
    assert.equal(result.kind, 'invalid');
    const problems = (result as { problems: string[] }).problems.join('\n');
    assert.match(problems, /not an http\(s\) URL/);
    assert.match(problems, /grpc/);
    assert.match(problems, /between 0 and 1/);
    assert.match(problems, /maxQueueSize/);
  });

  it('OTEL_SDK_DISABLED=true or disabled: true turns everything off', () => {
    assert.equal(resolveConfig({}, readEnvConfig({ OTEL_SDK_DISABLED: 'true' })).kind, 'disabled');
    assert.equal(resolveConfig({ disabled: true }, readEnvConfig({})).kind, 'disabled');
  });
});
