/**
 * Realistic e-commerce traffic for the ingest benchmark: what services exist, which requests
 * they serve and how those requests fan out, as plain data (encoding is `otlp-templates.ts`).
 *
 *   web-gateway ─▶ catalog ─▶ redis, postgresql/catalog
 *               ─▶ orders  ─▶ inventory ─▶ redis
 *                          ─▶ payments  ─▶ api.stripe.com (external, not instrumented)
 *                          ─▶ postgresql/orders
 *                          ─▶ kafka/order-events ─▶ notifications ─▶ smtp.sendgrid.net
 *
 * Spans carry the attributes real instrumentations set (HTTP, DB, messaging semantic
 * conventions), errors carry exception events, and every trace has correlated log records.
 */
export type AttrValue = string | number | boolean;

export interface ModelSpan {
  traceIndex: number;
  spanId: Buffer;
  /** Empty for the root. */
  parentSpanId: Buffer;
  service: string;
  name: string;
  /** OTLP SpanKind: 1 internal, 2 server, 3 client, 4 producer, 5 consumer. */
  kind: number;
  /** Relative to the trace start. */
  startNs: number;
  durationNs: number;
  error: boolean;
  statusMessage?: string;
  attributes: Record<string, AttrValue>;
  events: { offsetNs: number; name: string; attributes: Record<string, AttrValue> }[];
}

export interface ModelLog {
  traceIndex: number;
  spanId: Buffer;
  service: string;
  offsetNs: number;
  severityNumber: number;
  severityText: string;
  body: string;
  attributes: Record<string, AttrValue>;
}

export interface ModelTrace {
  spans: ModelSpan[];
  logs: ModelLog[];
}

export const SERVICES = ['web-gateway', 'catalog', 'orders', 'inventory', 'payments', 'notifications'] as const;
export const SERVICE_VERSIONS: Record<string, string> = {
  'web-gateway': '2.4.1',
  catalog: '1.9.0',
  orders: '3.1.2',
  inventory: '1.2.7',
  payments: '4.0.0',
  notifications: '0.8.3',
};

