/**
 * Compile-time proof that the client schemas (schemas.ts) accept exactly what the collector's
 * response types (collector/src/query/api-types.ts) describe. `npm run typecheck` fails when either
 * side changes without the other.
 */
import type * as Server from '../../../collector/src/query/api-types';
import type * as Client from './schemas';

type Same<A, B> = [A] extends [B] ? ([B] extends [A] ? true : false) : false;
type Assert<T extends true> = T;

export type ContractChecks = [
  Assert<Same<Client.ServicesResponse, Server.ApiServicesResponse>>,
  Assert<Same<Client.OperationsResponse, Server.ApiOperationsResponse>>,
  Assert<Same<Client.TraceSearchResponse, Server.ApiTraceSearchResponse>>,
  Assert<Same<Client.TraceResponse, Server.ApiTraceResponse>>,
  Assert<Same<Client.ServiceMapResponse, Server.ApiServiceMapResponse>>,
  Assert<Same<Client.LatencyHistogramResponse, Server.ApiLatencyHistogramResponse>>,
  Assert<Same<Client.RedResponse, Server.ApiRedResponse>>,
  Assert<Same<Client.LogsResponse, Server.ApiLogsResponse>>,
  Assert<Same<Client.LogVolumeResponse, Server.ApiLogVolumeResponse>>,
  Assert<Same<Client.MetricsResponse, Server.ApiMetricsResponse>>,
  Assert<Same<Client.MetricSeriesResponse, Server.ApiMetricSeriesResponse>>,
];
