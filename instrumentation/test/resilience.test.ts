// The instrumentation never hurts its host: dead collector, bad configuration, stop signals.
import assert from 'node:assert/strict';
import { createServer as createNetServer } from 'node:net';
import type { Server, Socket } from 'node:net';
import { after, before, describe, it } from 'node:test';
import { fileURLToPath } from 'node:url';
import { startTestCollector } from '../../collector/test/support/start-collector.js';
import type { TestCollector } from '../../collector/test/support/start-collector.js';
import { eventually, getJson } from './support/eventually.js';
import { freePort } from './support/free-port.js';
import { newTraceparent } from './support/ids.js';
import { startNode } from './support/node-process.js';
import type { NodeProcess } from './support/node-process.js';

const fixtureApp = fileURLToPath(new URL('./fixtures/app/server.mjs', import.meta.url));
const REGISTER = ['--import', '@sightline/instrumentation/register'];

interface Stats {
  stats: Record<'traces' | 'logs' | 'metrics', { dropped: number; failed: number; inFlight: number }>;
  heapUsed: number;
}

async function hammer(url: string, requests: number, concurrency: number): Promise<number[]> {
  const statuses: number[] = [];
  let next = 0;
  await Promise.all(
    Array.from({ length: concurrency }, async () => {
      while (next < requests) {
        next++;
        const response = await fetch(url);
        await response.text();
        statuses.push(response.status);
      }
    }),
  );
  return statuses;
}

const count = (text: string, needle: string) => text.split(needle).length - 1;

async function startFixture(env: NodeJS.ProcessEnv): Promise<{ app: NodeProcess; url: string }> {
  const app = startNode(['--expose-gc', ...REGISTER, fixtureApp], {
    OTEL_BSP_MAX_QUEUE_SIZE: String(QUEUE),
    OTEL_BLRP_MAX_QUEUE_SIZE: String(QUEUE),
    OTEL_BSP_SCHEDULE_DELAY: '100',
    OTEL_BLRP_SCHEDULE_DELAY: '100',
    OTEL_METRIC_EXPORT_INTERVAL: '200',
    ...env,
  });
  const [, port] = await app.waitForOutput(/READY (\d+)/);
  return { app, url: `http://127.0.0.1:${port}` };
}

const QUEUE = 200;
const REQUESTS = 1000;
const lost = (s: { dropped: number; failed: number }) => s.dropped + s.failed;

describe('collector down or slow', () => {
  const apps: NodeProcess[] = [];
  let blackHole: Server | undefined;
  const held: Socket[] = [];
  after(async () => {
    await Promise.all(apps.map((a) => a.stop()));
    for (const socket of held) socket.destroy();
    blackHole?.close();
  });

  it('collector down: keeps serving, counts every lost item, warns once per signal, memory stays flat', async () => {
    const closedPort = await freePort(); // nothing listens there
    // A short export timeout: the exporter retries refused connections until it, then reports the failure.
    const started = await startFixture({ OTEL_EXPORTER_OTLP_ENDPOINT: `http://127.0.0.1:${closedPort}`, OTEL_EXPORTER_OTLP_TIMEOUT: '500' });
    apps.push(started.app);
    await hammer(`${started.url}/work`, 300, 10); // warm up: JIT, sockets, first export failures
    const before = await getJson<Stats>(`${started.url}/stats`);
    const statuses = await hammer(`${started.url}/work`, REQUESTS, 20);
    assert.equal(statuses.length, REQUESTS);
    assert.ok(statuses.every((s) => s === 200), 'every request answered 200');

    const afterRun = await getJson<Stats>(`${started.url}/stats`);
    const { traces, logs, metrics } = afterRun.stats;
    // Each request makes 3 spans and 2 log records: all lost, except what is still held, and counted.
    assert.ok(lost(traces) - lost(before.stats.traces) >= REQUESTS * 3 - QUEUE, `spans lost but counted: ${JSON.stringify(traces)}`);
    assert.ok(lost(logs) - lost(before.stats.logs) >= REQUESTS * 2 - QUEUE, `logs lost but counted: ${JSON.stringify(logs)}`);
    assert.ok(metrics.failed > 0);
    assert.ok(traces.inFlight <= QUEUE && logs.inFlight <= QUEUE);
    // Bounded memory: the heap after 1000 more requests stays near where it was.
    const growthMb = (afterRun.heapUsed - before.heapUsed) / 1e6;
    assert.ok(growthMb < 25, `heap grew ${growthMb.toFixed(1)} MB`);

    const stderr = started.app.stderr();
    for (const signal of ['spans', 'logs', 'metrics']) assert.equal(count(stderr, `exporting ${signal} to`), 1, stderr);
  });

  it('collector hanging: queues fill up to their cap, then new items are dropped, counted, warned about once', async () => {
    // Accepts connections and never answers: every export hangs until its (long) timeout.
    blackHole = createNetServer((socket) => held.push(socket));
    await new Promise<void>((resolve) => blackHole!.listen(0, '127.0.0.1', resolve));
    const { port } = blackHole.address() as { port: number };
    const started = await startFixture({ OTEL_EXPORTER_OTLP_ENDPOINT: `http://127.0.0.1:${port}`, OTEL_EXPORTER_OTLP_TIMEOUT: '60000' });
    apps.push(started.app);
    const statuses = await hammer(`${started.url}/work`, REQUESTS, 20);
    assert.ok(statuses.every((s) => s === 200), 'every request answered 200');

    const { traces, logs } = (await getJson<Stats>(`${started.url}/stats`)).stats;
    assert.equal(traces.inFlight, QUEUE, 'spans held: exactly the queue size');
    assert.equal(logs.inFlight, QUEUE, 'logs held: exactly the queue size');
    // Everything beyond the cap was refused and counted (logs: plus the fixture's start-up line).
    assert.ok(traces.dropped >= REQUESTS * 3 - QUEUE, JSON.stringify(traces));
    assert.ok(logs.dropped >= REQUESTS * 2 - QUEUE, JSON.stringify(logs));
    const stderr = started.app.stderr();
    assert.equal(count(stderr, 'spans queue is full'), 1, stderr);
    assert.equal(count(stderr, 'logs queue is full'), 1, stderr);
  });
});

