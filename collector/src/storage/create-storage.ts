import type { CollectorConfig } from '../config/collector-config.js';
import { SightlineError } from '../errors.js';
import type { Storage } from './storage.js';

/**
 * The storage backend the configuration names. Backends are imported on demand so that the
 * embedded store's native module is not loaded by a collector running on Elasticsearch.
 */
export async function createStorage(config: Pick<CollectorConfig, 'storage' | 'dataDir' | 'elasticsearch'>): Promise<Storage> {
  switch (config.storage) {
    case 'embedded': {
      // TODO(helper A): switch to a typed import once collector/src/storage/embedded/embedded-storage.ts
      // lands (helper B); the indirection keeps this file compiling until then.
      const modulePath = './embedded/embedded-storage.js';
      const module = (await import(modulePath)) as { EmbeddedStorage: new (options: { dataDir: string }) => Storage };
      return new module.EmbeddedStorage({ dataDir: config.dataDir });
    }
    case 'elasticsearch':
      throw new SightlineError('SIGHTLINE_STORAGE_UNAVAILABLE', 'elasticsearch');
    default:
      throw new SightlineError('SIGHTLINE_STORAGE_UNKNOWN', String(config.storage));
  }
}
