import { StdioServerTransport } from '@modelcontextprotocol/sdk/server/stdio.js';
import { activeWatches } from './active-watches.js';
import { createMcpDeps, type McpDeps, type McpDepsOptions } from './deps.js';
import { createSlurmdeckMcpServer } from './server.js';

/** Polls, from the start, the clusters that have watched jobs, so their events keep landing. */
export function resumeWatches(deps: McpDeps): void {
  for (const { cluster, active } of activeWatches(deps)) {
    if (active === 0) continue;
    try {
      deps.pollers.ensure(cluster);
    } catch (error) {
      deps.log.warn(`mcp: cannot poll ${cluster}: ${String(error)}`);
    }
  }
}

/**
 * `slurmdeck mcp`: MCP over stdin/stdout (stdout carries only the protocol; logs go to stderr).
 * Resolves when the client closes stdin or the process is told to stop.
 */
export async function serveStdio(options: McpDepsOptions = {}): Promise<void> {
  const deps = createMcpDeps(options);
  const server = createSlurmdeckMcpServer(deps);
  const transport = new StdioServerTransport();
  try {
    resumeWatches(deps);
  } catch (error) {
    deps.log.warn(`mcp: ${String(error)}`);
  }
  await server.connect(transport);
  deps.log.info('mcp: serving on stdio');
  await new Promise<void>((resolve) => {
    process.stdin.once('end', resolve);
    process.stdin.once('close', resolve);
    transport.onclose = () => resolve();
    for (const signal of ['SIGINT', 'SIGTERM', 'SIGHUP'] as const) process.once(signal, resolve);
  });
  await server.close().catch(() => undefined);
  await deps.close();
}
