export type { ExecOptions, ExecResult, Transport } from './types.js';
export { createLocalTransport } from './local.js';
export { createSshTransport } from './ssh.js';
export { sshArgs, defaultControlDir } from './ssh-options.js';
export type { SshTarget } from './ssh-target.js';
export { quoteArgv } from './shell-quote.js';
export { remoteCommandLine } from './login-shell-line.js';
export { classifySshFailure } from './ssh-errors.js';
export { withSetup } from './with-setup.js';
