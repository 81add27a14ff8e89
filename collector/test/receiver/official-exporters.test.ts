import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { SpanKind, SpanStatusCode, TraceFlags, context, trace } from '@opentelemetry/api';
import { SeverityNumber } from '@opentelemetry/api-logs';
import { OTLPLogExporter as OTLPLogExporterHttp } from '@opentelemetry/exporter-logs-otlp-http';
import { OTLPLogExporter as OTLPLogExporterProto } from '@opentelemetry/exporter-logs-otlp-proto';
import { OTLPMetricExporter as OTLPMetricExporterHttp } from '@opentelemetry/exporter-metrics-otlp-http';
import { OTLPMetricExporter as OTLPMetricExporterProto } from '@opentelemetry/exporter-metrics-otlp-proto';
import { OTLPTraceExporter as OTLPTraceExporterHttp } from '@opentelemetry/exporter-trace-otlp-http';
import { OTLPTraceExporter as OTLPTraceExporterProto } from '@opentelemetry/exporter-trace-otlp-proto';
import { resourceFromAttributes } from '@opentelemetry/resources';
import { LoggerProvider, SimpleLogRecordProcessor } from '@opentelemetry/sdk-logs';
import { MeterProvider, PeriodicExportingMetricReader } from '@opentelemetry/sdk-metrics';
import { BasicTracerProvider, SimpleSpanProcessor } from '@opentelemetry/sdk-trace-base';
import { startTestCollector } from '../support/start-collector.js';
import type { TestCollector } from '../support/start-collector.js';

/** Payloads produced by the official OpenTelemetry JS exporters, protobuf and JSON. */
describe('payloads from the official OTel exporters', () => {
  let c: TestCollector;
  before(async () => {
    c = await startTestCollector();
  });
  after(() => c.stop());

  const flavours = [
    { name: 'otlp-proto', Trace: OTLPTraceExporterProto, Log: OTLPLogExporterProto, Metric: OTLPMetricExporterProto },
    { name: 'otlp-http (JSON)', Trace: OTLPTraceExporterHttp, Log: OTLPLogExporterHttp, Metric: OTLPMetricExporterHttp },
  ];

  for (const flavour of flavours) {
    const service = `svc-${flavour.name.replace(/\W+/g, '-')}`;
    const resource = resourceFromAttributes({ 'service.name': service, 'service.version': '2.0.0' });

    it(`traces from exporter-trace-${flavour.name}`, async () => {
      const provider = new BasicTracerProvider({ resource, spanProcessors: [new SimpleSpanProcessor(new flavour.Trace({ url: `${c.otlpUrl}/v1/traces` }))] });
      const tracer = provider.getTracer('official-test', '0.1.0');
      let traceId = '';
      const sentRoot = tracer.startSpan('GET /cart', { kind: SpanKind.SERVER, attributes: { 'http.route': '/cart', 'http.response.status_code': 500 } });
      traceId = sentRoot.spanContext().traceId;
      // No global context manager in a test: pass the parent explicitly.
      const sentChild = tracer.startSpan('SELECT carts', { kind: SpanKind.CLIENT, attributes: { 'db.system': 'postgresql' } }, trace.setSpan(context.active(), sentRoot));
      sentChild.addEvent('rows', { count: 3 });
      sentChild.setStatus({ code: SpanStatusCode.ERROR, message: 'timeout' });
      sentChild.end();
      sentRoot.end();
      await provider.forceFlush();
      await provider.shutdown();
      await c.flush();
      const spans = await c.storage.spans.getTrace(traceId);
      assert.equal(spans.length, 2);
      const root = spans.find((s) => s.isRoot);
      const child = spans.find((s) => !s.isRoot);
      assert.ok(root && child);
      assert.equal(root.name, 'GET /cart');
      assert.equal(root.kind, 2);
      assert.equal(root.resource.serviceName, service);
      assert.equal(root.resource.serviceVersion, '2.0.0');
      assert.equal(root.attributes['http.response.status_code'], 500);
      assert.equal(root.scope.name, 'official-test');
      assert.equal(child.parentSpanId, root.spanId);
      assert.equal(child.isError, true);
      assert.equal(child.statusMessage, 'timeout');
      assert.equal(child.events[0].name, 'rows');
      assert.equal(child.events[0].attributes.count, 3);
      assert.ok(child.endTimeUnixNano >= child.startTimeUnixNano);
      assert.ok(root.startTimeUnixNano > 1_600_000_000_000_000_000n);
    });

    it(`logs from exporter-logs-${flavour.name}`, async () => {
      const provider = new LoggerProvider({ resource, processors: [new SimpleLogRecordProcessor({ exporter: new flavour.Log({ url: `${c.otlpUrl}/v1/logs` }) })] });
      const traceId = 'a'.repeat(31) + (flavour.name.length % 10).toString();
      const spanId = 'b'.repeat(16);
      provider.getLogger('official-logger').emit({
        severityNumber: SeverityNumber.WARN,
        severityText: 'WARN',
        body: `cart almost full ${flavour.name}`,
        attributes: { 'cart.items': 99 },
        context: undefined,
      });
      // Correlated record: through the log record's span context attributes.
      const ctx = trace.setSpanContext(context.active(), { traceId, spanId, traceFlags: TraceFlags.SAMPLED });
      provider.getLogger('official-logger').emit({ severityNumber: SeverityNumber.ERROR, body: 'payment declined', context: ctx });
      await provider.forceFlush();
      await provider.shutdown();
      await c.flush();
      const correlated = await c.storage.logs.getLogsForTrace(traceId);
      assert.equal(correlated.length, 1);
      assert.equal(correlated[0].body, 'payment declined');
      assert.equal(correlated[0].spanId, spanId);
      assert.equal(correlated[0].severityText, 'ERROR');
      assert.equal(correlated[0].resource.serviceName, service);
      const now = BigInt(Date.now()) * 1_000_000n;
      const found = await c.storage.logs.searchLogs({ range: { startUnixNano: now - 600_000_000_000n, endUnixNano: now + 60_000_000_000n }, serviceName: service, text: 'almost full', limit: 10 });
      assert.equal(found.length, 1);
      assert.equal(found[0].severityNumber, SeverityNumber.WARN);
      assert.equal(found[0].attributes['cart.items'], 99);
    });

    it(`metrics from exporter-metrics-${flavour.name}`, async () => {
      const reader = new PeriodicExportingMetricReader({ exporter: new flavour.Metric({ url: `${c.otlpUrl}/v1/metrics` }), exportIntervalMillis: 60_000 });
      const provider = new MeterProvider({ resource, readers: [reader] });
      const meter = provider.getMeter('official-meter');
      meter.createCounter('orders.placed').add(3, { region: 'eu' });
      meter.createHistogram('order.value', { unit: 'EUR' }).record(42.5, { region: 'eu' });
      meter.createGauge('cart.size').record(7);
      await provider.forceFlush();
      await provider.shutdown();
      await c.flush();
      const now = BigInt(Date.now()) * 1_000_000n;
      const range = { startUnixNano: now - 600_000_000_000n, endUnixNano: now + 60_000_000_000n };
      const listed = (await c.storage.metrics.listMetrics(range)).filter((m) => m.services.includes(service));
      assert.deepEqual(listed.map((m) => [m.name, m.type]).sort(), [['cart.size', 'gauge'], ['order.value', 'histogram'], ['orders.placed', 'sum']]);
      const series = await c.storage.metrics.queryMetricSeries({ name: 'orders.placed', range, stepMs: 60_000, filters: [{ key: 'service.name', value: service }] });
      assert.equal(series[0].points.at(-1)?.value, 3);
    });
  }
});
