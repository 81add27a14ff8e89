import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { staleFiles } from '../src/generate.js';

describe('generated dashboards and provisioning', () => {
  it('match their definitions (run `npm run dashboards:generate` after changing dashboards/src)', () => {
    assert.deepEqual(staleFiles(), []);
  });
});
