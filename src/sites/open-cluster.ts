import type { ClusterConfig } from '../core/config.js';
import { createSlurmClient, type SlurmClient } from '../slurm/index.js';
import {
  createLocalTransport,
  createSshTransport,
  withSetup,
  withUnreachableHint,
  type Transport,
} from '../transport/index.js';

/** One configured cluster, ready to ask: its transport (one SSH master) and Slurm client. */
export interface ClusterHandle {
  name: string;
  config: ClusterConfig;
  transport: Transport;
  slurm: SlurmClient;
}

/** The transport a cluster's config names: local, or OpenSSH to its login host. */
export function transportFor(config: ClusterConfig): Transport {
  if (config.transport === 'local') return withSetup(createLocalTransport(), config.setup);
  const {
    transport: _kind,
    defaults: _defaults,
    sessions: _sessions,
    admin: _admin,
    setup,
    unreachableHint,
    ...target
  } = config;
  return withSetup(withUnreachableHint(createSshTransport(target), unreachableHint), setup);
}

export function openClusterHandle(name: string, config: ClusterConfig): ClusterHandle {
  const transport = transportFor(config);
  const user = config.transport === 'ssh' && config.user ? { user: config.user } : {};
  return { name, config, transport, slurm: createSlurmClient(transport, user) };
}
