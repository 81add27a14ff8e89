#!/usr/bin/env node
// `npm run bench -- <name> [flags]` runs `npm run bench:<name> -- [flags]`; with no name, lists them.
import { spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';

const scripts = JSON.parse(readFileSync(new URL('../package.json', import.meta.url), 'utf8')).scripts;
const names = Object.keys(scripts).filter((s) => s.startsWith('bench:')).map((s) => s.slice('bench:'.length));
const [name, ...flags] = process.argv.slice(2);
if (!name || !names.includes(name)) {
  console.log(`usage: npm run bench -- <${names.join('|')}> [flags]   (see bench/README.md)`);
  process.exit(name ? 2 : 0);
}
const result = spawnSync('npm', ['run', `bench:${name}`, '--', ...flags], { stdio: 'inherit' });
process.exit(result.status ?? 1);
