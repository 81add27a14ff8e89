/**
 * The address the demo services and the traffic generator listen on: `DEMO_LISTEN_HOST`, loopback by
 * default so a laptop run is not reachable from the network. docker-compose sets `0.0.0.0`, because
 * other containers (Prometheus, the traffic generator, the gateway's downstreams) reach each service
 * through its container address.
 */
export function listenHost(env: NodeJS.ProcessEnv = process.env): string {
  const host = env.DEMO_LISTEN_HOST?.trim();
  return host ? host : '127.0.0.1';
}
