import { posix } from 'node:path';
import { SlurmdeckError } from '../../core/errors.js';
import type { AdminAccess } from '../access/admin-access.js';
import type { Target } from '../targets/resolve-targets.js';
import {
  controllerLayout,
  readControllerFiles,
  type ControllerFile,
  type ControllerLayout,
} from './controller-source.js';
import { controlDaemon, type AdminDaemon } from './daemon-service.js';
import {
  describeFile,
  fileMatches,
  inspectFiles,
  writeFileAtomic,
  type WantedFile,
} from './remote-file.js';
import type { ChangeOperation, NodePlan } from './run-change.js';
import { mungeDecodes, registration, verifyMunge, verifySlurmd } from './verify-daemon.js';

interface KeyPlan extends NodePlan {
  write: boolean;
  restart: boolean;
}

/** The key Slurm authenticates with: munge's, or slurm.key with `AuthType=auth/slurm`. */
export interface KeyKind {
  file: ControllerFile;
  wanted: WantedFile;
  daemon: AdminDaemon;
}

export async function keyKind(
  access: AdminAccess,
  signal?: AbortSignal,
  known?: ControllerLayout,
): Promise<KeyKind> {
  const layout = known ?? (await controllerLayout(access, signal));
  const slurmAuth = /auth\/slurm/i.test(layout.authType);
  const path = slurmAuth ? `${layout.confDir}/slurm.key` : layout.mungeKeyPath;
  const [file] = await readControllerFiles(access, [path], signal);
  if (!file) {
    throw new SlurmdeckError('SLURM_UNAVAILABLE', `the controller has no key at ${path}`, {
      hint: 'Check AuthType in slurm.conf and the key file on the controller.',
    });
  }
  const owner = file.state.ownership?.owner ?? (slurmAuth ? layout.slurmUser : 'munge');
  const group = file.state.ownership?.group ?? owner;
  const wanted: WantedFile = slurmAuth
    ? { path, sha256: file.content.sha256, owner, group, mode: '600' }
    : {
        path,
        sha256: file.content.sha256,
        owner,
        group,
        mode: '400',
        ...(keepsOnlyMunge(path) ? { dir: { owner, group, mode: '700' } } : {}),
      };
  return { file, wanted, daemon: slurmAuth ? 'slurmd' : 'munged' };
}

/**
 * A key's folder is made munge's and 0700 only when it is munge's own (`/etc/munge`): a key
 * kept in /etc or /etc/slurm must not lock everyone else out of that folder.
 */
export function keepsOnlyMunge(keyPath: string): boolean {
  return posix.basename(posix.dirname(keyPath)) === 'munge';
}

/**
 * `admin sync-munge`: the controller's key on every node (atomic, owner munge, mode 0400, folder
 * 0700, checksum verified on both ends), and munged restarted where it does not decode the
 * controller's credential; with `AuthType=auth/slurm`, slurm.key and slurmd instead.
 */
export async function syncMungeOperation(
  access: AdminAccess,
  signal?: AbortSignal,
): Promise<ChangeOperation<KeyPlan>> {
  const kind = await keyKind(access, signal);
  const { wanted, daemon } = kind;
  const decodes = async (target: Target) =>
    daemon === 'munged' ? mungeDecodes(access, target, signal) : { ok: true, said: '' };
  return {
    action: 'admin.sync-munge',
    async inspect(target) {
      const [state] = await inspectFiles(access.node(target.address), [wanted.path], signal);
      const decode = await decodes(target);
      const write = !state || !fileMatches(state, wanted);
      const restart = write || !decode.ok;
      const steps = [
        ...(write ? [`write ${wanted.path} (${wanted.owner}:${wanted.group} ${wanted.mode})`] : []),
        ...(restart ? [`restart ${daemon}`] : []),
      ];
      const decoded = daemon === 'munged' ? (decode.ok ? ', decodes' : `, ${decode.said}`) : '';
      return {
        target,
        steps,
        write,
        restart,
        before: `${state ? describeFile(state) : 'missing'}${decoded}`,
        requested: `${describeFile(wanted)}${daemon === 'munged' ? ', decodes' : ''}`,
        fine: `key is the controller's (sha256:${wanted.sha256.slice(0, 16)}), ${daemon === 'munged' ? "munged decodes the controller's credential" : 'owner and mode right'}`,
      };
    },
    async apply(plan) {
      const node = access.node(plan.target.address);
      const after = plan.write
        ? await writeFileAtomic(node, wanted, kind.file.content, signal)
        : (await inspectFiles(node, [wanted.path], signal))[0];
      if (plan.restart) {
        const before =
          daemon === 'slurmd' ? await registration(access, plan.target.name, signal) : undefined;
        await controlDaemon(access, plan.target, 'restart', daemon, signal);
        if (daemon === 'munged') await verifyMunge(access, plan.target, signal);
        else await verifySlurmd(access, plan.target, before, signal);
      }
      const done = [plan.write ? 'key written' : '', plan.restart ? `${daemon} restarted` : '']
        .filter(Boolean)
        .join(', ');
      return {
        after: `${after ? describeFile(after) : '?'}${daemon === 'munged' ? ', decodes' : ''}`,
        summary: `${done}; ${daemon === 'munged' ? "the controller's credential decodes" : 'slurmd registered'}`,
      };
    },
  };
}
