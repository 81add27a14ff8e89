import { ALL_DATA_SOURCES, dashboardInput, type SightlineDataSource } from './data-sources.js';
import { SCHEMA_VERSION, type Dashboard, type Panel, type TemplateVariable } from './grafana-model.js';
import type { PanelSpec } from './panels.js';

const GRID_COLUMNS = 24;

export interface DashboardDefinition {
  /** Stable forever: links, provisioning and bookmarks point at it. */
  uid: string;
  /** File name (without .json) of the generated dashboard. */
  file: string;
  title: string;
  description: string;
  tags: string[];
  variables: TemplateVariable[];
  panels: PanelSpec[];
  time?: { from: string; to: string };
}

/** Places panels left to right in Grafana's 24-column grid, wrapping to a new row when full. */
export function layoutPanels(specs: PanelSpec[]): Panel[] {
  let x = 0;
  let y = 0;
  let rowHeight = 0;
  return specs.map((spec, index) => {
    const { size, ...rest } = spec;
    if (x + size.w > GRID_COLUMNS) {
      x = 0;
      y += rowHeight;
      rowHeight = 0;
    }
    const panel: Panel = { ...rest, id: index + 1, gridPos: { h: size.h, w: size.w, x, y } };
    x += size.w;
    rowHeight = Math.max(rowHeight, size.h);
    return panel;
  });
}

function usedDataSources(json: string): SightlineDataSource[] {
  return ALL_DATA_SOURCES.filter((source) => json.includes('${' + source.input + '}'));
}

/**
 * The shareable dashboard: data sources are `${DS_*}` placeholders declared in `__inputs`, so
 * Grafana's Import screen asks which data source to use for each.
 */
export function buildDashboard(definition: DashboardDefinition): Dashboard {
  const body = {
    uid: definition.uid,
    title: definition.title,
    description: definition.description,
    tags: ['sightline', ...definition.tags],
    schemaVersion: SCHEMA_VERSION,
    version: 1,
    editable: true,
    graphTooltip: 1,
    refresh: '30s',
    time: definition.time ?? { from: 'now-1h', to: 'now' },
    timezone: 'browser',
    fiscalYearStartMonth: 0,
    liveNow: false,
    templating: { list: definition.variables },
    annotations: {
      list: [
        {
          builtIn: 1,
          datasource: { type: 'grafana', uid: '-- Grafana --' },
          enable: true,
          hide: true,
          iconColor: 'rgba(0, 211, 255, 1)',
          name: 'Annotations & Alerts',
          type: 'dashboard',
        },
      ],
    },
    links: [{ title: 'Sightline', type: 'dashboards', tags: ['sightline'], asDropdown: true, includeVars: false, keepTime: true }],
    panels: layoutPanels(definition.panels),
  };
  const sources = usedDataSources(JSON.stringify(body));
  const panelTypes = [...new Set(body.panels.map((panel) => panel.type))].sort();
  return {
    __inputs: sources.map(dashboardInput),
    __requires: [
      { type: 'grafana', id: 'grafana', name: 'Grafana', version: '12.0.0' },
      ...sources.map((source) => ({ type: 'datasource', id: source.pluginId, name: source.pluginName, version: '1.0.0' })),
      ...panelTypes.map((type) => ({ type: 'panel', id: type, name: type, version: '' })),
    ],
    ...body,
  };
}

/**
 * The provisioned copy: what Grafana's Import screen would store after choosing the data sources
 * that `provisioning/datasources/sightline.yaml` creates. File provisioning does not resolve
 * `${DS_*}` inputs, hence a second, resolved file.
 */
export function resolveForProvisioning(dashboard: Dashboard): Dashboard {
  const { __inputs: _inputs, __requires: _requires, ...rest } = dashboard;
  let json = JSON.stringify(rest);
  for (const source of ALL_DATA_SOURCES) json = json.split('${' + source.input + '}').join(source.provisionedUid);
  return JSON.parse(json) as Dashboard;
}
