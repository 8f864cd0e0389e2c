import { sharedPaths, type ClusterLayout } from './layout.js';
import { run } from './sh.js';

/**
 * One command on a dev cluster host as `user@address`, with the dev key and the host key
 * checked, never asking; a failure is returned, not thrown (the callers wait for success).
 */
export function devSsh(layout: ClusterLayout, login: string, command: string) {
  const paths = sharedPaths(layout.root);
  return run(
    [
      'ssh',
      '-i',
      paths.userKey,
      '-o',
      'IdentitiesOnly=yes',
      '-o',
      'BatchMode=yes',
      '-o',
      'StrictHostKeyChecking=yes',
      '-o',
      `UserKnownHostsFile=${paths.knownHosts}`,
      '-o',
      'ConnectTimeout=5',
      '--',
      login,
      command,
    ],
    { allowFailure: true, timeoutMs: 15_000 },
  );
}
