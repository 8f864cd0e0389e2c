import type { ClusterConfig } from '../core/config.js';
import { createSlurmClient, type SlurmClient } from '../slurm/index.js';
import {
  createLocalTransport,
  createSshTransport,
  withSetup,
  withUnreachableHint,
  type SshTarget,
  type Transport,
} from '../transport/index.js';

/** One configured cluster, ready to ask: its transport (one SSH master) and Slurm client. */
export interface ClusterHandle {
  name: string;
  config: ClusterConfig;
  transport: Transport;
  slurm: SlurmClient;
}

type SshClusterConfig = Extract<ClusterConfig, { transport: 'ssh' }>;

/** What OpenSSH needs of a cluster's config: host, user, port, keys, jump host. */
export function sshTargetOf(config: SshClusterConfig): SshTarget {
  const {
    transport: _kind,
    defaults: _defaults,
    sessions: _sessions,
    admin: _admin,
    setup: _setup,
    unreachableHint: _hint,
    reachability: _reachability,
    ...target
  } = config;
  return target;
}

/** The transport a cluster's config names: local, or OpenSSH to its login host. */
export function transportFor(config: ClusterConfig): Transport {
  if (config.transport === 'local') return withSetup(createLocalTransport(), config.setup);
  const target = sshTargetOf(config);
  const { unreachableHint, reachability } = config;
  // Through a jump host the site's address is not ours to probe: the hint alone then.
  const reach = unreachableHint
    ? { hint: unreachableHint, ...(reachability && !target.jumpHost ? reachability : {}) }
    : undefined;
  return withSetup(withUnreachableHint(createSshTransport(target), reach), config.setup);
}

export function openClusterHandle(name: string, config: ClusterConfig): ClusterHandle {
  const transport = transportFor(config);
  const user = config.transport === 'ssh' && config.user ? { user: config.user } : {};
  return { name, config, transport, slurm: createSlurmClient(transport, user) };
}
