// Orders: reserves stock, charges the card (retries with timeouts, behind a circuit breaker),
// stores the order in (fake) PostgreSQL and publishes `order-events` for the notifications consumer.
import { Gauge } from 'prom-client';
import { Chaos } from '../lib/chaos.js';
import { CircuitBreaker } from '../lib/circuit-breaker.js';
import { FakeDatabase } from '../lib/fake-database.js';
import { callJson, HttpError } from '../lib/http-client.js';
import { createLogger } from '../lib/logger.js';
import { publish } from '../lib/messaging.js';
import { createServiceApp, serve } from '../lib/service-app.js';
import { portOf, urlOf } from '../lib/topology.js';

interface OrderRow {
  id: string;
  customerId: string;
  items: Array<{ sku: string; quantity: number; priceCents: number }>;
  totalCents: number;
  status: 'paid' | 'payment_failed';
  createdAt: string;
}

const service = 'orders';
const log = createLogger(service);
const chaos = new Chaos();
const db = new FakeDatabase<OrderRow>('orders', 'orders', 2);
const breakerState = new Gauge({ name: 'orders_payments_circuit_open', help: '1 while the payments circuit breaker is open' });
const paymentsBreaker = new CircuitBreaker('payments', 5, 10_000, (state) => {
  breakerState.set(state === 'open' ? 1 : 0);
  if (state === 'open') log.error('payments circuit opened: failing fast for 10 s');
  else log.warn({ state }, 'payments circuit state changed');
});

const app = createServiceApp(service, log, chaos);

app.post<{ Body: { customerId: string; items: Array<{ sku: string; quantity: number }> } }>('/orders', async (request, reply) => {
  const { customerId, items } = request.body;
  const orderId = `ord-${Date.now().toString(36)}-${Math.random().toString(36).slice(2, 6)}`;
  let reservation: { items: OrderRow['items'] };
  try {
    reservation = await callJson(`${urlOf('inventory')}/reservations`, { method: 'POST', body: { items }, timeoutMs: 1500, log: request.log });
  } catch (error) {
    // Unknown SKU or out of stock: the shopper's problem, passed on as is.
    if (error instanceof HttpError && error.status < 500) {
      request.log.warn({ status: error.status }, 'reservation refused');
      return reply.code(error.status).send(JSON.parse(error.body || '{}'));
    }
    throw error;
  }
  const totalCents = reservation.items.reduce((sum, item) => sum + item.priceCents * item.quantity, 0);

  let status: OrderRow['status'] = 'paid';
  try {
    await paymentsBreaker.run(
      () =>
        callJson(`${urlOf('payments')}/charges`, {
          method: 'POST',
          body: { orderId, amountCents: totalCents },
          timeoutMs: 800,
          retries: 2,
          log: request.log,
        }),
      // A declined card is an answer, not a sick payments service.
      (error) => !(error instanceof HttpError && error.status < 500),
    );
  } catch (error) {
    if (error instanceof HttpError && error.status === 402) {
      status = 'payment_failed';
      request.log.warn({ orderId }, 'payment declined');
    } else {
      request.log.error({ err: error, orderId }, 'payment failed after retries');
      throw Object.assign(new Error(`payment unavailable for order ${orderId}`, { cause: error }), { statusCode: 503 });
    }
  }

  const order = await db.insert({ id: orderId, customerId, items: reservation.items, totalCents, status, createdAt: new Date().toISOString() });
  try {
    await publish(urlOf('queue'), 'order-events', { type: 'order.created', orderId, customerId, status, totalCents });
  } catch (error) {
    // The order is stored; a lost notification is logged, not fatal.
    request.log.error({ err: error, orderId }, 'could not publish order event');
  }
  request.log.info({ orderId, totalCents, status }, 'order created');
  return reply.code(status === 'paid' ? 201 : 402).send(order);
});

app.get<{ Params: { id: string } }>('/orders/:id', async (request, reply) => {
  const order = await db.findById(request.params.id);
  if (!order) return reply.code(404).send({ error: 'NotFound' });
  return order;
});

app.get<{ Querystring: { limit?: string } }>('/orders', async (request) => {
  const limit = Number(request.query.limit ?? 5);
  return (await db.all()).slice(-limit).reverse();
});

await serve(app, portOf(service), log);
