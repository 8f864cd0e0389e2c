import { execFile } from 'node:child_process';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { afterAll, describe, expect, inject, it } from 'vitest';
import { createAuditLog } from '../../src/audit/index.js';
import { openDatabase } from '../../src/store/index.js';

const configFile = inject('configFile');
const cli = join(import.meta.dirname, '..', '..', 'dist', 'bin.js');
const run = promisify(execFile);
const stateDir = mkdtempSync(join(tmpdir(), 'slurmdeck-cli-audit-'));

/** The built CLI over real SSH, with a state database of its own to read the audit log from. */
async function slurmdeck(args: string[]): Promise<{ code: number; stdout: string }> {
  try {
    const { stdout } = await run('node', [cli, ...args], {
      env: { ...process.env, SLURMDECK_CONFIG: configFile, SLURMDECK_STATE_DIR: stateDir },
      timeout: 60_000,
    });
    return { code: 0, stdout };
  } catch (error) {
    const e = error as { code?: number; stdout?: string };
    return { code: typeof e.code === 'number' ? e.code : -1, stdout: e.stdout ?? '' };
  }
}

function audit() {
  const db = openDatabase({ file: join(stateDir, 'slurmdeck.db') });
  try {
    return createAuditLog(db).entries();
  } finally {
    db.close();
  }
}

const mine: string[] = [];
afterAll(async () => {
  if (mine.length) await slurmdeck(['cancel', ...mine, '--yes']);
});

describe('the CLI writes risky actions to the shared audit log', () => {
  it('audits a confirmed cancel, and nothing for a declined one', async () => {
    const submitted = await slurmdeck(['submit', '--wrap', 'sleep 300', '-p', 'cpu', '--json']);
    const { jobId } = JSON.parse(submitted.stdout) as { jobId: string };
    mine.push(jobId);
    expect((await slurmdeck(['cancel', jobId])).code).toBe(4);
    expect(audit().filter((e) => e.action === 'job.cancel')).toEqual([]);
    expect((await slurmdeck(['cancel', jobId, '--yes'])).code).toBe(0);
    mine.pop();
    expect(audit()[0]).toMatchObject({
      face: 'cli',
      action: 'job.cancel',
      cluster: 'dev',
      target: { jobIds: [jobId] },
      confirmedVia: 'yes-flag',
      outcome: 'done',
    });
  });

  it('audits a session stop', async () => {
    const started = await slurmdeck(['session', 'start', 'cli-audit', '-p', 'cpu', '-t', '5']);
    expect(started.code).toBe(0);
    const stopped = await slurmdeck(['session', 'stop', 'cli-audit', '--yes']);
    expect(stopped.code).toBe(0);
    expect(audit()[0]).toMatchObject({
      face: 'cli',
      action: 'session.stop',
      cluster: 'dev',
      target: { name: 'cli-audit' },
      confirmedVia: 'yes-flag',
      outcome: 'done',
    });
  }, 120_000);
});
