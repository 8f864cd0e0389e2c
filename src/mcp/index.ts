// `slurmdeck/mcp`: the MCP server face. Loads the MCP SDK and SQLite; the root export does not.
export { createSlurmdeckMcpServer } from './server.js';
export { createMcpDeps, type McpDeps, type McpDepsOptions } from './deps.js';
export { serveStdio } from './stdio.js';
export { serveHttp, DEFAULT_HTTP_PORT, type HttpOptions, type HttpHandle } from './http.js';
export {
  createMcpHttpHandler,
  createMcpEndpoint,
  type McpHttpHandler,
  type McpHttpHandlerOptions,
  type McpCaller,
  type McpEndpointOptions,
} from './http-handler.js';
export { TOOLS, registerTools, type RegisterTool } from './tools/index.js';
export { openClusterHandle, type ClusterHandle } from '../sites/index.js';
