/**
 * Takes screenshots of every view against a real collector filled with the e2e fixture data, for
 * eyeballing the UI (and for the README). Usage: `node --import tsx ui/scripts/screenshots.ts [outDir]`.
 */
import { mkdir } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import { metricsRequest } from '../../collector/test/support/otlp-payloads.js';
import { bigTrace, logsRequest, shopTrace, tracesRequest } from '../test/e2e/support/demo-data.js';
import { startUiFixture } from '../test/e2e/support/ui-fixture.js';

const outDir = resolve(process.argv[2] ?? 'ui-screenshots');
await mkdir(outDir, { recursive: true });
const ui = await startUiFixture();
try {
  const now = Date.now();
  const traces = [];
  for (let i = 0; i < 120; i++) traces.push(shopTrace(now - 55 * 60_000 + i * 27_000, 15 + Math.random() * 60 + (i % 9 === 0 ? 600 + Math.random() * 900 : 0), i % 13 === 0));
  await ui.send('traces', tracesRequest(traces.flatMap((t) => t.spans)));
  await ui.send('logs', logsRequest(traces.flatMap((t) => t.logs)));
  for (let m = 0; m < 30; m++) await ui.send('metrics', metricsRequest(m % 2 ? 'checkout' : 'payment', now - m * 60_000));
  const big = bigTrace(2000, now - 3 * 60_000);
  await ui.send('traces', tracesRequest(big.spans));
  await ui.send('logs', logsRequest(big.logs));
  await ui.collector.flush();

  const page = await ui.newPage();
  const shots: [string, string, string][] = [
    ['services', '/services', '[data-testid=service-row]'],
    ['service', '/services/frontend?lmin=300&lmax=3000', '[data-testid=brushed-trace-table]'],
    ['map', '/map', '[data-testid=map-node]'],
    ['search', '/search?service=frontend', '[data-testid=trace-row]'],
    ['trace', `/traces/${traces[13].traceId}?span=${traces[13].spans[5].spanId}`, '[data-testid=span-details]'],
    ['trace-big', `/traces/${big.traceId}`, '[data-testid=span-row]'],
    ['logs', '/logs', '[data-testid=log-row]'],
    ['metrics', '/metric-explorer', '[data-testid=metric-list] button'],
  ];
  for (const [name, path, selector] of shots) {
    await page.goto(`${ui.baseUrl}${path}`);
    await page.locator(selector).first().waitFor();
    if (name === 'trace') await page.getByLabel('Critical path').check();
    if (name === 'metrics') {
      await page.locator('[data-testid=metric-list] button', { hasText: 'http.duration' }).first().click().catch(() => page.locator('[data-testid=metric-list] button').first().click());
      await page.waitForTimeout(800);
    }
    await page.waitForTimeout(400);
    await page.screenshot({ path: join(outDir, `${name}.png`), fullPage: false });
    console.log(`${name}: ${join(outDir, `${name}.png`)}`);
  }
} finally {
  await ui.close();
}
