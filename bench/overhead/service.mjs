// The benchmarked service: Fastify hello-world plus one downstream HTTP call per request.
// Started three ways by run.mjs: bare, with Sightline, with the stock OTel auto-instrumentation.
import Fastify from 'fastify';

const downstream = process.env.DOWNSTREAM_URL;
const app = Fastify({ logger: false });
app.get('/hello', async () => {
  const response = await fetch(downstream);
  const quote = await response.json();
  return { hello: 'world', quote };
});
const address = await app.listen({ port: Number(process.env.PORT ?? 0), host: '127.0.0.1' });
console.log(`READY ${new URL(address).port}`);
process.on('SIGTERM', () => void app.close().then(() => process.exit(0)));
