import { existsSync } from 'node:fs';
import { SlurmdeckError } from '../core/errors.js';
import { run } from './sh.js';

/** The programs the dev cluster runs, and the Debian package that brings each. */
const REQUIRED: Array<[program: string, pkg: string]> = [
  ['/usr/sbin/slurmctld', 'slurmctld'],
  ['/usr/sbin/slurmd', 'slurmd'],
  ['/usr/sbin/slurmdbd', 'slurmdbd'],
  ['/usr/bin/sbatch', 'slurm-client'],
  ['/usr/sbin/munged', 'munge'],
  ['/usr/sbin/mariadbd', 'mariadb-server'],
  ['/usr/bin/mariadb-install-db', 'mariadb-server'],
  ['/usr/sbin/sshd', 'openssh-server'],
  ['/usr/bin/ssh', 'openssh-client'],
  ['/usr/bin/tmux', 'tmux'],
  ['/usr/bin/tcsh', 'tcsh'],
  ['/usr/sbin/ip', 'iproute2'],
  ['/usr/bin/nsenter', 'util-linux'],
  ['/usr/bin/rsync', 'rsync'],
  ['/usr/bin/mergerfs', 'mergerfs'],
  ['/usr/share/lmod/lmod/libexec/lmod', 'lmod'],
];

export function missingPackages(): string[] {
  const missing = REQUIRED.filter(([program]) => !existsSync(program)).map(([, pkg]) => pkg);
  return [...new Set(missing)];
}

/** Installs what is missing when root; otherwise says exactly what to install. */
export async function ensurePackages(log: (line: string) => void): Promise<void> {
  const missing = missingPackages();
  if (missing.length === 0) return;
  if (process.getuid?.() !== 0) {
    throw new SlurmdeckError('DEV_CLUSTER', `missing packages: ${missing.join(' ')}`, {
      hint: `Run as root (dev-cluster up installs them), or: sudo apt-get install -y ${missing.join(' ')}`,
    });
  }
  log(`installing ${missing.join(' ')} (apt-get)...`);
  const env = { ...process.env, DEBIAN_FRONTEND: 'noninteractive' };
  await run(['apt-get', 'update', '-qq'], { env, timeoutMs: 600_000 });
  await run(['apt-get', 'install', '-y', '-qq', ...missing], { env, timeoutMs: 1_200_000 });
  const still = missingPackages();
  if (still.length > 0) {
    throw new SlurmdeckError('DEV_CLUSTER', `apt-get did not provide: ${still.join(' ')}`, {
      hint: 'Check that Debian package sources are reachable (apt-get update).',
    });
  }
}
