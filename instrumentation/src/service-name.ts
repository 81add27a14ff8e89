import { readFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';

/**
 * The app's own package.json name, used when no service name is configured: found by walking up
 * from the entry script (or the working directory) to the nearest package.json with a `name`.
 */
export function serviceNameFromPackageJson(startPath = process.argv[1] ?? process.cwd()): string | undefined {
  // When startPath is the entry script, `<file>/package.json` simply does not exist and the walk
  // continues with its folder.
  let dir = resolve(startPath);
  for (;;) {
    const name = readPackageName(join(dir, 'package.json'));
    if (name) return name;
    const parent = dirname(dir);
    if (parent === dir) return undefined;
    dir = parent;
  }
}

function readPackageName(file: string): string | undefined {
  try {
    const parsed: unknown = JSON.parse(readFileSync(file, 'utf8'));
    if (parsed && typeof parsed === 'object' && 'name' in parsed && typeof parsed.name === 'string' && parsed.name) {
      return parsed.name;
    }
  } catch {
    // No package.json here (or unreadable): keep walking up.
  }
  return undefined;
}
