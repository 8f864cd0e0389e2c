import type { LoadMcpServers } from './commands/mcp.js';

/**
 * What the CLI runs but may not import: the other faces. The process entry (src/bin.ts) hands
 * them in, so `slurmdeck mcp` is a CLI command while src/cli never imports src/mcp.
 */
export interface OtherFaces {
  mcp?: LoadMcpServers;
}
