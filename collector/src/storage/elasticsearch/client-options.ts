import { readFileSync } from 'node:fs';
import type { ClientOptions } from '@elastic/elasticsearch';
import { DEFAULTS } from './elasticsearch-options.js';
import type { ElasticsearchStorageOptions } from './elasticsearch-options.js';

/**
 * How the `@elastic/elasticsearch` client reaches the cluster: node URLs, one kind of credentials
 * (an API key or a user and password; the configuration refuses both at once), and the CA that
 * signed the cluster's HTTP certificate, trusted in addition to the system's CAs.
 */
export function clientOptions(options: ElasticsearchStorageOptions): ClientOptions {
  const clientOptions: ClientOptions = {
    nodes: options.nodes,
    requestTimeout: options.requestTimeoutMs ?? DEFAULTS.requestTimeoutMs,
    // The pipeline owns retries (with back-pressure); one quick retry covers a dropped keep-alive socket.
    maxRetries: 1,
  };
  if (options.apiKey) clientOptions.auth = { apiKey: options.apiKey };
  else if (options.username !== undefined) {
    clientOptions.auth = { username: options.username, password: options.password ?? '' };
  }
  if (options.caFile) clientOptions.tls = { ca: readFileSync(options.caFile) };
  return clientOptions;
}
