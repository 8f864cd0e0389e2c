import type { SessionSettings } from '../core/config.js';
import type { Db } from '../store/index.js';
import type { Transport } from '../transport/types.js';
import { execCommand, type ExecOptions } from './exec.js';
import { sendControl, sendText } from './input.js';
import { listSessions } from './list.js';
import { TMUX_SOCKET } from './names.js';
import { readOutput, type ReadOptions } from './read.js';
import type { SessionContext } from './remote.js';
import { startSession } from './start.js';
import { getRow, refreshStatus } from './status.js';
import { stopSession } from './stop.js';
import { openTerminal, type TerminalSize } from './terminal.js';
import { createSessionStore } from './store.js';
import type { StartRequest } from './types.js';

export interface SessionManagerOptions {
  cluster: string;
  transport: Transport;
  db: Db;
  settings: SessionSettings;
  defaults?: { partition?: string; account?: string };
  /** The cluster's setup: sessions run it before srun. */
  setup?: string;
}

/** Persistent shells on compute nodes, for one cluster: what the CLI and MCP faces call. */
export function createSessionManager(options: SessionManagerOptions) {
  const ctx: SessionContext = {
    cluster: options.cluster,
    transport: options.transport,
    store: createSessionStore(options.db, options.cluster),
    settings: options.settings,
    defaults: options.defaults ?? {},
    ...(options.setup ? { setup: options.setup } : {}),
  };
  return {
    start: (request: StartRequest) => startSession(ctx, request),
    status: (name: string) => refreshStatus(ctx, getRow(ctx, name)),
    exec: (name: string, command: string, opts?: ExecOptions) =>
      execCommand(ctx, name, command, opts),
    read: (name: string, opts?: ReadOptions) => readOutput(ctx, name, opts),
    send: (name: string, text: string, opts?: { enter?: boolean }) =>
      sendText(ctx, name, text, opts),
    ctrl: (name: string, key: string) => sendControl(ctx, name, key),
    list: () => listSessions(ctx),
    stop: (name: string) => stopSession(ctx, name),
    /** The command that opens the very same shell in tmux, to run on the login host. */
    attachArgv: (name: string) => [
      'tmux',
      '-L',
      TMUX_SOCKET,
      'attach-session',
      '-t',
      `=${getRow(ctx, name).tmux}`,
    ],
    /** A live terminal on the session's own tmux pane; closing it only detaches. */
    terminal: (name: string, size: TerminalSize) => openTerminal(ctx, name, size),
    excluded: () => ctx.store.badNodes(Math.floor(Date.now() / 1000)),
    clearExcluded: () => ctx.store.clearBadNodes(),
  };
}

export type SessionManager = ReturnType<typeof createSessionManager>;
