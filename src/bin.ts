#!/usr/bin/env node
/**
 * The `slurmdeck` process: the one module above the faces, and the only one that knows them
 * all. The CLI parses every command line (so `--help` lists `mcp` and `--cluster X mcp` works);
 * for `mcp` it calls the MCP face's stdio or HTTP server handed in here, loaded only then, so
 * no other command pays for the MCP SDK and `hook epilog` still loads just its own command.
 */
import { runCli } from './cli/program.js';

process.exitCode = await runCli(process.argv, {
  mcp: () => import('./mcp/index.js'),
  server: () => import('./server/index.js'),
});
