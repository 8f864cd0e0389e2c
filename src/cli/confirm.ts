import { createInterface } from 'node:readline/promises';
import { SlurmdeckError } from '../core/errors.js';

/** What a command exits with when the user said no: like CONFIRMATION_REQUIRED, nothing happened. */
export const DECLINED_EXIT_CODE = 4;

/** Destructive commands ask first; without a terminal to ask on, only --yes lets them act. */
export async function confirm(question: string, yes: boolean | undefined): Promise<boolean> {
  if (yes) return true;
  if (!process.stdin.isTTY) {
    throw new SlurmdeckError(
      'CONFIRMATION_REQUIRED',
      `${question} (not confirmed: no terminal to ask on)`,
      {
        hint: 'Pass --yes to confirm.',
      },
    );
  }
  const rl = createInterface({ input: process.stdin, output: process.stderr });
  try {
    const answer = await rl.question(`${question} [y/N] `);
    return /^y(es)?$/i.test(answer.trim());
  } finally {
    rl.close();
  }
}

/**
 * Asks before an action that cancels, ends or overwrites. Says how the person agreed (for the
 * audit log), or prints `declined` and sets the declined exit code and returns undefined.
 */
export async function askFirst(
  question: string,
  yes: boolean | undefined,
  declined: string,
): Promise<'yes-flag' | 'prompt' | undefined> {
  if (await confirm(question, yes)) return yes ? 'yes-flag' : 'prompt';
  console.error(declined);
  process.exitCode = DECLINED_EXIT_CODE;
  return undefined;
}
