import { spawn, type ChildProcessByStdio } from 'node:child_process';
import type { Readable, Writable } from 'node:stream';
import { constants } from 'node:os';
import { SlurmdeckError } from '../core/errors.js';
import { openStdoutFile, type StdoutFile } from './stdout-file.js';
import { abortedError, timeoutError } from './stop-errors.js';
import type { ExecOptions, ExecResult } from './types.js';

export interface RunProcessOptions extends ExecOptions {
  env?: NodeJS.ProcessEnv;
  /** Names the command in error messages instead of argv[0] (argv may hold values not to repeat). */
  label?: string;
  /** Said when the program cannot be started, e.g. "install the OpenSSH client". */
  missingHint?: string;
  /** How long a child gets between SIGTERM and SIGKILL once it has to stop. */
  killGraceMs?: number;
}

// setTimeout fires at once for delays past 2^31-1 ms; treat such timeouts as "none".
const MAX_TIMER_MS = 2_147_483_647;

/**
 * Runs argv directly (no shell) and resolves for any exit code, like execa with reject: false;
 * throws only when the program could not start, timed out, or was aborted.
 */
export function runProcess(
  argv: readonly string[],
  options: RunProcessOptions = {},
): Promise<ExecResult> {
  const [file, ...args] = argv;
  const label = options.label ?? file ?? '';
  if (file === undefined || file === '') {
    return Promise.reject(
      new SlurmdeckError('INVALID_ARGUMENT', 'cannot run an empty command', {
        hint: 'Pass the program to run as the first element of argv.',
      }),
    );
  }
  if (argv.some((arg) => arg.includes('\0'))) {
    return Promise.reject(
      new SlurmdeckError('INVALID_ARGUMENT', `an argument of ${label} contains a NUL byte`, {
        hint: 'Command arguments cannot carry NUL bytes; pass binary data through stdin instead.',
      }),
    );
  }
  const { signal, timeoutMs } = options;
  if (timeoutMs !== undefined && !(timeoutMs > 0)) {
    return Promise.reject(
      new SlurmdeckError(
        'INVALID_ARGUMENT',
        `timeoutMs must be a positive number, not ${timeoutMs}`,
      ),
    );
  }
  if (signal?.aborted) return Promise.reject(abortedError(label, signal));

  const started = performance.now();
  return new Promise<ExecResult>((resolve, reject) => {
    let outFile: StdoutFile | undefined;
    try {
      outFile = options.binary ? openStdoutFile() : undefined;
    } catch (error) {
      reject(stdoutFileError(label, error));
      return;
    }
    let child: ChildProcessByStdio<Writable, Readable | null, Readable>;
    try {
      // stdout is a pipe, or the file (then null here); stdin and stderr are always pipes.
      child = spawn(file, args, {
        stdio: ['pipe', outFile?.fd ?? 'pipe', 'pipe'],
        env: options.env ?? process.env,
      }) as ChildProcessByStdio<Writable, Readable | null, Readable>;
    } catch (error) {
      outFile?.remove();
      reject(error as Error);
      return;
    }
    outFile?.closeFd();
    const stdout: Buffer[] = [];
    const stderr: Buffer[] = [];
    child.stdout?.on('data', (chunk: Buffer) => stdout.push(chunk));
    child.stderr.on('data', (chunk: Buffer) => stderr.push(chunk));

    let settled = false;
    let stopping: SlurmdeckError | undefined;
    let killTimer: NodeJS.Timeout | undefined;
    const settle = (outcome: () => void) => {
      if (settled) return;
      settled = true;
      clearTimeout(deadline);
      clearTimeout(killTimer);
      signal?.removeEventListener('abort', onAbort);
      try {
        outcome();
      } finally {
        outFile?.remove();
      }
    };
    // A grandchild may still hold the pipes open; once the command itself is gone, stop waiting.
    const finishStopping = () => {
      child.stdout?.destroy();
      child.stderr.destroy();
      const error = stopping;
      if (error) settle(() => reject(error));
    };
    const stop = (error: SlurmdeckError) => {
      if (settled || stopping) return;
      stopping = error;
      if (child.exitCode !== null || child.signalCode !== null) return finishStopping();
      child.kill('SIGTERM');
      killTimer = setTimeout(() => child.kill('SIGKILL'), options.killGraceMs ?? 2000);
    };
    const onAbort = () => stop(abortedError(label, signal));
    signal?.addEventListener('abort', onAbort, { once: true });
    const deadline =
      timeoutMs !== undefined && timeoutMs <= MAX_TIMER_MS
        ? setTimeout(() => stop(timeoutError(label, timeoutMs)), timeoutMs)
        : undefined;

    child.on('error', (error: NodeJS.ErrnoException) => {
      // After a successful spawn, 'error' only reports a failed kill(); 'exit' still follows.
      if (child.pid !== undefined) return;
      settle(() => reject(spawnError(file, label, error, options.missingHint)));
    });
    child.on('exit', () => {
      if (stopping) finishStopping();
    });
    child.on('close', (code, signalName) => {
      settle(() => {
        let stdoutBytes: Buffer | undefined;
        try {
          stdoutBytes = outFile?.read();
        } catch (error) {
          reject(stdoutFileError(label, error));
          return;
        }
        resolve({
          argv: [...argv],
          exitCode: code ?? 128 + (signalName ? constants.signals[signalName] : 0),
          stdout: Buffer.concat(stdout).toString('utf8'),
          ...(stdoutBytes ? { stdoutBytes } : {}),
          stderr: Buffer.concat(stderr).toString('utf8'),
          durationMs: Math.round(performance.now() - started),
        });
      });
    });

    // The child may exit without reading its input; that EPIPE is not our failure.
    child.stdin.on('error', () => {});
    // Without stdin the child reads end-of-file at once, as from /dev/null.
    if (options.stdin === undefined) child.stdin.end();
    else child.stdin.end(options.stdin);
  });
}

function stdoutFileError(label: string, error: unknown): SlurmdeckError {
  const reason = (error as NodeJS.ErrnoException).code ?? String(error);
  return new SlurmdeckError('SPAWN_FAILED', `cannot keep the output of ${label}: ${reason}`, {
    hint: 'Check that the temporary folder (TMPDIR, else /tmp) is writable and has room.',
    cause: error,
  });
}

function spawnError(
  file: string,
  label: string,
  error: NodeJS.ErrnoException,
  missingHint: string | undefined,
): SlurmdeckError {
  const reason = error.code ?? error.message;
  const hint =
    missingHint ??
    (error.code === 'EACCES'
      ? `Check that ${file} is executable by the current user.`
      : `Check that ${file} is installed and on PATH.`);
  return new SlurmdeckError('SPAWN_FAILED', `could not start ${label}: ${reason}`, {
    hint,
    cause: error,
    data: { file, code: error.code },
  });
}
