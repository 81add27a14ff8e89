/**
 * Where the time of a big trace page goes (a diagnostic, not a benchmark): one collector with one
 * trace of `--spans` spans, then `--runs` cold page loads of it. Per load it prints the page's own
 * timeline (navigation → trace request start → first byte → last byte → `sightline:*` marks → rows
 * → click answered) and the server's handler time. With `--profile DIR` it also writes a Chromium
 * CPU profile of the last load (`page.cpuprofile`) and one of the collector (`collector.cpuprofile`),
 * both openable in Chrome DevTools.
 *
 * Run: `node --import tsx bench/ui/profile-trace.ts --spans 10000 --runs 3 [--profile /tmp/prof]`
 * (build the UI first: `npm run build -w @sightline/ui`).
 */
import { readdirSync, readFileSync } from 'node:fs';
import { writeFile, mkdir } from 'node:fs/promises';
import diagnostics from 'node:diagnostics_channel';
import { Session } from 'node:inspector/promises';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { bigTrace, logsRequest, tracesRequest } from '../../ui/test/e2e/support/demo-data.js';
import { startUiFixture } from '../../ui/test/e2e/support/ui-fixture.js';

const { values } = parseArgs({ options: { spans: { type: 'string', default: '10000' }, runs: { type: 'string', default: '3' }, profile: { type: 'string' } } });
const spanCount = Number(values.spans);
const runs = Number(values.runs);

/** CPU ms used so far by this process and by each kind of Chromium process (from /proc). */
function processCpu(): Map<string, number> {
  const tick = 10; // USER_HZ = 100
  const totals = new Map<string, number>();
  for (const pid of readdirSync('/proc').filter((name) => /^\d+$/.test(name))) {
    try {
      const cmd = readFileSync(`/proc/${pid}/cmdline`, 'utf8');
      const isSelf = Number(pid) === process.pid;
      if (!isSelf && !cmd.includes('chromium')) continue;
      const type = isSelf ? 'node(collector+driver)' : /--type=([a-z-]+)/.exec(cmd)?.[1] ?? 'browser';
      const stat = readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1].split(' ');
      totals.set(type, (totals.get(type) ?? 0) + (Number(stat[11]) + Number(stat[12])) * tick);
      if (process.env.PROFILE_THREADS && (type === 'renderer' || isSelf)) {
        for (const tid of readdirSync(`/proc/${pid}/task`)) {
          const raw = readFileSync(`/proc/${pid}/task/${tid}/stat`, 'utf8');
          const name = `${type === 'renderer' ? 'r' : 'n'}:${raw.slice(raw.indexOf('(') + 1, raw.lastIndexOf(')'))}`;
          const fields = raw.slice(raw.lastIndexOf(')') + 2).split(' ');
          totals.set(name, (totals.get(name) ?? 0) + (Number(fields[11]) + Number(fields[12])) * tick);
        }
      }
    } catch {
      // gone meanwhile
    }
  }
  return totals;
}

const TIMING_PROBE = `
  window.__bench = {};
  document.addEventListener('click', () => { window.__bench.clickAt ??= performance.now(); }, true);
  new MutationObserver(() => {
    const b = window.__bench;
    if (b.readyAt === undefined && document.querySelectorAll('[data-testid=span-row]').length >= 3) b.readyAt = performance.now();
    if (b.clickAt !== undefined && b.doneAt === undefined && document.querySelector('[data-testid=span-details]')) b.doneAt = performance.now();
  }).observe(document, { childList: true, subtree: true, attributes: true });
`;

