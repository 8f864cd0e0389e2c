import { SlurmdeckError } from '../../core/errors.js';
import { spoolDirOf } from '../status/controller-facts.js';
import type { AdminAccess } from '../access/admin-access.js';
import type { Target } from '../targets/resolve-targets.js';
import {
  controllerLayout,
  readControllerFiles,
  type ControllerFile,
  type ControllerLayout,
} from './controller-source.js';
import {
  clearReconfigurePending,
  markReconfigurePending,
  reconfigurePending,
} from './reconfigure-pending.js';
import {
  describeFile,
  fileMatches,
  inspectFiles,
  writeFileAtomic,
  type FileState,
  type WantedFile,
} from './remote-file.js';
import type { ChangeOperation, NodePlan } from './run-change.js';

/** The files slurmd reads beside slurm.conf, copied when the controller has them (and what slurm.conf includes). */
export const CONF_FILES = ['slurm.conf', 'gres.conf', 'cgroup.conf'];

/** How a node gets its Slurm config: a copy of the controller's files, or from slurmctld. */
export type ConfMode = 'copied' | 'configless';

/**
 * A node is configless when the admin settings ask for it (`admin.configless`), the controller
 * serves its config (`enable_configless`) and the node has no slurm.conf of its own: its slurmd
 * runs with `--conf-server`. A node that keeps a local slurm.conf reads that file, so it keeps
 * getting the controller's copy; so does every node while the settings do not ask.
 */
export function confMode(
  wanted: boolean,
  controllerConfigless: boolean,
  localConf: FileState | undefined,
): ConfMode {
  return wanted && controllerConfigless && localConf?.exists !== true ? 'configless' : 'copied';
}

/** Configless asked for, but the controller does not serve its config: say so before any change. */
export function checkConfigless(access: AdminAccess, layout: ControllerLayout): void {
  if (access.configless === true && !layout.configless) {
    throw new SlurmdeckError(
      'CONFIG_INVALID',
      `admin.configless is set for cluster ${access.cluster}, but ${layout.confPath} on the controller has no SlurmctldParameters=enable_configless`,
      {
        hint: 'Add SlurmctldParameters=enable_configless to slurm.conf and restart slurmctld, or unset admin.configless.',
      },
    );
  }
}

/** Why a node needs `scontrol reconfigure` though no file of it is written. */
export const RECONFIGURE_STEP = {
  pending: 'scontrol reconfigure (an earlier sync-conf was stopped before it)',
  configless: 'scontrol reconfigure (configless: slurmctld sends its config to slurmd)',
} as const;

/**
 * The steps of one node: its stale files written (one `scontrol reconfigure` follows for all);
 * else a reconfigure alone when an earlier run wrote files without it, or when a configless
 * node's slurmd holds another config than the controller's.
 */
export function syncConfSteps(node: {
  mode: ConfMode;
  stale: readonly string[];
  /** A configless slurmd's cached slurm.conf is the controller's; undefined: none cached yet. */
  cacheCurrent: boolean | undefined;
  pending: boolean;
}): string[] {
  if (node.mode === 'copied' && node.stale.length > 0) return node.stale.map((p) => `write ${p}`);
  if (node.mode === 'configless' && node.cacheCurrent === false)
    return [RECONFIGURE_STEP.configless];
  return node.pending ? [RECONFIGURE_STEP.pending] : [];
}

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

/** A node's config file that is a link (to shared storage) is never replaced by a copy. */
export function refuseReplacingLinks(linked: readonly ControllerFile[], target: Target): void {
  if (linked.length === 0) return;
  const paths = linked.map((f) => f.state.path).join(', ');
  throw new SlurmdeckError(
    'NOT_PERMITTED',
    `${paths} on ${target.name} is a symbolic link whose file differs from the controller's: not replaced by a copy (the node would stop following it)`,
    {
      hint: 'Update the file it points to (shared storage?), or remove the link and run the command again.',
    },
  );
}

/** The config files a node that keeps its own copy needs from the controller. */
export async function controllerConfFiles(
  access: AdminAccess,
  layout: ControllerLayout,
  signal?: AbortSignal,
): Promise<ControllerFile[]> {
  const paths = CONF_FILES.map((f) => `${layout.confDir}/${f}`);
  // What slurm.conf includes is part of it: a node without it stops slurmd at its next start.
  return readControllerFiles(access, [...new Set([...paths, ...layout.includes])], signal);
}

