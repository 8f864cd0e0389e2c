import type { Command } from 'commander';
import { SlurmdeckError } from '../../core/errors.js';
import { loadConfig } from '../../core/config.js';
import { configFile } from '../../core/paths.js';
import { readSecretFile } from '../../core/secret-file.js';
import type { Workspace } from '../../workspace/index.js';
import { devClusterUpAndRegister } from './dev-cluster.js';
import type { LoadMcpServers } from './mcp.js';
import { registerTokens, type TokenStoreFace } from './serve-token.js';

/**
 * What `slurmdeck serve` needs from the server face (src/server/index.ts satisfies it). The
 * CLI never imports that face: the process entry (src/bin.ts) hands in a loader.
 */
export interface ServerFace {
  DEFAULT_PORT: number;
  startServer(options: {
    host: string;
    port: number;
    tlsCert?: string;
    tlsKey?: string;
    insecureHttp?: boolean;
    allowHosts?: string[];
    allowOrigins?: string[];
    defaultCluster?: string;
    /** The tracker's PostgreSQL URL (default: the config's, else the state database). */
    trackerDatabase?: string;
    trustProxy?: boolean;
    pushes?: { listen?: { host: string; port: number }; secret?: string; spoolDir?: string };
    pollIntervalMs?: number;
    /** MCP at /mcp, made on the server's own workspace. */
    mcp?: (workspace: Workspace) => {
      fetch(request: Request, caller: { name: string }): Promise<Response>;
      close(): Promise<void>;
    };
  }): Promise<{
    url: string;
    loginUrl: string;
    pushAddress: string | undefined;
    close(): Promise<void>;
  }>;
  openTokenStore(): TokenStoreFace;
  /** Login links beside the running server (the same state database). */
  openLoginLinks(): {
    issue(baseUrl?: string): string;
    recordAddress(url: string): void;
    clearAddress(): void;
    close(): void;
  };
}

export type LoadServer = () => Promise<ServerFace>;

interface ServeFlags {
  port?: string;
  host?: string;
  tlsCert?: string;
  tlsKey?: string;
  insecureHttp?: boolean;
  allowHost?: string[];
  allowOrigin?: string[];
  devCluster?: boolean;
  database?: string;
  trustProxy?: boolean;
  pushListen?: string;
  pushSecretFile?: string;
  pushSpool?: string;
  pollInterval?: string;
}

function pollSeconds(value: string): number {
  const seconds = Number(value);
  if (!Number.isFinite(seconds) || seconds < 1) {
    throw new SlurmdeckError(
      'INVALID_ARGUMENT',
      `--poll-interval must be at least 1 second, got "${value}"`,
      {
        hint: 'Slurm asks tools not to poll faster than that; leave it out for adaptive intervals.',
      },
    );
  }
  return seconds;
}

/** `--push-listen HOST:PORT` and friends: the epilog push receivers, as `slurmdeck watch` takes them. */
function pushOptions(flags: ServeFlags) {
  let listen: { host: string; port: number } | undefined;
  if (flags.pushListen) {
    const match = /^(.+):(\d+)$/.exec(flags.pushListen);
    if (!match) {
      throw new SlurmdeckError(
        'INVALID_ARGUMENT',
        `--push-listen wants HOST:PORT, got "${flags.pushListen}"`,
      );
    }
    listen = { host: match[1] as string, port: Number(match[2]) };
  }
  return {
    ...(listen ? { listen } : {}),
    ...(flags.pushSecretFile ? { secret: readSecretFile(flags.pushSecretFile) } : {}),
    ...(flags.pushSpool ? { spoolDir: flags.pushSpool } : {}),
  };
}

/**
 * The embedded default: with no cluster configured, `serve` runs on the local dev cluster (as
 * root, it brings it up and registers it); a registered dev cluster is brought back up after a
 * reboot. Any other configured cluster is used as it is.
 */
async function devClusterWhenNoneConfigured(wanted: string | undefined): Promise<void> {
  const config = loadConfig();
  const clusters = Object.keys(config.clusters);
  const usesDev = (wanted ?? config.defaultCluster ?? clusters[0]) === 'dev';
  if (clusters.length > 0 && !usesDev) return;
  if (process.getuid?.() !== 0) {
    if (clusters.length > 0) return; // someone else's dev cluster, or not ours to start
    throw new SlurmdeckError('CONFIG_NOT_FOUND', 'no cluster is configured', {
      hint: `Add your cluster to ${configFile()}, or run as root once to bring up the local dev cluster.`,
    });
  }
  console.error(
    clusters.length === 0
      ? 'no cluster configured: bringing up the local dev cluster'
      : 'checking the local dev cluster',
  );
  // stdout carries only the login line.
  await devClusterUpAndRegister(undefined, (line) => console.error(line));
}

const LOOPBACK = ['127.0.0.1', 'localhost', '::1'];

function port(value: string | undefined, fallback: number): number {
  if (value === undefined) return fallback;
  const n = Number(value);
  if (!Number.isInteger(n) || n < 0 || n > 65535) {
    throw new SlurmdeckError('INVALID_ARGUMENT', `--port must be 0-65535, got "${value}"`);
  }
  return n;
}

