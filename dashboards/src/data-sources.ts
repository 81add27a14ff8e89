import type { DashboardInput, DataSourceRef } from './grafana-model.js';

/**
 * The three data sources every Sightline dashboard draws on.
 *
 * A dashboard refers to each through an Import-screen placeholder (`${DS_PROMETHEUS}`...), as
 * Grafana's "Export for sharing externally" does, so a person importing the JSON picks their own
 * data sources. The provisioned copies have the placeholders replaced by the fixed uids that
 * `provisioning/datasources/sightline.yaml` gives the data sources it creates.
 */
export interface SightlineDataSource {
  /** Placeholder name in `__inputs`, referenced as `${name}`. */
  input: string;
  pluginId: string;
  pluginName: string;
  /** Uid of the provisioned data source (provisioning/datasources/sightline.yaml). */
  provisionedUid: string;
  label: string;
  description: string;
}

export const PROMETHEUS: SightlineDataSource = {
  input: 'DS_PROMETHEUS',
  pluginId: 'prometheus',
  pluginName: 'Prometheus',
  provisionedUid: 'sightline-prometheus',
  label: 'Prometheus',
  description: 'Prometheus that scrapes the Sightline collector and the instrumented services',
};

export const ELASTICSEARCH: SightlineDataSource = {
  input: 'DS_SIGHTLINE_LOGS',
  pluginId: 'elasticsearch',
  pluginName: 'Elasticsearch',
  provisionedUid: 'sightline-logs',
  label: 'Sightline logs (Elasticsearch)',
  description: "Elasticsearch data source on Sightline's log indices (<prefix>-logs-*)",
};

export const JAEGER: SightlineDataSource = {
  input: 'DS_SIGHTLINE_TRACES',
  pluginId: 'jaeger',
  pluginName: 'Jaeger',
  provisionedUid: 'sightline-traces',
  label: 'Sightline traces (Jaeger API)',
  description: "Jaeger data source pointed at Sightline's Jaeger-compatible API (http://<collector>:16686/jaeger)",
};

export const ALL_DATA_SOURCES = [PROMETHEUS, ELASTICSEARCH, JAEGER] as const;

export function dataSourceRef(source: SightlineDataSource): DataSourceRef {
  return { type: source.pluginId, uid: '${' + source.input + '}' };
}

export function dashboardInput(source: SightlineDataSource): DashboardInput {
  return {
    name: source.input,
    label: source.label,
    description: source.description,
    type: 'datasource',
    pluginId: source.pluginId,
    pluginName: source.pluginName,
  };
}
