import { randomBytes } from 'node:crypto';
import { SlurmdeckError } from '../core/errors.js';
import { ATTACH, RESIZE } from './remote-scripts.js';
import { runRemote, type SessionContext } from './remote.js';
import { getRow } from './status.js';
import { checkSize, type TerminalSize } from './terminal-size.js';

export type { TerminalSize } from './terminal-size.js';

const PTY_PATH = /^\/dev\/pts\/\d+$/;

/** A terminal attached to a session's tmux; closing it only detaches. */
export interface SessionTerminal {
  /** What is typed, as the bytes a terminal sends (Enter is "\r"). */
  write(bytes: Uint8Array | string): void;
  /** The screen as tmux draws it, from the attach on. */
  onOutput(listener: (bytes: Buffer) => void): void;
  /** Resizes the terminal; tmux redraws. Sizes asked for while one is set coalesce. */
  resize(size: TerminalSize): void;
  /** Ends when the terminal is closed, the session ends, or someone detaches it in tmux. */
  readonly closed: Promise<void>;
  /** Detaches: the session and its shell go on. */
  close(): void;
}

/**
 * Splits the attach's output at the marker line its script prints before tmux starts: what came
 * before is the login shell's startup files; the line holds the pty's path; the rest is tmux.
 */
export function createStartSplitter(marker: string) {
  let seen = Buffer.alloc(0);
  let pty: string | undefined;
  return {
    /** Feeds output; returns what belongs to the screen (nothing before the marker line). */
    push(chunk: Buffer): Buffer {
      if (pty !== undefined) return chunk;
      seen = Buffer.concat([seen, chunk]);
      const at = seen.indexOf(marker);
      const end = at < 0 ? -1 : seen.indexOf('\n', at);
      if (end < 0) return Buffer.alloc(0);
      pty = seen
        .subarray(at + marker.length, end)
        .toString('utf8')
        .trim();
      const rest = seen.subarray(end + 1);
      seen = Buffer.alloc(0);
      return rest;
    },
    /** The pty's path once the marker line was seen. */
    pty: () => pty,
    /** What was printed without a marker line: why the attach failed. */
    unframed: () => seen.toString('utf8'),
  };
}

/**
 * Attaches a terminal to session `name`'s tmux on the login host (the very pane its shell
 * lives in), sized `size`. Resolves once tmux is attached.
 */
export async function openTerminal(
  ctx: SessionContext,
  name: string,
  size: TerminalSize,
): Promise<SessionTerminal> {
  const { cols, rows } = checkSize(size);
  const row = getRow(ctx, name);
  if (!ctx.transport.openTty) {
    throw new SlurmdeckError('INVALID_ARGUMENT', `cluster ${ctx.cluster} cannot open a terminal`, {
      hint: 'Use a cluster reached over ssh or on this machine.',
    });
  }
  const marker = `\x1fslurmdeck-tty:${randomBytes(9).toString('hex')}\x1f`;
  const tty = await ctx.transport.openTty([
    'sh',
    '-c',
    ATTACH,
    'sh',
    row.tmux,
    marker,
    String(cols),
    String(rows),
  ]);
  const splitter = createStartSplitter(marker);
  const listeners: Array<(bytes: Buffer) => void> = [];
  let early: Buffer[] = [];
  const attached = new Promise<void>((resolve, reject) => {
    tty.onOutput((chunk) => {
      const screen = splitter.push(chunk);
      if (splitter.pty() === undefined) return;
      resolve();
      if (screen.length === 0) return;
      if (listeners.length === 0) early.push(screen);
      else for (const listener of listeners) listener(screen);
    });
    void tty.exited.then(({ exitCode, stderr }) => {
      if (splitter.pty() !== undefined) return;
      const said = `${splitter.unframed()}\n${stderr}`.trim().split('\n').at(-1)?.trim();
      reject(
        new SlurmdeckError(
          'SESSION_REMOTE',
          `cannot attach to "${name}": ${said || `exit code ${exitCode}`}`,
          {
            hint: 'Check the session (`slurmdeck session status NAME`): an ended one cannot be attached.',
          },
        ),
      );
    });
  });
  try {
    await attached;
  } catch (error) {
    tty.kill();
    throw error;
  }
  const pty = splitter.pty() as string;
  const resizer = createResizer(ctx, PTY_PATH.test(pty) ? pty : undefined);
  return {
    write: (bytes) => tty.write(bytes),
    onOutput(listener) {
      listeners.push(listener);
      for (const chunk of early) listener(chunk);
      early = [];
    },
    resize: (next) => resizer(checkSize(next)),
    closed: tty.exited.then(() => undefined),
    close: () => tty.kill(),
  };
}

/** One resize at a time over the connection; while one runs, only the latest size waits. */
function createResizer(ctx: SessionContext, pty: string | undefined) {
  let running = false;
  let wanted: TerminalSize | undefined;
  const run = async (): Promise<void> => {
    if (running || !wanted || !pty) return;
    running = true;
    const { cols, rows } = wanted;
    wanted = undefined;
    try {
      await runRemote(ctx, RESIZE, [pty, String(cols), String(rows)]);
    } catch {
      // A terminal that hung up meanwhile cannot be resized: nothing to tell anyone.
    } finally {
      running = false;
    }
    return run();
  };
  return (size: TerminalSize) => {
    wanted = size;
    void run();
  };
}
