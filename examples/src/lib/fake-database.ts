import { SpanKind, SpanStatusCode, trace } from '@opentelemetry/api';
import { sleep } from './chaos.js';

const tracer = trace.getTracer('sightline-demo-db');

/**
 * An in-memory table standing in for PostgreSQL. Each query is wrapped in a CLIENT span with the
 * database semantic conventions, exactly what the pg instrumentation would record, so the service
 * map shows the database as an uninstrumented peer.
 */
export class FakeDatabase<Row extends { id: string }> {
  private readonly rows = new Map<string, Row>();

  constructor(
    readonly dbName: string,
    private readonly table: string,
    private readonly baseLatencyMs = 2,
  ) {}

  insert(row: Row): Promise<Row> {
    return this.query('INSERT', `INSERT INTO ${this.table} VALUES ($1, ...)`, () => {
      this.rows.set(row.id, row);
      // A demo runs for hours: keep the newest rows only.
      if (this.rows.size > 10_000) this.rows.delete(this.rows.keys().next().value as string);
      return row;
    });
  }

  findById(id: string): Promise<Row | undefined> {
    return this.query('SELECT', `SELECT * FROM ${this.table} WHERE id = $1`, () => this.rows.get(id));
  }

  all(): Promise<Row[]> {
    return this.query('SELECT', `SELECT * FROM ${this.table}`, () => [...this.rows.values()]);
  }

  update(id: string, patch: Partial<Row>): Promise<Row | undefined> {
    return this.query('UPDATE', `UPDATE ${this.table} SET ... WHERE id = $1`, () => {
      const row = this.rows.get(id);
      if (!row) return undefined;
      const next = { ...row, ...patch };
      this.rows.set(id, next);
      return next;
    });
  }

  private query<T>(operation: string, statement: string, run: () => T): Promise<T> {
    return tracer.startActiveSpan(
      `${operation} ${this.dbName}.${this.table}`,
      {
        kind: SpanKind.CLIENT,
        attributes: {
          'db.system': 'postgresql',
          'db.name': this.dbName,
          'db.operation': operation,
          'db.sql.table': this.table,
          'db.statement': statement,
          'server.address': 'postgres',
          'server.port': 5432,
        },
      },
      async (span) => {
        try {
          await sleep(this.baseLatencyMs + Math.random() * this.baseLatencyMs);
          return run();
        } catch (error) {
          span.recordException(error as Error);
          span.setStatus({ code: SpanStatusCode.ERROR, message: (error as Error).message });
          throw error;
        } finally {
          span.end();
        }
      },
    );
  }
}
