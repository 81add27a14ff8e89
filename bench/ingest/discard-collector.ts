#!/usr/bin/env node
/**
 * Benchmark-only entry point: the built collector (`collector/dist`, the code `npm run collector`
 * runs) with a storage that discards everything (`discard-storage.ts`). `bench:ingest --storage
 * discard` spawns it as its child, with the same flags it gives the real collector, and it prints
 * the same start lines. Receiver, validation, pipeline and derive all run as in production; only
 * the store is missing, so the figures are the ceiling of what any store can reach here.
 */
import { DiscardStorage } from './discard-storage.js';

type AppModule = typeof import('../../collector/src/app.js');
type ParseConfigModule = typeof import('../../collector/src/config/parse-config.js');

const dist = (path: string) => new URL(`../../collector/dist/${path}`, import.meta.url).href;
const { createCollector } = (await import(dist('app.js'))) as AppModule;
const { parseConfig } = (await import(dist('config/parse-config.js'))) as ParseConfigModule;

// Flags and SIGHTLINE_* variables, as the real bin reads them (sightline-collector.ts), so a setting
// given in the environment applies to both entries alike.
const parsed = parseConfig(process.argv.slice(2), process.env);
const collector = createCollector(parsed.config, { storage: new DiscardStorage() });
const urls = await collector.start();
console.log(`sightline-collector: OTLP/HTTP receiver on ${urls.otlpUrl} (POST /v1/traces, /v1/metrics, /v1/logs)`);
console.log(`sightline-collector: UI, query API and /metrics on ${urls.httpUrl}`);
console.log('sightline-collector: storage discard (benchmark only: nothing is kept)');

const stop = () => {
  collector.stop().then(
    () => process.exit(0),
    (error: unknown) => {
      console.error(`discard-collector: error while stopping: ${(error as Error).message}`);
      process.exit(1);
    },
  );
};
process.once('SIGTERM', stop);
process.once('SIGINT', stop);
