/**
 * The UI end to end: a real collector (embedded store, ephemeral ports) serving the built UI, data
 * sent over OTLP/HTTP, and a real headless Chromium clicking through every view.
 */
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import type { Page } from 'playwright-core';
import { metricsRequest } from '../../../collector/test/support/otlp-payloads.js';
import { chromiumUnavailableReason } from './support/browser.js';
import { histogramMetricRequest, logsRequest, shopTrace, tracesRequest, XSS_ATTRIBUTE, XSS_LOG_BODY, type ShopTrace } from './support/demo-data.js';
import { startUiFixture, type UiFixture } from './support/ui-fixture.js';

const unavailable = chromiumUnavailableReason();
if (unavailable && process.env.CI === 'true') {
  describe('UI end-to-end', () => {
    it('needs Chromium in CI', () => assert.fail(`${unavailable}. The UI end-to-end suite must run in CI.`));
  });
} else {
  if (unavailable) console.log(`# SKIP UI end-to-end suite: ${unavailable}. Install chromium and re-run: node scripts/test.mjs ui/test/e2e`);
  describe('UI end-to-end in headless Chromium', { skip: unavailable }, () => {
    let ui: UiFixture;
    const fast: ShopTrace[] = [];
    const slow: ShopTrace[] = [];
    let xss: ShopTrace;
    const pageErrors: string[] = [];

    before(async () => {
      ui = await startUiFixture();
      const now = Date.now();
      // 16 fast (20–40 ms) and 6 slow (0.8–1.2 s) checkouts over the last 20 minutes; 2 slow ones fail.
      for (let i = 0; i < 16; i++) fast.push(shopTrace(now - 20 * 60_000 + i * 60_000, 20 + (i % 5) * 5, false));
      for (let i = 0; i < 6; i++) slow.push(shopTrace(now - 18 * 60_000 + i * 120_000 + 7_000, 800 + i * 80, i % 3 === 0));
      xss = shopTrace(now - 5 * 60_000, 50, false, { 'user.comment': XSS_ATTRIBUTE });
      xss.logs.push({ service: 'frontend', timeMs: now - 5 * 60_000 + 10, severityNumber: 13, severityText: 'WARN', body: XSS_LOG_BODY, traceId: xss.traceId, spanId: xss.rootSpanId });
      const all = [...fast, ...slow, xss];
      await ui.send('traces', tracesRequest(all.flatMap((t) => t.spans)));
      await ui.send('logs', logsRequest(all.flatMap((t) => t.logs)));
      await ui.send('metrics', metricsRequest('checkout', now - 2 * 60_000));
      // Four reports a minute apart: three steps of observations for the heatmap.
      await ui.send(
        'metrics',
        histogramMetricRequest('checkout', 'shop.request.duration', now - 6 * 60_000, [10, 50, 250], [
          [1, 0, 0, 0],
          [6, 2, 0, 0],
          [9, 8, 1, 0],
          [10, 9, 4, 2],
        ]),
      );
      await ui.collector.flush();
    });
    after(async () => {
      await ui?.close();
    });

    async function open(path: string): Promise<Page> {
      const page = await ui.newPage();
      page.on('pageerror', (error) => pageErrors.push(String(error)));
      page.on('dialog', (dialog) => {
        pageErrors.push(`dialog: ${dialog.message()}`);
        void dialog.dismiss();
      });
      await page.goto(`${ui.baseUrl}${path}`);
      return page;
    }

    it('lists every service with its numbers on the services view', async () => {
      const page = await open('/');
      await page.waitForURL(/\/services/);
      const rows = page.getByTestId('service-row');
      await rows.first().waitFor();
      const names = (await rows.locator('td:first-child a').allTextContents()).sort();
      assert.deepEqual(names, ['checkout', 'frontend', 'payment']);
      const frontend = rows.filter({ hasText: 'frontend' });
      assert.match((await frontend.textContent()) ?? '', /\/(s|min)/);
      // Sorting by p99 descending puts the slowest service first, and the URL keeps it.
      await page.getByRole('button', { name: /^p99/ }).click();
      await page.waitForURL(/sort=p99/);
      await page.close();
    });

    it('shows RED charts, operations and a latency histogram with p50/p95/p99 on the service view', async () => {
      const page = await open('/services/checkout');
      await page.getByTestId('service-title').filter({ hasText: 'checkout' }).waitFor();
      await page.getByTestId('operations-table').locator('td', { hasText: 'POST /orders' }).first().waitFor();
      await page.getByTestId('latency-histogram').waitFor();
      for (const marker of ['p50', 'p95', 'p99']) assert.equal(await page.getByTestId(`marker-${marker}`).count(), 1);
      await page.getByTestId('chart-throughput').locator('.recharts-line').first().waitFor();
      await page.close();
    });

    it('lists only the traces in a latency range brushed on the histogram', async () => {
      const page = await open('/services/frontend');
      const histogram = page.getByTestId('latency-histogram').locator('svg');
      await histogram.waitFor();
      const box = (await histogram.boundingBox())!;
      // Domain: 10 ms … 10 s over the plot (left margin 48, right 16): drag from ≈ 280 ms to ≈ 7 s.
      const plotLeft = box.x + 48;
      const plotWidth = box.width - 64;
      const y = box.y + box.height / 2;
      await page.mouse.move(plotLeft + plotWidth * 0.48, y);
      await page.mouse.down();
      await page.mouse.move(plotLeft + plotWidth * 0.8, y, { steps: 5 });
      await page.mouse.move(plotLeft + plotWidth * 0.95, y, { steps: 5 });
      await page.mouse.up();
      await page.waitForURL(/lmin=/);
      const rows = page.getByTestId('brushed-trace-table').getByTestId('trace-row');
      await rows.first().waitFor();
      const ids = (await rows.evaluateAll((els) => els.map((el) => el.getAttribute('data-trace-id')))).sort();
      assert.deepEqual(ids, slow.map((t) => t.traceId).sort());
      await page.close();
    });

    it('draws the service map with services, the database as a peer leaf, and labelled edges', async () => {
      const page = await open('/map');
      await page.getByTestId('map-node').first().waitFor();
      const nodes = await page.getByTestId('map-node').evaluateAll((els) => els.map((el) => `${el.getAttribute('data-node')}:${el.getAttribute('data-kind')}`));
      assert.ok(nodes.includes('frontend:service'), nodes.join());
      assert.ok(nodes.includes('checkout:service'), nodes.join());
      assert.ok(nodes.includes('payment:service'), nodes.join());
      assert.ok(nodes.some((n) => n.endsWith(':database')), `a database peer in ${nodes.join()}`);
      const edge = page.locator('[data-edge="frontend->checkout"]');
      assert.match((await edge.locator('text').textContent()) ?? '', /\/(s|min) · .*% · /);
      // An edge leads to the traces between its two ends.
      await edge.locator('path').last().click({ force: true });
      await page.waitForURL(/\/search\?.*service=frontend.*with=checkout/);
      await page.getByTestId('trace-row').first().waitFor();
      await page.close();
    });

    it('searches traces by status, with a scatter plot and a table', async () => {
      const page = await open('/search?service=payment&status=error');
      await page.getByTestId('trace-scatter').waitFor();
      const rows = page.getByTestId('trace-table').getByTestId('trace-row');
      await rows.first().waitFor();
      const ids = (await rows.evaluateAll((els) => els.map((el) => el.getAttribute('data-trace-id')))).sort();
      assert.deepEqual(ids, slow.filter((t) => t.failed).map((t) => t.traceId).sort());
      // The form drives the URL: minimum trace duration 500ms with no status keeps the slow ones.
      await page.locator('select[name=status]').selectOption('');
      await page.locator('input[name=minTraceDuration]').fill('500ms');
      await page.getByTestId('search-submit').click();
      await page.waitForURL(/minTraceDuration=500ms/);
      await page.waitForFunction((n) => document.querySelectorAll('[data-testid=trace-table] [data-testid=trace-row]').length === n, slow.length);
      await page.close();
    });

    it('renders the trace waterfall with its logs inline, collapsible spans and span details', async () => {
      const trace = slow.find((t) => t.failed)!;
      const page = await open(`/traces/${trace.traceId}`);
      const rows = page.getByTestId('span-row');
      await rows.first().waitFor();
      assert.equal(await rows.count(), 6);
      assert.equal(await page.getByTestId('inline-log').count(), 2);
      assert.match((await page.getByTestId('inline-log').allTextContents()).join('|'), /card declined by issuer/);
      assert.ok((await page.locator('.waterfall__error').count()) >= 1, 'error spans are marked');
      // Collapsing the root hides the other five spans.
      await rows.first().getByRole('button', { name: /Collapse/ }).click();
      assert.equal(await page.getByTestId('span-row').count(), 1);
      await page.getByRole('button', { name: /Expand/ }).first().click();
      await page.locator(`[data-span-id="${trace.spans[5].spanId}"]`).click();
      const details = page.getByTestId('span-details');
      await details.waitFor();
      assert.match((await details.textContent()) ?? '', /card declined/);
      assert.match((await page.getByTestId('span-resource').textContent()) ?? '', /payment-7f9c/);
      // The Logs tab lists the trace's logs and leads back to their span.
      await page.getByTestId('logs-tab').click();
      await page.getByTestId('trace-logs').waitFor();
      await page.getByTestId('log-span-link').first().click();
      await page.getByTestId('span-details').waitFor();
      await page.close();
    });

    it('shows markup in attributes and log bodies as text and never runs it', async () => {
      const page = await open(`/traces/${xss.traceId}?span=${xss.rootSpanId}`);
      const attributes = page.getByTestId('span-attributes');
      await attributes.waitFor();
      assert.ok(((await attributes.textContent()) ?? '').includes(XSS_ATTRIBUTE));
      assert.ok((await page.getByTestId('inline-log').allTextContents()).some((text) => text.includes(XSS_LOG_BODY)));
      await page.goto(`${ui.baseUrl}/logs?text=sightlineXss`);
      await page.getByTestId('log-row').first().waitFor();
      assert.ok(((await page.getByTestId('log-table').textContent()) ?? '').includes(XSS_LOG_BODY));
      // #sightline-boot is index.html's own inline script (deep-link preloads), not user data.
      assert.equal(await page.locator('img[src=x], b:text("bold?"), script:not([src]):not(#sightline-boot)').count(), 0, 'no element was created from user data');
      assert.equal(await page.evaluate(() => (window as unknown as { __sightlineXss?: number }).__sightlineXss), undefined);
      await page.close();
    });

    it('searches logs by severity and text with a volume histogram and trace links', async () => {
      const page = await open('/logs?severity=error');
      await page.getByTestId('log-volume').locator('.recharts-bar-rectangle').first().waitFor();
      const rows = page.getByTestId('log-row');
      await rows.first().waitFor();
      assert.equal(await rows.count(), slow.filter((t) => t.failed).length);
      for (const text of await rows.allTextContents()) assert.match(text, /ERROR/);
      await page.close();
    });

    it('charts a metric picked from the list', async () => {
      const page = await open('/metric-explorer');
      const list = page.getByTestId('metric-list');
      await list.locator('button').first().waitFor();
      await list.locator('button').first().click();
      await page.waitForURL(/metric=/);
      await page.getByTestId('metric-chart').locator('.recharts-line-dots circle, .recharts-line-curve').first().waitFor();
      await page.close();
    });

    it('shows a histogram metric as a heatmap of time × bucket', async () => {
      const page = await open('/metric-explorer?metric=shop.request.duration');
      await page.getByTestId('metric-chart').locator('.recharts-line-curve, .recharts-line-dots circle').first().waitFor();
      await page.getByTestId('histogram-mode').getByLabel('heatmap').check();
      await page.waitForURL(/hist=heatmap/);
      const cells = page.getByTestId('metric-heatmap').getByTestId('heatmap-cell');
      await cells.first().waitFor();
      // Steps 2–4 add 5+2, 3+6+1 and 1+1+3+2 observations: 9 non-empty cells, the largest 6.
      assert.equal(await cells.count(), 9);
      assert.equal(await page.getByTestId('heatmap-max').textContent(), '6');
      assert.match((await cells.first().locator('title').textContent()) ?? '', /≤ 10ms: 5$/);
      await page.close();
    });

    it('navigates map → service → trace → log → trace', async () => {
      const page = await open('/map');
      await page.locator('[data-node="checkout"]').click();
      await page.waitForURL(/\/services\/checkout/);
      await page.getByTestId('service-title').filter({ hasText: 'checkout' }).waitFor();
      await page.getByRole('link', { name: 'Find traces' }).click();
      await page.waitForURL(/\/search\?.*service=checkout/);
      await page.getByTestId('trace-row').first().click();
      await page.waitForURL(/\/traces\/[0-9a-f]{32}/);
      await page.getByTestId('span-row').first().waitFor();
      await page.getByRole('link', { name: 'Logs' }).click();
      await page.waitForURL(/\/logs/);
      const link = page.getByTestId('log-trace-link').first();
      await link.waitFor();
      const href = (await link.getAttribute('href'))!;
      await link.click();
      await page.waitForURL((url) => href.startsWith(url.pathname));
      await page.getByTestId('span-details').waitFor();
      // Back goes back through the history the way it came.
      await page.goBack();
      await page.waitForURL(/\/logs/);
      await page.close();
    });

    it('serves deep links and shows a clear error for an unknown trace', async () => {
      const page = await open(`/traces/${'ab'.repeat(16)}`);
      const state = page.locator('.state--error, .state--empty').first();
      await state.waitFor();
      assert.match((await state.textContent()) ?? '', /not found|404/i);
      await page.close();
    });

    it('raised no page errors', () => {
      assert.deepEqual(pageErrors, []);
    });
  });
}
