// The benchmarked service: Fastify hello-world plus one downstream HTTP call per request.
// Started three ways by run.mjs: bare, with Sightline, with the stock OTel auto-instrumentation.
// BENCH_CLIENT picks the HTTP client of the downstream call: `http` (node:http with a keep-alive
// agent, the default) or `fetch` (global fetch).
import { Agent, request } from 'node:http';
import Fastify from 'fastify';

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
const address = await app.listen({ port: Number(process.env.PORT ?? 0), host: '127.0.0.1' });
console.log(`READY ${new URL(address).port}`);
process.on('SIGTERM', () => void app.close().then(() => process.exit(0)));
