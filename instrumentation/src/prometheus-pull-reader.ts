import { PrometheusExporter, PrometheusSerializer } from '@opentelemetry/exporter-prometheus';
import { AggregationTemporality, InstrumentType } from '@opentelemetry/sdk-metrics';
import type { MetricReader } from '@opentelemetry/sdk-metrics';

const SOURCE = Symbol.for('sightline.instrumentation.prometheus-source');
/** Where the service's `GET /metrics` reads the OTel metrics from, and which scopes it leaves out. */
interface PrometheusSource {
  reader: CollectingReader;
  excludedScopes: ReadonlySet<string>;
}
/** Structural, so readers built against another copy of sdk-metrics (exporter-prometheus has its own) fit. */
type CollectingReader = Pick<MetricReader, 'collect'>;
type GlobalWithSource = typeof globalThis & { [SOURCE]?: PrometheusSource };

/**
 * True when the OTLP reader keeps every instrument cumulative (the default): then it can also answer
 * `/metrics`, because a cumulative collection reads the running totals without resetting them. With
 * delta temporality a scrape would steal the points of the next OTLP export.
 */
export function collectsCumulativeOnly(reader: MetricReader): boolean {
  return Object.values(InstrumentType).every((type) => reader.selectAggregationTemporality(type) === AggregationTemporality.CUMULATIVE);
}

/**
 * `/metrics` reads the OTLP reader's own collection. Every measurement is recorded once per metric
 * reader, so a second reader just for Prometheus cost ~8% of a cheap request's CPU; sharing the
 * cumulative OTLP reader costs nothing per request. `excludedScopes`: the prom-client bridge's scope,
 * whose series the handler already serves from prom-client itself.
 */
export function servePrometheusFrom(reader: CollectingReader, excludedScopes: string[]): void {
  (globalThis as GlobalWithSource)[SOURCE] = { reader, excludedScopes: new Set(excludedScopes) };
}

/**
 * The fallback when the OTLP reader is not cumulative: a second, pull-only reader on the SDK's
 * MeterProvider (no server of its own, no metric producers, so prom-client series are not repeated).
 */
export function createPrometheusPullReader(): PrometheusExporter {
  return new PrometheusExporter({ preventServerStart: true });
}

/** Forgets the source (at shutdown), so /metrics stops asking a MeterProvider that is gone. */
export function clearPrometheusSource(reader: CollectingReader): void {
  const scope = globalThis as GlobalWithSource;
  if (scope[SOURCE]?.reader === reader) delete scope[SOURCE];
}

// Resource attributes stay on target_info (the serializer's default), not on every series: the
// scrape job already names the service.
const serializer = new PrometheusSerializer();

/**
 * The running instrumentation's OTel metrics in the Prometheus text format, or undefined when no
 * instrumentation (or no metrics signal) is running in this process. Never rejects.
 */
export async function collectOtelPrometheusText(): Promise<string | undefined> {
  const source = (globalThis as GlobalWithSource)[SOURCE];
  if (!source) return undefined;
  try {
    const { resourceMetrics } = await source.reader.collect();
    const scopeMetrics = source.excludedScopes.size === 0 ? resourceMetrics.scopeMetrics : resourceMetrics.scopeMetrics.filter((s) => !source.excludedScopes.has(s.scope.name));
    return serializer.serialize({ ...resourceMetrics, scopeMetrics });
  } catch {
    // Collection fails only when the SDK shut down between the check and the call.
    return undefined;
  }
}

/**
 * Joins the app's prom-client exposition and the OTel exposition into one, dropping every OTel
 * metric family whose name (or any of whose sample names) prom-client already exposes: Prometheus
 * rejects a scrape that declares a family twice, and the app's own metric is the one it expects.
 */
export function mergeExpositions(promClientText: string, otelText: string): string {
  const taken = new Set<string>();
  for (const line of promClientText.split('\n')) {
    const type = /^# TYPE (\S+)/.exec(line);
    if (type) taken.add(type[1]);
    else if (line && !line.startsWith('#')) taken.add(sampleName(line));
  }
  const kept = otelFamilies(otelText).filter((family) => !family.names.some((name) => taken.has(name)));
  const otel = kept.map((family) => family.text).join('\n');
  if (!otel) return promClientText;
  const head = promClientText.trimEnd();
  return head ? `${head}\n\n${otel}\n` : `${otel}\n`;
}

interface Family {
  name: string;
  /** `# TYPE` line (the serializer always writes one). */
  type: string;
  header: string[];
  samples: string[];
  /** The family name and every sample name in it (`x_bucket`, `x_count`, ...). */
  names: Set<string>;
}

/**
 * Splits the serializer's output into families (each starts at its `# HELP` line), joining the
 * families that share a name: the serializer writes one per instrumentation scope, so two
 * libraries recording the same instrument (`http.client.request.duration` from both the http and
 * the undici instrumentations) would declare the family twice, which fails the whole scrape. Their
 * series stay apart by the `otel_scope_name` label. A same-named family of another type is dropped.
 */
function otelFamilies(text: string): Array<{ text: string; names: string[] }> {
  const byName = new Map<string, Family>();
  let current: Family | undefined;
  const flush = () => {
    if (!current) return;
    const earlier = byName.get(current.name);
    if (!earlier) byName.set(current.name, current);
    else if (earlier.type === current.type) {
      earlier.samples.push(...current.samples);
      for (const name of current.names) earlier.names.add(name);
    }
    current = undefined;
  };
  for (const line of text.split('\n')) {
    if (line === '' || line === '# no registered metrics') continue;
    const help = /^# HELP (\S+)/.exec(line);
    if (help) {
      flush();
      current = { name: help[1], type: '', header: [line], samples: [], names: new Set([help[1]]) };
      continue;
    }
    if (!current) continue;
    if (line.startsWith('#')) {
      current.header.push(line);
      if (line.startsWith('# TYPE ')) current.type = line;
    } else {
      current.samples.push(line);
      current.names.add(sampleName(line));
    }
  }
  flush();
  return [...byName.values()].map((f) => ({ text: [...f.header, ...f.samples].join('\n'), names: [...f.names] }));
}

function sampleName(line: string): string {
  return line.split(/[{ ]/, 1)[0];
}
