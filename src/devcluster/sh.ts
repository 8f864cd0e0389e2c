import { spawn } from 'node:child_process';
import { runProcess } from '../transport/run-process.js';
import type { ExecResult } from '../transport/types.js';
import { openSync, closeSync } from 'node:fs';
import { SlurmdeckError } from '../core/errors.js';

export type RunResult = ExecResult;

/** Runs a set-up step; a step that fails stops `up` with what the command said. */
export async function run(
  argv: readonly string[],
  options: {
    input?: string;
    allowFailure?: boolean;
    env?: NodeJS.ProcessEnv;
    timeoutMs?: number;
  } = {},
): Promise<RunResult> {
  const result = await runProcess(argv, {
    timeoutMs: options.timeoutMs ?? 120_000,
    ...(options.input === undefined ? {} : { stdin: options.input }),
    ...(options.env ? { env: options.env } : {}),
    missingHint: 'Run as root so dev-cluster up installs the Debian packages it needs.',
  });
  if (result.exitCode !== 0 && !options.allowFailure) {
    const said = (result.stderr || result.stdout).trim().split('\n').slice(-5).join('\n');
    throw new SlurmdeckError('DEV_CLUSTER', `${argv.join(' ')} exited ${result.exitCode}: ${said}`);
  }
  return result;
}

/** Starts a long-lived daemon in its own session, output to a log file; returns its pid. */
/**
 * The environment a host's daemon starts with: the caller's without SLURM_* (a caller that
 * set SLURM_CONF to the client copy would have slurmctld or slurmd read that file instead of
 * its host's /etc/slurm).
 */
export function daemonEnv(env: NodeJS.ProcessEnv = process.env): NodeJS.ProcessEnv {
  return Object.fromEntries(Object.entries(env).filter(([name]) => !name.startsWith('SLURM_')));
}

export function startDetached(argv: readonly string[], logFile: string): number {
  const [file, ...args] = argv;
  if (!file) throw new SlurmdeckError('INVALID_ARGUMENT', 'empty command');
  const fd = openSync(logFile, 'a');
  try {
    const child = spawn(file, args, {
      detached: true,
      stdio: ['ignore', fd, fd],
      env: daemonEnv(),
    });
    if (child.pid === undefined) {
      throw new SlurmdeckError('DEV_CLUSTER', `could not start ${argv.join(' ')}`);
    }
    child.unref();
    return child.pid;
  } finally {
    closeSync(fd);
  }
}

export function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}

export const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** Polls `check` until it returns true or `timeoutMs` passes. */
export async function waitFor(
  what: string,
  check: () => Promise<boolean> | boolean,
  timeoutMs: number,
  hint?: string,
): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    if (await check()) return;
    await sleep(250);
  }
  throw new SlurmdeckError(
    'DEV_CLUSTER',
    `timed out after ${timeoutMs / 1000}s waiting for ${what}`,
    {
      ...(hint ? { hint } : {}),
    },
  );
}
