import { SlurmdeckError } from '../../core/errors.js';
import type { AdminAccess } from '../access/admin-access.js';
import {
  controllerLayout,
  readControllerFiles,
  type ControllerFile,
  type ControllerLayout,
} from './controller-source.js';
import {
  describeFile,
  fileMatches,
  inspectFiles,
  writeFileAtomic,
  type WantedFile,
} from './remote-file.js';
import type { ChangeOperation, NodePlan } from './run-change.js';

/** The files slurmd reads beside slurm.conf, copied when the controller has them. */
export const CONF_FILES = ['slurm.conf', 'gres.conf', 'cgroup.conf'];

interface ConfPlan extends NodePlan {
  stale: ControllerFile[];
}

export const wantedOf = (file: ControllerFile): WantedFile => ({
  path: file.state.path,
  sha256: file.content.sha256,
  owner: file.state.ownership?.owner ?? 'root',
  group: file.state.ownership?.group ?? 'root',
  mode: file.state.ownership?.mode ?? '644',
});

const name = (path: string) => path.slice(path.lastIndexOf('/') + 1);

/** The config files nodes need from the controller; none in configless mode. */
export async function controllerConfFiles(
  access: AdminAccess,
  layout: ControllerLayout,
  signal?: AbortSignal,
): Promise<ControllerFile[]> {
  if (layout.configless) return [];
  const paths = CONF_FILES.map((f) => `${layout.confDir}/${f}`);
  return readControllerFiles(access, paths, signal);
}

/**
 * `admin sync-conf`: the controller's slurm.conf, gres.conf and cgroup.conf on every node, each
 * written atomically and checksummed, then one `scontrol reconfigure`. In configless mode
 * (`SlurmctldParameters=enable_configless`) slurmd fetches its config itself: nothing is copied.
 */
export async function syncConfOperation(
  access: AdminAccess,
  signal?: AbortSignal,
): Promise<ChangeOperation<ConfPlan>> {
  const layout = await controllerLayout(access, signal);
  const files = await controllerConfFiles(access, layout, signal);
  const summary = (list: readonly ControllerFile[]) =>
    list.map((f) => `${name(f.state.path)} ${describeFile(wantedOf(f))}`).join(', ');
  return {
    action: 'admin.sync-conf',
    async inspect(target) {
      if (layout.configless) {
        return {
          target,
          steps: [],
          stale: [],
          before: 'configless',
          requested: 'configless',
          fine: 'configless (SlurmctldParameters=enable_configless): slurmd fetches its config from slurmctld, nothing copied',
        };
      }
      const states = await inspectFiles(
        access.node(target.address),
        files.map((f) => f.state.path),
        signal,
      );
      const stale = files.filter((f, i) => {
        const state = states[i];
        return !state || !fileMatches(state, wantedOf(f));
      });
      return {
        target,
        steps: stale.map((f) => `write ${f.state.path}`),
        stale,
        before: states.map((s) => `${name(s.path)} ${describeFile(s)}`).join(', '),
        requested: summary(files),
        fine: `${files.map((f) => name(f.state.path)).join(', ')} are the controller's`,
      };
    },
    async apply(plan) {
      const node = access.node(plan.target.address);
      const after = [];
      for (const file of plan.stale) {
        after.push(await writeFileAtomic(node, wantedOf(file), file.content, signal));
      }
      return {
        after: after.map((s) => `${name(s.path)} ${describeFile(s)}`).join(', '),
        summary: `${plan.stale.map((f) => name(f.state.path)).join(', ')} replaced with the controller's`,
      };
    },
    async finish() {
      const result = await access.controller().exec(['scontrol', 'reconfigure'], {
        timeoutMs: 60_000,
        ...(signal ? { signal } : {}),
      });
      if (result.exitCode !== 0) {
        throw new SlurmdeckError(
          'SLURM_REJECTED',
          `the files were copied, but scontrol reconfigure failed: ${result.stderr.trim()}`,
          { hint: 'Run `scontrol reconfigure` on the controller, or restart slurmd on the nodes.' },
        );
      }
      return 'scontrol reconfigure: slurmctld and the nodes read the new configuration';
    },
  };
}
