import type { McpServer } from '@modelcontextprotocol/sdk/server/mcp.js';
import { z } from 'zod';
import { gatherStatus } from '../../admin/index.js';
import { assertAdminCaller } from '../admin-caller.js';
import type { McpDeps } from '../deps.js';
import { guard } from '../guard.js';
import { toolResult } from '../tool-result.js';
import { clusterArg, READ_CLUSTER } from './schemas.js';
import {
  nodesArg,
  stateArg,
  statusRowShape,
  statusRowView,
  targetSpec,
  withAdminTargets,
} from './admin-view.js';

export function registerAdminStatusTool(server: McpServer, deps: McpDeps): void {
  server.registerTool(
    'admin_status',
    {
      title: 'Node facts (admin)',
      description:
        "For the cluster's admin: per node, over the admin's own ssh, whether munged and slurmd run, the Slurm state and reason, whether the munge key and slurm.conf match the controller's (checksums), the clock offset, whether slurmctld's port is reachable, and whether a credential from the controller decodes on the node. Changes nothing. Use admin_doctor for a diagnosis with the fix.",
      inputSchema: { cluster: clusterArg, nodes: nodesArg, state: stateArg },
      outputSchema: {
        cluster: z.string(),
        controller: z.string().describe('the controller in one line, or why it could not be read'),
        rows: z.array(statusRowShape),
      },
      annotations: READ_CLUSTER,
    },
    guard(deps, async (args, extra) => {
      assertAdminCaller(extra);
      return withAdminTargets(
        deps,
        args.cluster,
        targetSpec(args.nodes, args.state),
        async (session, targets, name) => {
          const report = await gatherStatus(session.access, targets);
          const controller = report.controller
            ? `${report.controller.host ?? '?'}: slurmctld ${report.controller.slurmctld.running ? 'running' : 'NOT RUNNING'}, munged ${report.controller.mungedRunning ? 'running' : 'NOT RUNNING'}, ${report.controller.authType ?? 'auth/?'}`
            : `not readable: ${report.controllerError?.message ?? 'no answer'}`;
          const rows = report.rows.map(statusRowView);
          const text = [
            `controller ${controller}`,
            ...rows.map(
              (r) => `${r.node}: ${r.outcome === 'failed' ? 'FAILED: ' : ''}${r.summary}`,
            ),
          ].join('\n');
          return toolResult({ cluster: name, controller, rows }, text || 'no node matches');
        },
      );
    }),
  );
}
