// The downstream dependency of the benchmarked service: a plain, uninstrumented HTTP server, the
// same for all three runs, so only the service's instrumentation differs.
import { createServer } from 'node:http';

const body = JSON.stringify({ price: 42, currency: 'EUR' });
const server = createServer((_req, res) => {
  res.writeHead(200, { 'content-type': 'application/json', 'content-length': Buffer.byteLength(body) });
  res.end(body);
});
server.keepAliveTimeout = 60_000;
server.listen(Number(process.env.PORT ?? 0), '127.0.0.1', () => console.log(`READY ${server.address().port}`));
process.on('SIGTERM', () => server.close(() => process.exit(0)));
