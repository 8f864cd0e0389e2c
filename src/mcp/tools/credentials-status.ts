import type { McpServer } from '@modelcontextprotocol/sdk/server/mcp.js';
import { z } from 'zod';
import { listCredentials } from '../../sites/index.js';
import type { McpDeps } from '../deps.js';
import { guard } from '../guard.js';
import { toolResult } from '../tool-result.js';

export function registerCredentialsStatusTool(server: McpServer, deps: McpDeps): void {
  server.registerTool(
    'credentials_status',
    {
      title: 'Credentials for sites',
      description:
        'Stored site credentials (API tokens, SSH keys, certificates): kind, site, owner, expiry and whether to renew, never a value. This tool never takes a password: to log in or get a new certificate, tell the user to run `slurmdeck --site SITE site login --user NAME` or `slurmdeck --site SITE site cert request` in their terminal.',
      inputSchema: {},
      outputSchema: {
        credentials: z.array(
          z.object({
            site: z.string(),
            kind: z.enum(['certificate', 'ssh-key', 'api-token', 'unknown']),
            owner: z.string().optional(),
            expires: z.string().optional(),
            status: z.enum(['ok', 'renew', 'expired', 'insecure']),
            note: z.string().optional(),
          }),
        ),
      },
      annotations: {
        readOnlyHint: true,
        destructiveHint: false,
        idempotentHint: true,
        openWorldHint: false,
      },
    },
    guard(deps, async () => {
      const credentials = (await listCredentials()).map(
        ({ file: _file, validFrom: _from, ...rest }) => rest,
      );
      const attention = credentials.filter((c) => c.status !== 'ok');
      return toolResult(
        { credentials },
        credentials.length === 0
          ? 'No site credentials are stored. The user can run `slurmdeck --site SITE site login --user NAME` in a terminal.'
          : `${credentials.length} credential(s); ${attention.length ? attention.map((c) => `${c.site} ${c.kind}: ${c.status}`).join(', ') : 'all valid'}.`,
      );
    }),
  );
}
