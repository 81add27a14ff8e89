// The benchmarked service: Fastify hello-world plus one downstream HTTP call per request.
// Started three ways by run.mjs: bare, with Sightline, with the stock OTel auto-instrumentation.
//
// CommonJS on purpose: the stock `--require .../register` setup patches `http` only through
// require(); in an ESM service it misses `import { request } from 'node:http'` entirely (no client
// span, half the work), which would make the comparison meaningless. Sightline instruments both.
// BENCH_CLIENT picks the downstream client: `http` (node:http, keep-alive agent; default) or `fetch`.
'use strict';
const { Agent, request } = require('node:http');
const Fastify = require('fastify');

const downstream = process.env.DOWNSTREAM_URL;
const agent = new Agent({ keepAlive: true, maxSockets: 64 });

function getJsonWithHttp(url) {
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

const getJson = process.env.BENCH_CLIENT === 'fetch' ? (url) => fetch(url).then((r) => r.json()) : getJsonWithHttp;

const app = Fastify({ logger: false });
app.get('/hello', async () => ({ hello: 'world', quote: await getJson(downstream) }));
app.listen({ port: Number(process.env.PORT || 0), host: '127.0.0.1' }).then((address) => {
  console.log(`READY ${new URL(address).port}`);
});
process.on('SIGTERM', () => void app.close().then(() => process.exit(0)));
