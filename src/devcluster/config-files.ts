import { createHash } from 'node:crypto';
import { join } from 'node:path';
import { allHosts, sharedPaths, testUsers, type ClusterLayout, type HostPlan } from './layout.js';
import { hostMounts } from './host-namespace.js';
import { siteFingerprintParts } from './site-fingerprint.js';
import { partitionLines } from './site-partitions.js';

export const GPUS_PER_NODE = 4;
export const CPUS_PER_NODE = 4;
export const MEMORY_MB_PER_NODE = 4000;

/** The line that lets slurmd on a node without slurm.conf fetch it (`--conf-server`). */
export const SERVE_CONFIG = 'SlurmctldParameters=enable_configless';

/**
 * slurm.conf as every host sees it at /etc/slurm; `mungeSocket` differs only for the
 * root-namespace client copy. `serveConfig: false` only for the fingerprint (see there).
 */
export function slurmConf(
  layout: ClusterLayout,
  mungeSocket = '/run/munge/munge.socket.2',
  serveConfig = true,
): string {
  const { controller, computes, clusterName } = layout;
  const nodes = computes.map(
    (n) =>
      `NodeName=${n.name} NodeAddr=${n.address} CPUs=${CPUS_PER_NODE} RealMemory=${MEMORY_MB_PER_NODE} ` +
      `Gres=gpu:a100:${GPUS_PER_NODE} State=UNKNOWN`,
  );
  return [
    `ClusterName=${clusterName}`,
    `SlurmctldHost=${controller.name}(${controller.address})`,
    'SlurmUser=slurm',
    // Nodes that keep a local slurm.conf read it; one without gets it from slurmctld.
    ...(serveConfig ? [SERVE_CONFIG] : []),
    `AuthType=auth/munge`,
    `AuthInfo=socket=${mungeSocket}`,
    'StateSaveLocation=/var/spool/slurmctld',
    'SlurmdSpoolDir=/var/spool/slurmd',
    // /run is shared by every host on this machine, so pid files go to per-host folders.
    'SlurmctldPidFile=/var/spool/slurmctld/slurmctld.pid',
    'SlurmdPidFile=/var/spool/slurmd/slurmd.pid',
    'SlurmctldLogFile=/var/log/slurm/slurmctld.log',
    'SlurmdLogFile=/var/log/slurm/slurmd.log',
    'MpiDefault=none',
    'ProctrackType=proctrack/linuxproc',
    'TaskPlugin=task/none',
    'SelectType=select/cons_tres',
    'SelectTypeParameters=CR_Core_Memory',
    'DefMemPerCPU=500',
    // The nodes declare more CPUs than this machine has so several jobs can share it.
    'SlurmdParameters=config_overrides',
    'GresTypes=gpu',
    'ReturnToService=2',
    // Short, so a dead node shows up within seconds in tests.
    'SlurmdTimeout=10',
    'MessageTimeout=5',
    'KillWait=5',
    'InactiveLimit=0',
    'AccountingStorageType=accounting_storage/slurmdbd',
    `AccountingStorageHost=${controller.address}`,
    // For slurmdbd connections the munge socket is named here, not by AuthInfo.
    `AccountingStoragePass=${mungeSocket}`,
    // limits: usage per TRES (GrpTRESRaw, what `sshare` reports against GrpTRESMins) is kept.
    'AccountingStorageEnforce=associations,limits',
    // GPU hours are counted per account (sshare, sreport), as at sites that bill them.
    'AccountingStorageTRES=gres/gpu',
    // Usage adds up only with this plugin (for fair share and `sshare`), every minute here
    // (its shortest period) so tests see it soon; with every weight 0 the order stays FIFO.
    'PriorityType=priority/multifactor',
    'PriorityCalcPeriod=1',
    'JobAcctGatherType=jobacct_gather/linux',
    'JobAcctGatherFrequency=5',
    // No memory cgroup enforcement here: the sampler kills a job over its --mem (OUT_OF_MEMORY).
    'JobAcctGatherParams=OverMemoryKill',
    // Admins install `slurmdeck hook epilog` here; the dev cluster runs what is in hooks/epilog.d.
    `EpilogSlurmctld=${join(layout.root, 'hooks', 'epilog-slurmctld')}`,
    'JobCompType=jobcomp/none',
    ...nodes,
    ...partitionLines(layout),
    '',
  ].join('\n');
}

