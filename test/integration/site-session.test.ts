import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { TMUX_SOCKET } from '../../src/sessions/names.js';
import { runCli } from '../helpers/run-cli.js';
import { devSite, devSiteEnv, plainSsh } from './dev-site.js';

// An account of group east: every command goes to the second login host, where Slurm exists
// only after `module load slurm` (the site profile's slurmSetup).
const site = devSite();
const env = devSiteEnv(inject('configFile'), 'east');
const slurmdeck = (args: string[]) => runCli(['--site', site.name, ...args], env, 90_000);
const json = async <T>(args: string[]): Promise<T> => {
  // --json goes before `--`: after it, it would be part of the command.
  const dashes = args.indexOf('--');
  const at = dashes < 0 ? args.length : dashes;
  const result = await slurmdeck([...args.slice(0, at), '--json', ...args.slice(at)]);
  if (result.code !== 0) throw new Error(`${args.join(' ')}: ${result.stderr}`);
  return JSON.parse(result.stdout) as T;
};
const KEEP = 'sdeck-plain-keep';

beforeAll(async () => {
  // A tmux server the user started by hand, without the module: a session started later joins
  // it and gets its environment, where srun is missing.
  const keep = await plainSsh(
    site.login2,
    `tmux -L ${TMUX_SOCKET} new-session -d -s ${KEEP} 'sleep 600'`,
  );
  expect(keep.code, keep.stderr).toBe(0);
});

afterAll(async () => {
  await slurmdeck(['session', 'stop', 'sitemod', '--yes']);
  await plainSsh(site.login2, `tmux -L ${TMUX_SOCKET} kill-session -t ${KEEP}`);
});

describe('a session on the login host with Slurm behind a module', () => {
  it('runs the setup before srun and gets a shell on a compute node', async () => {
    const started = await json<{ phase: string }>([
      'session',
      'start',
      'sitemod',
      '-p',
      'east',
      '-t',
      '5',
    ]);
    expect(started.phase).toBe('connecting');
    let status: { phase: string; reason?: string } = { phase: 'connecting' };
    const deadline = Date.now() + 90_000;
    while (Date.now() < deadline && !['ready', 'failed', 'ended'].includes(status.phase)) {
      await new Promise((r) => setTimeout(r, 1000));
      status = await json(['session', 'status', 'sitemod']);
    }
    expect(status, status.reason).toMatchObject({ phase: 'ready' });
    const ran = await json<{ output: string; exitCode?: number }>([
      'session',
      'exec',
      'sitemod',
      '--timeout',
      '30',
      '--',
      'echo "job $SLURM_JOB_ID in $SLURM_JOB_PARTITION on $SLURMD_NODENAME"',
    ]);
    expect(ran.exitCode).toBe(0);
    expect(ran.output).toMatch(/^job \d+ in east on n\d\n$/);
  }, 150_000);
});
