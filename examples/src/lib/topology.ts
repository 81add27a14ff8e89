/**
 * Every demo service's default port and address, in one place. Each is overridable by env:
 * `<NAME>_PORT` for the listening port, `<NAME>_URL` for where others reach it.
 */
export const SERVICE_DEFAULT_PORTS = {
  gateway: 8080,
  orders: 8081,
  inventory: 8082,
  payments: 8083,
  notifications: 8084,
  queue: 8085,
  traffic: 8090,
} as const;

export type DemoService = keyof typeof SERVICE_DEFAULT_PORTS;

export function portOf(service: DemoService, env: NodeJS.ProcessEnv = process.env): number {
  const fromEnv = Number(env[`${service.toUpperCase()}_PORT`]);
  return Number.isInteger(fromEnv) && fromEnv >= 0 ? fromEnv : SERVICE_DEFAULT_PORTS[service];
}

export function urlOf(service: DemoService, env: NodeJS.ProcessEnv = process.env): string {
  return env[`${service.toUpperCase()}_URL`] ?? `http://127.0.0.1:${portOf(service, env)}`;
}

/**
 * The demo shop's processes in start order (dependencies first), for the launchers
 * (see demo-launcher.ts). The queue plays an uninstrumented broker.
 */
export const DEMO_SERVICES = [
  { name: 'queue', script: 'services/queue.js', instrumented: false },
  { name: 'inventory', script: 'services/inventory.js', instrumented: true },
  { name: 'payments', script: 'services/payments.js', instrumented: true },
  { name: 'orders', script: 'services/orders.js', instrumented: true },
  { name: 'notifications', script: 'services/notifications.js', instrumented: true },
  { name: 'gateway', script: 'services/gateway.js', instrumented: true },
] as const satisfies readonly { name: DemoService; script: string; instrumented: boolean }[];
