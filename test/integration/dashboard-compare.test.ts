import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Page } from 'playwright-core';
import { afterAll, afterEach, beforeAll, describe, expect, inject, it } from 'vitest';
import {
  closeDashboard,
  openDashboard,
  screenshotIfFailed,
  type Dashboard,
} from '../helpers/dashboard-browser.js';
import { runCli } from '../helpers/run-cli.js';

const dir = mkdtempSync(join(tmpdir(), 'slurmdeck-dashboard-compare-'));
const env = {
  ...process.env,
  SLURMDECK_CONFIG: inject('configFile'),
  SLURMDECK_STATE_DIR: dir,
  SLURMDECK_LOG: 'warn',
};
const POINTS = 20_000;
const RUNS = [
  { uid: 'c0000000000000000000000000000001', name: 'sweep-a', lr: 0.1 },
  { uid: 'c0000000000000000000000000000002', name: 'sweep-b', lr: 0.01 },
  { uid: 'c0000000000000000000000000000003', name: 'sweep-c', lr: 0.001 },
];
let dashboard: Dashboard | undefined;
let page: Page;
let api: (path: string, body: unknown, type?: string) => Promise<Response>;

const points = (key: string, from: number, count: number, shift: number) =>
  Array.from({ length: count }, (_, i) => ({
    k: key,
    s: from + i,
    // A spike every 1,000 steps: the extremes M4 must keep.
    v: 1 / (1 + (from + i) / 500) + shift + ((from + i) % 1000 === 0 ? 1 : 0),
    t: 1_780_000_000 + from + i,
  }));

/** A packed series line (uint32 steps) read back. */
const stepsOf = (line: { steps32?: string }) => {
  const bytes = Buffer.from(line.steps32 ?? '', 'base64');
  return Array.from(new Uint32Array(bytes.buffer, bytes.byteOffset, bytes.byteLength / 4));
};

beforeAll(async () => {
  const created = await runCli(['serve', 'token', 'create', 'trainer', '--role', 'operate'], env);
  expect(created.code, created.stderr).toBe(0);
  const token = created.stdout.trim();
  dashboard = await openDashboard(env);
  page = dashboard.page;
  api = (path, body, type = 'application/json') =>
    fetch(`${dashboard?.serve.url}${path}`, {
      method: 'POST',
      headers: { authorization: `Bearer ${token}`, 'content-type': type },
      body: typeof body === 'string' ? body : JSON.stringify(body),
    });
  for (const [i, run] of RUNS.entries()) {
    const start = await api('/api/tracker/runs', {
      run: run.uid,
      project: 'cifar',
      name: run.name,
      config: { optimizer: { lr: run.lr, name: 'adam' }, seed: 7 },
    });
    expect(start.status, await start.text()).toBeLessThan(300);
    const body = [
      { run: run.uid, seq: 1, points: points('loss', 0, POINTS, i / 10) },
      { run: run.uid, seq: 2, points: points('acc', 0, 500, -i / 10) },
    ]
      .map((b) => JSON.stringify(b))
      .join('\n');
    const sent = await api('/api/tracker/batches', body, 'application/x-ndjson');
    expect(sent.status, await sent.text()).toBe(200);
  }
  await page.goto(dashboard.serve.loginUrl);
  await page.locator('[data-testid="partitions"] tbody tr').first().waitFor({ timeout: 20_000 });
}, 90_000);

afterEach(async (context) => screenshotIfFailed(page, context.task));
afterAll(async () => closeDashboard(dashboard));

