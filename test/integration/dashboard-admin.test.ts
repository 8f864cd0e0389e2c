import { mkdtempSync } from 'node:fs';
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
import { devNode, slurmAsRoot, waitNodeBack } from './admin-dev-node.js';

const root = inject('devRoot');
const CONTROLLER = '10.77.0.2';
const env = {
  ...process.env,
  SLURMDECK_CONFIG: inject('configFile'),
  SLURMDECK_STATE_DIR: mkdtempSync(join(tmpdir(), 'slurmdeck-dashboard-admin-')),
  SLURMDECK_LOG: 'warn',
};

let dashboard: Dashboard | undefined;
let page: Page;

const slurmState = (node: string) =>
  slurmAsRoot(root, ['sinfo', '-h', '-n', node, '-o', '%T|%E']).split('\n')[0] ?? '';

async function putBack(node: string): Promise<void> {
  if (/drain|down/.test(slurmState(node))) {
    slurmAsRoot(root, ['scontrol', 'update', `nodename=${node}`, 'state=resume']);
  }
  await waitNodeBack(root, node);
}

beforeAll(async () => {
  await putBack('n2');
  await putBack('n3');
  dashboard = await openDashboard(env);
  page = dashboard.page;
  await page.goto(dashboard.serve.loginUrl);
  await page.locator('[data-testid="partitions"] tbody tr').first().waitFor({ timeout: 20_000 });
}, 120_000);

afterEach(async (context) => screenshotIfFailed(page, context.task));

afterAll(async () => {
  await closeDashboard(dashboard);
  await devNode(root, 'n3').restore(CONTROLLER);
  await putBack('n3');
  await putBack('n2');
}, 120_000);

const tile = (node: string) => page.locator('.node', { has: page.locator(`b:text-is("${node}")`) });
const panel = () => page.locator('[data-testid="node-admin"]');

/** Opens a node's admin panel from its tile in the grid. */
async function manage(node: string): Promise<void> {
  await page.getByRole('button', { name: `Manage ${node}`, exact: true }).click();
  await expect.poll(() => panel().locator('h2').textContent()).toContain(node);
}

describe('node administration on the Cluster page in headless Chromium (browser session: admin)', () => {
  it('diagnoses a healthy node, and shows a broken one with finding, evidence and fix', async () => {
    await manage('n2');
    await panel().getByRole('button', { name: 'Diagnose' }).click();
    await expect
      .poll(() => panel().locator('[data-testid="diagnosis"] [data-node="n2"]').textContent(), {
        timeout: 30_000,
      })
      .toBe('n2: healthy');

    const n3 = devNode(root, 'n3');
    n3.driftConf();
    await manage('n3');
    await panel().getByRole('button', { name: 'Diagnose' }).click();
    const finding = panel().locator('article[data-code="config_drift"]');
    await finding.waitFor({ timeout: 30_000 });
    const text = await finding.textContent();
    expect(text).toMatch(/n3: Error config_drift/);
    expect(text).toMatch(/differs from the controller's/);
    expect(text).toMatch(/Evidence.*checksum [0-9a-f]{12}… vs the controller's [0-9a-f]{12}…/);
    expect(text).toMatch(/Fix:.*scontrol reconfigure/);
    await n3.restore(CONTROLLER);
  }, 90_000);

  it('drains a node with a reason after the dialog, then resumes it: the grid follows', async () => {
    await manage('n2');
    await panel().getByLabel('Reason for draining').fill('browser test');
    await panel().getByRole('button', { name: 'Drain', exact: true }).click();
    const dialog = page.locator('dialog[open]');
    await expect
      .poll(() => dialog.locator('[data-testid="confirm-summary"]').textContent())
      .toMatch(/^Drain 1 node\(s\) on cluster dev with reason "slurmdeck: browser test"/);
    expect(slurmState('n2')).toBe('idle|none');
    await page.keyboard.press('Enter');
    await expect.poll(() => tile('n2').textContent(), { timeout: 20_000 }).toMatch(/drained/);
    expect(slurmState('n2')).toBe('drained|slurmdeck: browser test');
    expect(
      await panel()
        .locator('[data-testid="admin-result"] [data-node="n2"]')
        .getAttribute('data-outcome'),
    ).toBe('changed');

    await panel().getByRole('button', { name: 'Resume', exact: true }).click();
    await expect
      .poll(() => dialog.locator('[data-testid="confirm-summary"]').textContent())
      .toMatch(/^Resume 1 node\(s\) on cluster dev/);
    await page.keyboard.press('Enter');
    await expect.poll(() => tile('n2').textContent(), { timeout: 20_000 }).toMatch(/^n2idle /);
    expect(slurmState('n2')).toBe('idle|none');
  }, 90_000);

  it("leaves an admin's own drain alone until 'also an admin's own drain' is ticked", async () => {
    slurmAsRoot(root, ['scontrol', 'update', 'nodename=n2', 'state=drain', 'reason=rma 7']);
    await page.reload();
    await manage('n2');
    await panel().getByRole('button', { name: 'Resume', exact: true }).click();
    const nothing = panel().locator('[data-testid="admin-nothing"]');
    await expect
      .poll(() => nothing.textContent())
      .toMatch(/Nothing to do:.*their own reason "rma 7": left alone/);
    expect(await page.locator('dialog[open]').count()).toBe(0);
    expect(slurmState('n2')).toBe('drained|rma 7');
    await nothing.getByRole('button', { name: 'Back' }).click();

    await panel().getByLabel("also an admin's own drain").check();
    await panel().getByRole('button', { name: 'Resume', exact: true }).click();
    await expect
      .poll(() => page.locator('dialog[open] [data-testid="confirm-summary"]').textContent())
      .toMatch(/forced: admin drains too/);
    await page.keyboard.press('Enter');
    await expect.poll(() => tile('n2').textContent(), { timeout: 20_000 }).toMatch(/^n2idle /);
  }, 90_000);

  it('speaks Chinese too', async () => {
    await page.getByRole('button', { name: '中文' }).click();
    await page.getByRole('button', { name: '管理 n1', exact: true }).click();
    await expect.poll(() => panel().locator('h2').textContent()).toBe('管理节点 n1');
    expect(await panel().getByRole('button', { name: '诊断' }).count()).toBe(1);
    expect(await panel().getByLabel('排空原因').count()).toBe(1);
    await page.getByRole('button', { name: 'English' }).click();
  });
});
