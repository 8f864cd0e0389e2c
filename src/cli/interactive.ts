import { spawn } from 'node:child_process';
import type { ClusterConfig } from '../core/config.js';
import { sshTargetOf } from '../sites/index.js';
import { quoteArgv, remoteCommandLine, sshArgs } from '../transport/index.js';

/** argv that runs `remote` on the cluster's login host with a terminal (ssh -t), or here. */
export function interactiveArgv(config: ClusterConfig, remote: string[]): string[] {
  if (config.transport !== 'ssh') return remote;
  return [...sshArgs(sshTargetOf(config), ['-t']), remoteCommandLine(remote)];
}

/** Hands the terminal to argv (or prints it); the command's exit code becomes ours. */
export async function runInteractive(argv: string[], print: boolean | undefined): Promise<void> {
  if (print) {
    console.log(quoteArgv(argv));
    return;
  }
  const [file, ...args] = argv as [string, ...string[]];
  process.exitCode = await new Promise<number>((resolve, reject) => {
    const child = spawn(file, args, { stdio: 'inherit' });
    child.on('error', reject);
    child.on('close', (exit) => resolve(exit ?? 1));
  });
}