describe('bad configuration', () => {
  it('prints one warning and the app runs without telemetry', async () => {
    const app = startNode([...REGISTER, fixtureApp], {
      OTEL_EXPORTER_OTLP_PROTOCOL: 'grpc',
      OTEL_TRACES_SAMPLER: 'sometimes',
    });
    try {
      const [, port] = await app.waitForOutput(/READY (\d+)/);
      const response = await fetch(`http://127.0.0.1:${port}/work`);
      assert.equal(await response.text(), 'worked');
      const stats = await getJson<Stats>(`http://127.0.0.1:${port}/stats`);
      assert.deepEqual(stats.stats?.traces, { dropped: 0, failed: 0, inFlight: 0 });
      const stderr = app.stderr();
      assert.equal(count(stderr, 'invalid configuration'), 1, stderr);
      assert.match(stderr, /grpc/);
      assert.match(stderr, /sometimes/);
    } finally {
      await app.stop();
    }
  });

  it('OTEL_SDK_DISABLED=true is a silent no-op', async () => {
    const app = startNode([...REGISTER, fixtureApp], { OTEL_SDK_DISABLED: 'true' });
    try {
      const [, port] = await app.waitForOutput(/READY (\d+)/);
      assert.equal(await (await fetch(`http://127.0.0.1:${port}/work`)).text(), 'worked');
      assert.doesNotMatch(app.stderr(), /sightline/i);
    } finally {
      await app.stop();
    }
  });
});

describe('stop signals flush telemetry', () => {
  let collector: TestCollector;
  before(async () => {
    collector = await startTestCollector();
  });
  after(() => collector?.stop());

  // A long batch delay: without the flush on SIGTERM nothing would have been exported yet.
  const slowExportEnv = () => ({
    OTEL_EXPORTER_OTLP_ENDPOINT: collector.otlpUrl,
    OTEL_BSP_SCHEDULE_DELAY: '60000',
    OTEL_BLRP_SCHEDULE_DELAY: '60000',
    OTEL_METRIC_EXPORT_INTERVAL: '60000',
  });

  async function runThenSigterm(env: NodeJS.ProcessEnv): Promise<{ traceId: string; app: NodeProcess; exit: { code: number | null; signal: NodeJS.Signals | null } }> {
    const app = startNode([...REGISTER, fixtureApp], env);
    const [, port] = await app.waitForOutput(/READY (\d+)/);
    const { traceId, header } = newTraceparent();
    await (await fetch(`http://127.0.0.1:${port}/work`, { headers: { traceparent: header, connection: 'close' } })).text();
    app.child.kill('SIGTERM');
    return { traceId, app, exit: await app.exited };
  }

  async function traceArrives(traceId: string): Promise<void> {
    await collector.flush();
    const trace = await eventually(async () => {
      const res = await fetch(`${collector.httpUrl}/api/v1/traces/${traceId}`);
      return res.ok ? ((await res.json()) as { spans: unknown[] }) : undefined;
    }, 'the trace flushed at SIGTERM', 5000);
    assert.ok(trace.spans.length >= 3);
  }

  it('without an app handler: flushes, then the process still dies of SIGTERM', async () => {
    const { traceId, exit } = await runThenSigterm(slowExportEnv());
    assert.equal(exit.signal, 'SIGTERM');
    await traceArrives(traceId);
  });

  it('with the app\'s own handler: flushes, and the app decides how to exit', async () => {
    const { traceId, app, exit } = await runThenSigterm({ ...slowExportEnv(), FIXTURE_OWN_SIGNAL_HANDLER: '1' });
    assert.equal(exit.code, 7);
    assert.match(app.stdout(), /app handler ran/);
    await traceArrives(traceId);
  });
});
