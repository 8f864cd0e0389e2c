import { runProcess } from './run-process.js';
import type { ExecOptions, ExecResult, Transport } from './types.js';

/** Runs commands on this machine, for a cluster whose login node is where slurmdeck runs. */
export function createLocalTransport(): Transport {
  return {
    kind: 'local',
    target: 'local',
    exec(argv: readonly string[], options: ExecOptions = {}): Promise<ExecResult> {
      return runProcess(argv, options);
    },
    async close(): Promise<void> {},
  };
}
