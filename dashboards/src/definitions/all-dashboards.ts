import type { DashboardDefinition } from '../dashboard.js';
import { collectorHealth } from './collector-health.js';
import { logs } from './logs.js';
import { nodejsRuntime } from './nodejs-runtime.js';
import { serviceGraph } from './service-graph.js';
import { serviceOverview } from './service-overview.js';
import { tracesDashboard } from './traces.js';

/** Every dashboard Sightline ships, in the order the README lists them. */
export const ALL_DASHBOARDS: DashboardDefinition[] = [serviceOverview, serviceGraph, logs, tracesDashboard, collectorHealth, nodejsRuntime];
