import type { McpServer } from '@modelcontextprotocol/sdk/server/mcp.js';
import { z } from 'zod';
import { runDoctor, type Finding } from '../../admin/index.js';
import { assertAdminCaller } from '../admin-caller.js';
import type { McpDeps } from '../deps.js';
import { guard } from '../guard.js';
import { toolResult } from '../tool-result.js';
import { delimit } from '../untrusted-text.js';
import { clusterArg, READ_CLUSTER } from './schemas.js';
import {
  findingShape,
  findingView,
  nodesArg,
  stateArg,
  targetSpec,
  withAdminTargets,
} from './admin-view.js';

/** A finding in words; its evidence quotes logs and Slurm reasons, so it is fenced. */
const describe = (where: string, f: Finding) =>
  `${where}: ${f.severity.toUpperCase()} ${f.code}: ${f.problem}\n${delimit('evidence from the hosts', f.evidence.join('\n'))}\nfix: ${f.fix}`;

export function registerAdminDoctorTool(server: McpServer, deps: McpDeps): void {
  server.registerTool(
    'admin_doctor',
    {
      title: 'Diagnose nodes (admin)',
      description:
        "For the cluster's admin: reads each node's facts (as admin_status) and says what is wrong, with the evidence and the fix, telling apart failures that look alike: munge key mismatch vs clock skew vs munged not running vs an insecure key file vs a key changed but not reloaded; slurmd not running vs slurmctld unreachable vs the node missing from slurm.conf vs fewer resources than configured vs an unexpected reboot vs config drift. Changes nothing; the fixes are for the admin to apply.",
      inputSchema: { cluster: clusterArg, nodes: nodesArg, state: stateArg },
      outputSchema: {
        cluster: z.string(),
        controllerFindings: z.array(findingShape),
        rows: z.array(
          z.object({
            node: z.string(),
            outcome: z.enum(['ok', 'changed', 'failed', 'planned']),
            summary: z.string(),
            findings: z.array(findingShape),
          }),
        ),
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
          const report = await runDoctor(session.access, targets);
          const rows = report.rows.map((r) => ({
            node: r.node,
            outcome: r.outcome,
            summary: r.summary,
            findings: (r.detail?.findings ?? []).map(findingView),
          }));
          const lines = report.controllerFindings.map((f) => describe('controller', f));
          for (const row of report.rows) {
            if (!row.detail) lines.push(`${row.node}: FAILED to read: ${row.summary}`);
            else if (row.detail.findings.length === 0) lines.push(`${row.node}: healthy`);
            else lines.push(...row.detail.findings.map((f) => describe(row.node, f)));
          }
          return toolResult(
            { cluster: name, controllerFindings: report.controllerFindings.map(findingView), rows },
            lines.join('\n') || 'no node matches',
          );
        },
      );
    }),
  );
}
