// Traffic generator: a steady mix of shoppers hitting the gateway, plus an admin endpoint to turn
// the knobs while it runs. Not instrumented: it plays the users, so traces start at the gateway.
//
//   TRAFFIC_RPS=4                       requests per second (also POST /rate {"rps":10})
//   TRAFFIC_CHAOS="payments:errorRate=0.5,latencyMs=300"  faults injected into a service at start
//   POST /chaos/<service> {"latencyMs":300,"errorRate":0.5}   change faults at run time
//   GET  /                               counters and current settings
import { createServer } from 'node:http';
import { SERVICE_DEFAULT_PORTS, portOf, urlOf } from './lib/topology.js';
import { listenHost } from './lib/listen-host.js';
import type { DemoService } from './lib/topology.js';

const SKUS = ['sku-keyboard', 'sku-mouse', 'sku-monitor', 'sku-cable', 'sku-lamp'];
let rps = Math.max(0, Number(process.env.TRAFFIC_RPS ?? 4));
let sent = 0;
const byStatus: Record<string, number> = {};
const recentOrderIds: string[] = [];

const pick = <T>(items: T[]): T => items[Math.floor(Math.random() * items.length)];

async function oneRequest(): Promise<void> {
  const gateway = urlOf('gateway');
  const roll = Math.random();
  let request: Promise<Response>;
  if (roll < 0.45) {
    const items = Array.from({ length: 1 + Math.floor(Math.random() * 3) }, () => ({ sku: pick(SKUS), quantity: 1 + Math.floor(Math.random() * 2) }));
    // An occasional unknown SKU exercises the 404 path.
    if (Math.random() < 0.03) items.push({ sku: 'sku-discontinued', quantity: 1 });
    request = fetch(`${gateway}/api/checkout`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ customerId: `cust-${Math.floor(Math.random() * 500)}`, items }),
      signal: AbortSignal.timeout(10_000),
    });
  } else if (roll < 0.7) {
    request = fetch(`${gateway}/api/products`, { signal: AbortSignal.timeout(10_000) });
  } else if (roll < 0.85 || recentOrderIds.length === 0) {
    request = fetch(`${gateway}/api/home`, { signal: AbortSignal.timeout(10_000) });
  } else {
    request = fetch(`${gateway}/api/orders/${pick(recentOrderIds)}`, { signal: AbortSignal.timeout(10_000) });
  }
  sent++;
  try {
    const response = await request;
    const body = (await response.json().catch(() => undefined)) as { id?: string } | undefined;
    if (response.status === 201 && body?.id) {
      recentOrderIds.push(body.id);
      if (recentOrderIds.length > 100) recentOrderIds.shift();
    }
    byStatus[response.status] = (byStatus[response.status] ?? 0) + 1;
  } catch {
    byStatus.network_error = (byStatus.network_error ?? 0) + 1;
  }
}

let timer: NodeJS.Timeout | undefined;
function schedule(): void {
  clearInterval(timer);
  if (rps > 0) timer = setInterval(() => void oneRequest(), 1000 / rps);
}

async function setChaos(service: string, settings: object): Promise<unknown> {
  if (!(service in SERVICE_DEFAULT_PORTS)) throw new Error(`unknown service ${service}`);
  const response = await fetch(`${urlOf(service as DemoService)}/admin/chaos`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify(settings),
    signal: AbortSignal.timeout(2000),
  });
  return response.json();
}

/** "payments:errorRate=0.5,latencyMs=300" → retried until the service is up. */
async function applyStartupChaos(spec: string | undefined): Promise<void> {
  if (!spec) return;
  const [service, rest = ''] = spec.split(':');
  const settings = Object.fromEntries(rest.split(',').filter(Boolean).map((kv) => kv.split('=')).map(([k, v]) => [k, Number(v)]));
  for (let attempt = 0; attempt < 30; attempt++) {
    try {
      console.log(JSON.stringify({ msg: 'chaos applied', service, settings: await setChaos(service, settings) }));
      return;
    } catch {
      await new Promise((resolve) => setTimeout(resolve, 1000));
    }
  }
}

const admin = createServer((request, response) => {
  const json = (status: number, payload: unknown) => {
    response.writeHead(status, { 'content-type': 'application/json' });
    response.end(JSON.stringify(payload));
  };
  let data = '';
  request.on('data', (chunk: Buffer) => (data += chunk.toString()));
  request.on('end', () => {
    void (async () => {
      try {
        const body = data ? (JSON.parse(data) as Record<string, unknown>) : {};
        const chaosMatch = /^\/chaos\/([a-z]+)$/.exec(request.url ?? '');
        if (request.method === 'POST' && request.url === '/rate') {
          rps = Math.max(0, Number(body.rps) || 0);
          schedule();
          return json(200, { rps });
        }
        if (request.method === 'POST' && chaosMatch) return json(200, await setChaos(chaosMatch[1], body));
        if (request.method === 'GET' && (request.url === '/' || request.url === '/status')) return json(200, { rps, sent, byStatus });
        json(404, { error: 'NotFound', routes: ['GET /', 'POST /rate', 'POST /chaos/:service'] });
      } catch (error) {
        json(400, { error: (error as Error).message });
      }
    })();
  });
});

admin.listen(portOf('traffic'), listenHost(), () => console.log(JSON.stringify({ service: 'traffic', port: portOf('traffic'), rps, msg: 'listening' })));
schedule();
void applyStartupChaos(process.env.TRAFFIC_CHAOS);
const stop = () => {
  clearInterval(timer);
  admin.close(() => process.exit(0));
  setTimeout(() => process.exit(0), 1000).unref();
};
process.once('SIGTERM', stop);
process.once('SIGINT', stop);
