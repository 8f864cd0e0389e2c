import type { McpServer } from '@modelcontextprotocol/sdk/server/mcp.js';
import { z } from 'zod';
import type { McpDeps } from '../deps.js';
import { guard } from '../guard.js';
import { toolResult } from '../tool-result.js';

export function registerListClustersTool(server: McpServer, deps: McpDeps): void {
  server.registerTool(
    'list_clusters',
    {
      title: 'List clusters',
      description:
        'The clusters slurmdeck is configured for (from its config file, no cluster is contacted), the default one, and the notification channels jobs can report to.',
      inputSchema: {},
      outputSchema: {
        defaultCluster: z.string().optional(),
        clusters: z.array(
          z.object({
            name: z.string(),
            transport: z.enum(['local', 'ssh']),
            host: z.string().optional(),
            user: z.string().optional(),
            defaultPartition: z.string().optional(),
            defaultAccount: z.string().optional(),
          }),
        ),
        notifyChannels: z.array(z.string()),
        defaultNotifyChannels: z.array(z.string()),
      },
      annotations: {
        readOnlyHint: true,
        destructiveHint: false,
        idempotentHint: true,
        openWorldHint: false,
      },
    },
    guard(deps, async () => {
      const config = deps.config();
      const names = Object.keys(config.clusters);
      let defaultCluster: string | undefined;
      try {
        defaultCluster = deps.cluster().name;
      } catch {
        defaultCluster = undefined;
      }
      const clusters = Object.entries(config.clusters).map(([name, c]) => ({
        name,
        transport: c.transport,
        ...(c.transport === 'ssh' ? { host: c.host, ...(c.user ? { user: c.user } : {}) } : {}),
        ...(c.defaults.partition ? { defaultPartition: c.defaults.partition } : {}),
        ...(c.defaults.account ? { defaultAccount: c.defaults.account } : {}),
      }));
      const channels = Object.keys(config.notify.channels);
      const text =
        names.length === 0
          ? 'No cluster is configured. The user can run `slurmdeck dev-cluster up` for a local one, or add one to the slurmdeck config.'
          : `Clusters: ${names.map((n) => (n === defaultCluster ? `${n} (default)` : n)).join(', ')}. Notification channels: ${channels.join(', ') || 'none'}.`;
      return toolResult(
        {
          ...(defaultCluster ? { defaultCluster } : {}),
          clusters,
          notifyChannels: channels,
          defaultNotifyChannels: config.notify.defaultChannels,
        },
        text,
      );
    }),
  );
}
