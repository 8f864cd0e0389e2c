import { randomBytes } from 'node:crypto';
import type { Command } from 'commander';
import { SlurmdeckError } from '../../core/errors.js';
import { readSecretFile } from '../../core/secret-file.js';
import type { Workspace } from '../../workspace/index.js';

/** Options both MCP servers take. */
export interface McpServeOptions {
  defaultCluster?: string;
  backgroundWatch?: boolean;
}

/**
 * What `slurmdeck mcp` needs from the MCP face (src/mcp/index.ts satisfies it). The CLI never
 * imports that face: the process entry (src/bin.ts) hands in a loader, called only for `mcp`.
 */
export interface McpServers {
  DEFAULT_HTTP_PORT: number;
  serveStdio(options: McpServeOptions): Promise<void>;
  serveHttp(
    options: McpServeOptions & {
      host: string;
      port: number;
      token: string;
      allowedOrigins?: string[];
    },
  ): Promise<{ url: string; close(): Promise<void> }>;
  /** The MCP endpoint without its own token check, for `slurmdeck serve` to mount at /mcp. */
  createMcpEndpoint(options: { workspace: Workspace }): {
    fetch(request: Request, caller: { name: string; role?: string }): Promise<Response>;
    close(): Promise<void>;
  };
}

export type LoadMcpServers = () => Promise<McpServers>;

interface McpFlags {
  http?: boolean;
  port?: string;
  host?: string;
  tokenFile?: string;
  allowOrigin?: string[];
  watch?: boolean;
}

function port(value: string | undefined): number | undefined {
  if (value === undefined) return undefined;
  const n = Number(value);
  if (!Number.isInteger(n) || n < 0 || n > 65535) {
    throw new SlurmdeckError('INVALID_ARGUMENT', `--port must be 0-65535, got "${value}"`);
  }
  return n;
}

/** Anyone who can reach the port may guess: 32 random characters are out of reach. */
const MIN_TOKEN_CHARS = 32;

function strong(token: string, from: string): string {
  if (token.length >= MIN_TOKEN_CHARS) return token;
  throw new SlurmdeckError(
    'CREDENTIALS_INSECURE',
    `the bearer token in ${from} is ${token.length} characters long; it must be at least ${MIN_TOKEN_CHARS} random characters`,
    { hint: 'Make one with `openssl rand -base64 32` (or leave it unset to get a fresh one).' },
  );
}

/** The HTTP bearer token: a 0600 file, else SLURMDECK_MCP_TOKEN, else a fresh one shown once. */
function httpToken(flags: McpFlags): { token: string; generated: boolean } {
  if (flags.tokenFile) {
    return { token: strong(readSecretFile(flags.tokenFile), flags.tokenFile), generated: false };
  }
  const fromEnv = process.env['SLURMDECK_MCP_TOKEN'];
  if (fromEnv) return { token: strong(fromEnv, 'SLURMDECK_MCP_TOKEN'), generated: false };
  return { token: randomBytes(32).toString('base64url'), generated: true };
}

export function registerMcp(program: Command, loadServers?: LoadMcpServers): void {
  program
    .command('mcp')
    .description('serve MCP to AI agents: stdio by default, or streamable HTTP on 127.0.0.1')
    .option('--http', 'serve streamable HTTP instead of stdio')
    .option('--port <n>', 'HTTP port (default 8377)')
    .option('--host <address>', 'HTTP address to bind (default 127.0.0.1)')
    .option('--token-file <file>', 'bearer token for HTTP, from a file of mode 0600')
    .option('--allow-origin <origins...>', 'browser origins allowed to call the HTTP server')
    .option('--no-watch', 'do not poll Slurm for watched jobs from this server')
    .action(async (flags: McpFlags, command: Command) => {
      const cluster = command.optsWithGlobals<{ cluster?: string }>().cluster;
      if (!loadServers) {
        throw new SlurmdeckError('INVALID_ARGUMENT', 'this program has no MCP server built in', {
          hint: 'Run the slurmdeck command (dist/bin.js) to serve MCP.',
        });
      }
      // Before loading anything: a weak token is refused at once.
      const http = flags.http ? httpToken(flags) : undefined;
      // Loaded only here: the other commands never pay for the MCP SDK.
      const mcp = await loadServers();
      const common: McpServeOptions = {
        ...(cluster ? { defaultCluster: cluster } : {}),
        backgroundWatch: flags.watch !== false,
      };
      if (!http) return mcp.serveStdio(common);
      const { token, generated } = http;
      const host = flags.host ?? '127.0.0.1';
      if (!['127.0.0.1', 'localhost', '::1'].includes(host)) {
        console.error(`warning: serving on ${host}: other machines can reach this server`);
      }
      const server = await mcp.serveHttp({
        ...common,
        host,
        port: port(flags.port) ?? mcp.DEFAULT_HTTP_PORT,
        token,
        ...(flags.allowOrigin ? { allowedOrigins: flags.allowOrigin } : {}),
      });
      console.error(`slurmdeck MCP server on ${server.url}`);
      if (generated) console.error(`bearer token (shown once): ${token}`);
      await new Promise<void>((resolve) => {
        for (const signal of ['SIGINT', 'SIGTERM'] as const) process.once(signal, resolve);
      });
      await server.close();
    });
}
