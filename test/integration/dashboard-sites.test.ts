import { appendFileSync, copyFileSync, mkdtempSync } from 'node:fs';
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

const dir = mkdtempSync(join(tmpdir(), 'slurmdeck-dashboard-sites-'));
const configFile = join(dir, 'config.yaml');
const env = {
  ...process.env,
  SLURMDECK_CONFIG: configFile,
  SLURMDECK_STATE_DIR: dir,
  SLURMDECK_LOG: 'warn',
};
let dashboard: Dashboard | undefined;
let page: Page;

beforeAll(async () => {
  copyFileSync(inject('configFile'), configFile);
  appendFileSync(configFile, 'sites:\n  sjtu: { user: alice }\n');
  dashboard = await openDashboard(env);
  page = dashboard.page;
  await page.goto(dashboard.serve.loginUrl);
  await page.locator('[data-testid="partitions"] tbody tr').first().waitFor({ timeout: 20_000 });
}, 60_000);

afterEach(async (context) => screenshotIfFailed(page, context.task));
afterAll(async () => closeDashboard(dashboard));

describe('the Sites page in headless Chromium', () => {
  it('shows the site’s groups and routes a partition and a path to the right node', async () => {
    await page.getByRole('link', { name: 'Sites' }).click();
    expect(new URL(page.url()).pathname).toBe('/sites');
    await expect
      .poll(() => page.getByRole('cell', { name: 'sylogin.hpc.sjtu.edu.cn' }).count())
      .toBeGreaterThan(0);
    const what = page.getByRole('textbox', { name: 'A partition, or a path on the cluster' });
    await what.fill('a100');
    await page.getByRole('button', { name: 'Route' }).click();
    const answer = page.locator('[data-testid="route-answer"]');
    await expect.poll(() => answer.textContent()).toContain('sylogin.hpc.sjtu.edu.cn');
    expect(await answer.textContent()).toContain('partition a100 belongs to group sy');
    await what.fill('/archive/home/acct/u');
    await page.getByRole('button', { name: 'Route' }).click();
    await expect.poll(() => answer.textContent()).toContain('is on pool archive');
    expect(await page.locator('[data-testid="copies"], p.muted').first().count()).toBe(1);
  });
});
