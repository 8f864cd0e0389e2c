import { execFileSync } from 'node:child_process';
import { afterAll, describe, expect, inject, it } from 'vitest';
import { createSshTransport, withSetup } from '../../src/transport/index.js';
import { runCli } from '../helpers/run-cli.js';
import { devSite, devSiteEnv, plainSsh } from './dev-site.js';

// The dev cluster as a site: group main (cpu, gpu) through the first login host, group east
// through the second, whose Slurm commands exist only after `module load slurm`.
const site = devSite();
const env = devSiteEnv(inject('configFile'), 'main');
const root = inject('devRoot');
const slurmdeck = (args: string[]) => runCli(['--site', site.name, ...args], env, 90_000);
const asRoot = (argv: string[]) =>
  execFileSync(argv[0] as string, argv.slice(1), {
    env: { ...process.env, SLURM_CONF: `${root}/client/slurm.conf` },
    encoding: 'utf8',
  });
const allocNode = (jobId: string) =>
  /AllocNode:Sid=([^:\s]+):/.exec(asRoot(['scontrol', 'show', 'job', jobId]))?.[1];

const jobs: string[] = [];
afterAll(() => {
  if (jobs.length) asRoot(['scancel', ...jobs]);
});

interface Route {
  host: string;
  group: string;
  pool?: string;
  writable?: boolean;
  reasons: string[];
}
const route = async (...args: string[]): Promise<Route> => {
  const result = await slurmdeck(['site', 'route', ...args, '--json']);
  expect(result.code, result.stderr).toBe(0);
  return JSON.parse(result.stdout) as Route;
};

describe('routing on the dev site', () => {
  it('sends a partition to its own group’s login host, a path and a pool to the host that sees them', async () => {
    expect(await route('--partition', 'cpu')).toMatchObject({
      host: site.login.host,
      group: 'main',
    });
    expect(await route('--partition', 'east')).toMatchObject({
      host: site.login2.host,
      group: 'east',
    });
    // /east is mounted by group east only; its login host is its data node too.
    expect(await route('--path', '/east/u/data')).toMatchObject({
      host: site.login2.host,
      group: 'east',
      pool: 'east',
    });
    expect(await route('--path', '/archive/u/old')).toMatchObject({
      host: site.data.host,
      pool: 'archive',
      writable: true,
    });
    expect(await route('--storage', 'union', '--for', 'job')).toMatchObject({
      host: site.login.host,
      writable: false,
    });
  });

  it('goes around the data host for work that needs a shell', async () => {
    const around = await route('--storage', 'archive', '--need', 'exec');
    expect(around).toMatchObject({ host: site.login2.host, group: 'east' });
    expect(around.reasons.join('\n')).toContain(`${site.data.host} does not allow exec`);
    expect(await route('--storage', 'archive', '--need', 'rsync')).toMatchObject({
      host: site.data.host,
    });
  });
});

describe('submitting at the dev site', () => {
  it('routes a submit to the other group’s partition to that group’s login host, where it runs', async () => {
    const east = await slurmdeck([
      'submit',
      '-p',
      'east',
      '-o',
      '/dev/null',
      '--wrap',
      'sleep 1',
      '--json',
    ]);
    expect(east.code, east.stderr).toBe(0);
    const eastJob = (JSON.parse(east.stdout) as { jobId: string }).jobId;
    jobs.push(eastJob);
    expect(allocNode(eastJob)).toBe('login2');
    const main = await slurmdeck([
      'submit',
      '-p',
      'cpu',
      '-o',
      '/dev/null',
      '--wrap',
      'sleep 1',
      '--json',
    ]);
    expect(main.code, main.stderr).toBe(0);
    const mainJob = (JSON.parse(main.stdout) as { jobId: string }).jobId;
    jobs.push(mainJob);
    expect(allocNode(mainJob)).toBe('login');
  });

  it('is refused by Slurm itself from the wrong login host (the partitions’ AllocNodes)', async () => {
    const fromLogin = await plainSsh(site.login, 'sbatch -p east -o /dev/null --wrap true');
    expect(fromLogin.code).not.toBe(0);
    expect(fromLogin.stderr).toContain('Access/permission denied');
    const fromLogin2 = await plainSsh(
      site.login2,
      '. /etc/profile; module load slurm; sbatch -p cpu -o /dev/null --wrap true',
    );
    expect(fromLogin2.code).not.toBe(0);
    expect(fromLogin2.stderr).toContain('Access/permission denied');
  });
});

describe('Slurm behind a module on the second login host', () => {
  const bare = createSshTransport({
    ...site.login2,
    controlDir: `${env['SLURMDECK_STATE_DIR']}-ssh`,
  });
  const withModule = withSetup(bare, 'module load slurm');
  afterAll(() => bare.close());

  it('has no Slurm commands on the default PATH', async () => {
    for (const command of ['squeue', 'sbatch', 'srun']) {
      const result = await bare.exec([command, '--version']);
      expect(result.exitCode, command).toBe(127);
    }
  });

  it('runs squeue and sbatch after the setup, in the same shell', async () => {
    const queue = await withModule.exec(['squeue', '-h', '-o', '%i']);
    expect(queue.exitCode, queue.stderr).toBe(0);
    const submitted = await withModule.exec([
      'sbatch',
      '--parsable',
      '-p',
      'east',
      '-o',
      '/dev/null',
      '--wrap',
      'true',
    ]);
    expect(submitted.exitCode, submitted.stderr).toBe(0);
    const jobId = submitted.stdout.trim();
    jobs.push(jobId);
    expect(allocNode(jobId)).toBe('login2');
  });

  it('is what slurmdeck runs there: status of the site for an account of group east', async () => {
    const eastEnv = devSiteEnv(inject('configFile'), 'east');
    const status = await runCli(['--site', site.name, 'status'], eastEnv, 90_000);
    expect(status.code, status.stderr).toBe(0);
    expect(status.stdout).toMatch(/^east\s+up\s+3\s/m);
  });
});
