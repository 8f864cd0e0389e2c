import type { SessionSettings } from '../core/config.js';
import { SlurmdeckError } from '../core/errors.js';
import type { Transport } from '../transport/types.js';
import { QUEUE_HEADER } from './remote-scripts.js';
import type { SessionStore } from './store.js';

/** What every session operation works with. */
export interface SessionContext {
  cluster: string;
  transport: Transport;
  store: SessionStore;
  settings: SessionSettings;
  defaults: { partition?: string; account?: string };
  /** The cluster's setup (e.g. `module load slurm`), which the session runs before srun. */
  setup?: string;
}

/** One script on the login node, in one exec; a failure to run it becomes SESSION_REMOTE. */
export async function runRemote(
  ctx: SessionContext,
  script: string,
  args: readonly string[],
  options: { stdin?: string; timeoutMs?: number } = {},
): Promise<string> {
  const result = await ctx.transport.exec(['sh', '-c', script, 'sh', ...args], {
    timeoutMs: options.timeoutMs ?? 30_000,
    ...(options.stdin === undefined ? {} : { stdin: options.stdin }),
  });
  if (result.exitCode !== 0) {
    const message = result.stderr.trim().split('\n').at(-1) || `exit code ${result.exitCode}`;
    throw new SlurmdeckError('SESSION_REMOTE', `on ${ctx.transport.target}: ${message}`, {
      hint: 'Check that tmux and Slurm work on the login host (`ssh HOST tmux -V; sinfo`).',
      data: { exitCode: result.exitCode },
    });
  }
  return result.stdout;
}

/** The first line of a script's answer, and the base64 payload after it, decoded. */
export function splitAnswer(stdout: string): { head: string[]; payload: Buffer } {
  const newline = stdout.indexOf('\n');
  const first = newline < 0 ? stdout : stdout.slice(0, newline);
  const rest = newline < 0 ? '' : stdout.slice(newline + 1).trim();
  return { head: first.trim().split(' '), payload: Buffer.from(rest, 'base64') };
}

/** A script's own lines, and the squeue answer it printed after its QUEUE line (or ""). */
export function splitQueue(stdout: string): { lines: string[]; queue: string } {
  const lines = stdout.split('\n');
  const at = lines.indexOf(QUEUE_HEADER);
  if (at < 0) return { lines, queue: '' };
  return { lines: lines.slice(0, at), queue: lines.slice(at + 1).join('\n') };
}
