import { createMcpEndpoint } from '../../src/mcp/http-handler.js';
import type { McpEndpointFactory } from '../../src/server/mcp-mount.js';

/** What src/bin.ts hands `slurmdeck serve`: the MCP endpoint on the server's own workspace. */
export const mcpOnServerWorkspace: McpEndpointFactory = (workspace) =>
  createMcpEndpoint({ workspace });
