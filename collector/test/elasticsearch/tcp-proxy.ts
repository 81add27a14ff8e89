import { createConnection, createServer } from 'node:net';
import type { Server, Socket } from 'node:net';

/**
 * A TCP proxy in front of the real Elasticsearch that a test can switch between forwarding,
 * refusing connections (port closed) and stalling (accepts, never answers): an outage and a slow
 * cluster, with the real server behind it.
 */
export class TcpProxy {
  private server: Server | undefined;
  private readonly sockets = new Set<Socket>();
  private mode: 'pass' | 'stall' = 'pass';
  port = 0;

  constructor(private readonly targetHost: string, private readonly targetPort: number) {}

  /** Listens (on the same port as before, once one was chosen). */
  async open(): Promise<void> {
    const server = createServer((client) => this.accept(client));
    await new Promise<void>((resolve, reject) => {
      server.once('error', reject);
      server.listen(this.port, '127.0.0.1', () => resolve());
    });
    this.port = (server.address() as { port: number }).port;
    this.server = server;
  }

  /** Closes the port and cuts every open connection: the cluster looks down. */
  async refuse(): Promise<void> {
    const server = this.server;
    this.server = undefined;
    for (const socket of this.sockets) socket.destroy();
    this.sockets.clear();
    if (server) await new Promise<void>((resolve) => server.close(() => resolve()));
  }

  stall(): void {
    this.mode = 'stall';
    for (const socket of this.sockets) socket.destroy();
  }

  pass(): void {
    this.mode = 'pass';
  }

  async close(): Promise<void> {
    await this.refuse();
  }

  private accept(client: Socket): void {
    this.sockets.add(client);
    client.on('close', () => this.sockets.delete(client));
    client.on('error', () => client.destroy());
    if (this.mode === 'stall') return;
    const upstream = createConnection(this.targetPort, this.targetHost);
    this.sockets.add(upstream);
    upstream.on('close', () => {
      this.sockets.delete(upstream);
      client.destroy();
    });
    upstream.on('error', () => client.destroy());
    client.on('close', () => upstream.destroy());
    client.pipe(upstream);
    upstream.pipe(client);
  }
}
