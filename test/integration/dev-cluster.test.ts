import { execFileSync } from 'node:child_process';
import { describe, expect, inject, it } from 'vitest';
import { devClusterStatus, devClusterUp } from '../../src/devcluster/index.js';
import { readState } from '../../src/devcluster/state.js';

const root = inject('devRoot');
const quiet = () => undefined;
const slurm = (argv: string[]) =>
  execFileSync(argv[0] as string, argv.slice(1), {
    env: { ...process.env, SLURM_CONF: `${root}/client/slurm.conf` },
    encoding: 'utf8',
  });

describe('dev-cluster', () => {
  it('changes nothing on a second up', async () => {
    const before = readState(root);
    const result = await devClusterUp({ root, nodes: 3, log: quiet });
    expect(result.changed).toBe(false);
    expect(readState(root)?.startedAt).toBe(before?.startedAt);
  });

  it('refuses another node count while up, and says how', async () => {
    await expect(devClusterUp({ root, nodes: 2, log: quiet })).rejects.toThrow(/up with 3 nodes/);
  });

  it('shows every host and daemon alive', async () => {
    const status = await devClusterStatus(root);
    expect(status.up).toBe(true);
    expect(status.hosts.map((h) => h.name)).toEqual(['ctl', 'login', 'n1', 'n2', 'n3']);
    const ctl = status.hosts.find((h) => h.name === 'ctl');
    expect(ctl?.daemons.map((d) => d.name)).toEqual([
      'munged',
      'mariadbd',
      'slurmdbd',
      'slurmctld',
    ]);
  });

  it('lets plain Slurm commands of this shell reach it through env', () => {
    const nodes = slurm(['sinfo', '-h', '-N', '-o', '%N %G']).trim().split('\n');
    expect(new Set(nodes)).toEqual(new Set(['n1 gpu:a100:4', 'n2 gpu:a100:4', 'n3 gpu:a100:4']));
    expect(slurm(['sinfo', '-h', '-o', '%P']).trim().split('\n').sort()).toEqual(['cpu*', 'gpu']);
    expect(slurm(['sacctmgr', '-n', '-P', 'list', 'cluster', 'format=cluster'])).toMatch(/^dev$/m);
  });

  it('comes back from a crash that left namespaces, mounts and pid files behind', async () => {
    const state = readState(root);
    const pids = state?.hosts.flatMap((h) => [h.holderPid, ...h.daemons.map((d) => d.pid)]) ?? [];
    for (const pid of pids) process.kill(pid, 'SIGKILL');
    expect((await devClusterStatus(root)).up).toBe(false);
    const result = await devClusterUp({ root, nodes: 3, log: quiet });
    expect(result.changed).toBe(true);
    expect((await devClusterStatus(root)).up).toBe(true);
    const jobId = slurm(['sbatch', '--parsable', '-o', '/dev/null', '--wrap', 'true']).trim();
    expect(jobId).toMatch(/^\d+$/);
  }, 240_000);
});
