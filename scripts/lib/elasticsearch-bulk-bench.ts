// Measures the Elasticsearch backend's span write throughput for several bulk settings, to choose
// the defaults (request size in docs, concurrency). Writes realistic spans straight through
// ElasticsearchStorage.spans.writeSpans in pipeline-sized batches (5,000), refreshes, and prints
// spans/s per setting; results also go to bench-results/elasticsearch-bulk.json.
//
//   node scripts/elasticsearch.mjs start
//   node --import tsx scripts/lib/elasticsearch-bulk-bench.ts [--spans 100000] [--settings 1000x1,2000x2,5000x2]
import { mkdirSync, writeFileSync } from 'node:fs';
import { parseArgs } from 'node:util';
import type { Span } from '../../collector/src/model/span.js';
import { ElasticsearchStorage } from '../../collector/src/storage/elasticsearch/elasticsearch-storage.js';

const { values } = parseArgs({
  options: {
    spans: { type: 'string', default: '100000' },
    settings: { type: 'string', default: '500x1,1000x2,2000x2,5000x1,2000x4' },
    url: { type: 'string', default: process.env.SIGHTLINE_ES_URL ?? 'http://127.0.0.1:9200' },
  },
});
const totalSpans = Number(values.spans);
const BATCH = 5000;
const services = ['frontend', 'checkout', 'payments', 'cart', 'catalog', 'shipping'];

function makeSpans(count: number, seed: number): Span[] {
  const spans: Span[] = [];
  const now = BigInt(Date.now()) * 1_000_000n;
  for (let i = 0; i < count; i++) {
    const traceNo = seed * 10_000_000 + Math.floor(i / 8);
    const service = services[traceNo % services.length];
    const start = now - BigInt((count - i) * 1000);
    const duration = 1_000_000 + (i % 97) * 10_000;
    spans.push({
      traceId: traceNo.toString(16).padStart(32, '0'),
      spanId: (seed * 100_000_000 + i).toString(16).padStart(16, '0'),
      parentSpanId: i % 8 === 0 ? '' : (seed * 100_000_000 + i - (i % 8)).toString(16).padStart(16, '0'),
      name: i % 8 === 0 ? 'GET /api/orders/:id' : `SELECT orders ${i % 5}`,
      kind: i % 8 === 0 ? 2 : 3,
      startTimeUnixNano: start,
      endTimeUnixNano: start + BigInt(duration),
      durationNano: duration,
      statusCode: i % 50 === 0 ? 2 : 0,
      resource: {
        serviceName: service,
        serviceVersion: '1.4.2',
        serviceInstanceId: `${service}-7d9f8-abcde`,
        attributes: {
          'service.name': service,
          'service.version': '1.4.2',
          'host.name': 'node-3',
          'telemetry.sdk.language': 'nodejs',
          'telemetry.sdk.version': '1.30.0',
        },
      },
      scope: { name: '@opentelemetry/instrumentation-http', version: '0.57.0' },
      attributes: {
        'http.request.method': 'GET',
        'http.route': '/api/orders/:id',
        'http.response.status_code': i % 50 === 0 ? 500 : 200,
        'url.path': `/api/orders/${i}`,
        'server.address': 'orders.internal',
        'user.id': `u-${i % 1000}`,
        'db.system': 'postgresql',
        'db.statement': 'SELECT * FROM orders WHERE id = $1',
      },
      events: i % 10 === 0 ? [{ timeUnixNano: start + 500n, name: 'cache.miss', attributes: { key: `order:${i}` } }] : [],
      links: [],
      isRoot: i % 8 === 0,
      isError: i % 50 === 0,
    });
  }
  return spans;
}

/** CPU milliseconds the Elasticsearch process has used (other load on the machine does not count). */
async function elasticsearchCpuMs(): Promise<number> {
  const response = await fetch(`${values.url}/_nodes/_local/stats/process`);
  const body = (await response.json()) as { nodes: Record<string, { process: { cpu: { total_in_millis: number } } }> };
  return Object.values(body.nodes)[0].process.cpu.total_in_millis;
}

const results: {
  maxDocs: number;
  concurrency: number;
  spansPerSecond: number;
  collectorCpuUsPerSpan: number;
  elasticsearchCpuUsPerSpan: number;
}[] = [];
let seed = 1;
for (const setting of values.settings.split(',')) {
  const [maxDocs, concurrency] = setting.split('x').map(Number);
  const storage = new ElasticsearchStorage({
    nodes: [values.url],
    indexPrefix: `sightline-bench-bulk-${Date.now().toString(36)}`,
    bulkMaxDocs: maxDocs,
    bulkConcurrency: concurrency,
  });
  await storage.init();
  const spans = makeSpans(totalSpans, seed++);
  const cpuBefore = process.cpuUsage();
  const esCpuBefore = await elasticsearchCpuMs();
  const started = performance.now();
  for (let i = 0; i < spans.length; i += BATCH) await storage.spans.writeSpans(spans.slice(i, i + BATCH));
  await storage.flush();
  const seconds = (performance.now() - started) / 1000;
  const spansPerSecond = Math.round(totalSpans / seconds);
  const cpu = process.cpuUsage(cpuBefore);
  const collectorCpuUsPerSpan = Math.round(((cpu.user + cpu.system) / totalSpans) * 10) / 10;
  const elasticsearchCpuUsPerSpan = Math.round((((await elasticsearchCpuMs()) - esCpuBefore) * 1000 / totalSpans) * 10) / 10;
  results.push({ maxDocs, concurrency, spansPerSecond, collectorCpuUsPerSpan, elasticsearchCpuUsPerSpan });
  console.log(
    `bulk ${maxDocs} docs x ${concurrency} concurrent: ${spansPerSecond} spans/s (${totalSpans} spans in ${seconds.toFixed(1)} s); ` +
      `CPU per span: writer ${collectorCpuUsPerSpan} µs, Elasticsearch ${elasticsearchCpuUsPerSpan} µs`,
  );
  await storage.deleteEverything();
  await storage.close();
}
mkdirSync('bench-results', { recursive: true });
writeFileSync(
  'bench-results/elasticsearch-bulk.json',
  `${JSON.stringify({ date: new Date().toISOString(), spans: totalSpans, results }, null, 2)}\n`,
);
