import { spawn, type ChildProcess } from 'node:child_process';
import { hostname } from 'node:os';
import { resolve } from 'node:path';
import type { Writable } from 'node:stream';
import { SlurmdeckError } from '../core/errors.js';
import type { CompletionRecord } from '../jobs/types.js';
import { writeFileAtomic } from './atomic-write.js';
import { outcomeOf, type ChildEnd } from './exit-status.js';
import { forwardSignals, type SignalSource } from './forward-signals.js';
import { startJobTracking } from './job-tracking.js';
import { LineBuffer } from './line-buffer.js';
import type { LogFile } from './log-file.js';
import { openRunFiles } from './run-files.js';
import { runIdentity } from './run-id.js';

export interface RunOptions {
  /** argv, run without a shell. */
  command: readonly string[];
  /** Where `.slurmdeck/runs/<runId>.json` goes; default the current directory. */
  workDir?: string;
  /** Default `<workDir>/.slurmdeck/logs`. */
  logDir?: string;
  env?: NodeJS.ProcessEnv;
  /** Where the command's output is echoed (the job's own output file, or a terminal). */
  stdout: Writable;
  stderr: Writable;
  /** Default `process`: the signals the job receives. */
  signals?: SignalSource;
  /** Seconds between samples of the job's CPU, RSS and GPUs for the tracker (0 or unset: none). */
  sysIntervalSeconds?: number;
  /** Folders the command writes TensorBoard event files to, recorded for the login node. */
  tensorboard?: readonly string[];
}

export interface RunResult {
  record: CompletionRecord;
  recordPath: string;
  /** Set when the record could not be written; the run itself is over either way. */
  recordError: Error | undefined;
}

// After the command exits, a background process it left may hold the pipes open: stop waiting then.
const PIPE_GRACE_MS = 2000;

/** Echoes one output stream to the console as it comes and to the log line by line. */
function tee(from: NodeJS.ReadableStream, to: Writable, log: LogFile): () => void {
  const lines = new LineBuffer();
  let consoleOpen = true;
  const onError = () => (consoleOpen = false); // e.g. EPIPE: keep logging, keep running
  to.on('error', onError);
  from.on('data', (chunk: Buffer) => {
    if (consoleOpen) to.write(chunk);
    const ready = lines.push(chunk);
    if (ready) log.write(ready);
  });
  return () => {
    const rest = lines.flush();
    if (rest) log.write(rest);
    to.off('error', onError);
  };
}

/** Resolves once the command has ended and its output is read; a command that could not start is 127/126 like in a shell. */
function waitForEnd(child: ChildProcess, file: string, note: (line: string) => void) {
  return new Promise<ChildEnd>((done) => {
    let grace: NodeJS.Timeout | undefined;
    child.once('error', (error: NodeJS.ErrnoException) => {
      if (child.pid !== undefined) return; // a failed kill(); 'close' still follows
      const missing = error.code === 'ENOENT';
      note(missing ? `command not found: ${file}` : `cannot run ${file}: ${error.code}`);
      done({ exitCode: missing ? 127 : 126, signal: null });
    });
    child.once('exit', () => {
      grace = setTimeout(() => {
        child.stdout?.destroy();
        child.stderr?.destroy();
      }, PIPE_GRACE_MS);
    });
    child.once('close', (exitCode: number | null, signal: NodeJS.Signals | null) => {
      clearTimeout(grace);
      done({ exitCode, signal });
    });
  });
}

/**
 * Runs a command inside a job: echoes and logs its output, passes on the signals the job gets,
 * and when it ends writes the completion record atomically. Resolves for any exit of the command;
 * throws only when it cannot start the run (no command, no writable folder).
 */
export async function runCommand(options: RunOptions): Promise<RunResult> {
  const [file, ...args] = options.command;
  if (file === undefined || file === '') {
    throw new SlurmdeckError('INVALID_ARGUMENT', 'no command to run', {
      hint: 'Put the command after --: slurmdeck run -- python train.py',
    });
  }
  if (options.command.some((arg) => arg.includes('\0'))) {
    throw new SlurmdeckError('INVALID_ARGUMENT', 'an argument of the command contains a NUL byte');
  }
  const env = options.env ?? process.env;
  const startedAt = new Date();
  const { runId, jobId } = runIdentity(env, startedAt, process.pid);
  const workDir = resolve(options.workDir ?? '.');
  const { recordPath, log } = openRunFiles({
    workDir,
    logDir: options.logDir === undefined ? undefined : resolve(options.logDir),
    runId,
    startedAt,
    onLogError: (error) => options.stderr.write(`[slurmdeck] logging stopped: ${error.message}\n`),
  });
  // Our own notices go to the console's stderr and into the log, where the watcher reads them.
  const note = (line: string) => {
    const text = `[slurmdeck] ${line}\n`;
    options.stderr.write(text);
    log.write(text);
  };

  const forwarded: string[] = [];
  let child: ChildProcess | undefined;
  const stopForwarding = forwardSignals(options.signals ?? process, (signal) => {
    if (!child?.pid || child.exitCode !== null || child.signalCode !== null) return;
    forwarded.push(signal);
    note(`passing ${signal} to the command (pid ${child.pid})`);
    child.kill(signal);
  });
  try {
    child = spawn(file, args, {
      stdio: ['inherit', 'pipe', 'pipe'],
      // Python buffers a pipe by the block: without this the log lags by kilobytes.
      env: { ...env, PYTHONUNBUFFERED: env['PYTHONUNBUFFERED'] ?? '1', SLURMDECK_RUN_ID: runId },
    });
    const tracking = child.pid
      ? startJobTracking({
          command: options.command,
          env,
          workDir,
          pid: child.pid,
          sysIntervalSeconds: options.sysIntervalSeconds ?? 0,
          tensorboard: options.tensorboard ?? [],
          note,
        })
      : undefined;
    const untee = [
      tee(child.stdout as NodeJS.ReadableStream, options.stdout, log),
      tee(child.stderr as NodeJS.ReadableStream, options.stderr, log),
    ];
    const end = await waitForEnd(child, file, note);
    await tracking?.stop();
    for (const flush of untee) flush();
    const record: CompletionRecord = {
      version: 1,
      jobId,
      runId,
      host: env['SLURMD_NODENAME'] || hostname(),
      cwd: process.cwd(),
      command: [...options.command],
      startedAt: startedAt.toISOString(),
      endedAt: new Date().toISOString(),
      exitCode: end.exitCode,
      signal: end.signal,
      forwardedSignals: forwarded,
      outcome: outcomeOf(end, forwarded),
      logPath: log.path,
    };
    note(`${end.signal ? `ended by ${end.signal}` : `exit ${end.exitCode}`}; record ${recordPath}`);
    log.close();
    let recordError: Error | undefined;
    try {
      writeFileAtomic(recordPath, `${JSON.stringify(record, null, 2)}\n`);
    } catch (error) {
      recordError = error as Error;
    }
    return { record, recordPath, recordError };
  } finally {
    stopForwarding();
    log.close();
  }
}
