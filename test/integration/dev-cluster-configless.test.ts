import { execFileSync } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, describe, expect, inject, it } from 'vitest';
import { devClusterUp } from '../../src/devcluster/index.js';
import { readState } from '../../src/devcluster/state.js';

const root = inject('devRoot');
const computes = ['n1', 'n2', 'n3'];
const log = () => {};

const asRoot = (argv: string[]) =>
  execFileSync(argv[0] as string, argv.slice(1), {
    env: { ...process.env, SLURM_CONF: `${root}/client/slurm.conf` },
    encoding: 'utf8',
  }).trim();

/** The pid and argv of a daemon the cluster's records name, read from /proc. */
function daemon(host: string, name: string) {
  const record = readState(root)
    ?.hosts.find((h) => h.name === host)
    ?.daemons.find((d) => d.name === name);
  if (!record) throw new Error(`no ${name} recorded on ${host}`);
  const argv = readFileSync(`/proc/${record.pid}/cmdline`, 'utf8').split('\0').filter(Boolean);
  return { pid: record.pid, argv };
}

const conf = (host: string) => join(root, 'hosts', host, 'etc-slurm', 'slurm.conf');
const hostnames = () =>
  asRoot(['srun', '-N', '3', '-w', 'n[1-3]', '-t', '1', 'hostname']).split('\n').sort();

afterAll(async () => {
  // The cluster every other test expects: local files on every compute host.
  await devClusterUp({ root, nodes: 3, log });
}, 180_000);

describe('dev-cluster up --configless', () => {
  it('switches the running cluster to configless and back without a rebuild; jobs run either way', async () => {
    const slurmctld = daemon('ctl', 'slurmctld').pid;

    const configless = await devClusterUp({ root, nodes: 3, configless: true, log });
    expect(configless.changed).toBe(true);
    for (const host of computes) {
      expect(existsSync(conf(host))).toBe(false);
      expect(daemon(host, 'slurmd').argv).toEqual(
        expect.arrayContaining(['--conf-server', '10.77.0.2:6817']),
      );
      // What slurmd fetched from slurmctld, kept in its spool.
      const cached = join(root, 'hosts', host, 'spool-slurmd', 'conf-cache', 'slurm.conf');
      expect(readFileSync(cached, 'utf8')).toMatch(/enable_configless/);
    }
    expect(hostnames()).toEqual(computes);
    expect((await devClusterUp({ root, nodes: 3, configless: true, log })).changed).toBe(false);

    const local = await devClusterUp({ root, nodes: 3, log });
    expect(local.changed).toBe(true);
    for (const host of computes) {
      expect(readFileSync(conf(host), 'utf8')).toMatch(/enable_configless/);
      expect(daemon(host, 'slurmd').argv).not.toContain('--conf-server');
    }
    expect(hostnames()).toEqual(computes);
    expect(daemon('ctl', 'slurmctld').pid).toBe(slurmctld);
  }, 300_000);
});
