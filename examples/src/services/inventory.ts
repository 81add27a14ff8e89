// Inventory: stock levels in a (fake) PostgreSQL, with a slow warehouse check on reservations.
// It logs with winston to show that winston records are correlated and exported too.
import winston from 'winston';
import { Chaos, sleep } from '../lib/chaos.js';
import { FakeDatabase } from '../lib/fake-database.js';
import { createLogger } from '../lib/logger.js';
import { createServiceApp, serve } from '../lib/service-app.js';
import { portOf } from '../lib/topology.js';

interface StockRow {
  id: string;
  name: string;
  priceCents: number;
  available: number;
}

const service = 'inventory';
const log = winston.createLogger({
  level: process.env.LOG_LEVEL ?? 'info',
  format: winston.format.combine(winston.format.timestamp(), winston.format.errors({ stack: true }), winston.format.json()),
  defaultMeta: { service },
  transports: [new winston.transports.Console()],
});
const chaos = new Chaos();
const db = new FakeDatabase<StockRow>('inventory', 'stock', 3);
const catalog: StockRow[] = [
  { id: 'sku-keyboard', name: 'Mechanical keyboard', priceCents: 8900, available: 1_000_000 },
  { id: 'sku-mouse', name: 'Wireless mouse', priceCents: 2900, available: 1_000_000 },
  { id: 'sku-monitor', name: '27" monitor', priceCents: 27900, available: 1_000_000 },
  { id: 'sku-cable', name: 'USB-C cable', priceCents: 900, available: 1_000_000 },
  { id: 'sku-lamp', name: 'Desk lamp', priceCents: 3900, available: 25 },
];
for (const row of catalog) await db.insert(row);

// Fastify wants a pino-compatible logger for its own messages; the domain logs go through winston.
const app = createServiceApp(service, createLogger(service), chaos);

app.get('/products', async () => {
  const rows = await db.all();
  log.debug('listed products', { count: rows.length });
  return rows;
});

app.post<{ Body: { items: Array<{ sku: string; quantity: number }> } }>('/reservations', async (request, reply) => {
  const reserved: Array<{ sku: string; quantity: number; priceCents: number }> = [];
  for (const item of request.body.items) {
    const row = await db.findById(item.sku);
    if (!row) {
      log.warn('unknown sku in reservation', { sku: item.sku });
      return reply.code(404).send({ error: 'UnknownSku', sku: item.sku });
    }
    if (row.available < item.quantity) {
      log.warn('out of stock', { sku: item.sku, requested: item.quantity, available: row.available });
      return reply.code(409).send({ error: 'OutOfStock', sku: item.sku });
    }
    await db.update(row.id, { available: row.available - item.quantity });
    reserved.push({ sku: row.id, quantity: item.quantity, priceCents: row.priceCents });
  }
  // The slow dependency of the demo: a warehouse availability check that takes 40–160 ms.
  await sleep(40 + Math.random() * 120);
  log.info('reserved stock', { items: reserved.length });
  return { reservationId: `res-${Date.now().toString(36)}`, items: reserved };
});

// The lamp sells out now and then: restock it so the demo keeps a steady mix of 409s and successes.
setInterval(() => void db.update('sku-lamp', { available: 25 }), 30_000).unref();

await serve(app, portOf(service), createLogger(service));
