export {
  createSessionManager,
  type SessionManager,
  type SessionManagerOptions,
} from './manager.js';
export { CONTROL_KEYS } from './input.js';
export { TMUX_SOCKET } from './names.js';
export type { ExecOptions } from './exec.js';
export type { ReadOptions } from './read.js';
export type { StartOutcome } from './start.js';
export type { StopOutcome } from './stop.js';
export type { SessionTerminal } from './terminal.js';
export { TERMINAL_LIMITS, type TerminalSize } from './terminal-size.js';
export type * from './types.js';
