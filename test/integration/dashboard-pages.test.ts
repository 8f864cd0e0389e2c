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
import { startReceiver, type Receiver } from '../helpers/http-receiver.js';
import type { ServeProcess } from '../helpers/serve-process.js';
import { createSshTransport, type Transport } from '../../src/transport/index.js';
import { loginTarget } from './dev-cluster-info.js';

const dir = mkdtempSync(join(tmpdir(), 'slurmdeck-dashboard-pages-'));
const configFile = join(dir, 'config.yaml');
const env = {
  ...process.env,
  SLURMDECK_CONFIG: configFile,
  SLURMDECK_STATE_DIR: dir,
  SLURMDECK_LOG: 'warn',
};

let ssh: Transport;
const submitted: string[] = [];
let receiver: Receiver;
let flakyReceiver: Receiver;
let dashboard: Dashboard | undefined;
let serve: ServeProcess;
let page: Page;

beforeAll(async () => {
  // Two ntfy channels on real HTTP servers here: `ops` takes messages, `flaky` answers 503.
  receiver = await startReceiver();
  flakyReceiver = await startReceiver(() => ({ status: 503, body: 'try later' }));
  copyFileSync(inject('configFile'), configFile);
  appendFileSync(
    configFile,
    `notify:\n  defaultChannels: [ops]\n  channels:\n` +
      `    ops: "ntfy+http://${receiver.host}/ops"\n    flaky: "ntfy+http://${flakyReceiver.host}/flaky"\n`,
  );
  ssh = createSshTransport(loginTarget());
  dashboard = await openDashboard(env);
  ({ serve, page } = dashboard);
  await page.goto(serve.loginUrl);
  await page.locator('[data-testid="partitions"] tbody tr').first().waitFor({ timeout: 20_000 });
}, 60_000);

afterEach(async (context) => screenshotIfFailed(page, context.task));

afterAll(async () => {
  if (submitted.length) await ssh.exec(['scancel', ...submitted]).catch(() => undefined);
  await ssh?.close();
  await closeDashboard(dashboard);
  await receiver?.close();
  await flakyReceiver?.close();
});

describe('the Notifications and Audit pages in headless Chromium', () => {
  it('lists the channels, sends a test to each, and shows the outbox with attempts and the failure', async () => {
    await page.getByRole('link', { name: 'Notifications' }).click();
    expect(new URL(page.url()).pathname).toBe('/notifications');
    const channels = page.locator('[data-testid="channels"] tbody tr');
    await expect
      .poll(() => channels.evaluateAll((trs) => trs.map((tr) => tr.dataset['channel'])))
      .toEqual(['ops', 'flaky']);
    expect(await channels.first().textContent()).toContain('ntfy');

    // Keyboard only: focus the button and press Enter.
    await page.getByRole('button', { name: 'Send test: ops' }).focus();
    await page.keyboard.press('Enter');
    const result = page.locator('[data-testid="test-result"]');
    await expect
      .poll(() => result.textContent(), { timeout: 20_000 })
      .toContain('Test message delivered');
    expect(receiver.requests).toHaveLength(1);

    await page.getByRole('button', { name: 'Send test: flaky' }).click();
    await expect.poll(() => result.textContent(), { timeout: 20_000 }).toContain('not delivered');
    expect(flakyReceiver.requests).toHaveLength(1);
    // A test is tried once: it fails at once, with what the server answered; no retry is due.
    const flaky = page.locator('[data-testid="outbox"] tr[data-state="failed"]');
    await expect.poll(() => flaky.count()).toBe(1);
    const cells = await flaky.locator('td').allTextContents();
    expect(cells.slice(1, 3)).toEqual(['flaky', 'notify.test']);
    expect(cells[5]).toBe('1/1');
    expect(cells[6]).toBe('');
    expect(cells[7]).toContain('503');
    const sent = await page
      .locator('[data-testid="outbox"] tr[data-state="sent"] td')
      .allTextContents();
    expect(sent[1]).toBe('ops');
    expect(sent[7]).toBe(''); // nothing failed

    await page.getByRole('button', { name: '中文' }).click();
    await expect.poll(() => page.locator('main h1').textContent()).toBe('通知');
    expect(await page.locator('main h2').allTextContents()).toEqual(['通知渠道', '发件箱']);
    expect(await page.locator('header nav').textContent()).toContain('审计');
    await page.getByRole('button', { name: 'English' }).click();
  }, 60_000);

  it('shows the audit log newest first, filtered by action and actor', async () => {
    await page.goto(`${serve.url}/audit`);
    const rows = page.locator('[data-testid="audit"] tbody tr');
    await expect.poll(() => rows.count(), { timeout: 10_000 }).toBeGreaterThanOrEqual(2);
    const targets = await rows.locator('td:nth-child(6)').allTextContents();
    expect(targets.slice(0, 2)).toEqual(['channel flaky', 'channel ops']);
    await page.locator('select[name="action"]').selectOption('job.cancel');
    await page.locator('text=No audit entries match.').waitFor();
    await page.locator('select[name="action"]').selectOption('notify.test');
    await page.locator('input[name="actor"]').fill('browser');
    await page.keyboard.press('Enter');
    await expect.poll(() => rows.count()).toBe(2);
    expect(await rows.first().textContent()).toContain('http');
  }, 30_000);
});