const ui = await startUiFixture();
try {
  const trace = bigTrace(spanCount, Date.now() - 10 * 60_000, 12);
  for (let i = 0; i < trace.spans.length; i += 5_000) await ui.send('traces', tracesRequest(trace.spans.slice(i, i + 5_000)));
  await ui.send('logs', logsRequest(trace.logs));
  await ui.collector.flush();
  for (let i = 0; i < 2; i++) await (await fetch(`${ui.baseUrl}/api/v1/traces/${trace.traceId}`, { headers: { 'accept-encoding': 'br' } })).arrayBuffer();

  // The server's side of each load: how long the store took to render the trace.
  const spans = ui.collector.storage.spans;
  const storeTimes: string[] = [];
  if (spans.getTraceApiJson) {
    const original = spans.getTraceApiJson.bind(spans);
    spans.getTraceApiJson = async (id: string) => {
      const t = performance.now();
      const cpu = process.cpuUsage();
      mark('store start');
      try {
        return await original(id);
      } finally {
        mark('store done');
        const used = process.cpuUsage(cpu);
        storeTimes.push(`store ${Math.round(performance.now() - t)} ms wall, ${Math.round((used.user + used.system) / 1000)} ms CPU`);
      }
    };
  }
  // When the trace request reached the server and when its answer was finished, on this clock.
  const serverEvents: string[] = [];
  const t0 = { at: 0 };
  const mark = (what: string) => serverEvents.push(`${what} ${Math.round(performance.now() - t0.at)}`);
  diagnostics.subscribe('http.server.request.start', (message) => {
    const { request } = message as { request: { url?: string } };
    if (request.url?.startsWith('/api/v1/traces/')) mark('request in');
  });
  diagnostics.subscribe('http.server.response.finish', (message) => {
    const { request } = message as { request: { url?: string } };
    if (request.url?.startsWith('/api/v1/traces/')) mark('response finished');
  });
  const logs = ui.collector.storage.logs;
  const originalLogs = logs.getLogsForTrace.bind(logs);
  logs.getLogsForTrace = async (id: string) => {
    mark('logs start');
    try {
      return await originalLogs(id);
    } finally {
      mark('logs done');
    }
  };
  const server = new Session();
  server.connect();
  for (let run = 0; run < runs; run++) {
    const last = run === runs - 1 && values.profile !== undefined;
    const context = await ui.browser.newContext({ viewport: { width: 1440, height: 900 } });
    await context.addInitScript(TIMING_PROBE);
    const page = await context.newPage();
    const cdp = await context.newCDPSession(page);
    if (last) {
      await cdp.send('Profiler.enable');
      await cdp.send('Profiler.setSamplingInterval', { interval: 200 });
      await cdp.send('Profiler.start');
      await server.post('Profiler.enable');
      await server.post('Profiler.setSamplingInterval', { interval: 200 });
      await server.post('Profiler.start');
    }
    if (last && values.profile) {
      await mkdir(values.profile, { recursive: true });
      await ui.browser.startTracing(page, { path: join(values.profile, 'page-trace.json'), categories: ['devtools.timeline', 'blink.user_timing', 'v8.execute', 'disabled-by-default-devtools.timeline', 'loading', 'netlog', 'disabled-by-default-v8.gc'] });
    }
    const cpuBefore = processCpu();
    const serverStart = performance.now();
    t0.at = serverStart;
    await page.goto(`${ui.baseUrl}/traces/${trace.traceId}`, { waitUntil: 'commit' });
    await page.locator('[data-testid=span-row]').nth(2).waitFor({ timeout: 60_000 });
    await page.locator('[data-testid=span-row]').nth(2).click();
    await page.getByTestId('span-details').waitFor({ timeout: 60_000 });
    const timeline = (await page.evaluate(`(() => {
      const r = performance.getEntriesByType('resource').find((e) => e.name.includes('/api/v1/traces/'));
      const marks = performance.getEntriesByType('mark').filter((m) => m.name.startsWith('sightline:')).map((m) => [m.name.slice(10).replace('/api/v1/traces/', 'trace '), Math.round(m.startTime)]);
      const scripts = performance.getEntriesByType('resource').filter((e) => e.initiatorType !== 'fetch').map((e) => [e.name.replace(/^.*\\//, ''), Math.round(e.startTime), Math.round(e.responseEnd)]);
      const nav = performance.getEntriesByType('navigation')[0];
      const b = window.__bench;
      return {
        nav: { responseEnd: Math.round(nav.responseEnd), domInteractive: Math.round(nav.domInteractive), domContentLoaded: Math.round(nav.domContentLoadedEventEnd) },
        trace: r && { start: Math.round(r.startTime), requestStart: Math.round(r.requestStart), responseStart: Math.round(r.responseStart), responseEnd: Math.round(r.responseEnd), bytes: r.encodedBodySize, decoded: r.decodedBodySize },
        marks, scripts,
        readyAt: Math.round(b.readyAt), interactive: Math.round(b.readyAt + (b.doneAt - b.clickAt)),
      };
    })()`)) as Record<string, unknown>;
    const cpuAfter = processCpu();
    const cpuDelta = [...cpuAfter].map(([name, ms]) => `${name} ${Math.round(ms - (cpuBefore.get(name) ?? 0))}`).join(', ');
    console.log(`  CPU ms during the load by process: ${cpuDelta}`);
    console.log(`  server, ms since page.goto: ${serverEvents.splice(0).join(', ')}`);
    console.log(`run ${run + 1} (harness wall ${Math.round(performance.now() - serverStart)} ms; ${storeTimes.splice(0).join(', ')}):`, JSON.stringify(timeline));
    if (last && values.profile) {
      await mkdir(values.profile, { recursive: true });
      await ui.browser.stopTracing();
      const { profile } = await cdp.send('Profiler.stop');
      await writeFile(join(values.profile, 'page.cpuprofile'), JSON.stringify(profile));
      const serverProfile = await server.post('Profiler.stop');
      await writeFile(join(values.profile, 'collector.cpuprofile'), JSON.stringify(serverProfile.profile));
      console.log(`profiles in ${values.profile}`);
    }
    await context.close();
  }
  server.disconnect();
} finally {
  await ui.close();
}
