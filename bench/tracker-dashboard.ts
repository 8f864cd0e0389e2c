import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { chromium, type Page, type Request } from 'playwright-core';
import { createLogger } from '../src/core/logger.js';
import { openTokenStore, startServer } from '../src/server/index.js';

const RUNS = 100;
const KEYS = ['loss', 'acc', 'lr', 'grad_norm', 'sys/gpu0/util'];
const POINTS_PER_SERIES = Number(process.env['BENCH_COMPARE_POINTS'] ?? 10_000);
const BIG = Number(process.env['BENCH_POINTS'] ?? 1_000_000);
const TRIES = 3;
const DASHBOARD = join(import.meta.dirname, '..', 'dist', 'web');
const T0 = 1_780_000_000;

const median = (values: number[]) =>
  [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)] as number;

function curve(key: string, run: number, s: number): number {
  const noise = Math.sin(s * 12.9898 + run * 78.233) * 0.02;
  if (key === 'acc') return 1 - 1 / (1 + s / (200 + run)) + noise;
  if (key === 'lr') return 0.001 * (1 + run / RUNS) * Math.cos((s / POINTS_PER_SERIES) * 1.5);
  return 1 / (1 + s / (100 + run * 3)) + Math.abs(noise);
}

interface Measure {
  /** From navigation to every chart drawn with every run's line. */
  drawnMs: number;
  /** Chromium's first contentful paint of the page. */
  fcpMs: number;
  /** Bytes of the series answers the page read. */
  bytes: number;
}

/**
 * One page load, timed until every chart box says it drew `lines` lines. `naive` drops the
 * width and the packed encoding from the series requests: the same page fetches every raw point
 * as JSON numbers, and draws them.
 */
async function measure(
  page: Page,
  url: string,
  charts: number,
  lines: number,
  naive: boolean,
): Promise<Measure> {
  await page.unroute('**/api/tracker/series?**');
  if (naive) {
    await page.route('**/api/tracker/series?**', (route) => {
      const raw = new URL(route.request().url());
      raw.searchParams.delete('width');
      raw.searchParams.delete('encoding');
      return route.continue({ url: raw.toString() });
    });
  }
  const sizes: Array<Promise<number>> = [];
  const count = (request: Request) => {
    if (request.url().includes('/api/tracker/series')) {
      sizes.push(
        request.sizes().then(
          (size) => size.responseBodySize,
          () => 0,
        ),
      );
    }
  };
  page.on('requestfinished', count);
  await page.goto('about:blank');
  const start = Date.now();
  await page.goto(url);
  // Runs in the page: a string, as the bench is compiled without the DOM's types.
  await page.waitForFunction(
    `[...document.querySelectorAll('.chart-box')].filter((b) => b.dataset.state === 'drawn' && Number(b.dataset.series) === ${lines}).length >= ${charts}`,
    null,
    { timeout: 300_000, polling: 20 },
  );
  const drawnMs = Date.now() - start;
  const fcpMs = (await page.evaluate(
    `performance.getEntriesByName('first-contentful-paint')[0]?.startTime ?? -1`,
  )) as number;
  page.off('requestfinished', count);
  const bytes = (await Promise.all(sizes)).reduce((a, b) => a + b, 0);
  return { drawnMs, fcpMs, bytes };
}

async function compareSides(page: Page, title: string, url: string, charts: number, lines: number) {
  const ours: Measure[] = [];
  const naive: Measure[] = [];
  for (let i = 0; i < TRIES; i++) {
    ours.push(await measure(page, url, charts, lines, false));
    naive.push(await measure(page, url, charts, lines, true));
  }
  const o = median(ours.map((m) => m.drawnMs));
  const n = median(naive.map((m) => m.drawnMs));
  const mb = (bytes: number) => `${(bytes / 1e6).toFixed(1)} MB`;
  console.log(`\n${title} (median of ${TRIES}, Chromium headless):`);
  // The server's M4, and MinMaxLTTB (one point a pixel) a line when more than 10 are overlaid.
  console.log(
    `  ours: downsampled at the chart width   drawn in ${o} ms, first paint ${Math.round(median(ours.map((m) => m.fcpMs)))} ms, ${mb(ours[0]?.bytes ?? 0)} of series`,
  );
  console.log(
    `  naive: every raw point as JSON         drawn in ${n} ms, first paint ${Math.round(median(naive.map((m) => m.fcpMs)))} ms, ${mb(naive[0]?.bytes ?? 0)} of series`,
  );
  console.log(`  ratio ${(n / o).toFixed(1)}x faster`);
  return o;
}

