import type { McpServer } from '@modelcontextprotocol/sdk/server/mcp.js';
import { z } from 'zod';
import { expandHostlist, parseDaemon } from '../../admin/index.js';
import { confirmTokenArg } from '../confirm.js';
import type { McpDeps } from '../deps.js';
import { guard } from '../guard.js';
import { clusterArg } from './schemas.js';
import { changeOutputSchema, runChangeTool } from './admin-change.js';
import { nodesArg } from './admin-view.js';

const changes = (idempotentHint: boolean) =>
  ({ readOnlyHint: false, destructiveHint: true, idempotentHint, openWorldHint: true }) as const;

const ASKS =
  'It asks first: the user confirms in the client (elicitation), or the first call returns the plan and a confirmToken to pass back with the same arguments once the user agrees; nothing_to_do when no node needs a change. Rows show checksums and states, never a key.';

export function registerAdminSyncTool(server: McpServer, deps: McpDeps): void {
  server.registerTool(
    'admin_sync',
    {
      title: "Copy the controller's key or config to nodes (admin)",
      description: `For the cluster's admin: what munge copies the controller's munge key to the nodes (atomic, munge:munge 0400) and restarts munged where it does not decode the controller's credential; what conf copies slurm.conf, gres.conf and cgroup.conf (atomic), then scontrol reconfigure. Nodes already right are left alone. Use it when admin_doctor reports munge_key_mismatch or config_drift and the user asked for the fix. ${ASKS}`,
      inputSchema: {
        cluster: clusterArg,
        nodes: nodesArg,
        what: z.enum(['munge', 'conf']).describe("munge: the key; conf: Slurm's config files"),
        confirmToken: confirmTokenArg,
      },
      outputSchema: changeOutputSchema,
      annotations: changes(true),
    },
    guard(deps, (args, extra) =>
      runChangeTool(server, deps, extra, 'admin_sync', args, {
        operation: args.what === 'munge' ? 'sync-munge' : 'sync-conf',
      }),
    ),
  );
}

export function registerAdminSshKeyTool(server: McpServer, deps: McpDeps): void {
  server.registerTool(
    'admin_add_ssh_key',
    {
      title: "Add a public key to a user's authorized_keys on nodes (admin)",
      description: `For the cluster's admin: add one OpenSSH public key line (the .pub file's content, never a private key) to a user's authorized_keys on the nodes, once: nodes that already have the key are left alone, keys added meanwhile are kept, the file is written atomically. ${ASKS}`,
      inputSchema: {
        cluster: clusterArg,
        nodes: nodesArg,
        publicKey: z
          .string()
          .min(1)
          .max(16_000)
          .describe('one public key line: ssh-ed25519 AAAA... comment'),
        user: z
          .string()
          .regex(/^[a-z_][a-z0-9_.-]{0,31}$/i)
          .optional()
          .describe("whose authorized_keys (default: the admin's ssh user)"),
        confirmToken: confirmTokenArg,
      },
      outputSchema: changeOutputSchema,
      annotations: changes(true),
    },
    guard(deps, (args, extra) =>
      runChangeTool(server, deps, extra, 'admin_add_ssh_key', args, {
        operation: 'sync-ssh',
        // The key is checked after the admin role, when the operation is built.
        key: { publicKey: args.publicKey, ...(args.user ? { user: args.user } : {}) },
      }),
    ),
  );
}

export function registerAdminRestartTool(server: McpServer, deps: McpDeps): void {
  server.registerTool(
    'admin_restart',
    {
      title: 'Restart munged or slurmd on nodes (admin)',
      description: `For the cluster's admin: restart munged or slurmd through the node's service manager, then verify it (munged decodes the controller's credential; slurmd registered again, not responding no more). Jobs keep running across a slurmd restart. ${ASKS}`,
      inputSchema: {
        cluster: clusterArg,
        nodes: nodesArg,
        daemon: z.enum(['munge', 'slurmd']),
        confirmToken: confirmTokenArg,
      },
      outputSchema: changeOutputSchema,
      annotations: changes(false),
    },
    guard(deps, (args, extra) =>
      runChangeTool(server, deps, extra, 'admin_restart', args, {
        operation: 'restart',
        daemon: parseDaemon(args.daemon),
      }),
    ),
  );
}

export function registerAdminRecoverTool(server: McpServer, deps: McpDeps): void {
  server.registerTool(
    'admin_recover',
    {
      title: 'Recover nodes that are down or not responding (admin)',
      description: `For the cluster's admin: diagnose the nodes, start what is dead (munged, then slurmd, each verified) and resume only what Slurm or slurmdeck took out of service; an admin's own drain or a pending reboot is left alone unless force names the node (only when the user says so). A problem a restart cannot fix (a wrong key, clock skew, config drift) fails the node with the command that will. ${ASKS}`,
      inputSchema: {
        cluster: clusterArg,
        nodes: nodesArg,
        force: z
          .string()
          .min(1)
          .max(4000)
          .optional()
          .describe('nodes (hostlist) to resume even if an admin drained them'),
        confirmToken: confirmTokenArg,
      },
      outputSchema: changeOutputSchema,
      annotations: changes(true),
    },
    guard(deps, (args, extra) =>
      runChangeTool(server, deps, extra, 'admin_recover', args, {
        operation: 'recover',
        force: args.force ? expandHostlist(args.force) : [],
      }),
    ),
  );
}

export function registerAdminInitTool(server: McpServer, deps: McpDeps): void {
  server.registerTool(
    'admin_init',
    {
      title: "Bring up hosts the controller's slurm.conf names (admin)",
      description: `For the cluster's admin: the whole bring-up of a node, each step verified before the next: the controller's key, slurm.conf, gres.conf, cgroup.conf (none when configless), munged decoding, slurmd registered, resumed if Slurm took it out. Steps already done are skipped, so a second call changes nothing. ${ASKS}`,
      inputSchema: { cluster: clusterArg, nodes: nodesArg, confirmToken: confirmTokenArg },
      outputSchema: changeOutputSchema,
      annotations: changes(true),
    },
    guard(deps, (args, extra) =>
      runChangeTool(server, deps, extra, 'admin_init', args, { operation: 'init' }),
    ),
  );
}
