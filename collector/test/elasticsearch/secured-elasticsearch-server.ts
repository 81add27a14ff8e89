import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { it } from 'node:test';
import { fileURLToPath } from 'node:url';
import { Client } from '@elastic/elasticsearch';

/**
 * Finding the real, secured Elasticsearch (HTTPS with a local CA, security on) that the connection
 * tests run against: `node scripts/elasticsearch.mjs start --secure` starts one on 127.0.0.1:9201
 * and tells its password and CA; or point at another with SIGHTLINE_ES_SECURE_URL,
 * SIGHTLINE_ES_SECURE_PASSWORD (user SIGHTLINE_ES_SECURE_USERNAME, default elastic) and
 * SIGHTLINE_ES_SECURE_CA_FILE.
 */
export interface SecuredElasticsearch {
  url: string;
  username: string;
  password: string;
  /** PEM of the CA that signed the node's HTTP certificate. */
  caFile: string;
}

const ROOT = fileURLToPath(new URL('../../../', import.meta.url));
const HOW_TO_RUN = 'start one with `node scripts/elasticsearch.mjs start --secure` (npm test does, given Java and Maven), or set SIGHTLINE_ES_SECURE_URL, SIGHTLINE_ES_SECURE_PASSWORD and SIGHTLINE_ES_SECURE_CA_FILE';

function locate(): SecuredElasticsearch | undefined {
  const env = process.env;
  if (env.SIGHTLINE_ES_SECURE_URL) {
    if (!env.SIGHTLINE_ES_SECURE_PASSWORD || !env.SIGHTLINE_ES_SECURE_CA_FILE) return undefined;
    return { url: env.SIGHTLINE_ES_SECURE_URL, username: env.SIGHTLINE_ES_SECURE_USERNAME ?? 'elastic', password: env.SIGHTLINE_ES_SECURE_PASSWORD, caFile: env.SIGHTLINE_ES_SECURE_CA_FILE };
  }
  // The script knows where it keeps the node's random password and CA; it prints them when the node answers.
  const status = spawnSync(process.execPath, ['scripts/elasticsearch.mjs', 'status', '--secure', '--json'], { cwd: ROOT, encoding: 'utf8' });
  if (status.status !== 0) return undefined;
  try {
    return JSON.parse(status.stdout.trim().split('\n').at(-1) ?? '') as SecuredElasticsearch;
  } catch {
    return undefined;
  }
}

/** A client with full rights (the `elastic` user), for setting tests up and cleaning after them. */
export function adminClient(server: SecuredElasticsearch): Client {
  return new Client({ node: server.url, auth: { username: server.username, password: server.password }, tls: { ca: readFileSync(server.caFile) } });
}

async function answers(server: SecuredElasticsearch): Promise<boolean> {
  const client = adminClient(server);
  try {
    await client.cluster.health({}, { requestTimeout: 10_000, maxRetries: 0 });
    return true;
  } catch {
    return false;
  } finally {
    await client.close();
  }
}

/**
 * The secured server, or a skip message — except in CI (`CI=true`), where a missing server must
 * fail the run: then it registers a failing test and returns the message.
 */
export async function securedElasticsearch(suite: string): Promise<{ server: SecuredElasticsearch; unavailable: false } | { server: undefined; unavailable: string }> {
  const server = locate();
  if (server && (await answers(server))) return { server, unavailable: false };
  const message = `${suite}: no secured Elasticsearch${server ? ` answering at ${server.url}` : ''}; ${HOW_TO_RUN}`;
  if (process.env.CI === 'true') {
    it(`${suite} needs a secured Elasticsearch (required in CI)`, () => assert.fail(message));
  } else {
    console.log(`# SKIPPED ${message}`);
    it(`${suite} needs a secured Elasticsearch`, { skip: message }, () => undefined);
  }
  return { server: undefined, unavailable: message };
}
