export { runCommand, type RunOptions, type RunResult } from './run-command.js';
export { canReraise, outcomeOf, shellExitCode, type ChildEnd } from './exit-status.js';
export { FORWARDED_SIGNALS, type SignalSource } from './forward-signals.js';
export { writeFileAtomic } from './atomic-write.js';
export { runIdentity, type RunIdentity } from './run-id.js';