/**
 * `npm run bench -- tracker-dashboard`: the compare page of 100 runs x 5 metrics (target: drawn
 * within 1 s) and a run page with a 1M-point series, each beside the naive way (the same page
 * fetching every raw point), in headless Chromium against a real server.
 */
export async function benchTrackerDashboard(): Promise<void> {
  const dir = mkdtempSync(join(tmpdir(), 'slurmdeck-bench-dashboard-'));
  process.env['SLURMDECK_STATE_DIR'] = dir;
  const configFile = join(dir, 'config.yaml');
  // No cluster: the pages measured read only the tracker.
  writeFileSync(configFile, 'clusters: {}\n');
  const tokens = openTokenStore(join(dir, 'slurmdeck.db'));
  const token = tokens.create('bench', 'operate');
  tokens.close();
  const server = await startServer({
    configFile,
    port: 0,
    log: createLogger('warn'),
    dashboardDir: DASHBOARD, // run from src by tsx: the built dashboard is in dist/web
  });
  const headers = { authorization: `Bearer ${token}` };
  const post = async (path: string, body: string, type = 'application/json') => {
    const res = await fetch(`${server.url}${path}`, {
      method: 'POST',
      headers: { ...headers, 'content-type': type },
      body,
    });
    if (res.status >= 300) throw new Error(`${path}: ${res.status} ${await res.text()}`);
    await res.arrayBuffer();
  };
  const browser = await chromium.launch({
    executablePath: '/usr/bin/chromium',
    args: ['--no-sandbox'],
  });
  try {
    const uids = Array.from({ length: RUNS }, (_, i) => `cmp${String(i).padStart(3, '0')}`);
    for (const [i, uid] of uids.entries()) {
      const config = { optimizer: { lr: 0.001 * (1 + (i % 10)), name: 'adam' }, seed: i % 3 };
      await post('/api/tracker/runs', JSON.stringify({ run: uid, project: 'bench', config }));
      const points = KEYS.flatMap((k) =>
        Array.from({ length: POINTS_PER_SERIES }, (_, s) => ({
          k,
          s,
          v: curve(k, i, s),
          t: T0 + s,
        })),
      );
      await post(
        '/api/tracker/batches',
        JSON.stringify({ run: uid, seq: 1, points }),
        'application/x-ndjson',
      );
    }
    await post('/api/tracker/runs', JSON.stringify({ run: 'big', project: 'bench' }));
    for (let seq = 1, from = 0; from < BIG; seq++, from += 10_000) {
      const points = Array.from({ length: Math.min(10_000, BIG - from) }, (_, i) => ({
        k: 'loss',
        s: from + i,
        v: curve('loss', 0, from + i) + (i === 5000 && seq % 17 === 0 ? 3 : 0),
        t: T0 + from + i,
      }));
      await post(
        '/api/tracker/batches',
        JSON.stringify({ run: 'big', seq, points }),
        'application/x-ndjson',
      );
    }
    console.log(
      `${RUNS} runs x ${KEYS.length} metrics x ${POINTS_PER_SERIES} points, and one series of ${BIG.toLocaleString('en')} points`,
    );

    const context = await browser.newContext({
      bypassCSP: true,
      viewport: { width: 1280, height: 900 },
    });
    const page = await context.newPage();
    await page.goto(server.loginUrl);
    const origin = new URL(server.loginUrl).origin;
    const compare = await compareSides(
      page,
      `compare page, ${RUNS} runs x ${KEYS.length} metrics`,
      `${origin}/runs/compare?ids=${uids.join(',')}`,
      KEYS.length,
      RUNS,
    );
    console.log(`  target: drawn within 1000 ms -> ${compare <= 1000 ? 'met' : 'NOT met'}`);
    await compareSides(
      page,
      `run page, one ${BIG.toLocaleString('en')}-point series`,
      `${origin}/runs/big`,
      1,
      1,
    );
  } finally {
    await browser.close();
    await server.close();
  }
}
