import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, describe, it } from 'node:test';
import { fileURLToPath } from 'node:url';
import { createCollector } from '../../src/app.js';
import { EmbeddedStorage } from '../../src/storage/embedded/embedded-storage.js';
import { GatedStorage } from '../support/gated-storage.js';
import { hexId, postOtlp, span, traceRequest } from '../support/otlp-payloads.js';

const BIN = fileURLToPath(new URL('../../src/bin/sightline-collector.ts', import.meta.url));
const quiet = { host: '127.0.0.1', otlpPort: 0, httpPort: 0, logLevel: 'silent' as const };

async function storedSpans(dataDir: string, traceId: string): Promise<number> {
  const store = new EmbeddedStorage({ dataDir });
  await store.init();
  try {
    return (await store.spans.getTrace(traceId)).length;
  } finally {
    await store.close();
  }
}

describe('collector lifecycle', () => {
  const dirs: string[] = [];
  const tempDir = () => {
    const dir = mkdtempSync(join(tmpdir(), 'sightline-life-'));
    dirs.push(dir);
    return dir;
  };
  after(() => {
    for (const dir of dirs) rmSync(dir, { recursive: true, force: true });
  });

  it('stop() writes out what was accepted while storage was still busy, then closes storage', async () => {
    const dataDir = tempDir();
    const gated = new GatedStorage(new EmbeddedStorage({ dataDir }));
    const collector = createCollector({ ...quiet, dataDir, limits: { maxPastAgeMs: 0 } }, { storage: gated });
    const { otlpUrl } = await collector.start();
    gated.hold();
    const traceId = hexId(16);
    assert.equal((await postOtlp(otlpUrl, 'traces', traceRequest([span({ traceId }), span({ traceId })]))).status, 200);
    const stopping = collector.stop();
    setTimeout(() => gated.pass(), 100);
    await stopping;
    assert.equal(await storedSpans(dataDir, traceId), 2);
  });

  it('the CLI flushes and exits 0 on SIGTERM', async () => {
    const dataDir = tempDir();
    const child = spawn(process.execPath, ['--import', 'tsx', BIN, '--otlp-port', '0', '--http-port', '0', '--host', '127.0.0.1', '--data-dir', dataDir], { stdio: ['ignore', 'pipe', 'pipe'] });
    let output = '';
    const otlpUrl = await new Promise<string>((resolve, reject) => {
      child.stdout.on('data', (chunk: Buffer) => {
        output += chunk.toString();
        const match = /OTLP\/HTTP receiver on (http:\/\/\S+)/.exec(output);
        if (match) resolve(match[1]);
      });
      child.on('exit', (code) => reject(new Error(`exited ${code}: ${output}`)));
    });
    const traceId = hexId(16);
    const response = await postOtlp(otlpUrl, 'traces', traceRequest(Array.from({ length: 50 }, () => span({ traceId }))), { encoding: 'protobuf' });
    assert.equal(response.status, 200);
    const exited = new Promise<number | null>((resolve) => child.on('exit', (code) => resolve(code)));
    child.kill('SIGTERM');
    assert.equal(await exited, 0);
    assert.match(output, /SIGTERM, flushing and stopping/);
    assert.equal(await storedSpans(dataDir, traceId), 50);
  });

  it('deletes data older than the retention at start', async () => {
    const dataDir = tempDir();
    const oldTrace = hexId(16);
    const newTrace = hexId(16);
    const first = createCollector({ ...quiet, dataDir, limits: { maxPastAgeMs: 0 } });
    const { otlpUrl } = await first.start();
    const threeHoursAgo = Date.now() - 3 * 3600_000;
    await postOtlp(otlpUrl, 'traces', traceRequest([span({ traceId: oldTrace, startMs: threeHoursAgo }), span({ traceId: newTrace })]));
    await first.stop();
    const second = createCollector({ ...quiet, dataDir, retentionMs: 3600_000 });
    await second.start();
    await second.stop();
    assert.equal(await storedSpans(dataDir, oldTrace), 0);
    assert.equal(await storedSpans(dataDir, newTrace), 1);
  });
});
