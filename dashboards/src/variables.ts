import { dataSourceRef, PROMETHEUS } from './data-sources.js';
import type { TemplateVariable } from './grafana-model.js';

export interface QueryVariableOptions {
  label?: string;
  multi?: boolean;
  /** Adds "All", sent to Prometheus as `.*` (so selectors use `=~`). */
  includeAll?: boolean;
}

/** A variable filled by Prometheus `label_values(...)`. */
export function promLabelValues(name: string, selector: string, labelName: string, options: QueryVariableOptions = {}): TemplateVariable {
  const query = `label_values(${selector}, ${labelName})`;
  return {
    name,
    type: 'query',
    label: options.label ?? name,
    datasource: dataSourceRef(PROMETHEUS),
    definition: query,
    query: { qryType: 1, query, refId: 'PrometheusVariableQueryEditor-VariableQuery' },
    refresh: 2,
    sort: 1,
    multi: options.multi ?? false,
    includeAll: options.includeAll ?? false,
    ...(options.includeAll ? { allValue: '.*' } : {}),
    current: {},
    options: [],
    hide: 0,
    regex: '',
    skipUrlSync: false,
  };
}

export function textbox(name: string, label: string, defaultValue = ''): TemplateVariable {
  return {
    name,
    type: 'textbox',
    label,
    query: defaultValue,
    current: { text: defaultValue, value: defaultValue },
    options: [],
    hide: 0,
    skipUrlSync: false,
  };
}
