import { homedir } from 'node:os';
import { join } from 'node:path';

/** XDG base directories, so config and state land where the user's other tools put theirs. */
export function configDir(env: NodeJS.ProcessEnv = process.env): string {
  return join(env['XDG_CONFIG_HOME'] || join(homedir(), '.config'), 'slurmdeck');
}

/** SLURMDECK_STATE_DIR moves the state database (tests, or a lab server's own disk). */
export function stateDir(env: NodeJS.ProcessEnv = process.env): string {
  if (env['SLURMDECK_STATE_DIR']) return env['SLURMDECK_STATE_DIR'];
  return join(env['XDG_STATE_HOME'] || join(homedir(), '.local', 'state'), 'slurmdeck');
}

export function runtimeDir(env: NodeJS.ProcessEnv = process.env): string {
  const base = env['XDG_RUNTIME_DIR'];
  return base ? join(base, 'slurmdeck') : join(stateDir(env), 'run');
}

export function configFile(env: NodeJS.ProcessEnv = process.env): string {
  return env['SLURMDECK_CONFIG'] || join(configDir(env), 'config.yaml');
}
