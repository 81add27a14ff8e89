import type { CollectorConfig } from '../config/collector-config.js';
import { SightlineError } from '../errors.js';
import type { Storage } from './storage.js';

/** Callbacks a backend uses to report what the collector counts on /metrics. */
export interface StorageHooks {
  /**
   * Items the store refused for good (e.g. an Elasticsearch mapping rejection) while the rest of
   * their batch was stored. `signal` is the backend's name for the data: spans, logs, metrics,
   * span-metrics or edges.
   */
  onItemsRefused?: (signal: string, count: number, reason: string) => void;
}

/**
 * The storage backend the configuration names. Backends are imported on demand so that the
 * embedded store's native module is not loaded by a collector running on Elasticsearch (and
 * the other way round).
 */
export async function createStorage(
  config: Pick<CollectorConfig, 'storage' | 'dataDir' | 'elasticsearch'>,
  hooks: StorageHooks = {},
): Promise<Storage> {
  switch (config.storage) {
    case 'embedded': {
      const { EmbeddedStorage } = await import('./embedded/embedded-storage.js');
      return new EmbeddedStorage({ dataDir: config.dataDir });
    }
    case 'elasticsearch': {
      const { ElasticsearchStorage } = await import('./elasticsearch/elasticsearch-storage.js');
      return new ElasticsearchStorage({ ...config.elasticsearch, onDocumentsRejected: hooks.onItemsRefused });
    }
    default:
      throw new SightlineError('SIGHTLINE_STORAGE_UNKNOWN', String(config.storage));
  }
}
