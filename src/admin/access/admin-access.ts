import type { AdminSettings, ClusterConfig } from '../../core/config.js';
import { SlurmdeckError } from '../../core/errors.js';
import { createLocalTransport } from '../../transport/local.js';
import { createSshTransport } from '../../transport/ssh.js';
import type { SshTarget } from '../../transport/ssh-target.js';
import type { Transport } from '../../transport/types.js';

/**
 * How slurmdeck reaches the controller and the compute nodes as the admin: one transport per
 * host, opened on first use (one ssh master each) and kept for the whole command.
 */
export interface AdminAccess {
  readonly cluster: string;
  readonly concurrency: number | undefined;
  /** How a daemon is started on a node (argv before ACTION DAEMON); undefined: systemctl. */
  readonly serviceCommand: readonly string[] | undefined;
  /** Nodes without a slurm.conf of their own are run configless (see confMode). */
  readonly configless?: boolean;
  /** Where the controller's facts and credentials come from. */
  controller(): Transport;
  /** The ssh target for a node at `address` (its Slurm NodeAddr), as the admin's config says. */
  nodeTarget(address: string): SshTarget;
  node(address: string): Transport;
  close(): Promise<void>;
}

/** The admin section of a cluster's config; a cluster without one cannot be administered. */
export function adminSettingsOf(name: string, config: ClusterConfig): AdminSettings {
  if (!config.admin) {
    throw new SlurmdeckError('CONFIG_INVALID', `cluster "${name}" has no admin access configured`, {
      hint: `Add clusters.${name}.admin with the controller's host and how nodes are reached (user, identityFile, knownHostsFile); \`slurmdeck dev-cluster up\` writes it for the dev cluster.`,
    });
  }
  return config.admin;
}

export function openAdminAccess(name: string, settings: AdminSettings): AdminAccess {
  const open = new Map<string, Transport>();
  const once = (key: string, make: () => Transport): Transport => {
    let transport = open.get(key);
    if (!transport) {
      transport = make();
      open.set(key, transport);
    }
    return transport;
  };
  const nodeTarget = (address: string): SshTarget => ({
    user: 'root',
    ...settings.nodes,
    host: address,
  });
  return {
    cluster: name,
    concurrency: settings.concurrency,
    serviceCommand: settings.serviceCommand,
    configless: settings.configless === true,
    controller: () =>
      once('controller', () =>
        settings.controller === 'local'
          ? createLocalTransport()
          : createSshTransport(settings.controller),
      ),
    nodeTarget,
    node: (address) => once(`node ${address}`, () => createSshTransport(nodeTarget(address))),
    async close() {
      const all = [...open.values()];
      open.clear();
      await Promise.all(all.map((t) => t.close()));
    },
  };
}
