import { after, describe } from 'node:test';
import { ElasticsearchStorage } from '../../src/storage/elasticsearch/elasticsearch-storage.js';
import { runStorageConformance } from '../conformance/storage-conformance.js';
import { ES_URL, elasticsearchUnavailable, uniquePrefix } from './elasticsearch-server.js';

/**
 * The storage conformance suite on a real Elasticsearch: same fixtures and assertions as the
 * embedded store. Every storage the suite asks for gets its own index prefix; all of them are
 * deleted (indices and templates) when the file ends.
 */
const unavailable = await elasticsearchUnavailable('elasticsearch conformance');

if (unavailable) {
  describe('storage conformance: elasticsearch', { skip: unavailable }, () => {});
} else {
  const prefixes: string[] = [];

  runStorageConformance(
    'elasticsearch',
    async () => {
      const indexPrefix = uniquePrefix('conformance');
      prefixes.push(indexPrefix);
      return new ElasticsearchStorage({ nodes: [ES_URL], indexPrefix, refreshInterval: '1s' });
    },
    // flush() refreshes, so reads see the writes at once; the margin covers a loaded CI machine.
    { pollTimeoutMs: 10_000 },
  );

  after(async () => {
    for (const indexPrefix of prefixes) {
      const cleaner = new ElasticsearchStorage({ nodes: [ES_URL], indexPrefix });
      await cleaner.deleteEverything();
      await cleaner.close();
    }
  });
}