/** The node's files (`CONF_FILES` as the controller has them) and, last, its slurmd's cached slurm.conf. */
export function confPaths(
  layout: ControllerLayout,
  files: readonly ControllerFile[],
  target: Target,
): string[] {
  const spool = spoolDirOf(layout.slurmdSpoolDir, target.name);
  return [...files.map((f) => f.state.path), `${spool}/conf-cache/slurm.conf`];
}

/** What a node's files say about its config: its mode, the stale files, the cache. */
export function nodeConf(
  access: AdminAccess,
  layout: ControllerLayout,
  files: readonly ControllerFile[],
  states: readonly FileState[],
) {
  const index = files.findIndex((f) => name(f.state.path) === 'slurm.conf');
  const local = index === -1 ? undefined : states[index];
  const mode = confMode(access.configless === true, layout.configless, local);
  const stale = files.filter((f, i) => {
    const state = states[i];
    // A link (to shared storage) is the node's way to follow one file: only its content counts.
    if (state?.type === 'symbolic link') return state.sha256 !== f.content.sha256;
    return !state || !fileMatches(state, wantedOf(f));
  });
  const linked = stale.filter((f) => states[files.indexOf(f)]?.type === 'symbolic link');
  const cache = states[files.length];
  const cacheCurrent = cache?.exists ? cache.sha256 === files[index]?.content.sha256 : undefined;
  return {
    mode,
    stale: mode === 'configless' ? [] : stale,
    linked: mode === 'configless' ? [] : linked,
    cacheCurrent,
  };
}

/**
 * `admin sync-conf`: the controller's slurm.conf, gres.conf and cgroup.conf on every node that
 * keeps its own copy, each written atomically and checksummed, then one `scontrol reconfigure`
 * (which also sends the config to configless nodes: none is written to them). A run killed
 * between its writes and the reconfigure is finished by the next one (see PENDING_FILE).
 */
export async function syncConfOperation(
  access: AdminAccess,
  signal?: AbortSignal,
): Promise<ChangeOperation<ConfPlan>> {
  const layout = await controllerLayout(access, signal);
  checkConfigless(access, layout);
  const files = await controllerConfFiles(access, layout, signal);
  const pending = await reconfigurePending(access, signal);
  let marked: Promise<void> | undefined;
  const summary = (list: readonly ControllerFile[]) =>
    list.map((f) => `${name(f.state.path)} ${describeFile(wantedOf(f))}`).join(', ');
  return {
    action: 'admin.sync-conf',
    async inspect(target) {
      const paths = confPaths(layout, files, target);
      const states = await inspectFiles(access.node(target.address), paths, signal);
      const node = nodeConf(access, layout, files, states);
      refuseReplacingLinks(node.linked, target);
      const steps = syncConfSteps({
        mode: node.mode,
        stale: node.stale.map((f) => f.state.path),
        cacheCurrent: node.cacheCurrent,
        pending,
      });
      if (node.mode === 'configless') {
        const cache = states[files.length] as FileState;
        return {
          target,
          steps,
          stale: [],
          before: `configless, slurmd's cached slurm.conf ${describeFile(cache)}`,
          requested: `configless, slurm.conf ${summary(files.slice(0, 1))}`,
          fine: "configless (SlurmctldParameters=enable_configless, no local slurm.conf): slurmd has the controller's config, nothing copied",
        };
      }
      return {
        target,
        steps,
        stale: node.stale,
        before: states
          .slice(0, files.length)
          .map((s) => `${name(s.path)} ${describeFile(s)}`)
          .join(', '),
        requested: summary(files),
        fine: `${files.map((f) => name(f.state.path)).join(', ')} are the controller's`,
      };
    },
    async apply(plan) {
      const node = access.node(plan.target.address);
      if (plan.stale.length > 0) await (marked ??= markReconfigurePending(access, signal));
      const after = [];
      for (const file of plan.stale) {
        after.push(await writeFileAtomic(node, wantedOf(file), file.content, signal));
      }
      if (plan.stale.length === 0) return { after: plan.before, summary: plan.steps.join(', ') };
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
          {
            hint: 'Run `slurmdeck admin sync-conf` again, or `scontrol reconfigure` on the controller.',
          },
        );
      }
      await clearReconfigurePending(access, signal);
      return 'scontrol reconfigure: slurmctld and the nodes read the new configuration';
    },
  };
}
