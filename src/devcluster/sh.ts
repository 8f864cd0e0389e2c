import { spawn } from 'node:child_process';
import { openSync, closeSync } from 'node:fs';
import { SlurmdeckError } from '../core/errors.js';

export interface RunResult {
  exitCode: number;
  stdout: string;
  stderr: string;
}

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
  const [file, ...args] = argv;
  if (!file) throw new SlurmdeckError('INVALID_ARGUMENT', 'empty command');
  const result = await new Promise<RunResult>((resolve, reject) => {
    const child = spawn(file, args, {
      stdio: [options.input === undefined ? 'ignore' : 'pipe', 'pipe', 'pipe'],
      env: options.env ?? process.env,
      timeout: options.timeoutMs ?? 120_000,
    });
    let stdout = '';
    let stderr = '';
    child.stdout?.setEncoding('utf8').on('data', (d: string) => (stdout += d));
    child.stderr?.setEncoding('utf8').on('data', (d: string) => (stderr += d));
    child.on('error', (error) =>
      reject(
        new SlurmdeckError('DEV_CLUSTER', `cannot run ${file}: ${error.message}`, {
          cause: error,
          hint: `Install the package that provides ${file}, or run as root so dev-cluster up installs it.`,
        }),
      ),
    );
    child.on('close', (code, signal) =>
      resolve({ exitCode: code ?? 128 + (signal ? 15 : 0), stdout, stderr }),
    );
    if (child.stdin) {
      // A command that exits without reading its input is not a failure of ours.
      child.stdin.on('error', () => undefined);
      child.stdin.end(options.input);
    }
  });
  if (result.exitCode !== 0 && !options.allowFailure) {
    const said = (result.stderr || result.stdout).trim().split('\n').slice(-5).join('\n');
    throw new SlurmdeckError('DEV_CLUSTER', `${argv.join(' ')} exited ${result.exitCode}: ${said}`);
  }
  return result;
}

/** Starts a long-lived daemon in its own session, output to a log file; returns its pid. */
export function startDetached(argv: readonly string[], logFile: string): number {
  const [file, ...args] = argv;
  if (!file) throw new SlurmdeckError('INVALID_ARGUMENT', 'empty command');
  const fd = openSync(logFile, 'a');
  try {
    const child = spawn(file, args, { detached: true, stdio: ['ignore', fd, fd] });
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
