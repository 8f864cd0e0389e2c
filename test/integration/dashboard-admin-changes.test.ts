import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Page } from 'playwright-core';
import { afterAll, afterEach, beforeAll, describe, expect, inject, it } from 'vitest';
import { stopMunged } from '../../src/devcluster/index.js';
import {
  closeDashboard,
  openDashboard,
  screenshotIfFailed,
  type Dashboard,
} from '../helpers/dashboard-browser.js';
import { waitResponding } from './admin-change-helpers.js';
import { devNode, slurmAsRoot, waitNodeBack } from './admin-dev-node.js';

const root = inject('devRoot');
const CONTROLLER = '10.77.0.2';
const NODE = 'n3';
const env = {
  ...process.env,
  SLURMDECK_CONFIG: inject('configFile'),
  // Short: the ssh control sockets live under it (a socket path has at most 108 bytes).
  SLURMDECK_STATE_DIR: mkdtempSync(join(tmpdir(), 'slurmdeck-dash-chg-')),
  SLURMDECK_LOG: 'warn',
};

let dashboard: Dashboard | undefined;
let page: Page;

const panel = () => page.locator('[data-testid="node-admin"]');

async function putBack(): Promise<void> {
  await devNode(root, NODE).restore(CONTROLLER);
  await waitNodeBack(root, NODE);
}

beforeAll(async () => {
  await putBack();
  dashboard = await openDashboard(env);
  page = dashboard.page;
  await page.goto(dashboard.serve.loginUrl);
  await page.locator('[data-testid="partitions"] tbody tr').first().waitFor({ timeout: 20_000 });
}, 120_000);

afterEach(async (context) => screenshotIfFailed(page, context.task));

afterAll(async () => {
  await closeDashboard(dashboard);
  await putBack();
}, 120_000);

describe('changing node administration in the node panel (headless Chromium, browser session: admin)', () => {
  it('munged stopped: Restart munge asks with the plan, restarts it, and shows the result row', async () => {
    await stopMunged(root, NODE);
    await page.getByRole('button', { name: `Manage ${NODE}`, exact: true }).click();
    await expect.poll(() => panel().locator('h2').textContent()).toContain(NODE);
    await panel().getByRole('button', { name: 'Restart munge', exact: true }).click();
    const dialog = page.locator('dialog[open]');
    await expect
      .poll(() => dialog.locator('[data-testid="confirm-summary"]').textContent(), {
        timeout: 30_000,
      })
      .toBe('Restart munged on 1 node(s) of cluster dev');
    expect(await dialog.locator('h2').textContent()).toBe('Restart munged on this node?');
    expect(await dialog.locator(`[data-node="${NODE}"]`).getAttribute('data-outcome')).toBe(
      'planned',
    );
    await page.keyboard.press('Enter');
    const row = panel().locator(`[data-testid="admin-change-result"] [data-node="${NODE}"]`);
    await expect.poll(() => row.getAttribute('data-outcome'), { timeout: 60_000 }).toBe('changed');
    expect(await row.textContent()).toMatch(
      /munged restarted; the controller's credential decodes/,
    );
    await waitResponding(root, NODE);
    // munged on the node works again: a job step authenticates there.
    expect(slurmAsRoot(root, ['srun', '-w', NODE, '-N', '1', 'hostname'])).toBe(NODE);

    // The same panel in Chinese.
    await page.getByRole('button', { name: '中文' }).click();
    for (const label of [
      '重启 munge',
      '重启 slurmd',
      '同步密钥',
      '同步配置',
      '自动修复',
      '初始化',
    ]) {
      expect(await panel().getByRole('button', { name: label, exact: true }).count(), label).toBe(
        1,
      );
    }
    await page.getByRole('button', { name: 'English' }).click();
  }, 120_000);
});
