import type { McpServer } from '@modelcontextprotocol/sdk/server/mcp.js';
import { z } from 'zod';
import { siteHoursAndStorage, storageLines, usageLines } from '../../workspace/index.js';
import type { McpDeps } from '../deps.js';
import { guard } from '../guard.js';
import { toolResult } from '../tool-result.js';
import { CLUSTER_TEXT_NOTE, fencedClusterText } from '../untrusted-text.js';

const hours = z.object({ cpuHours: z.number(), gpuHours: z.number() });
const limits = z.object({ cpuHours: z.number().optional(), gpuHours: z.number().optional() });

export function registerSiteQuotaTool(server: McpServer, deps: McpDeps): void {
  server.registerTool(
    'site_quota',
    {
      title: 'Hours and storage left at a site',
      description:
        "What squota shows at a configured site: each of the user's Slurm accounts' CPU and GPU hours used against its limits (sshare, the user's own part too), and storage quota per pool from the site's API. Use it before a long or large job to see whether the account can pay for it. A part that cannot be read says why; the rest still comes.",
      inputSchema: { site: z.string().min(1).max(100).describe('a site of the config, e.g. sjtu') },
      outputSchema: {
        cluster: z.string().describe('the node group asked (the account’s group)'),
        usage: z.union([
          z.object({
            accounts: z.array(
              z.object({
                account: z.string(),
                used: hours,
                usedByUser: hours,
                limits,
              }),
            ),
          }),
          z.object({ error: z.string() }),
        ]),
        storage: z.record(z.string(), z.unknown()),
        untrusted: z.string(),
      },
      annotations: {
        readOnlyHint: true,
        destructiveHint: false,
        idempotentHint: true,
        openWorldHint: true,
      },
    },
    guard(deps, async (args) => {
      const quota = await siteHoursAndStorage(deps, args.site);
      const lines = [...usageLines(quota.usage), ...storageLines(quota.storage)];
      return toolResult(
        { ...quota, storage: { ...quota.storage }, untrusted: CLUSTER_TEXT_NOTE },
        fencedClusterText(`quota at ${args.site}`, deps.redact(lines.join('\n'))),
      );
    }),
  );
}