export function gresConf(layout: ClusterLayout): string {
  const files = join(sharedPaths(layout.root).fakeGpuDir, `nvidia[0-${GPUS_PER_NODE - 1}]`);
  return (
    layout.computes.map((n) => `NodeName=${n.name} Name=gpu Type=a100 File=${files}`).join('\n') +
    '\n'
  );
}

// cgroup/v1 is the plugin that loads on these machines; "disabled" does not exist in 22.05.
export const CGROUP_CONF = 'CgroupPlugin=cgroup/v1\n';

export function slurmdbdConf(layout: ClusterLayout, dbPassword: string): string {
  const { controller } = layout;
  return [
    'AuthType=auth/munge',
    `DbdHost=${controller.name}`,
    `DbdAddr=${controller.address}`,
    'SlurmUser=slurm',
    'PidFile=/var/spool/slurmctld/slurmdbd.pid',
    'LogFile=/var/log/slurm/slurmdbd.log',
    'StorageType=accounting_storage/mysql',
    'StorageHost=localhost',
    'StorageUser=slurm',
    `StoragePass=${dbPassword}`,
    'StorageLoc=slurm_acct_db',
    '',
  ].join('\n');
}

export function sshdConfig(layout: ClusterLayout, host: HostPlan): string {
  const ssh = sharedPaths(layout.root);
  return [
    `ListenAddress ${host.address}`,
    'Port 22',
    `HostKey ${join(host.dir, 'ssh_host_ed25519_key')}`,
    `PidFile ${join(host.dir, 'sshd.pid')}`,
    `AuthorizedKeysFile ${ssh.authorizedKeysDir}/%u`,
    `TrustedUserCAKeys ${join(ssh.sshDir, 'user_ca.pub')}`,
    'PermitRootLogin prohibit-password',
    'PasswordAuthentication no',
    'KbdInteractiveAuthentication no',
    'UsePAM no',
    // One multiplexed master carries many concurrent commands.
    'MaxSessions 64',
    'MaxStartups 64:30:128',
    'X11Forwarding no',
    'PrintMotd no',
    'Subsystem sftp /usr/lib/openssh/sftp-server',
    '',
  ].join('\n');
}

/** Changes when a newer slurmdeck would configure the cluster differently: `up` then rebuilds it. */
export function configFingerprint(layout: ClusterLayout): string {
  const parts = [
    // Without enable_configless: a cluster up from before it gets it by a controller restart
    // (ensureConfigServed), not a rebuild of every host.
    slurmConf(layout, undefined, false),
    gresConf(layout),
    CGROUP_CONF,
    sshdConfig(layout, layout.login),
    ...testUsers(layout).map((u) => `${u.name}:${u.shell}`),
    // Host names on the machine: node control finds a host by its namespace.
    layout.bridge,
    ...allHosts(layout).map((h) => `${h.netns}/${h.vethHost}`),
    // What each host has of its own (a change needs new namespaces).
    ...allHosts(layout).flatMap((h) => hostMounts(h).map(([target]) => `${h.name}:${target}`)),
    ...siteFingerprintParts(layout),
  ];
  return createHash('sha256').update(parts.join('\0')).digest('hex').slice(0, 16);
}

/** Runs every executable in epilog.d; never fails a job because a hook did. */
export function epilogSlurmctldScript(layout: ClusterLayout): string {
  const dir = join(layout.root, 'hooks', 'epilog.d');
  return `#!/bin/sh\nfor hook in ${dir}/*; do\n  [ -x "$hook" ] && "$hook" </dev/null >/dev/null 2>&1\ndone\nexit 0\n`;
}