/** Deterministic PRNG (mulberry32) so every run sends the same traffic shapes. */
export function seededRandom(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const MS = 1e6;

class TraceBuilder {
  readonly spans: ModelSpan[] = [];
  readonly logs: ModelLog[] = [];
  constructor(
    private readonly traceIndex: number,
    readonly random: () => number,
  ) {}

  /** Log-normal-ish duration around `medianMs` with a long tail. */
  duration(medianMs: number): number {
    const u = Math.max(1e-9, this.random());
    const v = this.random();
    const normal = Math.sqrt(-2 * Math.log(u)) * Math.cos(2 * Math.PI * v);
    return Math.max(0.05, medianMs * Math.exp(0.6 * normal)) * MS;
  }

  span(
    parent: ModelSpan | undefined,
    spec: Omit<ModelSpan, 'traceIndex' | 'spanId' | 'parentSpanId' | 'events' | 'error'> & { error?: boolean },
  ): ModelSpan {
    const spanId = Buffer.alloc(8);
    for (let i = 0; i < 8; i++) spanId[i] = Math.floor(this.random() * 256);
    spanId[0] |= 1; // never all zero
    const span: ModelSpan = {
      traceIndex: this.traceIndex,
      spanId,
      parentSpanId: parent?.spanId ?? Buffer.alloc(0),
      events: [],
      error: false,
      ...spec,
    };
    this.spans.push(span);
    return span;
  }

  /** A CLIENT span and the SERVER span that answers it in `service`, nested in time. */
  httpCall(
    parent: ModelSpan,
    at: number,
    service: string,
    method: string,
    route: string,
    serverMs: number,
    status = 200,
  ): { client: ModelSpan; server: ModelSpan } {
    const serverDuration = this.duration(serverMs);
    const network = (0.2 + this.random() * 1.5) * MS;
    const client = this.span(parent, {
      service: parent.service,
      name: method,
      kind: 3,
      startNs: at,
      durationNs: serverDuration + network,
      error: status >= 400,
      attributes: {
        'http.request.method': method,
        'server.address': service,
        'server.port': 8080,
        'url.full': `http://${service}:8080${route}`,
        'http.response.status_code': status,
        'network.protocol.version': '1.1',
      },
    });
    const server = this.span(client, {
      service,
      name: `${method} ${route}`,
      kind: 2,
      startNs: at + network / 2,
      durationNs: serverDuration,
      error: status >= 500,
      attributes: {
        'http.request.method': method,
        'http.route': route,
        'url.path': route.replace(':id', String(1000 + Math.floor(this.random() * 9000))).replace(':sku', `SKU-${Math.floor(this.random() * 500)}`),
        'url.scheme': 'http',
        'http.response.status_code': status,
        'server.address': service,
        'server.port': 8080,
        'client.address': `10.0.${Math.floor(this.random() * 4)}.${Math.floor(this.random() * 250)}`,
        'user_agent.original': 'node-fetch/3.3.2',
      },
    });
    return { client, server };
  }

  db(parent: ModelSpan, at: number, system: string, namespace: string, operation: string, table: string, ms: number): ModelSpan {
    const statement =
      system === 'redis'
        ? `${operation} ${table}:${Math.floor(this.random() * 500)}`
        : `${operation} ${operation === 'SELECT' ? '* FROM' : operation === 'INSERT' ? 'INTO' : ''} ${table} WHERE id = $1`;
    return this.span(parent, {
      service: parent.service,
      name: system === 'redis' ? operation : `${operation} ${namespace}.${table}`,
      kind: 3,
      startNs: at,
      durationNs: this.duration(ms),
      attributes: {
        'db.system': system,
        ...(system === 'redis' ? { 'db.namespace': '0' } : { 'db.namespace': namespace, 'db.collection.name': table }),
        'db.operation.name': operation,
        'db.query.text': statement,
        'server.address': system === 'redis' ? 'redis.internal' : 'pg.internal',
        'server.port': system === 'redis' ? 6379 : 5432,
      },
    });
  }

  log(span: ModelSpan, offsetNs: number, severity: 'INFO' | 'WARN' | 'ERROR', body: string, attributes: Record<string, AttrValue> = {}): void {
    const severityNumber = severity === 'INFO' ? 9 : severity === 'WARN' ? 13 : 17;
    this.logs.push({ traceIndex: this.traceIndex, spanId: span.spanId, service: span.service, offsetNs, severityNumber, severityText: severity, body, attributes });
  }

  fail(span: ModelSpan, type: string, message: string): void {
    span.error = true;
    span.statusMessage = message;
    span.events.push({
      offsetNs: span.durationNs * 0.9,
      name: 'exception',
      attributes: {
        'exception.type': type,
        'exception.message': message,
        'exception.stacktrace': `${type}: ${message}\n    at ${span.service}/src/handlers.ts:${40 + Math.floor(this.random() * 200)}:13\n    at processTicksAndRejections (node:internal/process/task_queues:95:5)`,
      },
    });
  }
}

function gatewayRoot(b: TraceBuilder, method: string, route: string, ms: number): ModelSpan {
  return b.span(undefined, {
    service: 'web-gateway',
    name: `${method} ${route}`,
    kind: 2,
    startNs: 0,
    durationNs: b.duration(ms),
    attributes: {
      'http.request.method': method,
      'http.route': route,
      'url.path': route.replace(':id', String(1000 + Math.floor(b.random() * 9000))),
      'url.scheme': 'https',
      'http.response.status_code': 200,
      'server.address': 'shop.example.com',
      'client.address': `203.0.113.${Math.floor(b.random() * 250)}`,
      'user_agent.original': 'Mozilla/5.0 (X11; Linux x86_64) Firefox/128.0',
      'app.user.id': `user-${Math.floor(b.random() * 5000)}`,
    },
  });
}

function browseProducts(b: TraceBuilder): void {
  const root = gatewayRoot(b, 'GET', '/api/products', 25);
  const { server } = b.httpCall(root, 0.5 * MS, 'catalog', 'GET', '/products', 18);
  const cached = b.random() < 0.7;
  const cache = b.db(server, 0.3 * MS, 'redis', '0', 'GET', 'products', 0.4);
  if (!cached) {
    cache.events.push({ offsetNs: cache.durationNs, name: 'cache miss', attributes: { 'cache.key': 'products:page:1' } });
    b.db(server, cache.durationNs + 0.5 * MS, 'postgresql', 'catalog', 'SELECT', 'products', 6);
  }
  b.log(server, 1 * MS, 'INFO', `listed ${10 + Math.floor(b.random() * 40)} products${cached ? ' from cache' : ''}`, { 'app.cache.hit': cached });
  root.durationNs = Math.max(root.durationNs, server.durationNs + 2 * MS);
}

function viewOrder(b: TraceBuilder): void {
  const root = gatewayRoot(b, 'GET', '/api/orders/:id', 20);
  const { server } = b.httpCall(root, 0.4 * MS, 'orders', 'GET', '/orders/:id', 12);
  b.db(server, 0.5 * MS, 'postgresql', 'orders', 'SELECT', 'orders', 3);
  b.db(server, 4 * MS, 'postgresql', 'orders', 'SELECT', 'order_items', 2.5);
  b.log(server, 6 * MS, 'INFO', 'order loaded', { 'app.order.items': 1 + Math.floor(b.random() * 6) });
  root.durationNs = Math.max(root.durationNs, server.durationNs + 2 * MS);
}

function viewCart(b: TraceBuilder): void {
  const root = gatewayRoot(b, 'GET', '/api/cart', 15);
  const { server } = b.httpCall(root, 0.3 * MS, 'inventory', 'GET', '/stock/:sku', 6);
  b.db(server, 0.2 * MS, 'redis', '0', 'HGETALL', 'cart', 0.5);
  if (b.random() < 0.1) b.log(server, 1 * MS, 'WARN', 'stock below reorder threshold', { 'app.stock.level': Math.floor(b.random() * 5) });
  root.durationNs = Math.max(root.durationNs, server.durationNs + 1 * MS);
}

function checkout(b: TraceBuilder): void {
  const declined = b.random() < 0.04;
  const root = gatewayRoot(b, 'POST', '/api/checkout', 120);
  const orderCall = b.httpCall(root, 0.8 * MS, 'orders', 'POST', '/orders', 90, declined ? 502 : 201);
  const orders = orderCall.server;
  const orderId = `ord-${Math.floor(b.random() * 1e6)}`;
  orders.attributes['app.order.id'] = orderId;
  const validate = b.span(orders, { service: 'orders', name: 'validate cart', kind: 1, startNs: 1 * MS, durationNs: b.duration(1.5), attributes: { 'app.cart.items': 1 + Math.floor(b.random() * 8) } });
  const stock = b.httpCall(orders, validate.startNs + validate.durationNs + 0.2 * MS, 'inventory', 'GET', '/stock/:sku', 8);
  b.db(stock.server, 0.3 * MS, 'redis', '0', 'HGET', 'stock', 0.4);
  const payAt = stock.client.startNs + stock.client.durationNs + 0.5 * MS;
  const pay = b.httpCall(orders, payAt, 'payments', 'POST', '/charges', 60, declined ? 402 : 201);
  pay.server.attributes['app.payment.method'] = b.random() < 0.8 ? 'card' : 'paypal';
  const stripe = b.span(pay.server, {
    service: 'payments',
    name: 'POST',
    kind: 3,
    startNs: 2 * MS,
    durationNs: b.duration(45),
    attributes: { 'http.request.method': 'POST', 'server.address': 'api.stripe.com', 'server.port': 443, 'url.full': 'https://api.stripe.com/v1/charges', 'http.response.status_code': declined ? 402 : 200 },
  });
  if (declined) {
    stripe.error = true;
    b.fail(pay.server, 'CardDeclinedError', 'card declined: insufficient funds');
    pay.server.attributes['http.response.status_code'] = 402;
    b.fail(orders, 'PaymentFailedError', `payment for ${orderId} failed`);
    b.fail(root, 'UpstreamError', 'orders answered 502');
    root.attributes['http.response.status_code'] = 502;
    b.log(pay.server, 3 * MS, 'WARN', 'card declined', { 'app.order.id': orderId, 'app.decline.code': 'insufficient_funds' });
    b.log(orders, 5 * MS, 'ERROR', `checkout failed for ${orderId}: payment declined`, { 'app.order.id': orderId });
  } else {
    const saveAt = pay.client.startNs + pay.client.durationNs + 0.3 * MS;
    b.db(orders, saveAt, 'postgresql', 'orders', 'INSERT', 'orders', 4);
    const publish = b.span(orders, {
      service: 'orders',
      name: 'order-events publish',
      kind: 4,
      startNs: saveAt + 5 * MS,
      durationNs: b.duration(1.2),
      attributes: { 'messaging.system': 'kafka', 'messaging.destination.name': 'order-events', 'messaging.operation.type': 'publish', 'messaging.kafka.message.key': orderId },
    });
    const consume = b.span(publish, {
      service: 'notifications',
      name: 'order-events process',
      kind: 5,
      startNs: publish.startNs + b.duration(15),
      durationNs: b.duration(30),
      attributes: { 'messaging.system': 'kafka', 'messaging.destination.name': 'order-events', 'messaging.operation.type': 'process', 'messaging.consumer.group.name': 'notifications' },
    });
    b.span(consume, {
      service: 'notifications',
      name: 'POST',
      kind: 3,
      startNs: consume.startNs + 1 * MS,
      durationNs: b.duration(25),
      attributes: { 'http.request.method': 'POST', 'server.address': 'smtp.sendgrid.net', 'server.port': 443, 'http.response.status_code': 202 },
    });
    b.log(orders, saveAt + 5 * MS, 'INFO', `order ${orderId} placed`, { 'app.order.id': orderId });
    b.log(consume, consume.startNs + 2 * MS, 'INFO', `confirmation e-mail queued for ${orderId}`, { 'app.order.id': orderId });
  }
  const end = Math.max(...b.spans.filter((s) => s.service === 'orders' || s.parentSpanId.equals(orders.spanId)).map((s) => s.startNs + s.durationNs));
  orders.durationNs = Math.max(orders.durationNs, end - orders.startNs + 0.5 * MS);
  orderCall.client.durationNs = orders.durationNs + 1 * MS;
  root.durationNs = Math.max(root.durationNs, orderCall.client.startNs + orderCall.client.durationNs + 1 * MS);
}

/** One trace: 40% browse, 25% order lookup, 15% cart, 20% checkout (4% of checkouts are declined). */
export function buildTrace(traceIndex: number, random: () => number): ModelTrace {
  const b = new TraceBuilder(traceIndex, random);
  const pick = random();
  if (pick < 0.4) browseProducts(b);
  else if (pick < 0.65) viewOrder(b);
  else if (pick < 0.8) viewCart(b);
  else checkout(b);
  return { spans: b.spans, logs: b.logs };
}
