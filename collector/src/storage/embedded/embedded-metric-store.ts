import { BIGINT, LIST, VARCHAR, listValue } from '@duckdb/node-api';
import type { DuckDBType, DuckDBValue } from '@duckdb/node-api';
import type { MetricPoint, MetricType } from '../../model/metric-point.js';
import type { MetricDescriptor, MetricReader, MetricSeries, MetricSeriesQuery, MetricWriter } from '../metric-store.js';
import type { TimeRange } from '../time-range.js';
import { appendColumns, inTransaction } from './duckdb-database.js';
import type { DuckDbDatabase, SqlParam } from './duckdb-database.js';
import { buildMetricSeries } from './metric-series.js';
import { attributeFilterSql, attributeText, attributeTextEntry, decodeJson, encodeJson, rangeSql } from './row-codec.js';

const METRIC_COLUMN_TYPES: readonly DuckDBType[] = [
  VARCHAR, VARCHAR, VARCHAR, VARCHAR, VARCHAR, BIGINT, VARCHAR, VARCHAR, LIST(VARCHAR), VARCHAR,
];

function pointsToColumns(points: readonly MetricPoint[]): DuckDBValue[][] {
  const unique = new Map<string, MetricPoint>();
  for (const point of points) unique.set(point.pointId, point);
  const columns: DuckDBValue[][] = METRIC_COLUMN_TYPES.map(() => []);
  for (const point of unique.values()) {
    // service.name is filterable even when the resource attributes lack it.
    const text = attributeText(point.attributes, point.resource.attributes) + attributeTextEntry('service.name', point.resource.serviceName);
    const row: DuckDBValue[] = [
      point.pointId,
      point.name,
      point.description,
      point.unit,
      point.type,
      point.timeUnixNano,
      point.resource.serviceName,
      text,
      listValue(Object.keys(point.attributes)),
      encodeJson({ ...point, timeUnixNano: point.timeUnixNano.toString(), startTimeUnixNano: point.startTimeUnixNano.toString() }),
    ];
    for (let i = 0; i < row.length; i++) columns[i].push(row[i]);
  }
  return columns;
}

export class EmbeddedMetricStore implements MetricReader, MetricWriter {
  constructor(private readonly db: DuckDbDatabase) {}

  async writeMetricPoints(points: readonly MetricPoint[]): Promise<void> {
    if (points.length === 0) return;
    const columns = pointsToColumns(points);
    await this.db.write(async (connection) => {
      await connection.run('DELETE FROM stage_metric_points');
      await appendColumns(connection, 'stage_metric_points', METRIC_COLUMN_TYPES, columns);
      await inTransaction(connection, async () => {
        await connection.run('INSERT OR IGNORE INTO metric_points SELECT * FROM stage_metric_points');
      });
    });
  }

  async listMetrics(range: TimeRange): Promise<MetricDescriptor[]> {
    const rows = await this.db.query(
      `SELECT name, arg_max(description, time_ns) AS description, arg_max(unit, time_ns) AS unit,
              arg_max(type, time_ns) AS type,
              list_sort(list_distinct(list(service_name))) AS services,
              list_sort(list_distinct(flatten(list(attr_keys)))) AS attribute_keys
       FROM metric_points WHERE ${rangeSql('time_ns', range)} GROUP BY name ORDER BY name`,
    );
    return rows.map((row) => ({
      name: row.name as string,
      description: row.description as string,
      unit: row.unit as string,
      type: row.type as MetricType,
      services: row.services as string[],
      attributeKeys: row.attribute_keys as string[],
    }));
  }

  async queryMetricSeries(query: MetricSeriesQuery): Promise<MetricSeries[]> {
    const params: SqlParam[] = [query.name];
    const conditions = ['name = ?', rangeSql('time_ns', query.range), ...attributeFilterSql('attr_text', query.filters, params)];
    const rows = await this.db.query(`SELECT doc FROM metric_points WHERE ${conditions.join(' AND ')} ORDER BY time_ns`, params);
    const points = rows.map((row) => {
      const point = decodeJson<MetricPoint & { timeUnixNano: string; startTimeUnixNano: string }>(row.doc as string);
      return { ...point, timeUnixNano: BigInt(point.timeUnixNano), startTimeUnixNano: BigInt(point.startTimeUnixNano) };
    });
    return buildMetricSeries(points, query.groupBy ?? [], query.stepMs);
  }
}
