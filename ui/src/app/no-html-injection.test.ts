import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';

// User data (attribute values, log bodies) must only ever reach the page as text. React escapes
// text; these are the ways around it, and none may appear in the UI's sources.
const FORBIDDEN = [/dangerouslySetInnerHTML/, /\.innerHTML\s*=/, /\.outerHTML\s*=/, /insertAdjacentHTML/, /document\.write\(/];

function sources(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    if (statSync(path).isDirectory()) return sources(path);
    return /\.(ts|tsx)$/.test(name) && !name.endsWith('.test.ts') ? [path] : [];
  });
}

describe('no HTML injection', () => {
  it('never renders strings as HTML', () => {
    const files = sources(join(__dirname, '..'));
    expect(files.length).toBeGreaterThan(20);
    const offenders = files.filter((file) => FORBIDDEN.some((pattern) => pattern.test(readFileSync(file, 'utf8'))));
    expect(offenders).toEqual([]);
  });
});
