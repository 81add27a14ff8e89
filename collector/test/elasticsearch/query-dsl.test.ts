import assert from 'node:assert/strict';
import { existsSync, mkdirSync, readdirSync, readFileSync, unlinkSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { fileURLToPath } from 'node:url';
import { CASES } from './query-dsl-cases.js';

/**
 * Generated Elasticsearch requests pinned by snapshot files (jaeger's habit). After an intended
 * change: `UPDATE_SNAPSHOTS=1 node scripts/test.mjs collector/test/elasticsearch` and review the diff.
 */
const snapshotDir = fileURLToPath(new URL('./snapshots/', import.meta.url));
const update = process.env.UPDATE_SNAPSHOTS === '1';

function render(value: unknown): string {
  return `${JSON.stringify(value, (_key, inner: unknown) => (typeof inner === 'bigint' ? inner.toString() : inner), 2)}\n`;
}

describe('Elasticsearch query DSL snapshots', () => {
  if (update) mkdirSync(snapshotDir, { recursive: true });

  for (const [name, build] of Object.entries(CASES)) {
    it(name, () => {
      const file = join(snapshotDir, `${name}.json`);
      const actual = render(build());
      if (update) {
        writeFileSync(file, actual);
        return;
      }
      assert.ok(existsSync(file), `missing snapshot ${file}: run with UPDATE_SNAPSHOTS=1 to create it`);
      assert.equal(actual, readFileSync(file, 'utf8'), `snapshot ${name}.json differs (UPDATE_SNAPSHOTS=1 rewrites it)`);
    });
  }

  it('has no orphaned snapshot files', () => {
    const orphans = readdirSync(snapshotDir).filter((file) => file.endsWith('.json') && !(file.slice(0, -5) in CASES));
    if (update) {
      for (const orphan of orphans) unlinkSync(join(snapshotDir, orphan));
      return;
    }
    assert.deepEqual(orphans, [], 'snapshot files without a case: delete them or run with UPDATE_SNAPSHOTS=1');
  });
});
