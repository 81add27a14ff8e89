// The benchmarked service: Fastify hello-world plus one downstream HTTP call per request.
// Started three ways by run.mjs: bare, with Sightline, with the stock OTel auto-instrumentation.
//
// CommonJS on purpose: the stock `--require .../register` setup patches `http` only through
// require(); in an ESM service it misses `import { request } from 'node:http'` entirely (no client
// span, half the work), which would make the comparison meaningless. Sightline instruments both.
//
// Two routes, one per benchmark scenario:
//   GET /hello     the scenario: hello-world plus one downstream call (almost no work of its own);
//   GET /checkout  a service doing realistic work: the same downstream call plus pricing a cart
//                  against a catalogue (JSON parse, filter, sort, JSON build: ~0.4 ms of CPU, measured as 568 − 127 µs/request over hello).
'use strict';
const { Agent, request } = require('node:http');
const Fastify = require('fastify');

const downstream = process.env.DOWNSTREAM_URL;
const agent = new Agent({ keepAlive: true, maxSockets: 64 });

function getJson(url) {
  return new Promise((resolve, reject) => {
    const req = request(url, { agent }, (res) => {
      let body = '';
      res.setEncoding('utf8');
      res.on('data', (chunk) => (body += chunk));
      res.on('end', () => {
        try {
          resolve(JSON.parse(body));
        } catch (error) {
          reject(error);
        }
      });
      res.on('error', reject);
    });
    req.on('error', reject);
    req.end();
  });
}

// The realistic scenario's work: what a catalogue/checkout handler does with data it received as JSON.
const catalogueJson = JSON.stringify(
  Array.from({ length: 250 }, (_, i) => ({
    id: `sku-${i}`,
    name: `Product ${i}`,
    description: `A fine product number ${i} for the benchmark`,
    priceCents: ((i * 7919) % 50000) + 99,
    tags: ['home', 'garden', 'tools', 'sale'].slice(0, (i % 4) + 1),
    stock: (i * 31) % 97,
  })),
);
let orders = 0;
function priceCart(quote) {
  const seed = orders++;
  const products = JSON.parse(catalogueJson);
  const inStock = products.filter((p) => p.stock > 0 && (p.priceCents + seed) % 3 !== 0);
  inStock.sort((a, b) => a.priceCents - b.priceCents || a.id.localeCompare(b.id));
  const lines = inStock.slice(0, 50).map((p, i) => ({ sku: p.id, quantity: (i % 3) + 1, totalCents: p.priceCents * ((i % 3) + 1) }));
  const totalCents = lines.reduce((n, line) => n + line.totalCents, 0);
  return { lines: lines.length, totalCents, currency: quote.currency, recommendations: inStock.slice(0, 20).map((p) => p.id) };
}

const app = Fastify({ logger: false });
app.get('/hello', async () => ({ hello: 'world', quote: await getJson(downstream) }));
app.get('/checkout', async () => priceCart(await getJson(downstream)));
app.listen({ port: Number(process.env.PORT || 0), host: '127.0.0.1' }).then((address) => {
  console.log(`READY ${new URL(address).port}`);
});
process.on('SIGTERM', () => void app.close().then(() => process.exit(0)));
