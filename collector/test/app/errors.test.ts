import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { describe, it } from 'node:test';
import { ERROR_CODES, SightlineError } from '../../src/errors.js';

const DOC = readFileSync(new URL('../../docs/errors.md', import.meta.url), 'utf8');

describe('coded errors', () => {
  it('every code is documented in collector/docs/errors.md, and every documented code exists', () => {
    const documented = [...DOC.matchAll(/^### (\S+)$/gm)].map((m) => m[1]);
    assert.deepEqual([...documented].sort(), Object.keys(ERROR_CODES).sort());
  });

  it('formats its message and carries code and HTTP status', () => {
    const error = new SightlineError('SIGHTLINE_OTLP_BODY_TOO_LARGE', 1024);
    assert.equal(error.message, 'request body larger than 1024 bytes');
    assert.equal(error.code, 'SIGHTLINE_OTLP_BODY_TOO_LARGE');
    assert.equal(error.statusCode, 413);
  });
});
