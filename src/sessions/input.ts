import { SlurmdeckError } from '../core/errors.js';
import { CTRL, SEND } from './remote-scripts.js';
import { runRemote, type SessionContext } from './remote.js';
import { getRow } from './status.js';

/** The control keys a user may send, by the letter after ctrl. */
export const CONTROL_KEYS: Record<string, string> = { c: 'C-c', d: 'C-d', z: 'C-z', '\\': 'C-\\' };

function checkSent(answer: string, name: string): number {
  const [word, size] = answer.trim().split(' ');
  if (word === 'GONE') {
    throw new SlurmdeckError('SESSION_ENDED', `session "${name}" has ended`, {
      hint: `\`slurmdeck session status ${name}\` says why.`,
    });
  }
  return Number(size);
}

/** Types text into the shell (for a REPL or a prompt), then Enter unless told not to. */
export async function sendText(
  ctx: SessionContext,
  name: string,
  text: string,
  options: { enter?: boolean } = {},
): Promise<{ cursor: number }> {
  const row = getRow(ctx, name);
  const answer = await runRemote(ctx, SEND, [row.tmux, options.enter === false ? '0' : '1'], {
    stdin: text,
  });
  return { cursor: checkSent(answer, name) };
}

/** Sends ctrl-c, ctrl-d, ctrl-z or ctrl-\ to whatever runs in the shell. */
export async function sendControl(
  ctx: SessionContext,
  name: string,
  key: string,
): Promise<{ cursor: number }> {
  const tmuxKey = CONTROL_KEYS[key.toLowerCase()];
  if (!tmuxKey) {
    throw new SlurmdeckError('INVALID_ARGUMENT', `not a control key: ${JSON.stringify(key)}`, {
      hint: 'Use c, d, z or \\ (ctrl-c, ctrl-d, ctrl-z, ctrl-\\).',
    });
  }
  const row = getRow(ctx, name);
  return { cursor: checkSent(await runRemote(ctx, CTRL, [row.tmux, tmuxKey]), name) };
}
