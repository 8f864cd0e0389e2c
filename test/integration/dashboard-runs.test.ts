import { chmodSync, mkdtempSync, writeFileSync } from 'node:fs';
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

const dir = mkdtempSync(join(tmpdir(), 'slurmdeck-dashboard-runs-'));
const env = {
  ...process.env,
  SLURMDECK_CONFIG: inject('configFile'),
  SLURMDECK_STATE_DIR: dir,
  SLURMDECK_LOG: 'warn',
};
const UID = 'a1b2c3d4e5f60718293a4b5c6d7e8f90';
const POINTS = 50_000;
// Under the dev cluster's root: shared with its login node, as a lab's shared storage is.
const shared = mkdtempSync(join(inject('devRoot'), 'test', 'run-files-'));
const KEPT = join(shared, 'epoch9.pt');
const GONE = join(shared, 'epoch1.pt');
let dashboard: Dashboard | undefined;
let page: Page;

beforeAll(async () => {
  const created = await runCli(['serve', 'token', 'create', 'trainer', '--role', 'operate'], env);
  expect(created.code, created.stderr).toBe(0);
  const token = created.stdout.trim();
  dashboard = await openDashboard(env);
  page = dashboard.page;
  const api = (path: string, body: unknown, type = 'application/json') =>
    fetch(`${dashboard?.serve.url}${path}`, {
      method: 'POST',
      headers: { authorization: `Bearer ${token}`, 'content-type': type },
      body: typeof body === 'string' ? body : JSON.stringify(body),
    });
  const start = await api('/api/tracker/runs', {
    run: UID,
    project: 'mnist',
    name: 'lr-sweep-1',
    config: { lr: 0.001, model: { depth: 4 } },
    cluster: 'dev',
  });
  expect(start.status, await start.text()).toBeLessThan(300);
  // One series of 50k points in one NDJSON batch: the chart gets it reduced to its width.
  const points = Array.from({ length: POINTS }, (_, s) => ({
    k: 'loss',
    s,
    v: 1 / (1 + s / 1000),
    t: 1_780_000_000 + s,
  }));
  const sent = await api(
    '/api/tracker/batches',
    `${JSON.stringify({ run: UID, seq: 1, points })}\n`,
    'application/x-ndjson',
  );
  expect(sent.status, await sent.text()).toBe(200);
  // Two checkpoints the run declared: one still there, one deleted since.
  chmodSync(shared, 0o755);
  writeFileSync(KEPT, Buffer.alloc(3 * 1024 * 1024));
  const files = [KEPT, GONE].map((path) => ({
    path,
    kind: 'checkpoint',
    size: 1,
    t: 1_780_000_000,
  }));
  const declared = await api('/api/tracker/batches', { run: UID, seq: 2, points: [], files });
  expect(declared.status, await declared.text()).toBe(200);
  await page.goto(dashboard.serve.loginUrl);
  await page.locator('[data-testid="partitions"] tbody tr').first().waitFor({ timeout: 20_000 });
}, 90_000);

afterEach(async (context) => screenshotIfFailed(page, context.task));
afterAll(async () => closeDashboard(dashboard));

describe('the Runs pages in headless Chromium', () => {
  it('lists the run, opens it, and draws its metric from points reduced to the chart width', async () => {
    await page.getByRole('link', { name: 'Runs' }).click();
    const row = page.locator('[data-testid="runs"] tbody tr', { hasText: 'lr-sweep-1' });
    await row.waitFor({ timeout: 10_000 });
    expect(await row.textContent()).toContain('mnist');
    await row.getByRole('link', { name: 'lr-sweep-1' }).click();
    expect(new URL(page.url()).pathname).toBe(`/runs/${UID}`);
    const chart = page.locator('[data-testid="chart-loss"] canvas');
    await chart.waitFor({ timeout: 10_000 });
    const caption = page
      .locator('figure', { has: page.locator('[data-testid="chart-loss"]') })
      .locator('figcaption');
    await expect.poll(() => caption.textContent()).toContain(`${POINTS} points`);
    expect(await caption.textContent()).toContain('reduced to the chart width');
    await page.getByText('Parameters').click();
    expect(await page.locator('pre').textContent()).toContain('"depth": 4');
  });

  it("lists the run's checkpoints and looks at them on the cluster's login node", async () => {
    const files = page.locator('[data-testid="run-files"]');
    const rows = files.locator('tbody tr');
    await expect.poll(() => rows.count()).toBe(2);
    expect(await rows.nth(1).textContent()).toContain('as declared');
    await files.getByRole('button', { name: 'Look now' }).click();
    await expect.poll(() => rows.nth(1).textContent()).toContain('3.0M');
    expect(await rows.nth(1).textContent()).toContain(KEPT);
    expect(await rows.nth(0).textContent()).toContain('gone');
  });
});
