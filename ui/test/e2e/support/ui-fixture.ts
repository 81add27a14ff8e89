import { join } from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { postOtlp } from '../../../../collector/test/support/otlp-payloads.js';
import { startTestCollector, type TestCollector } from '../../../../collector/test/support/start-collector.js';
import { ensureUiBuilt, launchChromium, UI_DIR } from './browser.js';

type Json = Record<string, unknown>;

/** A real collector serving the built UI, a real headless Chromium, and helpers to send data. */
export interface UiFixture {
  collector: TestCollector;
  browser: Browser;
  baseUrl: string;
  send(signal: 'traces' | 'logs' | 'metrics', request: Json): Promise<void>;
  newPage(): Promise<Page>;
  close(): Promise<void>;
}

export async function startUiFixture(): Promise<UiFixture> {
  ensureUiBuilt();
  const collector = await startTestCollector({ uiDir: join(UI_DIR, 'dist') });
  let browser: Browser;
  try {
    browser = await launchChromium();
  } catch (error) {
    await collector.stop();
    throw error;
  }
  const pages: Page[] = [];
  return {
    collector,
    browser,
    baseUrl: collector.httpUrl,
    async send(signal, request) {
      const response = await postOtlp(collector.otlpUrl, signal, request);
      if (response.status !== 200) throw new Error(`OTLP ${signal} export answered ${response.status}`);
    },
    async newPage() {
      const page = await browser.newPage({ viewport: { width: 1440, height: 900 } });
      page.setDefaultTimeout(15_000);
      pages.push(page);
      return page;
    },
    async close() {
      await browser.close().catch(() => undefined);
      await collector.stop();
    },
  };
}
