import { existsSync, statSync } from 'node:fs';
import { SightlineError } from '../errors.js';
import { defaultConfig } from './collector-config.js';
import type { CollectorConfig } from './collector-config.js';
import { CONFIG_OPTIONS } from './config-options.js';
import { elasticsearchProblems } from './elasticsearch-checks.js';

export interface ParsedCommandLine {
  config: CollectorConfig;
  help: boolean;
}

/**
 * Builds the configuration from defaults, then environment variables, then flags (flags win).
 * Every problem found is gathered into ONE `SIGHTLINE_CONFIG_INVALID` error, so a user fixes
 * them all at once instead of one per start.
 */
export function parseConfig(argv: readonly string[], env: NodeJS.ProcessEnv = process.env): ParsedCommandLine {
  const config = defaultConfig();
  const problems: string[] = [];
  const byFlag = new Map(CONFIG_OPTIONS.map((o) => [o.flag, o]));

  for (const option of CONFIG_OPTIONS) {
    const text = env[option.env];
    if (text === undefined || text === '') continue;
    try {
      option.apply(config, text);
    } catch (error) {
      problems.push(`${option.env}: ${(error as Error).message}`);
    }
  }

  let help = false;
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i];
    if (arg === '--help' || arg === '-h') {
      help = true;
      continue;
    }
    if (!arg.startsWith('--')) {
      problems.push(`unexpected argument "${arg}"`);
      continue;
    }
    const eq = arg.indexOf('=');
    const name = arg.slice(2, eq === -1 ? undefined : eq);
    const option = byFlag.get(name);
    if (!option) {
      problems.push(`unknown flag --${name} (see --help)`);
      continue;
    }
    let text: string | undefined;
    if (eq !== -1) text = arg.slice(eq + 1);
    else if (i + 1 < argv.length && !argv[i + 1].startsWith('--')) text = argv[++i];
    if (text === undefined) {
      problems.push(`--${name} needs a value`);
      continue;
    }
    try {
      option.apply(config, text);
    } catch (error) {
      problems.push(`--${name}: ${(error as Error).message}`);
    }
  }

  // Unless set, the accepted age follows the retention: older data would be deleted at once anyway.
  const ageGiven = env.SIGHTLINE_MAX_PAST_AGE || argv.some((a) => a === '--max-past-age' || a.startsWith('--max-past-age='));
  if (!ageGiven) config.limits.maxPastAgeMs = config.retentionMs;

  problems.push(...checkConsistency(config));
  if (problems.length > 0) throw new SightlineError('SIGHTLINE_CONFIG_INVALID', problems.join('; '));
  return { config, help };
}

/** Rules across settings. Exported so programmatic configurations (tests) get the same checks. */
export function checkConsistency(config: CollectorConfig): string[] {
  const problems: string[] = [];
  if (config.otlpPort !== 0 && config.otlpPort === config.httpPort) problems.push(`the OTLP port and the HTTP port are both ${config.otlpPort}`);
  if (config.limits.maxDecompressedBytes < config.limits.maxRequestBytes) problems.push('max-decompressed-bytes must be at least max-request-bytes');
  // Otherwise a request the receiver accepts could never fit in the queue and would get 429 forever.
  if (config.queue.maxBytes < config.limits.maxDecompressedBytes) problems.push('queue-max-bytes must be at least max-decompressed-bytes');
  if (config.storage === 'elasticsearch') problems.push(...elasticsearchProblems(config.elasticsearch));
  if (existsSync(config.dataDir) && !statSync(config.dataDir).isDirectory()) problems.push(`data dir "${config.dataDir}" exists and is not a folder`);
  return problems;
}

export function helpText(): string {
  const rows = CONFIG_OPTIONS.map((o) => {
    const left = `  --${o.flag} <value>`;
    return `${left.padEnd(42)}${o.description}\n${' '.repeat(42)}env ${o.env}${o.defaultText ? `, default ${o.defaultText}` : ''}`;
  });
  return [
    'Usage: sightline-collector [flags]',
    '',
    'Receives OpenTelemetry traces, metrics and logs over OTLP/HTTP, stores them, and serves the',
    'query API, the UI and Prometheus /metrics. Flags win over environment variables.',
    '',
    ...rows,
    '  --help'.padEnd(42) + 'show this help',
    '',
  ].join('\n');
}
