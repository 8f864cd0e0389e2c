import { mkdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { startDetached, waitFor } from './sh.js';
import type { HostPlan } from './layout.js';

/** Standard paths each host gets its own copy of, and the per-host folder mounted there. */
export function hostMounts(host: HostPlan): Array<[target: string, source: string]> {
  const own = (name: string) => join(host.dir, name);
  const mounts: Array<[string, string]> = [
    ['/etc/slurm', own('etc-slurm')],
    ['/etc/munge', own('etc-munge')],
    ['/run/munge', own('run-munge')],
    ['/var/log/slurm', own('log')],
    // Each host its own root home, as separate machines have: this machine's root shell
    // startup (read by bash for every ssh command) is not what a cluster node runs.
    ['/root', own('root-home')],
  ];
  if (host.role === 'compute') mounts.push(['/var/spool/slurmd', own('spool-slurmd')]);
  if (host.role === 'controller') {
    mounts.push(['/var/spool/slurmctld', own('spool-slurmctld')]);
    mounts.push(['/var/lib/mysql', own('mysql')]);
    mounts.push(['/run/mysqld', own('run-mysqld')]);
  }
  return mounts;
}

/**
 * Starts the process that holds the host's mount and UTS namespaces open (inside its network
 * namespace); every daemon of the host joins it with nsenter. Returns the holder's pid.
 */
export async function startHostHolder(host: HostPlan, logFile: string): Promise<number> {
  const mounts = hostMounts(host);
  for (const [target, source] of mounts) {
    mkdirSync(target, { recursive: true });
    mkdirSync(source, { recursive: true, mode: target === '/root' ? 0o700 : 0o755 });
  }
  const script = [
    'set -e',
    `hostname ${host.name}`,
    ...mounts.map(([target, source]) => `mount --bind '${source}' '${target}'`),
    'exec sleep infinity',
  ].join('\n');
  const pid = startDetached(
    [
      'ip',
      'netns',
      'exec',
      host.netns,
      'unshare',
      '--mount',
      '--uts',
      '--propagation',
      'private',
      '--',
      'sh',
      '-c',
      script,
    ],
    logFile,
  );
  // The holder execs `sleep` only after every mount is in place.
  await waitFor(
    `host ${host.name} namespaces`,
    () => cmdline(pid).startsWith('sleep'),
    10_000,
    `See ${logFile}.`,
  );
  return pid;
}

/** argv prefix that runs a command inside a host (its network, mount and UTS namespaces). */
export function inHost(holderPid: number, argv: readonly string[]): string[] {
  return ['nsenter', '-t', String(holderPid), '-m', '-n', '-u', '--', ...argv];
}

export function cmdline(pid: number): string {
  try {
    return readFileSync(`/proc/${pid}/cmdline`, 'utf8').replaceAll('\0', ' ').trim();
  } catch {
    return '';
  }
}