/** A job submitted on the login node as the dashboard's own user. */
async function sbatch(name: string): Promise<string> {
  const argv = ['sbatch', '--parsable', '-p', 'cpu', '-t', '5', '-J', name, '--wrap', 'sleep 300'];
  const result = await ssh.exec(argv);
  const id = result.stdout.trim().split(';')[0] as string;
  expect(id, result.stderr).toMatch(/^\d+$/);
  submitted.push(id);
  return id;
}

/** Each job's state as squeue sees it; a job squeue no longer lists is absent. */
async function queueStates(ids: string[]): Promise<Record<string, string>> {
  const out = await ssh.exec(['squeue', '-h', '-t', 'all', '-j', ids.join(','), '-o', '%i %T']);
  return Object.fromEntries(
    out.stdout
      .trim()
      .split('\n')
      .filter(Boolean)
      .map((l) => l.split(' ')),
  );
}

describe('bulk cancel on the Queue page in headless Chromium', () => {
  it('cancels exactly the jobs selected with the keyboard, after showing that list', async () => {
    const [a, b, keep] = [
      await sbatch('bulk-a'),
      await sbatch('bulk-b'),
      await sbatch('bulk-keep'),
    ];
    await page.goto(`${serve.url}/queue`);
    const row = (id: string) => page.locator(`[data-testid="jobs"] tr[data-job="${id}"]`);
    await row(keep).waitFor({ timeout: 20_000 });
    await page.getByRole('checkbox', { name: `Select job ${a}` }).focus();
    await page.keyboard.press('Space');
    await page.getByRole('checkbox', { name: `Select job ${b}` }).focus();
    await page.keyboard.press('Space');
    const button = page.locator('[data-testid="cancel-selected"]');
    expect(await button.textContent()).toContain('(2)');
    await button.focus();
    await page.keyboard.press('Enter');
    const listed = page.locator('dialog[open] [data-testid="cancel-list"] li');
    await expect
      .poll(() => listed.evaluateAll((lis) => lis.map((li) => li.dataset['job']).sort()), {
        timeout: 20_000,
      })
      .toEqual([a, b].sort());
    await page.keyboard.press('Enter');
    await page.locator('dialog[open]').waitFor({ state: 'detached', timeout: 20_000 });
    await expect
      .poll(
        async () => {
          const states = await queueStates([a, b, keep]);
          return [states[a] ?? 'gone', states[b] ?? 'gone', states[keep]];
        },
        { timeout: 20_000, interval: 1000 },
      )
      .toEqual([
        expect.stringMatching(/CANCELLED|gone/),
        expect.stringMatching(/CANCELLED|gone/),
        expect.stringMatching(/PENDING|RUNNING/),
      ]);
    // The selection is gone with the jobs; the kept job can still be picked.
    await expect.poll(() => button.textContent()).toContain('(0)');
  }, 90_000);
});

