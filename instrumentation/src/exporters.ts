import { OTLPLogExporter as JsonLogExporter } from '@opentelemetry/exporter-logs-otlp-http';
import { OTLPLogExporter as ProtoLogExporter } from '@opentelemetry/exporter-logs-otlp-proto';
import { OTLPMetricExporter as JsonMetricExporter } from '@opentelemetry/exporter-metrics-otlp-http';
import { OTLPMetricExporter as ProtoMetricExporter } from '@opentelemetry/exporter-metrics-otlp-proto';
import { OTLPTraceExporter as JsonTraceExporter } from '@opentelemetry/exporter-trace-otlp-http';
import { OTLPTraceExporter as ProtoTraceExporter } from '@opentelemetry/exporter-trace-otlp-proto';
import type { LogRecordExporter } from '@opentelemetry/sdk-logs';
import type { PushMetricExporter } from '@opentelemetry/sdk-metrics';
import type { SpanExporter } from '@opentelemetry/sdk-trace-base';
import type { ResolvedSignal } from './options.js';

type ExporterConfig = ConstructorParameters<typeof ProtoTraceExporter>[0] & object;

function exporterConfig(signal: ResolvedSignal, compression: 'gzip' | 'none'): ExporterConfig {
  return {
    url: signal.url,
    headers: signal.headers,
    timeoutMillis: signal.timeoutMillis,
    // The enum lives in otlp-exporter-base; its values are exactly these strings.
    compression: compression as ExporterConfig['compression'],
  };
}

export function createSpanExporter(signal: ResolvedSignal, compression: 'gzip' | 'none'): SpanExporter {
  const config = exporterConfig(signal, compression);
  return signal.protocol === 'http/json' ? new JsonTraceExporter(config) : new ProtoTraceExporter(config);
}

export function createMetricExporter(signal: ResolvedSignal, compression: 'gzip' | 'none'): PushMetricExporter {
  const config = exporterConfig(signal, compression);
  return signal.protocol === 'http/json' ? new JsonMetricExporter(config) : new ProtoMetricExporter(config);
}

export function createLogExporter(signal: ResolvedSignal, compression: 'gzip' | 'none'): LogRecordExporter {
  const config = exporterConfig(signal, compression);
  return signal.protocol === 'http/json' ? new JsonLogExporter(config) : new ProtoLogExporter(config);
}
