// `npm start` smoke test: scripts/start.mjs boots the collector, the demo and the traffic (on free
// ports and a temp data dir so it never collides with a running demo), traces show up through the
// API, and Ctrl-C stops everything with no process left behind.
import assert from 'node:assert/strict';
import { readdirSync, readFileSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, describe, it } from 'node:test';
import { fileURLToPath } from 'node:url';
import { eventually, getJson } from '../../instrumentation/test/support/eventually.js';
import { freePort } from '../../instrumentation/test/support/free-port.js';
import { startNode } from '../../instrumentation/test/support/node-process.js';
import type { NodeProcess } from '../../instrumentation/test/support/node-process.js';

const startScript = fileURLToPath(new URL('../../scripts/start.mjs', import.meta.url));

/** Processes whose environment carries this marker (Linux /proc; empty elsewhere). */
function processesWithMarker(marker: string): number[] {
  let pids: string[];
  try {
    pids = readdirSync('/proc').filter((name) => /^\d+$/.test(name));
  } catch {
    return [];
  }
  return pids
    .filter((pid) => {
      try {
        return readFileSync(`/proc/${pid}/environ`, 'latin1').includes(marker);
      } catch {
        return false;
      }
    })
    .map(Number);
}

describe('npm start', () => {
  let start: NodeProcess | undefined;
  let dataDir: string | undefined;
  after(async () => {
    await start?.stop();
    if (dataDir) await rm(dataDir, { recursive: true, force: true });
  });

  it('boots the collector and the demo, traces and the service map appear, Ctrl-C stops everything', async () => {
    dataDir = await mkdtemp(join(tmpdir(), 'sightline-start-'));
    const marker = `SIGHTLINE_START_SMOKE=${Date.now()}`;
    const env: NodeJS.ProcessEnv = {
      SIGHTLINE_DATA_DIR: dataDir,
      SIGHTLINE_OTLP_PORT: String(await freePort()),
      SIGHTLINE_HTTP_PORT: String(await freePort()),
      SIGHTLINE_HOST: '127.0.0.1',
      TRAFFIC_RPS: '5',
      OTEL_BSP_SCHEDULE_DELAY: '200',
      OTEL_BLRP_SCHEDULE_DELAY: '200',
      [marker.split('=')[0]]: marker.split('=')[1],
    };
    for (const name of ['gateway', 'orders', 'inventory', 'payments', 'notifications', 'queue', 'traffic']) {
      env[`${name.toUpperCase()}_PORT`] = String(await freePort());
    }
    start = startNode([startScript], env);
    // Six Node processes start on a small shared machine: allow for it.
    await start.waitForOutput(/press Ctrl-C to stop everything/, 120_000);
    const api = `http://127.0.0.1:${env.SIGHTLINE_HTTP_PORT}/api/v1`;
    assert.match(start.stdout(), new RegExp(`UI and query API\\s+http://localhost:${env.SIGHTLINE_HTTP_PORT}`));
    assert.match(start.stdout(), new RegExp(`OTLP/HTTP receiver\\s+http://localhost:${env.SIGHTLINE_OTLP_PORT}`));

    const services = ['gateway', 'inventory', 'notifications', 'orders', 'payments'];
    await eventually(async () => {
      const res = await getJson<{ services: Array<{ name: string }> }>(`${api}/services`);
      return services.every((s) => res.services.some((x) => x.name === s)) ? true : undefined;
    }, 'the demo services in /api/v1/services', 30_000);
    const edges = ['gateway->orders', 'gateway->inventory', 'orders->inventory', 'orders->payments', 'orders->notifications', 'orders->postgresql/orders'];
    await eventually(async () => {
      const map = await getJson<{ edges: Array<{ client: string; server: string }> }>(`${api}/service-map`);
      const have = new Set(map.edges.map((e) => `${e.client}->${e.server}`));
      return edges.every((e) => have.has(e)) ? true : undefined;
    }, `service map edges ${edges.join(', ')}`, 30_000);
    const traces = await getJson<{ traces: Array<{ services: string[] }> }>(`${api}/traces?service=gateway&limit=50`);
    assert.ok(traces.traces.some((t) => t.services.includes('orders') && t.services.includes('payments')), 'checkout traces span several services');

    start.child.kill('SIGINT');
    const exit = await start.exited;
    assert.equal(exit.code, 0, start.stderr());
    assert.match(start.stdout(), /stopped\./);
    assert.deepEqual(processesWithMarker(marker), [], 'no demo process outlives npm start');
  });
});
