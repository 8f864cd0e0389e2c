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
  SLURMDECK_STATE_DIR: mkdtempSync(join(tmpdir(), 'slurmdeck-dashboard-jobs-')),
  SLURMDECK_LOG: 'warn',
};
const submitted: string[] = [];

let dashboard: Dashboard | undefined;
let serve: ServeProcess;
let page: Page;

beforeAll(async () => {
  dashboard = await openDashboard(env);
  ({ serve, page } = dashboard);
  await page.goto(serve.loginUrl);
  await page.locator('[data-testid="partitions"] tbody tr').first().waitFor({ timeout: 20_000 });
  // Set once: still there at the end only if no page was reloaded on the way.
  await page.evaluate(() => Object.assign(globalThis, { sameDocument: true }));
}, 60_000);

afterEach(async (context) => screenshotIfFailed(page, context.task));

afterAll(async () => {
  if (submitted.length) {
    const ssh = createSshTransport(loginTarget());
    await ssh.exec(['scancel', ...submitted]).catch(() => undefined);
    await ssh.close();
  }
  await closeDashboard(dashboard);
});

/** Fills the Submit page, submits, confirms with Enter; returns the id of the job page it lands on. */
async function submitFromForm(name: string, command: string): Promise<string> {
  await page.getByRole('link', { name: 'Submit' }).click();
  const form = page.locator('form.form');
  await form.locator('select[name="partition"] option[value="cpu"]').waitFor({ state: 'attached' });
  await form.locator('select[name="partition"]').selectOption('cpu');
  await form.locator('input[name="time"]').fill('2');
  await form.locator('input[name="jobName"]').fill(name);
  await form.locator('input[name="wrap"]').fill(command);
  await form.getByRole('button', { name: 'Submit' }).click();
  const dialog = page.locator('dialog[open]');
  await expect.poll(() => dialog.textContent()).toContain(command);
  await page.keyboard.press('Enter');
  await page.waitForURL(/\/jobs\/\d+$/, { timeout: 20_000 });
  const id = /\/jobs\/(\d+)$/.exec(page.url())?.[1] as string;
  submitted.push(id);
  await expect.poll(() => page.locator('h1').textContent()).toContain(id);
  return id;
}

const shownState = () => page.locator('[data-testid="job-state"]').textContent();

describe('jobs from the dashboard in headless Chromium', () => {
  it('dry runs, submits after confirming, and follows the job to COMPLETED without reloading', async () => {
    await page.getByRole('link', { name: 'Submit' }).click();
    expect(new URL(page.url()).pathname).toBe('/submit');
    const form = page.locator('form.form');
    await form
      .locator('select[name="partition"] option[value="cpu"]')
      .waitFor({ state: 'attached' });
    await form.locator('select[name="partition"]').selectOption('cpu');
    await form.locator('input[name="wrap"]').fill('sleep 20; echo done');
    // The API's refusal is shown beside the form, with its code and what to fix.
    await form.locator('input[name="cpus"]').fill('0');
    await form.getByRole('button', { name: 'Dry run' }).click();
    const refusal = page.locator('[data-testid="submit-error"]');
    await expect.poll(() => refusal.textContent()).toMatch(/INVALID_ARGUMENT.*cpusPerTask.*Fix/);
    await form.locator('input[name="cpus"]').fill('');
    await form.getByRole('button', { name: 'Dry run' }).click();
    await refusal.waitFor({ state: 'detached' });
    const dryRun = page.locator('[data-testid="dry-run"]');
    await expect.poll(() => dryRun.textContent(), { timeout: 20_000 }).toMatch(/Would start.*cpu/);

    const id = await submitFromForm('dash-submit', 'sleep 20; echo done');
    await expect.poll(shownState, { timeout: 20_000 }).toMatch(/^(PENDING|RUNNING)$/);
    await expect.poll(shownState, { timeout: 60_000, interval: 1000 }).toBe('COMPLETED');
    const timeline = await page.locator('[data-testid="timeline"]').textContent();
    expect(timeline).toContain('Submitted');
    expect(timeline).toContain('Finished');
    await page.locator('[data-testid="end-report"]').waitFor();
    // The live log tail, read from the job's output route.
    await expect
      .poll(() => page.locator('main pre').last().textContent(), { timeout: 10_000 })
      .toMatch(/^done$/m);
    expect(await page.evaluate(() => 'sameDocument' in globalThis)).toBe(true);
    expect(id).toMatch(/^\d+$/);
  }, 90_000);

  it('cancels a job through the confirmation dialog on its page (Escape closes it first)', async () => {
    const id = await submitFromForm('dash-cancel', 'sleep 300');
    const cancel = page.getByRole('button', { name: 'Cancel job' });
    await cancel.click();
    const dialog = page.locator('dialog[open]');
    await expect.poll(() => dialog.textContent(), { timeout: 20_000 }).toContain(id);
    await page.keyboard.press('Escape');
    await dialog.waitFor({ state: 'detached' });
    await cancel.click();
    await expect.poll(() => dialog.textContent(), { timeout: 20_000 }).toContain(id);
    await dialog.getByRole('button', { name: 'Cancel job' }).click();
    await expect.poll(shownState, { timeout: 30_000, interval: 1000 }).toBe('CANCELLED');
    expect(await page.evaluate(() => 'sameDocument' in globalThis)).toBe(true);
  }, 60_000);
});
