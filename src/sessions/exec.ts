import { SlurmdeckError } from '../core/errors.js';
import { cleanTerminalText } from '../core/clean-text.js';
import { findExecSlice, frameCommand, safeCut } from './markers.js';
import { newCommandId } from './names.js';
import { EXEC } from './remote-scripts.js';
import { runRemote, splitAnswer, type SessionContext } from './remote.js';
import { getRow, refreshStatus } from './status.js';
import type { ExecOutcome } from './types.js';
import { waitUntilReady } from './wait-ready.js';

export interface ExecOptions {
  /** How long to wait for the command (and, before that, for the shell). Default 30 s. */
  timeoutMs?: number;
  /** At most this much output per call; the rest is read by cursor. Default 1 MiB. */
  maxBytes?: number;
  /** ctrl-q nudges while waiting (see remote-scripts.ts EXEC); default: the cluster's `fastExec`. */
  nudge?: boolean | 'auto';
}

/** Runs one command in the session's shell and returns its output and exit code. */
export async function execCommand(
  ctx: SessionContext,
  name: string,
  command: string,
  options: ExecOptions = {},
): Promise<ExecOutcome> {
  const started = Date.now();
  const timeoutMs = options.timeoutMs ?? 30_000;
  const maxBytes = options.maxBytes ?? 1 << 20;
  let row = getRow(ctx, name);
  if (row.phase !== 'ready') row = await waitUntilReady(ctx, row, started + timeoutMs);
  const id = newCommandId();
  const previous = row.pendingId;
  if (!ctx.store.swapPending(row.tmux, previous, { id, offset: 0 })) throw busy(name);
  const waitMs = Math.max(100, timeoutMs - (Date.now() - started));
  const nudgeMode = options.nudge ?? ctx.settings.fastExec;
  // In auto mode the first exec asks the terminal whether it swallows ctrl-q, and nudges later.
  const probeFlowControl = nudgeMode === 'auto' && row.flowControl === undefined;
  const nudge = nudgeMode === 'auto' ? row.flowControl === true : nudgeMode;
  let answer: string;
  try {
    answer = await runRemote(
      ctx,
      EXEC,
      [
        row.tmux,
        row.marker,
        id,
        previous ?? '',
        String(row.pendingOffset ?? 0),
        String(waitMs),
        String(maxBytes),
        nudge ? '1' : '0',
      ],
      // The line ends in a newline: one paste types it and presses Enter.
      {
        stdin: `${frameCommand(command, row.marker, id, { probeFlowControl })}\n`,
        timeoutMs: waitMs + 30_000,
      },
    );
  } catch (error) {
    ctx.store.swapPending(
      row.tmux,
      id,
      previous === undefined ? undefined : { id: previous, offset: row.pendingOffset ?? 0 },
    );
    throw error;
  }
  const { head, payload: answered } = splitAnswer(answer);
  if (head[0] === 'GONE') {
    ctx.store.swapPending(row.tmux, id, undefined);
    const status = await refreshStatus(ctx, row);
    throw new SlurmdeckError(
      'SESSION_ENDED',
      `session "${name}" has ended: ${status.reason ?? 'unknown'}`,
      {
        hint: `Start a new one with \`slurmdeck session start ${name}\`.`,
      },
    );
  }
  if (head[0] === 'BUSY') {
    ctx.store.swapPending(
      row.tmux,
      id,
      previous === undefined ? undefined : { id: previous, offset: row.pendingOffset ?? 0 },
    );
    throw busy(name);
  }
  const offset = Number(head[1]);
  ctx.store.setPendingOffset(row.tmux, id, offset);
  // The login host sends one byte over the limit when the log holds more.
  const complete = answered.length <= maxBytes;
  const payload = complete ? answered : answered.subarray(0, maxBytes);
  const slice = findExecSlice(payload, row.marker, id);
  if (slice.exitCode !== undefined && slice.after !== undefined) {
    ctx.store.swapPending(row.tmux, id, undefined);
    const cursor = offset + slice.after;
    ctx.store.update(row.tmux, { cursor, flowControl: slice.flowControl });
    return {
      output: cleanTerminalText(
        payload.subarray(slice.outputStart, slice.outputEnd).toString('utf8'),
      ),
      exitCode: slice.exitCode,
      running: false,
      more: false,
      cursor,
    };
  }
  // Still running, or more output than one answer holds: return what is safe, and a cursor.
  const start = slice.started ? slice.outputStart : payload.length;
  const cut = slice.started ? safeCut(payload, start, payload.length, complete) : start;
  const cursor = offset + cut;
  ctx.store.update(row.tmux, { cursor });
  return {
    output: cleanTerminalText(payload.subarray(start, cut).toString('utf8')),
    exitCode: undefined,
    running: true,
    more: !complete,
    cursor,
  };
}

function busy(name: string): SlurmdeckError {
  return new SlurmdeckError(
    'SESSION_BUSY',
    `session "${name}" is still running the previous command`,
    {
      hint: `Wait for it with \`slurmdeck session read ${name} --wait 30\`, answer it with \`session send\`, or stop it with \`session ctrl ${name} c\`.`,
    },
  );
}
