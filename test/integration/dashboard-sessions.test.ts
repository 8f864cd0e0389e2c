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
import { runCli } from '../helpers/run-cli.js';
import type { ServeProcess } from '../helpers/serve-process.js';

const env = {
  ...process.env,
  SLURMDECK_CONFIG: inject('configFile'),
  SLURMDECK_STATE_DIR: mkdtempSync(join(tmpdir(), 'slurmdeck-dashboard-sessions-')),
  SLURMDECK_LOG: 'warn',
};
const SESSION = 'dash-term';

let dashboard: Dashboard | undefined;
let serve: ServeProcess;
let page: Page;
let token: string;
let sessionLeft = false;
const refused: string[] = [];

async function confirmed(path: string, body: Record<string, unknown>) {
  const call = async (payload: unknown) => {
    const res = await fetch(`${serve.url}${path}`, {
      method: 'POST',
      headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
      body: JSON.stringify(payload),
    });
    return { status: res.status, body: (await res.json()) as Record<string, unknown> };
  };
  const asked = await call(body);
  return call({ ...body, confirmToken: asked.body['confirmToken'] });
}

beforeAll(async () => {
  dashboard = await openDashboard(env);
  ({ serve, page } = dashboard);
  // Whatever the page's Content-Security-Policy blocks (xterm.js styles its screen) shows here.
  page.on('console', (message) => {
    if (/Content Security Policy|Refused to/i.test(message.text())) refused.push(message.text());
  });
  const created = await runCli(['serve', 'token', 'create', 'starter', '--role', 'operate'], env);
  expect(created.code, created.stderr).toBe(0);
  token = created.stdout.trim();
  const started = await confirmed('/api/clusters/dev/sessions', {
    name: SESSION,
    partition: 'cpu',
    time: '10',
  });
  expect(started.status, JSON.stringify(started.body)).toBe(201);
  sessionLeft = true;
}, 120_000);

afterEach(async (context) => screenshotIfFailed(page, context.task));

afterAll(async () => {
  if (sessionLeft) {
    await confirmed(`/api/clusters/dev/sessions/${SESSION}/stop`, {}).catch(() => undefined);
  }
  await closeDashboard(dashboard);
}, 60_000);

describe('the Sessions page in headless Chromium', () => {
  it('lists the session, opens it, and runs a command in its live terminal', async () => {
    await page.goto(serve.loginUrl);
    await page.getByRole('link', { name: 'Sessions' }).click();
    expect(new URL(page.url()).pathname).toBe('/sessions');
    const row = page.locator(`[data-testid="sessions"] tr[data-session="${SESSION}"]`);
    await row.waitFor({ timeout: 20_000 });
    expect(await row.locator('[data-phase]').getAttribute('data-phase')).toMatch(
      /connecting|queued|allocated|starting|ready/,
    );
    await row.getByRole('link', { name: SESSION }).click();
    expect(new URL(page.url()).pathname).toBe(`/sessions/${SESSION}`);
    // The page follows the session's phase by itself until its shell is ready.
    await expect
      .poll(() => page.getByTestId('session-phase').textContent(), { timeout: 90_000 })
      .toBe('ready');
    await expect
      .poll(() => page.locator('[data-testid="session-timeline"] li').count())
      .toBeGreaterThan(1);

    await page.getByTestId('open-terminal').click();
    await expect
      .poll(() => page.getByTestId('terminal-state').textContent(), { timeout: 20_000 })
      .toContain('attached');
    await page.keyboard.type('X=kept-$((2*3)); echo "=$((6*7))="');
    await page.keyboard.press('Enter');
    const screen = page.locator('[data-testid="terminal"] .xterm-rows');
    await expect.poll(() => screen.textContent(), { timeout: 20_000 }).toContain('=42=');
    // Ctrl+] hands the keyboard back to the page, onto the button that closes the terminal.
    await page.keyboard.press('Control+BracketRight');
    const closeButton = page.getByRole('button', { name: 'Close terminal' });
    await expect.poll(() => closeButton.evaluate((el) => el.matches(':focus'))).toBe(true);
    await page.keyboard.press('Enter');
    await page.getByTestId('open-terminal').waitFor();

    // Closing only detached: a new terminal finds the same shell.
    await page.getByTestId('open-terminal').click();
    await expect
      .poll(() => page.getByTestId('terminal-state').textContent(), { timeout: 20_000 })
      .toContain('attached');
    await page.keyboard.type('echo "<$X>"');
    await page.keyboard.press('Enter');
    await expect.poll(() => screen.textContent(), { timeout: 20_000 }).toContain('<kept-6>');
    expect(refused).toEqual([]);
  }, 180_000);

  it('runs a command from the command box, shows it in the output, and stops after confirmation', async () => {
    const input = page.getByTestId('command-input');
    await input.fill('echo box-$((2+3))');
    await input.press('Enter');
    await expect
      .poll(() => page.getByTestId('command-result').textContent(), { timeout: 30_000 })
      .toContain('box-5');
    expect(await page.getByTestId('command-exit').textContent()).toContain('0');
    await expect
      .poll(() => page.getByTestId('session-output').textContent(), { timeout: 30_000 })
      .toContain('box-5');

    await page.getByRole('button', { name: 'Stop session' }).click();
    const dialog = page.locator('dialog[open]');
    await expect.poll(() => dialog.textContent()).toContain(`session "${SESSION}"`);
    await page.keyboard.press('Enter');
    await expect
      .poll(() => page.getByTestId('session-phase').textContent(), { timeout: 30_000 })
      .toBe('ended');
    sessionLeft = false;
  }, 120_000);
});
