import assert from 'node:assert/strict';
import { it } from 'node:test';

/**
 * Finding the real Elasticsearch the backend's tests run against (never a mock).
 * Start one with `node scripts/elasticsearch.mjs start`; point elsewhere with SIGHTLINE_ES_URL.
 */
export const ES_URL = process.env.SIGHTLINE_ES_URL ?? 'http://127.0.0.1:9200';

const HOW_TO_RUN = `start one with \`node scripts/elasticsearch.mjs start\` (or set SIGHTLINE_ES_URL)`;

async function reachable(): Promise<boolean> {
  try {
    const response = await fetch(`${ES_URL}/_cluster/health`, { signal: AbortSignal.timeout(3000) });
    return response.ok;
  } catch {
    return false;
  }
}

/**
 * `false` when Elasticsearch answers; otherwise a skip message — except in CI (`CI=true`), where a
 * missing server must fail the run: then it registers a failing test and returns the message too.
 */
export async function elasticsearchUnavailable(suite: string): Promise<string | false> {
  if (await reachable()) return false;
  const message = `${suite}: no Elasticsearch at ${ES_URL}; ${HOW_TO_RUN}`;
  if (process.env.CI === 'true') {
    it(`${suite} needs Elasticsearch (required in CI)`, () => assert.fail(message));
  } else {
    // Printed, and counted as a skipped test in the run's summary.
    console.log(`# SKIPPED ${message}`);
    it(`${suite} needs Elasticsearch`, { skip: message }, () => undefined);
  }
  return message;
}

/** A fresh index prefix per run, so runs never see each other's data. */
export function uniquePrefix(name: string): string {
  return `sightline-test-${name}-${Date.now().toString(36)}-${Math.random().toString(36).slice(2, 6)}`;
}
