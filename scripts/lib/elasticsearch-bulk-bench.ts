// Measures the Elasticsearch backend's span write throughput for several bulk settings, to choose
// the defaults (request size in docs, concurrency). Writes realistic spans straight through
// ElasticsearchStorage.spans.writeSpans in pipeline-sized batches (5,000), refreshes, and prints
// spans/s per setting; results also go to bench-results/elasticsearch-bulk.json.
//
//   node scripts/elasticsearch.mjs start
//   node --import tsx scripts/lib/elasticsearch-bulk-bench.ts [--spans 100000] [--settings 1000x1,2000x2,5000x2]
import { mkdirSync, writeFileSync } from 'node:fs';
import { parseArgs } from 'node:util';
import { ElasticsearchStorage } from '../../collector/src/storage/elasticsearch/elasticsearch-storage.js';
import { makeSpans } from './sample-traffic.js';

const { values } = parseArgs({
  options: {
    spans: { type: 'string', default: '100000' },
    settings: { type: 'string', default: '500x1,1000x2,2000x2,5000x1,2000x4' },
    url: { type: 'string', default: process.env.SIGHTLINE_ES_URL ?? 'http://127.0.0.1:9200' },
  },
});
const totalSpans = Number(values.spans);
const BATCH = 5000;

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
  const nowNs = BigInt(Date.now()) * 1_000_000n;
  const spans = makeSpans(totalSpans, 0, nowNs - 3_600_000_000_000n, nowNs, totalSpans, seed++ * 100_000_000);
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
