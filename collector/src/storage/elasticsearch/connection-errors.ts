import { errors } from '@elastic/elasticsearch';
import type { ElasticsearchStorageOptions } from './elasticsearch-options.js';

/** What went wrong talking to the cluster, in the terms a user fixes it in. */
export interface ConnectionProblem {
  /**
   * false: the cluster could not be reached (down, starting, network): it may come back, so the
   * collector keeps running and retries. true: the cluster (or its TLS handshake) answered no —
   * wrong credentials, an untrusted certificate, a missing privilege: waiting will not help.
   */
  permanent: boolean;
  message: string;
}

// Node's TLS verification failures (the client keeps only the message): untrusted or self-signed
// chain, missing issuer, expired, or a certificate for another host name.
const UNTRUSTED_CERTIFICATE = /certificate|self[- ]signed|unable to verify|unable to get (local )?issuer|altnames/i;
// An https:// URL pointed at a plain-HTTP port: the TLS client reads an HTTP answer.
const NOT_TLS = /wrong version number|packet length too long|record layer failure|SSL routines/i;
// A plain-HTTP request to an HTTPS port: Elasticsearch closes the connection without answering.
const CLOSED_WITHOUT_ANSWER = /other side closed|socket hang up|ECONNRESET/i;

/** The Elasticsearch reason of an error answer, without the client's "Root causes" layout. */
function reasonOf(error: errors.ResponseError): string {
  const body = error.body as { error?: { reason?: string; type?: string } | string } | undefined;
  const reason = typeof body?.error === 'object' ? body.error.reason : typeof body?.error === 'string' ? body.error : undefined;
  return reason ?? error.message.split('\n')[0];
}

/** Turns a failed request into a message that names the setting to change. */
export function describeConnectionError(error: unknown, options: Pick<ElasticsearchStorageOptions, 'nodes' | 'caFile' | 'apiKey' | 'username'>): ConnectionProblem {
  const where = `Elasticsearch at ${options.nodes.join(', ')}`;
  const text = error instanceof Error ? error.message : String(error);

  if (error instanceof errors.ResponseError) {
    if (error.statusCode === 401) {
      const given = options.apiKey ? 'the API key (--es-api-key)' : options.username !== undefined ? `the password of user "${options.username}" (--es-username/--es-password)` : undefined;
      return {
        permanent: true,
        message: given
          ? `${where} rejected ${given}: ${reasonOf(error)}`
          : `${where} requires authentication: set --es-api-key, or --es-username and --es-password (${reasonOf(error)})`,
      };
    }
    if (error.statusCode === 403) {
      return { permanent: true, message: `${where} refused an action for lack of privileges (see the README for the ones Sightline needs): ${reasonOf(error)}` };
    }
    if (error.statusCode === 502 || error.statusCode === 503) return { permanent: false, message: `elasticsearch unreachable: ${text}` };
    return { permanent: true, message: `${where} answered ${error.statusCode ?? 'an error'}: ${reasonOf(error)}` };
  }

  if (error instanceof errors.ConnectionError) {
    const https = options.nodes.some((node) => node.startsWith('https:'));
    if (https && UNTRUSTED_CERTIFICATE.test(text)) {
      const fix = options.caFile
        ? `the CA in --es-ca-file (${options.caFile}) did not sign it, or it was issued for another host name`
        : 'set --es-ca-file (SIGHTLINE_ES_CA_FILE) to the PEM file of the CA that signed it';
      return { permanent: true, message: `the TLS certificate of ${where} is not trusted (${text}): ${fix}` };
    }
    if (https && NOT_TLS.test(text)) {
      return { permanent: true, message: `${where} does not answer TLS (${text.split('\n')[0].trim()}): use an http:// URL for a cluster without HTTPS` };
    }
    const hint = !https && CLOSED_WITHOUT_ANSWER.test(text) ? ' (if the cluster serves HTTPS, use an https:// URL)' : '';
    return { permanent: false, message: `elasticsearch unreachable: ${text}${hint}` };
  }

  if (error instanceof errors.TimeoutError || error instanceof errors.NoLivingConnectionsError) {
    return { permanent: false, message: `elasticsearch unreachable: ${text}` };
  }
  return { permanent: true, message: `${where}: ${text}` };
}
