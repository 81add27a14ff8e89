import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createCollector, type Collector, type CollectorUrls } from '../../../collector/src/app.js';
import type { CollectorConfigOverrides } from '../../../collector/src/config/collector-config.js';
import { checkoutTraffic, sendTraffic } from './otlp-traffic.js';

export interface CollectorUnderTest {
  collector: Collector;
  urls: CollectorUrls;
  /** host:port of the HTTP port, as a Prometheus target. */
  httpTarget: string;
  /** Trace ids sent so far (and those that failed). */
  traceIds: string[];
  failedTraceIds: string[];
  /** Sends one batch of checkout traffic. */
  sendBatch(requests?: number): Promise<void>;
  /** Sends a batch every `everyMs` until `stopPump` or `stop`. Bounded: at most `maxBatches`. */
  startPump(everyMs?: number, maxBatches?: number): void;
  stopPump(): Promise<void>;
  stop(): Promise<void>;
}

/** A real collector on ephemeral 127.0.0.1 ports and a temporary data folder. */
export async function startCollector(overrides: CollectorConfigOverrides = {}): Promise<CollectorUnderTest> {
  const dataDir = mkdtempSync(join(tmpdir(), 'sightline-dashboards-'));
  const collector = createCollector({ host: '127.0.0.1', otlpPort: 0, httpPort: 0, dataDir, logLevel: 'error', ...overrides });
  const urls = await collector.start();
  const traceIds: string[] = [];
  const failedTraceIds: string[] = [];
  let timer: NodeJS.Timeout | undefined;
  let inFlight: Promise<void> = Promise.resolve();

  async function sendBatch(requests = 8): Promise<void> {
    const traffic = checkoutTraffic(requests);
    await sendTraffic(urls.otlpUrl, traffic);
    traceIds.push(...traffic.traceIds);
    failedTraceIds.push(...traffic.failedTraceIds);
  }

  const stopPump = async () => {
    if (timer) clearInterval(timer);
    timer = undefined;
    await inFlight;
  };

  return {
    collector,
    urls,
    httpTarget: new URL(urls.httpUrl).host,
    traceIds,
    failedTraceIds,
    sendBatch,
    startPump(everyMs = 1000, maxBatches = 120) {
      let sent = 0;
      timer = setInterval(() => {
        if (++sent > maxBatches) return void stopPump();
        inFlight = inFlight.then(() => sendBatch()).catch((error: unknown) => console.error(`traffic pump: ${(error as Error).message}`));
      }, everyMs);
    },
    stopPump,
    async stop() {
      await stopPump();
      await collector.stop();
      rmSync(dataDir, { recursive: true, force: true });
    },
  };
}
