import { runProcess } from './run-process.js';
import { quoteArgv } from './shell-quote.js';
import { spawnTtyProcess } from './tty-process.js';
import type { ExecOptions, ExecResult, Transport, TtyProcess } from './types.js';

/** Runs commands on this machine, for a cluster whose login node is where slurmdeck runs. */
export function createLocalTransport(): Transport {
  return {
    kind: 'local',
    target: 'local',
    exec(argv: readonly string[], options: ExecOptions = {}): Promise<ExecResult> {
      return runProcess(argv, options);
    },
    openTty(argv: readonly string[]): Promise<TtyProcess> {
      // util-linux script gives the command a pty and runs it with $SHELL -c: make that sh.
      return spawnTtyProcess(
        ['script', '-qfec', quoteArgv(argv), '/dev/null'],
        'script',
        'Install util-linux (it provides `script`), which gives the terminal a pty.',
        { ...process.env, SHELL: '/bin/sh' },
      );
    },
    async close(): Promise<void> {},
  };
}
