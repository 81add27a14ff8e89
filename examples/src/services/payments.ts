// Payments: a plain node:http service (no framework) — shows Sightline's plain `metricsHandler`.
// Card declines (402) and processor errors (500) happen at a steady rate; chaos adds more.
import { createServer } from 'node:http';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { Counter } from 'prom-client';
import { metricsHandler, shutdown } from '@sightline/instrumentation';
import { Chaos, sleep } from '../lib/chaos.js';
import { createLogger } from '../lib/logger.js';
import { portOf } from '../lib/topology.js';
import { listenHost } from '../lib/listen-host.js';

const service = 'payments';
const log = createLogger(service);
const chaos = new Chaos();
const DECLINE_RATE = Number(process.env.PAYMENTS_DECLINE_RATE ?? 0.04);
const PROCESSOR_ERROR_RATE = Number(process.env.PAYMENTS_ERROR_RATE ?? 0.03);

const charges = new Counter({ name: 'payments_charges_total', help: 'Charge attempts by outcome', labelNames: ['outcome'] });

class ProcessorError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'ProcessorError';
  }
}

async function charge(body: { orderId: string; amountCents: number }): Promise<{ status: number; payload: unknown }> {
  await chaos.apply();
  await sleep(10 + Math.random() * 30);
  const roll = Math.random();
  if (roll < PROCESSOR_ERROR_RATE) throw new ProcessorError(`card processor timed out for order ${body.orderId}`);
  if (roll < PROCESSOR_ERROR_RATE + DECLINE_RATE) {
    charges.inc({ outcome: 'declined' });
    log.warn({ orderId: body.orderId, amountCents: body.amountCents }, 'card declined');
    return { status: 402, payload: { error: 'CardDeclined' } };
  }
  charges.inc({ outcome: 'approved' });
  log.info({ orderId: body.orderId, amountCents: body.amountCents }, 'charge approved');
  return { status: 200, payload: { chargeId: `ch-${Date.now().toString(36)}`, amountCents: body.amountCents } };
}

function readJson(request: IncomingMessage): Promise<unknown> {
  return new Promise((resolve, reject) => {
    let data = '';
    request.on('data', (chunk: Buffer) => (data += chunk.toString()));
    request.on('end', () => {
      try {
        resolve(data ? JSON.parse(data) : {});
      } catch (error) {
        reject(error);
      }
    });
    request.on('error', reject);
  });
}

function send(response: ServerResponse, status: number, payload: unknown): void {
  response.writeHead(status, { 'content-type': 'application/json' });
  response.end(JSON.stringify(payload));
}

const server = createServer((request, response) => {
  const path = request.url?.split('?')[0];
  if (request.method === 'GET' && path === '/metrics') return metricsHandler(request, response);
  if (request.method === 'GET' && path === '/healthz') return send(response, 200, { status: 'ok', service });
  void (async () => {
    try {
      if (request.method === 'POST' && path === '/admin/chaos') {
        const settings = chaos.update((await readJson(request)) as object);
        log.warn({ chaos: settings }, 'chaos settings changed');
        return send(response, 200, settings);
      }
      if (request.method === 'POST' && path === '/charges') {
        const { status, payload } = await charge((await readJson(request)) as { orderId: string; amountCents: number });
        return send(response, status, payload);
      }
      send(response, 404, { error: 'NotFound' });
    } catch (error) {
      charges.inc({ outcome: 'error' });
      log.error({ err: error }, `charge failed: ${(error as Error).message}`);
      send(response, 500, { error: (error as Error).name, message: (error as Error).message });
    }
  })();
});

server.listen(portOf(service), listenHost(), () => log.info({ port: portOf(service) }, 'listening'));
const stop = () => {
  server.close();
  void shutdown().then(() => process.exit(0));
};
process.once('SIGTERM', stop);
process.once('SIGINT', stop);
