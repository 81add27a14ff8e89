import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { chromium, type Browser } from 'playwright-core';

export const UI_DIR = fileURLToPath(new URL('../../..', import.meta.url));
export const CHROMIUM_PATH = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';

/** Flags for Debian's chromium in a container: no sandbox, no GPU, no background chatter. */
export const CHROMIUM_ARGS = ['--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--disable-dev-shm-usage'];

/**
 * Why the browser suites cannot run here, or undefined when they can. Under CI a missing browser
 * is a failure (the suite must run there); elsewhere the suite is skipped with this message.
 */
export function chromiumUnavailableReason(): string | undefined {
  if (!existsSync(CHROMIUM_PATH)) {
    return `Chromium not found at ${CHROMIUM_PATH} (install it with \`apt-get install -y chromium\`, or set CHROMIUM_PATH)`;
  }
  return undefined;
}

export async function launchChromium(): Promise<Browser> {
  return chromium.launch({ executablePath: CHROMIUM_PATH, args: CHROMIUM_ARGS, headless: true });
}

/** `npm test` builds the UI first; a suite run on its own builds it when ui/dist is missing. */
export function ensureUiBuilt(): void {
  if (existsSync(join(UI_DIR, 'dist', 'index.html'))) return;
  const result = spawnSync('npx', ['vite', 'build', '--logLevel', 'warn'], { cwd: UI_DIR, stdio: 'inherit' });
  if (result.status !== 0) throw new Error('vite build of the UI failed');
}
