// docker compose reaches the demo services from other containers, so they listen on
// DEMO_LISTEN_HOST (0.0.0.0 there); a laptop run stays on loopback by default.
import assert from 'node:assert/strict';
import { existsSync } from 'node:fs';
import { networkInterfaces } from 'node:os';
import { after, describe, it } from 'node:test';
import { fileURLToPath } from 'node:url';
import { freePort } from '../../instrumentation/test/support/free-port.js';
import { startNode } from '../../instrumentation/test/support/node-process.js';
import type { NodeProcess } from '../../instrumentation/test/support/node-process.js';
import { listenHost } from '../src/lib/listen-host.js';

const dist = fileURLToPath(new URL('../dist/', import.meta.url));
const built = existsSync(`${dist}services/inventory.js`) && existsSync(`${dist}services/queue.js`);

/** An address of this machine that is not loopback: reachable only when listening on all interfaces. */
const outsideAddress = Object.values(networkInterfaces())
  .flat()
  .find((i) => i && !i.internal && i.family === 'IPv4')?.address;

const answers = (url: string) => fetch(url, { signal: AbortSignal.timeout(2000) }).then((r) => r.ok, () => false);

describe('listenHost', () => {
  it('is DEMO_LISTEN_HOST, loopback when unset or blank', () => {
    assert.equal(listenHost({}), '127.0.0.1');
    assert.equal(listenHost({ DEMO_LISTEN_HOST: ' ' }), '127.0.0.1');
    assert.equal(listenHost({ DEMO_LISTEN_HOST: '0.0.0.0' }), '0.0.0.0');
  });
});

const NOT_BUILT = 'examples are not built: run `npm run build` first';

// Under CI an unbuilt demo fails (in startService) instead of skipping.
describe('demo services honour DEMO_LISTEN_HOST', { skip: built || process.env.CI === 'true' ? false : NOT_BUILT }, () => {
  const processes: NodeProcess[] = [];
  after(async () => {
    await Promise.all(processes.map((p) => p.stop()));
  });

  async function startService(name: 'inventory' | 'queue', env: NodeJS.ProcessEnv): Promise<number> {
    assert.ok(built, NOT_BUILT);
    const port = await freePort();
    const service = startNode([`${dist}services/${name}.js`], { ...env, OTEL_SDK_DISABLED: 'true', LOG_LEVEL: 'warn', [`${name.toUpperCase()}_PORT`]: String(port) });
    processes.push(service);
    const deadline = Date.now() + 30_000;
    while (!(await answers(`http://127.0.0.1:${port}/healthz`))) {
      if (Date.now() > deadline) throw new Error(`${name} did not answer on 127.0.0.1:${port}:\n${service.stdout()}\n${service.stderr()}`);
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
    return port;
  }

  for (const name of ['inventory', 'queue'] as const) {
    it(`${name}: with DEMO_LISTEN_HOST=0.0.0.0 it answers on every interface, without it on loopback only`, async (t) => {
      if (!outsideAddress) return t.skip('this machine has no non-loopback IPv4 address to connect through');
      const everywhere = await startService(name, { DEMO_LISTEN_HOST: '0.0.0.0' });
      assert.ok(await answers(`http://${outsideAddress}:${everywhere}/healthz`), `${name} is not reachable at ${outsideAddress}:${everywhere}`);
      const loopback = await startService(name, { DEMO_LISTEN_HOST: '' });
      assert.equal(await answers(`http://${outsideAddress}:${loopback}/healthz`), false, `${name} is reachable from outside without DEMO_LISTEN_HOST`);
    });
  }
});
