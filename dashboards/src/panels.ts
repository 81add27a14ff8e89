import { dataSourceRef, ELASTICSEARCH, JAEGER, PROMETHEUS } from './data-sources.js';
import type { Panel, Target, Transformation } from './grafana-model.js';

/**
 * Small builders for the panel types the dashboards use. A panel comes out without `id` and
 * `gridPos`; `layoutPanels` (dashboard.ts) assigns both, so definitions read as lists of panels.
 */
export interface PanelSpec {
  type: string;
  title: string;
  description?: string;
  size: { w: number; h: number };
  datasource?: Panel['datasource'];
  targets?: Target[];
  fieldConfig?: { defaults: Record<string, unknown>; overrides: unknown[] };
  options?: Record<string, unknown>;
  transformations?: Transformation[];
}

export interface PromTargetOptions {
  legend?: string;
  /** Instant query (one value per series at the end of the range): stats, tables, node graph. */
  instant?: boolean;
  format?: 'time_series' | 'table' | 'heatmap';
  refId?: string;
}

export function promTarget(expr: string, options: PromTargetOptions = {}): Target {
  const instant = options.instant ?? false;
  return {
    refId: options.refId ?? 'A',
    datasource: dataSourceRef(PROMETHEUS),
    editorMode: 'code',
    expr,
    legendFormat: options.legend ?? '__auto',
    range: !instant,
    instant,
    format: options.format ?? 'time_series',
  };
}

/** Gives targets distinct refIds (A, B, C...) in order unless they already have one besides 'A'. */
function withRefIds(targets: Target[]): Target[] {
  return targets.map((target, index) => ({ ...target, refId: target.refId !== 'A' ? target.refId : String.fromCharCode(65 + index) }));
}

interface CommonOptions {
  description?: string;
  unit?: string;
  w?: number;
  h?: number;
}

export function timeseries(title: string, targets: Target[], options: CommonOptions & { stack?: boolean; min?: number; max?: number } = {}): PanelSpec {
  return {
    type: 'timeseries',
    title,
    description: options.description,
    size: { w: options.w ?? 12, h: options.h ?? 8 },
    datasource: targets[0].datasource,
    targets: withRefIds(targets),
    fieldConfig: {
      defaults: {
        unit: options.unit ?? 'short',
        ...(options.min !== undefined ? { min: options.min } : {}),
        ...(options.max !== undefined ? { max: options.max } : {}),
        custom: {
          drawStyle: 'line',
          lineWidth: 1,
          fillOpacity: options.stack ? 30 : 10,
          showPoints: 'never',
          spanNulls: false,
          stacking: { mode: options.stack ? 'normal' : 'none', group: 'A' },
        },
      },
      overrides: [],
    },
    options: {
      legend: { displayMode: 'table', placement: 'bottom', showLegend: true, calcs: ['mean', 'max', 'lastNotNull'] },
      tooltip: { mode: 'multi', sort: 'desc' },
    },
  };
}

export function stat(title: string, targets: Target[], options: CommonOptions & { thresholds?: Array<{ color: string; value: number | null }> } = {}): PanelSpec {
  return {
    type: 'stat',
    title,
    description: options.description,
    size: { w: options.w ?? 6, h: options.h ?? 4 },
    datasource: targets[0].datasource,
    targets: withRefIds(targets),
    fieldConfig: {
      defaults: {
        unit: options.unit ?? 'short',
        thresholds: { mode: 'absolute', steps: options.thresholds ?? [{ color: 'green', value: null }] },
      },
      overrides: [],
    },
    options: {
      reduceOptions: { calcs: ['lastNotNull'], fields: '', values: false },
      colorMode: 'value',
      graphMode: 'area',
      justifyMode: 'auto',
      textMode: 'auto',
    },
  };
}

/** Heatmap of a Prometheus histogram: the target must use `format: 'heatmap'` and group by `le`. */
export function heatmap(title: string, target: Target, options: CommonOptions = {}): PanelSpec {
  return {
    type: 'heatmap',
    title,
    description: options.description,
    size: { w: options.w ?? 24, h: options.h ?? 9 },
    datasource: target.datasource,
    targets: [target],
    fieldConfig: { defaults: {}, overrides: [] },
    options: {
      calculate: false,
      cellGap: 1,
      color: { mode: 'scheme', scheme: 'Oranges', steps: 64, exponent: 0.5, fill: 'dark-orange', scale: 'exponential', reverse: false },
      yAxis: { axisPlacement: 'left', unit: options.unit ?? 's', reverse: false },
      rowsFrame: { layout: 'auto' },
      tooltip: { mode: 'single', yHistogram: true, showColorScale: false },
      legend: { show: true },
      exemplars: { color: 'rgba(255,0,255,0.7)' },
      filterValues: { le: 1e-9 },
    },
  };
}

