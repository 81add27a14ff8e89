// Benchmark (not a test): OTLP decode + validate + convert throughput of the receiver, in process.
// Run: node --import tsx collector/test/receiver/decode-convert.bench.ts
// Prints spans/s for protobuf and JSON and writes bench-results/receiver-decode-convert.json.
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { defaultConfig } from '../../src/config/collector-config.js';
import { ConvertContext } from '../../src/receiver/convert-context.js';
import { convertTraces } from '../../src/receiver/convert-spans.js';
import { decodeRequest } from '../../src/receiver/otlp-codec.js';
import { hexId, span, toProtobuf, traceRequest } from '../support/otlp-payloads.js';

const SPANS_PER_REQUEST = 500;
const ROUNDS = 60;
const limits = { ...defaultConfig().limits, maxPastAgeMs: 0, maxFutureSkewMs: 0 };

/** Realistic spans: a server span, client spans with HTTP/DB attributes, an event now and then. */
function realisticRequest() {
  const spans = [];
  for (let i = 0; i < SPANS_PER_REQUEST; i++) {
    const traceId = hexId(16);
    spans.push(span({
      traceId,
      name: i % 3 === 0 ? 'GET /api/orders/:id' : 'SELECT orders',
      kind: i % 3 === 0 ? 2 : 3,
      parentSpanId: i % 3 === 0 ? undefined : hexId(8),
      statusCode: i % 50 === 0 ? 2 : 0,
      attributes: {
        'http.request.method': 'GET', 'http.route': '/api/orders/:id', 'http.response.status_code': 200, 'url.path': `/api/orders/${i}`,
        'server.address': 'orders.internal', 'server.port': 8080, 'db.system': 'postgresql', 'db.statement': 'SELECT * FROM orders WHERE id = $1',
        'net.peer.name': 'db.internal', 'user_agent.original': 'Mozilla/5.0 (X11; Linux x86_64)',
      },
      events: i % 10 === 0 ? [{ name: 'exception', attributes: { 'exception.type': 'TimeoutError', 'exception.message': 'took too long' } }] : [],
    }));
  }
  return traceRequest(spans, 'orders', { 'service.version': '1.4.2', 'host.name': 'node-1', 'process.runtime.name': 'nodejs' });
}

/**
 * Spans per second of wall time and per second of CPU time: on a shared, loaded machine the CPU
 * figure is the one that says what one core does (the wall figure says what we got).
 */
function measure(encoding: 'protobuf' | 'json', body: Buffer): { wall: number; cpu: number } {
  for (let i = 0; i < 5; i++) convertTraces(decodeRequest('traces', encoding, body), new ConvertContext(limits)); // warm up
  const started = process.hrtime.bigint();
  const cpuStart = process.cpuUsage();
  let spans = 0;
  for (let i = 0; i < ROUNDS; i++) spans += convertTraces(decodeRequest('traces', encoding, body), new ConvertContext(limits)).length;
  const cpu = process.cpuUsage(cpuStart);
  const seconds = Number(process.hrtime.bigint() - started) / 1e9;
  return { wall: Math.round(spans / seconds), cpu: Math.round(spans / ((cpu.user + cpu.system) / 1e6)) };
}

const request = realisticRequest();
const protobufBody = toProtobuf('traces', request);
const jsonBody = Buffer.from(JSON.stringify(request));
const results = {
  spansPerRequest: SPANS_PER_REQUEST,
  protobufBytesPerSpan: Math.round(protobufBody.length / SPANS_PER_REQUEST),
  protobuf: measure('protobuf', protobufBody),
  json: measure('json', jsonBody),
  loadAverage1m: Number((await import('node:os')).loadavg()[0].toFixed(2)),
  node: process.version,
  measuredAt: new Date().toISOString(),
};
console.log(`decode + validate + convert, one core, ${SPANS_PER_REQUEST} spans/request:`);
console.log(`  protobuf: ${results.protobuf.cpu.toLocaleString()} spans per CPU-second (${results.protobuf.wall.toLocaleString()}/s wall), ${results.protobufBytesPerSpan} bytes/span`);
console.log(`  JSON:     ${results.json.cpu.toLocaleString()} spans per CPU-second (${results.json.wall.toLocaleString()}/s wall)`);
console.log(`  machine load average (1 min): ${results.loadAverage1m}`);
const outDir = join(fileURLToPath(new URL('../../..', import.meta.url)), 'bench-results');
mkdirSync(outDir, { recursive: true });
writeFileSync(join(outDir, 'receiver-decode-convert.json'), `${JSON.stringify(results, null, 2)}\n`);
