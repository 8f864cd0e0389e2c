import {
  appendFileSync,
  chmodSync,
  copyFileSync,
  mkdirSync,
  mkdtempSync,
  readFileSync,
  writeFileSync,
} from 'node:fs';
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

  it('starts a copy after the confirmation, and shows it to the end', async () => {
    // The dev cluster's hosts share this machine's /tmp: the login host copies what we wrote.
    const scratch = mkdtempSync('/tmp/sdeck-dash-copy-');
    chmodSync(scratch, 0o777);
    mkdirSync(join(scratch, 'src'), { mode: 0o777 });
    writeFileSync(join(scratch, 'src', 'data.txt'), 'from the dashboard');
    chmodSync(join(scratch, 'src', 'data.txt'), 0o666);
    await page.getByRole('link', { name: 'Sites' }).click();
    await page.getByRole('combobox', { name: 'Site' }).last().selectOption('');
    await page
      .getByRole('textbox', { name: 'Copy from (a path on the cluster)' })
      .fill(`${scratch}/src/`);
    await page.getByRole('textbox', { name: /^To / }).fill(`${scratch}/dst/`);
    await page.getByRole('button', { name: 'Copy', exact: true }).click();
    const summary = page.locator('[data-testid="confirm-summary"]');
    await expect.poll(() => summary.textContent()).toContain(`to ${scratch}/dst/ with rsync`);
    await page.getByRole('button', { name: 'Start the copy' }).click();
    const started = page.getByRole('status').filter({ hasText: 'Copy started' });
    await expect.poll(() => started.textContent()).toMatch(/Copy started: [0-9a-f]{8}/);
    const id = /([0-9a-f]{8})/.exec((await started.textContent()) ?? '')?.[1] as string;
    const row = page.locator('[data-testid="copies"] tr', { hasText: id });
    await expect.poll(() => row.textContent(), { timeout: 20_000 }).toContain('done');
    expect(readFileSync(join(scratch, 'dst', 'data.txt'), 'utf8')).toBe('from the dashboard');
  });
});
