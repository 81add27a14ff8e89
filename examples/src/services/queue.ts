// A tiny in-memory message queue over HTTP, standing in for a broker (none is available here).
// Like a real broker it is NOT instrumented: producers and consumers create the messaging spans.
//   POST /topics/:topic/messages  {headers, body}
//   GET  /topics/:topic/messages?max=10&waitMs=1000   (long poll)
import { createServer } from 'node:http';
import { randomUUID } from 'node:crypto';
import { portOf } from '../lib/topology.js';
import { listenHost } from '../lib/listen-host.js';

interface Message {
  id: string;
  headers: Record<string, string>;
  body: unknown;
}

const MAX_MESSAGES_PER_TOPIC = 10_000;
const topics = new Map<string, Message[]>();
const waiting = new Map<string, Array<() => void>>();

function topic(name: string): Message[] {
  let messages = topics.get(name);
  if (!messages) topics.set(name, (messages = []));
  return messages;
}

const server = createServer((request, response) => {
  const url = new URL(request.url ?? '/', 'http://queue');
  const match = /^\/topics\/([^/]+)\/messages$/.exec(url.pathname);
  const json = (status: number, payload: unknown) => {
    response.writeHead(status, { 'content-type': 'application/json' });
    response.end(JSON.stringify(payload));
  };
  if (url.pathname === '/healthz') return json(200, { status: 'ok', service: 'queue' });
  if (!match) return json(404, { error: 'NotFound' });
  const name = decodeURIComponent(match[1]);
  if (request.method === 'POST') {
    let data = '';
    request.on('data', (chunk: Buffer) => (data += chunk.toString()));
    request.on('end', () => {
      try {
        const { headers = {}, body } = JSON.parse(data) as Partial<Message>;
        const messages = topic(name);
        messages.push({ id: randomUUID(), headers, body });
        if (messages.length > MAX_MESSAGES_PER_TOPIC) messages.shift();
        for (const wake of waiting.get(name)?.splice(0) ?? []) wake();
        json(202, { accepted: true });
      } catch {
        json(400, { error: 'InvalidJson' });
      }
    });
    return;
  }
  const max = Math.max(1, Number(url.searchParams.get('max') ?? 10));
  const waitMs = Math.min(10_000, Math.max(0, Number(url.searchParams.get('waitMs') ?? 0)));
  const deliver = () => json(200, topic(name).splice(0, max));
  if (topic(name).length > 0 || waitMs === 0) return deliver();
  const timer = setTimeout(() => {
    const list = waiting.get(name) ?? [];
    list.splice(list.indexOf(wake), 1);
    deliver();
  }, waitMs);
  const wake = () => {
    clearTimeout(timer);
    deliver();
  };
  waiting.set(name, [...(waiting.get(name) ?? []), wake]);
});

server.listen(portOf('queue'), listenHost(), () => console.log(JSON.stringify({ service: 'queue', port: portOf('queue'), msg: 'listening' })));
const stop = () => server.close(() => process.exit(0));
process.once('SIGTERM', stop);
process.once('SIGINT', stop);
