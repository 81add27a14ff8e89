import type { CollectorConfig } from '../config/collector-config.js';
import { SightlineError } from '../errors.js';
import type { Storage } from './storage.js';

/**
 * The storage backend the configuration names. Backends are imported on demand so that the
 * embedded store's native module is not loaded by a collector running on Elasticsearch (and
 * the other way round).
 */
export async function createStorage(config: Pick<CollectorConfig, 'storage' | 'dataDir' | 'elasticsearch'>): Promise<Storage> {
  switch (config.storage) {
    case 'embedded': {
      const { EmbeddedStorage } = await import('./embedded/embedded-storage.js');
      return new EmbeddedStorage({ dataDir: config.dataDir });
    }
    case 'elasticsearch': {
      const { ElasticsearchStorage } = await import('./elasticsearch/elasticsearch-storage.js');
      return new ElasticsearchStorage(config.elasticsearch);
    }
    default:
      throw new SightlineError('SIGHTLINE_STORAGE_UNKNOWN', String(config.storage));
  }
}