export function table(title: string, targets: Target[], options: CommonOptions & { transformations?: Transformation[]; overrides?: unknown[] } = {}): PanelSpec {
  return {
    type: 'table',
    title,
    description: options.description,
    size: { w: options.w ?? 24, h: options.h ?? 8 },
    datasource: targets[0].datasource,
    targets: withRefIds(targets),
    fieldConfig: { defaults: { unit: options.unit ?? 'short', custom: { align: 'auto', filterable: true } }, overrides: options.overrides ?? [] },
    options: { showHeader: true, cellHeight: 'sm', footer: { show: false, reducer: ['sum'], fields: '' } },
    transformations: options.transformations ?? [],
  };
}

/**
 * Grafana's node graph fed by one edges frame. The panel treats a frame with a `source` field as
 * edges and builds the nodes from them; it reads the fields `id`, `source`, `target` and
 * `mainstat` by name, so the query makes those label columns itself (label_replace/label_join)
 * and the `calculateField` transformation turns the value column into a field named `mainstat`.
 */
export function nodeGraph(title: string, edgesTarget: Target, options: CommonOptions & { mainstatFromValue?: boolean } = {}): PanelSpec {
  return {
    type: 'nodeGraph',
    title,
    description: options.description,
    size: { w: options.w ?? 24, h: options.h ?? 14 },
    datasource: edgesTarget.datasource,
    targets: [edgesTarget],
    fieldConfig: { defaults: {}, overrides: [] },
    options: { nodes: { mainStatUnit: options.unit ?? 'reqps' }, edges: { mainStatUnit: options.unit ?? 'reqps' } },
    // Data sources that answer with node-graph frames themselves (Jaeger's dependency graph) need no transformation.
    transformations:
      options.mainstatFromValue === false
        ? []
        : [{ id: 'calculateField', options: { mode: 'reduceRow', reduce: { reducer: 'sum' }, alias: 'mainstat', replaceFields: false } }],
  };
}

// --- Elasticsearch ---------------------------------------------------------------------------

export interface EsMetric {
  id: string;
  type: 'count' | 'raw_data' | 'logs';
  settings?: Record<string, string>;
}

export interface EsBucketAgg {
  id: string;
  type: 'date_histogram' | 'terms';
  field: string;
  settings?: Record<string, string>;
}

export function esTarget(query: string, timeField: string, metrics: EsMetric[], bucketAggs: EsBucketAgg[], refId = 'A'): Target {
  return { refId, datasource: dataSourceRef(ELASTICSEARCH), query, queryType: 'lucene', alias: '', metrics, bucketAggs, timeField };
}

export function termsAgg(id: string, field: string, size = 10): EsBucketAgg {
  return { id, type: 'terms', field, settings: { min_doc_count: '1', order: 'desc', orderBy: '_count', size: String(size) } };
}

export function dateHistogramAgg(id: string, field: string): EsBucketAgg {
  return { id, type: 'date_histogram', field, settings: { interval: 'auto', min_doc_count: '0', trimEdges: '0' } };
}

/** Bar chart over time of Elasticsearch counts, split by a terms aggregation. */
export function esCountsOverTime(title: string, target: Target, options: CommonOptions = {}): PanelSpec {
  const spec = timeseries(title, [target], { ...options, stack: true });
  const custom = (spec.fieldConfig!.defaults.custom ?? {}) as Record<string, unknown>;
  spec.fieldConfig!.defaults.custom = { ...custom, drawStyle: 'bars', fillOpacity: 80 };
  return spec;
}

export function esLogs(title: string, target: Target, options: CommonOptions = {}): PanelSpec {
  return {
    type: 'logs',
    title,
    description: options.description,
    size: { w: options.w ?? 24, h: options.h ?? 12 },
    datasource: target.datasource,
    targets: [target],
    options: { showTime: true, wrapLogMessage: true, sortOrder: 'Descending', enableLogDetails: true, dedupStrategy: 'none', prettifyLogMessage: false, showLabels: false, showCommonLabels: false },
  };
}

// --- Jaeger ----------------------------------------------------------------------------------

export function jaegerSearchTarget(service: string, operation: string, limit = 20): Target {
  return { refId: 'A', datasource: dataSourceRef(JAEGER), queryType: 'search', service, operation, limit };
}

export function jaegerTraceTarget(traceId: string): Target {
  // No queryType: the Jaeger data source then looks the trace up by id (`query`).
  return { refId: 'A', datasource: dataSourceRef(JAEGER), query: traceId };
}

export function jaegerDependencyTarget(): Target {
  return { refId: 'A', datasource: dataSourceRef(JAEGER), queryType: 'dependencyGraph' };
}

export function traces(title: string, target: Target, options: CommonOptions = {}): PanelSpec {
  return { type: 'traces', title, description: options.description, size: { w: options.w ?? 24, h: options.h ?? 16 }, datasource: target.datasource, targets: [target], options: {} };
}

export function text(title: string, markdown: string, options: CommonOptions = {}): PanelSpec {
  return { type: 'text', title, size: { w: options.w ?? 24, h: options.h ?? 3 }, options: { mode: 'markdown', content: markdown } };
}
