import { execFileSync } from 'node:child_process';
import { describe, expect, inject, it } from 'vitest';
import { devClusterStatus, devClusterUp, restartController } from '../../src/devcluster/index.js';
import { startController } from '../../src/devcluster/node-control.js';
import { isAlive, sleep } from '../../src/devcluster/sh.js';
import { readState, type ClusterState } from '../../src/devcluster/state.js';

const root = inject('devRoot');
const quiet = () => undefined;
/** Every process of the cluster by what it is, e.g. "n2/slurmd" -> pid. */
function pidsOf(state: ClusterState | undefined): Record<string, number> {
  const pids: Record<string, number> = {};
  for (const host of state?.hosts ?? []) {
    pids[`${host.name}/holder`] = host.holderPid;
    for (const d of host.daemons) pids[`${host.name}/${d.name}`] = d.pid;
  }
  if (state?.clientMunged) pids['client/munged'] = state.clientMunged.pid;
  return pids;
}

function withoutSlurmctld(pids: Record<string, number>): Record<string, number> {
  const { 'ctl/slurmctld': _ctld, ...rest } = pids;
  return rest;
}

function ctlDaemon(state: ClusterState | undefined) {
  return state?.hosts.find((h) => h.name === 'ctl')?.daemons.find((d) => d.name === 'slurmctld');
}

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

  it('changes nothing and restarts nothing for two concurrent ups', async () => {
    const before = readState(root);
    const results = await Promise.all([
      devClusterUp({ root, nodes: 3, log: quiet }),
      devClusterUp({ root, nodes: 3, log: quiet }),
    ]);
    expect(results.map((r) => r.changed)).toEqual([false, false]);
    const after = readState(root);
    expect(after?.startedAt).toBe(before?.startedAt);
    expect(pidsOf(after)).toEqual(pidsOf(before));
    expect(Object.values(pidsOf(after)).every(isAlive)).toBe(true);
  });

  it('waits for a controller restart in flight instead of rebuilding', async () => {
    const before = readState(root);
    const restart = restartController(root, 3000);
    // The restart holds the lock and marks slurmctld stopped before it stops it.
    for (let i = 0; i < 50 && !ctlDaemon(readState(root))?.stopped; i++) await sleep(100);
    expect(ctlDaemon(readState(root))?.stopped).toBe(true);
    const lines: string[] = [];
    const result = await devClusterUp({ root, nodes: 3, log: (line) => lines.push(line) });
    await restart;
    expect(result.changed).toBe(false);
    expect(lines.join('\n')).toMatch(/waiting for another dev-cluster command/);
    const after = readState(root);
    expect(after?.startedAt).toBe(before?.startedAt);
    expect(withoutSlurmctld(pidsOf(after))).toEqual(withoutSlurmctld(pidsOf(before)));
    expect(ctlDaemon(after)?.stopped).toBeUndefined();
    expect((await devClusterStatus(root)).up).toBe(true);
  });

  it('looks again before rebuilding when slurmctld is down a few seconds outside the lock', async () => {
    // As a slurmdeck from before the lock restarts the controller: no lock, no "stopped" mark.
    const before = readState(root) as ClusterState;
    const old = ctlDaemon(before);
    if (!old) throw new Error('no slurmctld recorded');
    process.kill(old.pid, 'SIGTERM');
    for (let i = 0; i < 100 && isAlive(old.pid); i++) await sleep(100);
    const restart = sleep(5000).then(() => startController(root, structuredClone(before)));
    const lines: string[] = [];
    const result = await devClusterUp({ root, nodes: 3, log: (line) => lines.push(line) });
    await restart;
    expect(result.changed).toBe(false);
    expect(lines.join('\n')).toMatch(/looking again/);
    const after = readState(root);
    expect(after?.startedAt).toBe(before.startedAt);
    expect(withoutSlurmctld(pidsOf(after))).toEqual(withoutSlurmctld(pidsOf(before)));
    expect((await devClusterStatus(root)).up).toBe(true);
  });

  it('refuses another node count while up, and says how', async () => {
    await expect(devClusterUp({ root, nodes: 2, log: quiet })).rejects.toThrow(/up with 3 nodes/);
  });

  it('shows every host and daemon alive', async () => {
    const status = await devClusterStatus(root);
    expect(status.up).toBe(true);
    expect(status.hosts.map((h) => h.name)).toEqual([
      'ctl',
      'login',
      'login2',
      'data',
      'n1',
      'n2',
      'n3',
    ]);
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
    expect(slurm(['sinfo', '-h', '-o', '%P']).trim().split('\n').sort()).toEqual([
      'cpu*',
      'east',
      'gpu',
    ]);
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
