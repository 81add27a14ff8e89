#!/usr/bin/env node
import { createCollector } from '../app.js';
import { helpText, parseConfig } from '../config/parse-config.js';
import { isSightlineError } from '../errors.js';

/** Exit code for bad configuration (like most CLIs' "usage" error). */
const EXIT_BAD_CONFIG = 2;

async function main(): Promise<void> {
  let parsed;
  try {
    parsed = parseConfig(process.argv.slice(2), process.env);
  } catch (error) {
    console.error(`sightline-collector: ${(error as Error).message}`);
    process.exit(EXIT_BAD_CONFIG);
  }
  if (parsed.help) {
    process.stdout.write(helpText());
    return;
  }

  let collector;
  try {
    collector = createCollector(parsed.config);
  } catch (error) {
    console.error(`sightline-collector: ${(error as Error).message}`);
    process.exit(isSightlineError(error) && error.code === 'SIGHTLINE_CONFIG_INVALID' ? EXIT_BAD_CONFIG : 1);
  }
  let urls;
  try {
    urls = await collector.start();
  } catch (error) {
    console.error(`sightline-collector: could not start: ${(error as Error).message}`);
    await collector.stop().catch(() => undefined);
    const badConfig = isSightlineError(error) || (error as NodeJS.ErrnoException).code === 'EADDRINUSE' || (error as NodeJS.ErrnoException).code === 'EACCES';
    process.exit(badConfig ? EXIT_BAD_CONFIG : 1);
  }
  const { config } = collector;
  console.log(`sightline-collector: OTLP/HTTP receiver on ${urls.otlpUrl} (POST /v1/traces, /v1/metrics, /v1/logs)`);
  console.log(`sightline-collector: UI, query API and /metrics on ${urls.httpUrl}`);
  console.log(`sightline-collector: storage ${config.storage}${config.storage === 'embedded' ? ` in ${config.dataDir}` : ''}, retention ${Math.round(config.retentionMs / 3_600_000)}h`);

  let signals = 0;
  const shutdown = (signal: NodeJS.Signals) => {
    signals++;
    if (signals > 1) {
      console.error(`sightline-collector: ${signal} again, exiting without flushing`);
      process.exit(1);
    }
    console.log(`sightline-collector: ${signal}, flushing and stopping...`);
    collector.stop().then(
      () => process.exit(0),
      (error: unknown) => {
        console.error(`sightline-collector: error while stopping: ${(error as Error).message}`);
        process.exit(1);
      },
    );
  };
  process.on('SIGTERM', shutdown);
  process.on('SIGINT', shutdown);
}

void main();