describe('the compare page and charts in headless Chromium', () => {
  it('filters the runs table on the server, and compares the runs picked in it', async () => {
    await page.getByRole('link', { name: 'Runs' }).click();
    const rows = page.locator('[data-testid="runs"] tbody tr[data-run]');
    await expect.poll(() => rows.count(), { timeout: 10_000 }).toBe(3);
    await page.getByLabel('Filter').fill('params.optimizer.lr>=0.01');
    await page.getByLabel('Filter').press('Enter');
    await expect.poll(() => rows.count()).toBe(2);
    await page.getByLabel('Filter').fill('');
    await page.getByLabel('Filter').press('Enter');
    await expect.poll(() => rows.count()).toBe(3);
    for (const run of RUNS) await page.getByLabel(`Select run ${run.name}`).check();
    await page.getByTestId('compare-selected').click();
    expect(new URL(page.url()).pathname).toBe('/runs/compare');

    const diff = page.locator('[data-testid="params-diff"]');
    await diff.waitFor({ timeout: 10_000 });
    const lr = diff.locator('tbody tr', { hasText: 'optimizer.lr' });
    expect(await lr.getAttribute('class')).toBe('differs');
    expect(await lr.textContent()).toContain('0.001');
    expect(await diff.locator('tbody tr', { hasText: 'seed' }).getAttribute('class')).toBeNull();
    expect(await diff.locator('tbody tr.differs').count()).toBe(1);

    for (const key of ['loss', 'acc']) {
      const box = page.locator(`[data-testid="chart-${key}"][data-state="drawn"]`);
      await box.waitFor({ timeout: 15_000 });
      expect(await box.getAttribute('data-series')).toBe('3');
      expect(await box.locator('canvas').count()).toBe(1);
      // uPlot's legend: the step series and one entry per run
      const legend = await box.locator('.u-legend .u-series').allTextContents();
      expect(legend.filter((text) => /sweep-[abc]/.test(text))).toHaveLength(3);
    }
    const caption = page
      .locator('figure', { has: page.locator('[data-testid="chart-loss"]') })
      .locator('figcaption');
    expect(await caption.textContent()).toContain(`${POINTS * 3} points`);
  });

  it('asks the server for finer points of the step range dragged across', async () => {
    const uid = RUNS[0]?.uid as string;
    const whole = page.waitForResponse((res) =>
      /\/api\/tracker\/series\?.*key=loss/.test(res.url()),
    );
    await page.goto(`${dashboard?.serve.url}/runs/${uid}`);
    const before = (await (await whole).json()) as { series: Array<{ steps32?: string }> };
    const box = page.locator('[data-testid="chart-loss"][data-state="drawn"]');
    await box.waitFor({ timeout: 15_000 });
    const over = (await page.locator('[data-testid="chart-loss"] .u-over').boundingBox()) as {
      x: number;
      y: number;
      width: number;
    };
    const zoomed = page.waitForResponse((res) => /\/api\/tracker\/series\?.*from=/.test(res.url()));
    await page.mouse.move(over.x + over.width * 0.4, over.y + 40);
    await page.mouse.down();
    await page.mouse.move(over.x + over.width * 0.45, over.y + 60, { steps: 5 });
    await page.mouse.up();
    const answer = await zoomed;
    const url = new URL(answer.url());
    const from = Number(url.searchParams.get('from'));
    const to = Number(url.searchParams.get('to'));
    expect(from).toBeGreaterThan(POINTS * 0.3);
    expect(to).toBeLessThan(POINTS * 0.55);
    const inside = (steps: number[]) => steps.filter((s) => s >= from && s <= to).length;
    const fine = (await answer.json()) as { series: Array<{ steps32?: string }> };
    const coarse = inside(stepsOf(before.series[0] ?? {}));
    // Every point of the range now (it fits the width), far more than the whole view had there
    expect(inside(stepsOf(fine.series[0] ?? {}))).toBe(to - from + 1);
    expect(to - from + 1).toBeGreaterThan(coarse * 2);
    await expect.poll(() => box.getAttribute('data-range')).toBe(`${from}-${to}`);
    await page.getByTestId('unzoom-loss').click();
    await expect.poll(() => box.getAttribute('data-range')).toBe('');
  });

  it('draws new points while the run is running, from the event stream', async () => {
    const uid = RUNS[1]?.uid as string;
    await page.goto(`${dashboard?.serve.url}/runs/${uid}`);
    const caption = page
      .locator('figure', { has: page.locator('[data-testid="chart-acc"]') })
      .locator('figcaption');
    await expect.poll(() => caption.textContent(), { timeout: 15_000 }).toContain('500 points');
    const sent = await api('/api/tracker/batches', {
      run: uid,
      seq: 3,
      points: points('acc', 500, 250, 0),
    });
    expect(sent.status).toBe(200);
    await expect.poll(() => caption.textContent(), { timeout: 10_000 }).toContain('750 points');
  });

  it("downloads a metric's points as CSV from the run page", async () => {
    const uid = RUNS[2]?.uid as string;
    await page.goto(`${dashboard?.serve.url}/runs/${uid}`);
    const link = page.getByTestId('csv-acc');
    await link.waitFor({ timeout: 10_000 });
    const [download] = await Promise.all([page.waitForEvent('download'), link.click()]);
    expect(download.suggestedFilename()).toBe('sweep-c-acc.csv');
    const lines = readFileSync((await download.path()) as string, 'utf8')
      .trim()
      .split('\n');
    expect(lines[0]).toBe('run,key,step,value,wall_time');
    expect(lines).toHaveLength(501);
    expect(lines[1]).toBe(`${uid},acc,0,1.8,1780000000`);
  });
});
