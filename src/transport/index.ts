export type { ExecOptions, ExecResult, Transport } from './types.js';
export { createLocalTransport } from './local.js';
export { createSshTransport } from './ssh.js';
export { sshArgs, defaultControlDir } from './ssh-options.js';
export type { SshTarget } from './ssh-target.js';
export { quoteArgv } from './shell-quote.js';
export { classifySshFailure } from './ssh-errors.js';
