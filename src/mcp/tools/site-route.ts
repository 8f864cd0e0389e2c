import type { McpServer } from '@modelcontextprotocol/sdk/server/mcp.js';
import { z } from 'zod';
import {
  CAPABILITIES,
  mapPath,
  routeFor,
  routeTargetOf,
  siteProfile,
  WORK_KINDS,
} from '../../sites/index.js';
import type { McpDeps } from '../deps.js';
import { guard } from '../guard.js';
import { toolResult } from '../tool-result.js';

export function registerSiteRouteTool(server: McpServer, deps: McpDeps): void {
  server.registerTool(
    'site_route',
    {
      title: 'Route an operation at a site',
      description:
        'Which login or data node of a multi-cluster site (e.g. sjtu) an operation must use, and why: give exactly one of partition, path or storage pool. Also maps a path to another pool (mapTo), e.g. /lustre/home/acct/u -> /archive/home/acct/u. Reads the site profile only; nothing is contacted.',
      inputSchema: {
        site: z.string().describe('site profile name, e.g. sjtu or hkust-superpod'),
        partition: z.string().optional(),
        path: z.string().optional().describe('an absolute path on the cluster'),
        storage: z.string().optional().describe('a storage pool of the site'),
        for: z
          .enum(WORK_KINDS)
          .optional()
          .describe('job (default for a partition) or data (default for a path)'),
        need: z.enum(CAPABILITIES).optional().describe('what the host must allow, e.g. rsync'),
        mapTo: z.string().optional().describe('with path: the same place on this pool'),
      },
      outputSchema: {
        host: z.string(),
        group: z.string(),
        kind: z.enum(WORK_KINDS),
        pool: z.string().optional(),
        writable: z.boolean().optional(),
        reasons: z.array(z.string()),
        copyRelay: z.object({ runsOn: z.string(), writer: z.string() }).optional(),
        mappedPath: z.string().optional(),
      },
      annotations: {
        readOnlyHint: true,
        destructiveHint: false,
        idempotentHint: true,
        openWorldHint: false,
      },
    },
    guard(deps, async (args) => {
      const { profile } = siteProfile(args.site);
      const route = routeFor(args.site, profile, {
        target: routeTargetOf(args),
        ...(args.for ? { for: args.for } : {}),
        ...(args.need ? { need: args.need } : {}),
      });
      const mappedPath =
        args.mapTo && args.path ? mapPath(args.site, profile, args.path, args.mapTo) : undefined;
      return toolResult(
        { ...route, ...(mappedPath ? { mappedPath } : {}) },
        `${route.host}\n${route.reasons.join('\n')}${mappedPath ? `\nmapped: ${mappedPath}` : ''}`,
      );
    }),
  );
}
