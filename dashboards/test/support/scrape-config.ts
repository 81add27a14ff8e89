import { readFileSync } from 'node:fs';
import { parse } from 'yaml';

export const REPO_PROMETHEUS_CONFIG = new URL('../../../prometheus/prometheus.yml', import.meta.url);

interface ScrapeConfig {
  job_name: string;
  static_configs?: Array<{ targets: string[] }>;
  [key: string]: unknown;
}

/**
 * The repository's compose scrape configuration pointed at local targets: same jobs, paths and
 * settings, with each kept job's targets replaced by `targets[job]` and a short interval so a test
 * has samples within seconds. Jobs without a local target are dropped.
 */
export function localScrapeConfig(targets: Record<string, string[]>, scrapeInterval = '1s'): Record<string, unknown> {
  const repo = parse(readFileSync(REPO_PROMETHEUS_CONFIG, 'utf8')) as { global?: Record<string, unknown>; scrape_configs: ScrapeConfig[] };
  const missing = Object.keys(targets).filter((job) => !repo.scrape_configs.some((c) => c.job_name === job));
  if (missing.length > 0) throw new Error(`prometheus/prometheus.yml has no job ${missing.join(', ')}`);
  return {
    global: { ...repo.global, scrape_interval: scrapeInterval, evaluation_interval: scrapeInterval },
    scrape_configs: repo.scrape_configs
      .filter((config) => targets[config.job_name])
      .map((config) => ({ ...config, scrape_interval: scrapeInterval, static_configs: [{ targets: targets[config.job_name] }] })),
  };
}
