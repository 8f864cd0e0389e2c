import { accessSync, constants, mkdirSync, statSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { SlurmdeckError } from '../core/errors.js';
import { completionRecordPath } from '../jobs/completion-path.js';
import { LogFile } from './log-file.js';
import { compactTime } from './run-id.js';

export interface RunFilesOptions {
  /** Absolute: records go to `<workDir>/.slurmdeck/runs/`. */
  workDir: string;
  /** Absolute; default `<workDir>/.slurmdeck/logs`. */
  logDir: string | undefined;
  runId: string;
  startedAt: Date;
  onLogError: (error: Error) => void;
}

export interface RunFiles {
  recordPath: string;
  log: LogFile;
}

function notWritable(path: string, error: unknown): SlurmdeckError {
  const code = (error as NodeJS.ErrnoException).code ?? 'error';
  const denied = ['EACCES', 'EPERM', 'EROFS'].includes(code);
  return new SlurmdeckError(
    denied ? 'NOT_PERMITTED' : 'INVALID_ARGUMENT',
    `cannot write to ${path} (${code}); the command was not started`,
    {
      cause: error,
      hint: 'Pass --dir (and --log-dir) a folder this job can write, e.g. in your home or scratch.',
    },
  );
}

/**
 * Makes sure the record can be written before the command starts (finding out at the end would
 * lose it), and opens the log: `<logDir>/<runId>-<YYYYmmddTHHMMSS>.log`.
 */
export function openRunFiles(options: RunFilesOptions): RunFiles {
  const { workDir, runId } = options;
  let isDir = false;
  try {
    isDir = statSync(workDir).isDirectory();
  } catch {
    // reported below
  }
  if (!isDir) {
    throw new SlurmdeckError('INVALID_ARGUMENT', `no such directory: ${workDir}`, {
      hint: 'Give --dir an existing folder; the record goes to <dir>/.slurmdeck/runs/.',
    });
  }
  const recordPath = completionRecordPath(workDir, runId);
  const runsDir = dirname(recordPath);
  const logDir = options.logDir ?? join(workDir, '.slurmdeck', 'logs');
  for (const dir of [runsDir, logDir]) {
    try {
      mkdirSync(dir, { recursive: true });
      accessSync(dir, constants.W_OK);
    } catch (error) {
      throw notWritable(dir, error);
    }
  }
  const logPath = join(logDir, `${runId}-${compactTime(options.startedAt)}.log`);
  try {
    return { recordPath, log: new LogFile(logPath, options.onLogError) };
  } catch (error) {
    throw notWritable(logPath, error);
  }
}
