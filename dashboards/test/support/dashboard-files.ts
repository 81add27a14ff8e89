import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Dashboard, Panel, Target, TemplateVariable } from '../../src/grafana-model.js';
import { IMPORT_DIR, PROVISIONED_DIR } from '../../src/generate.js';

export interface DashboardFile {
  file: string;
  dashboard: Dashboard;
}

function load(dir: string): DashboardFile[] {
  return readdirSync(dir)
    .filter((name) => name.endsWith('.json'))
    .sort()
    .map((file) => ({ file, dashboard: JSON.parse(readFileSync(join(dir, file), 'utf8')) as Dashboard }));
}

/** The dashboards as committed, for Grafana's Import screen. */
export const importDashboards = (): DashboardFile[] => load(IMPORT_DIR);
/** The dashboards as committed, for file provisioning. */
export const provisionedDashboards = (): DashboardFile[] => load(PROVISIONED_DIR);

export interface PanelTarget {
  dashboard: Dashboard;
  panel: Panel;
  target: Target;
  /** "<dashboard title> / <panel title> / <refId>", for messages. */
  where: string;
}

export function panelTargets(files: DashboardFile[]): PanelTarget[] {
  return files.flatMap(({ dashboard }) =>
    dashboard.panels.flatMap((panel) =>
      (panel.targets ?? []).map((target) => ({ dashboard, panel, target, where: `${dashboard.title} / ${panel.title} / ${target.refId}` })),
    ),
  );
}

export function targetsOfType(files: DashboardFile[], pluginId: string): PanelTarget[] {
  return panelTargets(files).filter(({ target }) => target.datasource.type === pluginId);
}

export function variablesOf(dashboard: Dashboard): TemplateVariable[] {
  return dashboard.templating.list;
}
