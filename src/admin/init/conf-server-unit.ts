import { SlurmdeckError } from '../../core/errors.js';
import type { AdminAccess } from '../access/admin-access.js';
import { FileContent, type WantedFile } from '../change/remote-file.js';
import type { Target } from '../targets/resolve-targets.js';

/** Where a configless node's slurmd gets `--conf-server` under systemd. */
export const CONF_SERVER_UNIT = '/etc/systemd/system/slurmd.service.d/slurmdeck-conf-server.conf';

/**
 * A drop-in for slurmd.service on a node without slurm.conf. Packaged units start slurmd with
 * `$SLURMD_OPTIONS` (Debian's and Slurm's own); Debian's also refuses to start without a local
 * slurm.conf. The environment files are dropped: a SLURMD_OPTIONS of theirs would replace this.
 */
export function confServerUnit(confServer: string): { wanted: WantedFile; content: FileContent } {
  const text = [
    '# Written by slurmdeck admin init: this node has no slurm.conf of its own (configless),',
    '# slurmd fetches its config from slurmctld.',
    '[Unit]',
    'ConditionPathExists=',
    '',
    '[Service]',
    'EnvironmentFile=',
    `Environment="SLURMD_OPTIONS=--conf-server ${confServer}"`,
    '',
  ].join('\n');
  const content = new FileContent(Buffer.from(text).toString('base64'));
  return {
    wanted: {
      path: CONF_SERVER_UNIT,
      sha256: content.sha256,
      owner: 'root',
      group: 'root',
      mode: '644',
    },
    content,
  };
}

/** systemd reads the drop-in only after a reload. */
export async function reloadUnits(
  access: AdminAccess,
  target: Target,
  signal?: AbortSignal,
): Promise<void> {
  const result = await access.node(target.address).exec(['systemctl', 'daemon-reload'], {
    timeoutMs: 60_000,
    ...(signal ? { signal } : {}),
  });
  if (result.exitCode !== 0) {
    throw new SlurmdeckError(
      'SLURM_REJECTED',
      `systemctl daemon-reload on ${target.name} failed: ${result.stderr.trim().slice(0, 200)}`,
    );
  }
}