describe('the Job page end report and resubmit with changes in headless Chromium', () => {
  it('shows CPU efficiency once the job ends, without a reload, then resubmits it edited through the confirmation', async () => {
    const argv = ['sbatch', '--parsable', '-p', 'cpu', '-t', '3', '-J', 'resub-src'];
    const first = await ssh.exec([...argv, '--wrap', 'echo first; sleep 3']);
    const id = first.stdout.trim();
    expect(id, first.stderr).toMatch(/^\d+$/);
    submitted.push(id);

    // Opened while the job waits or runs: the report arrives once accounting has its end.
    await page.goto(`${serve.url}/jobs/${id}`);
    const report = page.locator('[data-testid="end-report"]');
    await expect
      .poll(() => report.textContent({ timeout: 500 }).catch(() => ''), {
        timeout: 60_000,
        interval: 1000,
      })
      .toMatch(/CPU efficiency\d+(\.\d)?%/);
    expect(await page.locator('[data-testid="job-state"]').textContent()).toBe('COMPLETED');

    await page.getByRole('button', { name: 'Resubmit with changes' }).click();
    await page.waitForURL(/\/submit\?from=\d+$/);
    const form = page.locator('form.form');
    const wrap = form.locator('input[name="wrap"]');
    await expect.poll(() => wrap.inputValue(), { timeout: 20_000 }).toBe('echo first; sleep 3');
    expect(await form.locator('select[name="partition"]').inputValue()).toBe('cpu');
    expect(await form.locator('input[name="time"]').inputValue()).toBe('3:00');
    expect(await form.locator('input[name="jobName"]').inputValue()).toBe('resub-src');
    const workDir = (
      await ssh.exec(['scontrol', '-o', 'show', 'job', id]).then((r) => r.stdout)
    ).match(/WorkDir=(\S+)/)?.[1];
    expect(
      await page.locator('[data-testid="extra-options"] li[data-option="chdir"]').textContent(),
    ).toContain(`chdir = ${workDir}`);

    await wrap.fill('echo second');
    await form.locator('input[name="jobName"]').fill('resub-new');
    await form.getByRole('button', { name: 'Submit' }).click();
    const dialog = page.locator('dialog[open]');
    await expect.poll(() => dialog.textContent(), { timeout: 20_000 }).toContain('echo second');
    await page.keyboard.press('Enter');
    await page.waitForURL(/\/jobs\/\d+$/, { timeout: 20_000 });
    const next = /\/jobs\/(\d+)$/.exec(page.url())?.[1] as string;
    submitted.push(next);
    expect(next).not.toBe(id);
    const shown = (await ssh.exec(['scontrol', '-o', 'show', 'job', next])).stdout;
    expect(shown).toMatch(/JobName=resub-new /);
    expect(shown).toMatch(/Partition=cpu /);
    expect(shown).toMatch(/TimeLimit=00:03:00 /);
    expect(shown).toContain(`WorkDir=${workDir} `);
  }, 120_000);
});

describe('the outbox of a watched job in headless Chromium', () => {
  it('shows a job end its channel refused waiting for its next retry, with the failure', async () => {
    const id = await sbatch('outbox-retry');
    await page.goto(`${serve.url}/notifications`);
    const status = await page.evaluate(async (jobId) => {
      const res = await fetch('/api/clusters/dev/watch', {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ jobIds: [jobId], notify: ['flaky'] }),
      });
      return res.status;
    }, id);
    expect(status).toBeLessThan(300);
    await ssh.exec(['scancel', id]); // its end, now
    const row = page.locator('[data-testid="outbox"] tr[data-state="pending"]');
    await expect
      .poll(() => row.count(), { timeout: 90_000, interval: 1000 })
      .toBeGreaterThanOrEqual(1);
    await expect
      .poll(() => row.first().locator('td').allTextContents(), { timeout: 20_000 })
      .toEqual([
        expect.any(String),
        'flaky',
        'job.ended',
        `dev ${id}`,
        'pending',
        expect.stringMatching(/^[1-9]\d*\/\d+$/),
        expect.stringMatching(/\d/), // the next retry, a time
        expect.stringContaining('503'),
      ]);
  }, 150_000);
});
