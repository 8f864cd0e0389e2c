import { describe, expect, it } from 'vitest';
import { isSlurmdeckError } from '../core/errors.js';
import { createLocalTransport } from './local.js';
import { spawnTtyProcess } from './tty-process.js';

async function outputUntil(tty: { onOutput(l: (b: Buffer) => void): void }, text: string) {
  let seen = '';
  await new Promise<void>((resolve) =>
    tty.onOutput((chunk) => {
      seen += chunk.toString('utf8');
      if (seen.includes(text)) resolve();
    }),
  );
  return seen;
}

function isRunning(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}

describe('openTty on the local transport', () => {
  it('gives the command a terminal, passes typed bytes through its line discipline, and ends on kill', async () => {
    const tty = await createLocalTransport().openTty!([
      'sh',
      '-c',
      'test -t 0 && echo "has a tty $$"; read -r line; echo "got $line"; exec sleep 30',
    ]);
    const pid = Number(/has a tty (\d+)/.exec(await outputUntil(tty, '\n'))?.[1]);
    tty.write('abc\r');
    expect(await outputUntil(tty, 'got abc')).toContain('got abc');
    tty.kill();
    await tty.exited;
    // The program behind the terminal saw it hang up and is gone too.
    await expect.poll(() => isRunning(pid)).toBe(false);
  });

  it('throws SPAWN_FAILED when the program that gives the terminal is missing', async () => {
    const error = await spawnTtyProcess(['slurmdeck-missing-script'], 'script', 'install it').catch(
      (e: unknown) => e,
    );
    expect(isSlurmdeckError(error, 'SPAWN_FAILED')).toBe(true);
  });
});
