import type { McpServer } from '@modelcontextprotocol/sdk/server/mcp.js';
import { z } from 'zod';
import { testMessage } from '../../jobs/index.js';
import {
  credentialsFileFor,
  loadCredentials,
  resolveChannel,
  type Credentials,
} from '../../notify/index.js';
import type { McpDeps } from '../deps.js';
import { guard } from '../guard.js';
import { toolResult } from '../tool-result.js';

export function registerNotifyTestTool(server: McpServer, deps: McpDeps): void {
  server.registerTool(
    'notify_test',
    {
      title: 'Send a test notification',
      description:
        'Send a sample job report through a configured notification channel (ntfy, Slack, email...) and say whether it arrived. A person receives it: use it when the user asks to check a channel.',
      inputSchema: { channel: z.string().min(1).describe('channel name from list_clusters') },
      outputSchema: {
        channel: z.string(),
        delivered: z.boolean(),
        detail: z.string().optional(),
      },
      annotations: {
        readOnlyHint: false,
        destructiveHint: false,
        idempotentHint: false,
        openWorldHint: true,
      },
    },
    guard(deps, async ({ channel }) => {
      const config = deps.config();
      const spec = config.notify.channels[channel];
      // A bad spec or a missing credential is an error to fix, not a failed send.
      const credentials: Credentials = loadCredentials(
        credentialsFileFor(config.notify.credentialsFile),
      );
      if (spec !== undefined) resolveChannel(channel, spec, credentials);
      const notifier = deps.notifier();
      const queued = notifier.enqueueTest(channel, testMessage(notifier.language, channel));
      const [result] = await notifier.deliverDue({ ids: [queued.id], maxBatch: 1 });
      const delivered = result?.state === 'sent';
      const detail = deps.redact(
        result?.error ??
          result?.detail ??
          (result?.status === undefined ? '' : `HTTP ${result.status}`),
      );
      return toolResult(
        { channel, delivered, ...(detail ? { detail } : {}) },
        delivered
          ? `Delivered a test message to "${channel}".`
          : `Not delivered to "${channel}": ${detail || 'unknown error'}.`,
      );
    }),
  );
}
