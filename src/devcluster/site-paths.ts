import { join } from 'node:path';

/** The cold pools: real filesystems of different sizes, so one has clearly more free space. */
export const COLD_POOLS = [
  { name: 'archive', mount: '/archive', size: '16m' },
  { name: 'vault', mount: '/vault', size: '48m' },
] as const;
/** mergerfs of the cold pools, on the login hosts and the data host. */
export const UNION_MOUNT = '/union';
/** Hot storage only the second group's login host mounts. */
export const EAST_MOUNT = '/east';
/** The test account's caps in TRES minutes (10000 CPU hours, 1000 GPU hours): shown, not enforced. */
export const LAB_LIMITS = { account: 'lab', grpTresMins: 'cpu=600000,gres/gpu=60000' } as const;
/** What `module load slurm` brings back on the second login host. */
export const SLURM_MODULE = 'slurm';
/** The Slurm client commands: hidden from the second login host's default PATH. */
export const SLURM_COMMANDS = [
  'sacct',
  'sacctmgr',
  'salloc',
  'sattach',
  'sbatch',
  'sbcast',
  'scancel',
  'scontrol',
  'sdiag',
  'sinfo',
  'sprio',
  'squeue',
  'sreport',
  'srun',
  'sshare',
  'sstat',
  'strigger',
] as const;

/** Where the site-shaped part of the dev cluster keeps its files, under the dev root. */
export function sitePaths(root: string) {
  const dir = join(root, 'site');
  return {
    dir,
    /** Each cold pool's filesystem, mounted here in the machine's own namespace. */
    cold: (pool: string) => join(dir, 'cold', pool),
    east: join(dir, 'east'),
    modulefiles: join(dir, 'modulefiles'),
    /** A copy of the Slurm client commands, the module's bin folder. */
    slurmBin: join(dir, 'slurm', 'bin'),
    /** The cluster's slurm.conf where the module says (SLURM_CONF), as for a Slurm under /opt. */
    slurmConf: join(dir, 'slurm', 'etc', 'slurm.conf'),
    /** Bound over /etc/slurm on the second login host: Slurm's config is the module's there. */
    emptyEtcSlurm: join(dir, 'empty-etc-slurm'),
    /** Whiteouts that hide the Slurm commands in an overlay over /usr/bin. */
    hiddenSlurm: join(dir, 'hide-slurm'),
    dataGate: join(dir, 'data-host-gate'),
    profile: join(dir, 'devsite.yaml'),
    /** Bound over /etc/hosts on every host of the cluster. */
    hosts: join(dir, 'hosts'),
  };
}

/** The Lmod module file: the copied Slurm commands on PATH, and where their config is. */
export function slurmModuleFile(root: string): string {
  const paths = sitePaths(root);
  return [
    'whatis("Slurm client commands of the slurmdeck dev cluster")',
    `prepend_path("PATH", "${paths.slurmBin}")`,
    `setenv("SLURM_CONF", "${paths.slurmConf}")`,
    '',
  ].join('\n');
}
