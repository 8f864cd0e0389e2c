import { mkdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { chromium, type Browser, type Page } from 'playwright-core';
import { startServe, type ServeProcess } from './serve-process.js';

/** Where a failed dashboard test leaves its screenshot. */
export const SHOTS = join(tmpdir(), 'slurmdeck-dashboard-shots');

export interface Dashboard {
  serve: ServeProcess;
  browser: Browser;
  page: Page;
}

/** `slurmdeck serve` and a headless Chromium page (English) beside it; not logged in yet. */
export async function openDashboard(env: NodeJS.ProcessEnv): Promise<Dashboard> {
  const serve = await startServe(env);
  const browser = await chromium.launch({
    executablePath: '/usr/bin/chromium',
    args: ['--no-sandbox'],
  });
  return { serve, browser, page: await browser.newPage({ locale: 'en-US' }) };
}

/** For afterEach: a failed test leaves a full-page screenshot named after it, and says where. */
export async function screenshotIfFailed(
  page: Page | undefined,
  task: { name: string; result?: { state?: string } },
): Promise<void> {
  if (!page || task.result?.state !== 'fail') return;
  mkdirSync(SHOTS, { recursive: true });
  const file = join(SHOTS, `${task.name.replace(/\W+/g, '-')}.png`);
  await page.screenshot({ path: file, fullPage: true }).catch(() => undefined);
  process.stderr.write(`screenshot: ${file}\n`);
}

export async function closeDashboard(dashboard: Dashboard | undefined): Promise<void> {
  await dashboard?.browser.close();
  dashboard?.serve.child.kill('SIGTERM');
  await dashboard?.serve.exited;
}
