import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { mergeExpositions } from '../src/prometheus-pull-reader.js';

const PROM_CLIENT = `# HELP app_jobs_total Jobs
# TYPE app_jobs_total counter
app_jobs_total{kind="a"} 3

# HELP app_latency Latency
# TYPE app_latency histogram
app_latency_bucket{le="+Inf"} 1
app_latency_sum 0.2
app_latency_count 1
`;

const OTEL = `# HELP target_info Target metadata
# TYPE target_info gauge
target_info{service_name="svc"} 1
# HELP app_jobs_total Jobs
# TYPE app_jobs_total counter
app_jobs_total{kind="a",otel_scope_name="bridge"} 3

# HELP app_latency_count Some OTel gauge whose name collides with a prom-client sample
# TYPE app_latency_count gauge
app_latency_count{otel_scope_name="x"} 5

# HELP http_client_request_duration Duration
# TYPE http_client_request_duration histogram
http_client_request_duration_count{otel_scope_name="http"} 2

# HELP nodejs_eventloop_delay_p99 Event loop 99 percentile delay.
# UNIT nodejs_eventloop_delay_p99 s
# TYPE nodejs_eventloop_delay_p99 gauge
nodejs_eventloop_delay_p99{otel_scope_name="rt"} 0.01

# HELP http_client_request_duration Duration
# TYPE http_client_request_duration histogram
http_client_request_duration_count{otel_scope_name="undici"} 3

# HELP nodejs_eventloop_delay_p99 Same name, another type
# TYPE nodejs_eventloop_delay_p99 counter
nodejs_eventloop_delay_p99{otel_scope_name="other"} 1
`;

const typeLines = (text: string) => text.split('\n').filter((l) => l.startsWith('# TYPE ')).map((l) => l.split(' ')[2]);

describe('mergeExpositions', () => {
  it("keeps prom-client's text and adds only the OTel families it does not already expose", () => {
    const merged = mergeExpositions(PROM_CLIENT, OTEL);
    assert.ok(merged.startsWith(PROM_CLIENT.trimEnd()));
    assert.deepEqual(typeLines(merged), ['app_jobs_total', 'app_latency', 'target_info', 'http_client_request_duration', 'nodejs_eventloop_delay_p99']);
    assert.match(merged, /^nodejs_eventloop_delay_p99\{otel_scope_name="rt"\} 0\.01$/m);
    assert.doesNotMatch(merged, /otel_scope_name="bridge"|otel_scope_name="x"|otel_scope_name="other"/);
  });

  it('declares a family recorded by two instrumentation scopes once, with the series of both', () => {
    const merged = mergeExpositions('', OTEL);
    const family = merged.slice(merged.indexOf('# HELP http_client_request_duration'));
    assert.match(family, /^# HELP http_client_request_duration Duration\n# TYPE http_client_request_duration histogram\nhttp_client_request_duration_count\{otel_scope_name="http"\} 2\nhttp_client_request_duration_count\{otel_scope_name="undici"\} 3\n/);
  });

  it('serves the OTel text alone when prom-client exposes nothing, and prom-client alone when OTel has nothing', () => {
    assert.deepEqual(typeLines(mergeExpositions('', OTEL)), ['target_info', 'app_jobs_total', 'app_latency_count', 'http_client_request_duration', 'nodejs_eventloop_delay_p99']);
    assert.equal(mergeExpositions(PROM_CLIENT, '# no registered metrics'), PROM_CLIENT);
  });
});
