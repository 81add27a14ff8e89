// Gateway: the public entry point (Fastify). Fans out to inventory and orders.
import { Chaos } from '../lib/chaos.js';
import { callJson } from '../lib/http-client.js';
import { createLogger } from '../lib/logger.js';
import { createServiceApp, serve } from '../lib/service-app.js';
import { portOf, urlOf } from '../lib/topology.js';

const service = 'gateway';
const log = createLogger(service);
const app = createServiceApp(service, log, new Chaos());

app.get('/api/products', async (request) => callJson(`${urlOf('inventory')}/products`, { timeoutMs: 1000, retries: 1, log: request.log }));

// The home page needs the catalogue and the latest orders: both calls run in parallel.
app.get('/api/home', async (request) => {
  const [products, recentOrders] = await Promise.all([
    callJson<unknown[]>(`${urlOf('inventory')}/products`, { timeoutMs: 1000, log: request.log }),
    callJson<unknown[]>(`${urlOf('orders')}/orders?limit=5`, { timeoutMs: 1000, log: request.log }),
  ]);
  return { products, recentOrders };
});

app.post<{ Body: { customerId: string; items: Array<{ sku: string; quantity: number }> } }>('/api/checkout', async (request, reply) => {
  try {
    const order = await callJson(`${urlOf('orders')}/orders`, { method: 'POST', body: request.body, timeoutMs: 4000, log: request.log });
    return reply.code(201).send(order);
  } catch (error) {
    const status = (error as { status?: number }).status;
    if (status === 402 || status === 409 || status === 404) {
      request.log.warn({ status }, 'checkout refused');
      return reply.code(status).send({ error: 'CheckoutRefused', status });
    }
    throw Object.assign(new Error('checkout failed', { cause: error }), { statusCode: 502 });
  }
});

app.get<{ Params: { id: string } }>('/api/orders/:id', async (request) =>
  callJson(`${urlOf('orders')}/orders/${encodeURIComponent(request.params.id)}`, { timeoutMs: 1000, log: request.log }),
);

await serve(app, portOf(service), log);
