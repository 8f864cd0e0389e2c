import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createLogger } from '../../src/core/logger.js';
import { createServerApp, type AppOptions } from '../../src/server/app.js';
import { createServerDeps } from '../../src/server/deps.js';
import { createLogins } from '../../src/server/login.js';
import { allowedHostnames } from '../../src/server/request-guard.js';
import { createTokenStore } from '../../src/server/tokens.js';
import { openClusterHandle } from '../../src/sites/index.js';
import { createSlurmClient } from '../../src/slurm/index.js';
import { openDatabase, type Db } from '../../src/store/index.js';
import type { Transport } from '../../src/transport/index.js';

const fixture = (name: string) =>
  readFileSync(new URL(`../../src/slurm/fixtures/${name}`, import.meta.url), 'utf8');

/** What each command prints: Slurm 22.05 output captured from the dev cluster. */
const OUTPUTS: Record<string, () => string> = {
  'sbatch --parsable': () => '77\n',
  'sbatch --test-only': () => '',
  scancel: () => '',
  id: () => 'alice\n',
  'sinfo --version': () => fixture('sinfo-version-22.05.txt'),
  sinfo: () => fixture('sinfo-22.05-gpu-job.txt'),
  squeue: () => fixture('squeue-22.05-mixed.txt'),
  scontrol: () => fixture('scontrol-22.05-running-gres.txt'),
};

interface RecordedOptions {
  localShell?: boolean;
  /** Answers that replace the captured ones, by command (`scontrol`, `sbatch --parsable`). */
  outputs?: Record<string, () => string>;
}

/**
 * A transport that answers from captured output and counts each command it ran; with
 * `localShell`, `sh -c ...` runs on this machine (reading real files, as on a login node).
 */
export function recordedTransport(
  delayMs = 0,
  { localShell = false, outputs = {} }: RecordedOptions = {},
) {
  const answers = { ...OUTPUTS, ...outputs };
  const calls: string[] = [];
  const commands: string[][] = [];
  const transport: Transport = {
    kind: 'ssh',
    target: 'root@recorded:22',
    async exec(argv) {
      const key = argv.slice(0, 2).join(' ') in answers ? argv.slice(0, 2).join(' ') : argv[0];
      calls.push(key as string);
      commands.push([...argv]);
      if (delayMs) await new Promise((r) => setTimeout(r, delayMs));
      if (localShell && argv[0] === 'sh') {
        const run = spawnSync(argv[0], argv.slice(1), { encoding: 'utf8' });
        return {
          argv,
          exitCode: run.status ?? 1,
          stdout: run.stdout,
          stderr: run.stderr,
          durationMs: 0,
        };
      }
      const out = answers[key as string];
      return {
        argv,
        exitCode: out ? 0 : 1,
        stdout: out ? out() : '',
        stderr: !out
          ? `${argv[0]}: not recorded`
          : key === 'sbatch --test-only'
            ? 'sbatch: Job 78 to start at 2026-11-22T15:00:00 using 1 processors on nodes n1 in partition cpu\n'
            : '',
        durationMs: delayMs,
      };
    },
    close: async () => undefined,
  };
  return { transport, calls, commands };
}

export const HOST = '127.0.0.1:8080';
export const ORIGIN = `http://${HOST}`;

/** The server app over a recorded cluster "dev" (user root) and a fresh state database. */
export function serverUnderTest(
  options: Partial<AppOptions> & { delayMs?: number } & RecordedOptions = {},
) {
  const dir = mkdtempSync(join(tmpdir(), 'slurmdeck-server-'));
  const configFile = join(dir, 'config.yaml');
  writeFileSync(
    configFile,
    'clusters:\n  dev:\n    transport: ssh\n    host: login\n    user: root\n  other:\n    transport: ssh\n    host: other\n',
  );
  const recorded = recordedTransport(options.delayMs, {
    ...(options.localShell ? { localShell: true } : {}),
    ...(options.outputs ? { outputs: options.outputs } : {}),
  });
  const db: Db = openDatabase({ file: join(dir, 'slurmdeck.db') });
  const deps = createServerDeps({
    configFile,
    db,
    log: createLogger('silent'),
    openCluster: (name, config) => ({
      ...openClusterHandle(name, config),
      transport: recorded.transport,
      slurm: createSlurmClient(recorded.transport),
    }),
  });
  const tokens = createTokenStore(db);
  const logins = createLogins(db);
  const shutdown = new AbortController();
  const { app, live, mcp } = createServerApp({
    deps,
    tokens,
    logins,
    guard: { hostnames: allowedHostnames('127.0.0.1'), origins: new Set() },
    shutdown: shutdown.signal,
    ...options,
  });
  /** A request as a browser or client on this machine sends it (Host set). */
  const request = (path: string, init: RequestInit & { token?: string } = {}) => {
    const headers = new Headers(init.headers);
    if (!headers.has('host')) headers.set('host', HOST);
    if (init.token) headers.set('authorization', `Bearer ${init.token}`);
    return app.request(path, { ...init, headers });
  };
  return {
    app,
    request,
    deps,
    tokens,
    logins,
    calls: recorded.calls,
    commands: recorded.commands,
    live,
    mcp,
    shutdown,
    dir,
  };
}