async function face(load: LoadServer | undefined): Promise<ServerFace> {
  if (!load) {
    throw new SlurmdeckError('INVALID_ARGUMENT', 'this program has no HTTP server built in', {
      hint: 'Run the slurmdeck command (dist/bin.js) to serve.',
    });
  }
  return load();
}

function withLinks<T>(
  server: ServerFace,
  use: (links: ReturnType<ServerFace['openLoginLinks']>) => T,
): T {
  const links = server.openLoginLinks();
  try {
    return use(links);
  } finally {
    links.close();
  }
}

export function registerServe(program: Command, load?: LoadServer, loadMcp?: LoadMcpServers): void {
  const serve = program
    .command('serve')
    .description('the HTTP API and web dashboard, on 127.0.0.1:8080 by default')
    .option('--port <n>', 'port (default 8080; 0 picks a free one)')
    .option('--host <address>', 'address to bind (default 127.0.0.1)')
    .option('--tls-cert <file>', 'TLS certificate (PEM), with --tls-key')
    .option('--tls-key <file>', 'TLS private key (PEM)')
    .option('--insecure-http', 'allow plain HTTP on a non-loopback address (behind a TLS proxy)')
    .option('--allow-host <names...>', 'more host names browsers may use for this server')
    .option('--allow-origin <origins...>', 'more browser origins (a reverse proxy address)')
    .option(
      '--trust-proxy',
      'believe X-Forwarded-Proto from the TLS reverse proxy in front: session cookies get Secure',
    )
    .option('--no-dev-cluster', 'never bring up the local dev cluster')
    .option(
      '--database <url>',
      'keep tracker runs in PostgreSQL (postgres://user:password@host/db); default: tracker.database in the config, else the state database',
    )
    .option('--push-listen <host:port>', 'take job-end pushes from `slurmdeck hook epilog` here')
    .option('--push-secret-file <file>', 'the secret pushes are signed with (mode 0600)')
    .option('--push-spool <dir>', 'take job-end pushes as files dropped in this folder')
    .option(
      '--poll-interval <seconds>',
      "fixed time between the shared pollers' polls (default: adaptive, 5 s to 2 min)",
    )
    .action(async (flags: ServeFlags, command: Command) => {
      const server = await face(load);
      const pushes = pushOptions(flags);
      const cluster = command.optsWithGlobals<{ cluster?: string }>().cluster;
      if (flags.devCluster !== false) await devClusterWhenNoneConfigured(cluster);
      const host = flags.host ?? '127.0.0.1';
      if (flags.insecureHttp && !LOOPBACK.includes(host) && !flags.tlsCert) {
        console.error(
          `warning: plain HTTP on ${host}: tokens and cookies cross the network unencrypted; use TLS or a TLS proxy`,
        );
      }
      const mcp = loadMcp ? await loadMcp() : undefined;
      const running = await server.startServer({
        host,
        port: port(flags.port, server.DEFAULT_PORT),
        ...(flags.tlsCert ? { tlsCert: flags.tlsCert } : {}),
        ...(flags.tlsKey ? { tlsKey: flags.tlsKey } : {}),
        ...(flags.insecureHttp ? { insecureHttp: true } : {}),
        ...(flags.allowHost ? { allowHosts: flags.allowHost } : {}),
        ...(flags.allowOrigin ? { allowOrigins: flags.allowOrigin } : {}),
        ...(cluster ? { defaultCluster: cluster } : {}),
        ...(flags.database ? { trackerDatabase: flags.database } : {}),
        ...(flags.trustProxy ? { trustProxy: true } : {}),
        pushes,
        ...(flags.pollInterval === undefined
          ? {}
          : { pollIntervalMs: pollSeconds(flags.pollInterval) * 1000 }),
        ...(mcp ? { mcp: (workspace: Workspace) => mcp.createMcpEndpoint({ workspace }) } : {}),
      });
      // Where `serve login-link` sends the next browser.
      withLinks(server, (links) => links.recordAddress(running.url));
      if (running.pushAddress) console.error(`taking job-end pushes on ${running.pushAddress}`);
      console.log(`open ${running.loginUrl}`);
      await new Promise<void>((resolve) => {
        for (const signal of ['SIGINT', 'SIGTERM'] as const) process.once(signal, resolve);
      });
      console.error('slurmdeck serve: stopping (finishing requests in flight)');
      withLinks(server, (links) => links.clearAddress());
      await running.close();
    });
  registerTokens(serve, async () => (await face(load)).openTokenStore());
  serve
    .command('login-link')
    .description(
      'print a fresh single-use login link (valid 10 minutes) for the running slurmdeck serve',
    )
    .option(
      '--url <base>',
      'the address browsers use (e.g. the reverse proxy), not the recorded one',
    )
    .action(async (flags: { url?: string }) => {
      const link = withLinks(await face(load), (links) => links.issue(flags.url));
      console.log(`open ${link}`);
    });
}
