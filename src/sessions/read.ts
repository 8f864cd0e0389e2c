import { SlurmdeckError } from '../core/errors.js';
import { cleanTerminalText } from '../core/clean-text.js';
import { safeCut, stripFrames, tag } from './markers.js';
import { READ } from './remote-scripts.js';
import { runRemote, splitAnswer, type SessionContext } from './remote.js';
import { getRow } from './status.js';
import type { ReadOutcome } from './types.js';

export interface ReadOptions {
  /** A cursor from exec or read; default: where the last read or exec stopped. */
  since?: number;
  /** Wait up to this long for the running command to end, or else for new output. */
  waitMs?: number;
  maxBytes?: number;
  /**
   * Look without taking: the session's own cursor stays, and a running command's exit code is
   * left for whoever ran it (a dashboard watching must not steal an agent's answer).
   */
  peek?: boolean;
}

/** The session's output from a cursor on, as clean text, with the running command's end. */
export async function readOutput(
  ctx: SessionContext,
  name: string,
  options: ReadOptions = {},
): Promise<ReadOutcome> {
  const row = getRow(ctx, name);
  const from = options.since ?? row.cursor;
  if (!Number.isInteger(from) || from < 0) {
    throw new SlurmdeckError('INVALID_ARGUMENT', `not a cursor: ${from}`, {
      hint: 'Use the cursor a previous exec or read returned.',
    });
  }
  const waitMs = options.waitMs ?? 0;
  const answer = await runRemote(
    ctx,
    READ,
    [
      row.tmux,
      row.marker,
      String(from),
      String(waitMs),
      String(options.maxBytes ?? 1 << 20),
      row.pendingId ?? '',
    ],
    { timeoutMs: waitMs + 30_000 },
  );
  const { head, payload } = splitAnswer(answer);
  if (head[0] === 'NODIR') {
    throw new SlurmdeckError(
      'SESSION_ENDED',
      `the output of session "${name}" is gone from the login host`,
      {
        hint: 'Its folder under ~/.slurmdeck/sessions was removed.',
      },
    );
  }
  const size = Number(head[1]);
  const complete = from + payload.length >= size;
  // The running command's end closes the read: its output, not the prompt after it.
  const endOfCommand =
    row.pendingId === undefined ? -1 : commandEnd(payload, row.marker, row.pendingId);
  const cut = endOfCommand >= 0 ? endOfCommand : safeCut(payload, 0, payload.length, complete);
  const { text, exitCodes } = stripFrames(payload.subarray(0, cut).toString('utf8'), row.marker);
  const exitCode = row.pendingId === undefined ? undefined : exitCodes.get(row.pendingId);
  const cursor = from + cut;
  if (!options.peek) {
    if (exitCode !== undefined) ctx.store.swapPending(row.tmux, row.pendingId, undefined);
    ctx.store.update(row.tmux, { cursor });
  }
  return {
    output: cleanTerminalText(text),
    cursor,
    more: cursor < size,
    exitCode,
    running: row.pendingId !== undefined && exitCode === undefined,
  };
}

/** Just past the end marker line of command `id`, or -1. */
function commandEnd(chunk: Buffer, marker: string, id: string): number {
  const at = chunk.indexOf(`${tag(marker)}E ${id} `);
  const lineEnd = at < 0 ? -1 : chunk.indexOf(0x0a, at);
  return lineEnd < 0 ? -1 : lineEnd + 1;
}
