/**
 * The slice of Grafana's classic dashboard JSON model that Sightline's dashboards use.
 *
 * Deliberately loose where Grafana is (options and field config are plugin-specific objects):
 * the generator only needs enough structure to place panels and to let tests find every query.
 */

/** Grafana's classic model version written by Grafana 12 (what "Export" produces there). */
export const SCHEMA_VERSION = 41;

export interface DataSourceRef {
  type: string;
  uid: string;
}

export interface GridPos {
  h: number;
  w: number;
  x: number;
  y: number;
}

/** One query of a panel. Prometheus targets carry `expr`; Elasticsearch targets `query`; Jaeger `queryType`. */
export interface Target {
  refId: string;
  datasource: DataSourceRef;
  [key: string]: unknown;
}

export interface Transformation {
  id: string;
  options: Record<string, unknown>;
}

export interface Panel {
  id: number;
  type: string;
  title: string;
  description?: string;
  gridPos: GridPos;
  datasource?: DataSourceRef;
  targets?: Target[];
  fieldConfig?: { defaults: Record<string, unknown>; overrides: unknown[] };
  options?: Record<string, unknown>;
  transformations?: Transformation[];
  [key: string]: unknown;
}

export interface TemplateVariable {
  name: string;
  type: 'query' | 'custom' | 'textbox' | 'datasource' | 'constant' | 'interval';
  label?: string;
  [key: string]: unknown;
}

/** A data-source placeholder the Import screen asks for (`${DS_PROMETHEUS}` and friends). */
export interface DashboardInput {
  name: string;
  label: string;
  description: string;
  type: 'datasource';
  pluginId: string;
  pluginName: string;
}

export interface Dashboard {
  __inputs?: DashboardInput[];
  __requires?: Array<{ type: string; id: string; name: string; version: string }>;
  uid: string;
  title: string;
  description: string;
  tags: string[];
  schemaVersion: number;
  version: number;
  editable: boolean;
  graphTooltip: number;
  refresh: string;
  time: { from: string; to: string };
  timezone: string;
  templating: { list: TemplateVariable[] };
  annotations: { list: unknown[] };
  links: unknown[];
  panels: Panel[];
  [key: string]: unknown;
}
