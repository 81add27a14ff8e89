import { readFileSync, statSync } from 'node:fs';
import type { ElasticsearchConfig } from './collector-config.js';

const PEM_CERTIFICATE = '-----BEGIN CERTIFICATE-----';

/**
 * Mistakes in how to reach Elasticsearch that are certain before connecting: two kinds of
 * credentials at once, half a user/password pair, a CA file that cannot be read or holds no
 * certificate, a CA for a cluster reached over plain HTTP. Each is one line naming the flag and
 * its environment variable.
 */
export function elasticsearchProblems(es: ElasticsearchConfig): string[] {
  const problems: string[] = [];
  const hasUser = Boolean(es.username);
  const hasPassword = Boolean(es.password);
  if (es.apiKey && (hasUser || hasPassword)) {
    problems.push('both an Elasticsearch API key (--es-api-key / SIGHTLINE_ES_API_KEY) and a user/password (--es-username, --es-password / SIGHTLINE_ES_USERNAME, SIGHTLINE_ES_PASSWORD) are set: use one of them');
  } else if (hasUser && !hasPassword) {
    problems.push(`Elasticsearch user "${es.username}" has no password: set --es-password (SIGHTLINE_ES_PASSWORD)`);
  } else if (hasPassword && !hasUser) {
    problems.push('an Elasticsearch password is set without a user: set --es-username (SIGHTLINE_ES_USERNAME)');
  }
  if (es.caFile) {
    const problem = caFileProblem(es.caFile);
    if (problem) problems.push(`--es-ca-file (SIGHTLINE_ES_CA_FILE) "${es.caFile}" ${problem}`);
    else if (!es.nodes.some((node) => node.startsWith('https:'))) {
      problems.push('--es-ca-file (SIGHTLINE_ES_CA_FILE) is set but no --es-url (SIGHTLINE_ES_URL) is https://: a CA is only used over HTTPS');
    }
  }
  return problems;
}

function caFileProblem(path: string): string | undefined {
  let text: string;
  try {
    if (!statSync(path).isFile()) return 'is not a file';
    text = readFileSync(path, 'latin1');
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    return code === 'ENOENT' ? 'does not exist' : `cannot be read (${code ?? (error as Error).message})`;
  }
  if (!text.includes(PEM_CERTIFICATE)) return `holds no PEM certificate (no "${PEM_CERTIFICATE}" line)`;
  return undefined;
}
