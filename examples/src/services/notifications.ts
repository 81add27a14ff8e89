// Notifications: consumes `order-events` from the queue (CONSUMER spans, children of the orders
// PRODUCER span) and "sends" an e-mail. Also serves /metrics, /healthz and the chaos endpoint.
import { Counter } from 'prom-client';
import { Chaos, sleep } from '../lib/chaos.js';
import { createLogger } from '../lib/logger.js';
import { consume } from '../lib/messaging.js';
import { createServiceApp, serve } from '../lib/service-app.js';
import { portOf, urlOf } from '../lib/topology.js';

interface OrderEvent {
  type: string;
  orderId: string;
  customerId: string;
  status: string;
  totalCents: number;
}

const service = 'notifications';
const log = createLogger(service);
const chaos = new Chaos();
const sent = new Counter({ name: 'notifications_sent_total', help: 'Notifications sent, by channel and outcome', labelNames: ['channel', 'outcome'] });

const stopConsuming = consume<OrderEvent>(
  urlOf('queue'),
  'order-events',
  async (message) => {
    await chaos.apply();
    const event = message.body;
    await sleep(5 + Math.random() * 20);
    if (Math.random() < 0.02) {
      sent.inc({ channel: 'email', outcome: 'bounced' });
      throw new Error(`mailbox of customer ${event.customerId} rejected the message (order ${event.orderId})`);
    }
    sent.inc({ channel: 'email', outcome: 'sent' });
    log.info({ orderId: event.orderId, status: event.status }, `e-mail sent for ${event.type}`);
  },
  (error) => log.error({ err: error }, 'notification failed'),
);

const app = createServiceApp(service, log, chaos);
await serve(app, portOf(service), log, stopConsuming);
