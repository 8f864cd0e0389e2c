import { spawn } from 'node:child_process';
import { constants } from 'node:os';
import { SlurmdeckError } from '../core/errors.js';
import type { TtyProcess } from './types.js';

const MAX_STDERR_BYTES = 16 * 1024;

/**
 * Spawns argv (no shell) whose own job is to give the real program a terminal: `ssh -tt`, or
 * `script` here. Resolves once it runs; a program that cannot start is SPAWN_FAILED.
 */
export function spawnTtyProcess(
  argv: readonly string[],
  label: string,
  missingHint: string,
  env: NodeJS.ProcessEnv = process.env,
): Promise<TtyProcess> {
  const [file, ...args] = argv as [string, ...string[]];
  const child = spawn(file, args, { stdio: ['pipe', 'pipe', 'pipe'], env });
  let stderr = '';
  child.stderr.on('data', (chunk: Buffer) => {
    if (stderr.length < MAX_STDERR_BYTES) stderr += chunk.toString('utf8');
  });
  // Typing into a terminal that just hung up is not an error of ours.
  child.stdin.on('error', () => {});
  const exited = new Promise<{ exitCode: number; stderr: string }>((resolve) => {
    child.on('close', (code, signal) =>
      resolve({ exitCode: code ?? 128 + (signal ? constants.signals[signal] : 0), stderr }),
    );
  });
  return new Promise((resolve, reject) => {
    child.once('error', (error: NodeJS.ErrnoException) => {
      if (child.pid !== undefined) return;
      reject(
        new SlurmdeckError(
          'SPAWN_FAILED',
          `could not start ${label}: ${error.code ?? error.message}`,
          {
            hint: missingHint,
            cause: error,
          },
        ),
      );
    });
    child.once('spawn', () =>
      resolve({
        write: (bytes) => {
          if (child.stdin.writable) child.stdin.write(bytes);
        },
        onOutput: (listener) => child.stdout.on('data', listener),
        exited,
        kill: () => {
          if (child.exitCode === null && child.signalCode === null) child.kill('SIGTERM');
        },
      }),
    );
  });
}
