import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Page } from 'playwright-core';
import { afterAll, afterEach, beforeAll, describe, expect, inject, it } from 'vitest';
import { createSshTransport } from '../../src/transport/index.js';
import {
  closeDashboard,
  openDashboard,
  screenshotIfFailed,
  type Dashboard,
} from '../helpers/dashboard-browser.js';
import type { ServeProcess } from '../helpers/serve-process.js';
import { loginTarget } from './dev-cluster-info.js';

const env = {
  ...process.env,
  SLURMDECK_CONFIG: inject('configFile'),
  SLURMDECK_STATE_DIR: mkdtempSync(join(tmpdir(), 'slurmdeck-dashboard-')),
  SLURMDECK_LOG: 'warn',
};

let dashboard: Dashboard | undefined;
let serve: ServeProcess;
let page: Page;

beforeAll(async () => {
  dashboard = await openDashboard(env);
  ({ serve, page } = dashboard);
}, 60_000);

afterEach(async (context) => screenshotIfFailed(page, context.task));

afterAll(async () => {
  await closeDashboard(dashboard);
});

describe('the dashboard in headless Chromium', () => {
  it('opens the login link and shows the partitions and GPU counts the API reports', async () => {
    await page.goto(serve.loginUrl);
    expect(new URL(page.url()).pathname).toBe('/');
    const rows = page.locator('[data-testid="partitions"] tbody tr');
    await rows.first().waitFor({ timeout: 20_000 });
    const cookies = await page.context().cookies();
    const session = cookies.find((c) => c.name === 'slurmdeck_session');
    expect(session?.httpOnly).toBe(true);
    expect(session?.sameSite).toBe('Strict');
    const api = (await (
      await fetch(`${serve.url}/api/clusters/dev/status`, {
        headers: { cookie: `slurmdeck_session=${session?.value}` },
      })
    ).json()) as { partitions: Array<{ name: string; gpus: { idle: number; total: number } }> };
    const shown = await rows.evaluateAll((trs) =>
      trs.map((tr) => ({
        name: tr.getAttribute('data-partition'),
        gpus: tr.querySelector('[data-free-gpus]')?.textContent,
      })),
    );
    expect(shown).toEqual(
      api.partitions.map((p) => ({ name: p.name, gpus: `${p.gpus.idle}/${p.gpus.total}` })),
    );
    expect(await page.locator('.node').count()).toBeGreaterThan(0);
  });

  it('goes to the Queue page without reloading and lists every user on request', async () => {
    await page.getByRole('link', { name: 'Queue' }).click();
    expect(new URL(page.url()).pathname).toBe('/queue');
    await page.getByRole('button', { name: 'All users' }).click();
    await page
      .locator('main')
      .filter({ hasText: /No jobs|Job/ })
      .waitFor();
  });

  it('shows a job submitted elsewhere without reloading, with why it waits in plain words', async () => {
    const ssh = createSshTransport(loginTarget());
    try {
      const submitted = await ssh.exec([
        'sbatch',
        '--parsable',
        '--begin=now+1hour',
        '-p',
        'cpu',
        '-t',
        '1',
        '-J',
        'dashboard-live',
        '--wrap',
        'true',
      ]);
      const jobId = submitted.stdout.trim().split(';')[0] as string;
      expect(jobId).toMatch(/^\d+$/);
      try {
        const row = page.locator(`[data-testid="jobs"] tr[data-job="${jobId}"]`);
        await row.waitFor({ timeout: 20_000 });
        await expect.poll(() => row.textContent(), { timeout: 20_000 }).toMatch(/--begin/);
      } finally {
        await ssh.exec(['scancel', jobId]);
      }
    } finally {
      await ssh.close();
    }
  });

  it('switches to Chinese and keeps it after a reload', async () => {
    await page.getByRole('button', { name: '中文' }).click();
    await expect.poll(() => page.locator('header nav').textContent()).toContain('队列');
    await page.reload();
    await expect.poll(() => page.locator('header nav').textContent()).toContain('集群');
    await page.getByRole('button', { name: 'English' }).click();
  });
});
