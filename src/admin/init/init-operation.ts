import { SlurmdeckError } from '../../core/errors.js';
import type { AdminAccess } from '../access/admin-access.js';
import { controllerLayout } from '../change/controller-source.js';
import { daemonPid } from '../change/daemon-operation.js';
import { controlDaemon, type AdminDaemon } from '../change/daemon-service.js';
import { describeFile, fileMatches, inspectFiles, writeFileAtomic } from '../change/remote-file.js';
import { resumeIfStillAllowed } from '../change/resume-node.js';
import type { ChangeOperation, NodePlan } from '../change/run-change.js';
import {
  checkConfigless,
  confPaths,
  controllerConfFiles,
  nodeConf,
  refuseReplacingLinks,
  wantedOf,
  type ConfMode,
} from '../change/sync-conf.js';
import { keyKind } from '../change/sync-munge.js';
import {
  mungeDecodes,
  registered,
  registration,
  verifyMunge,
  verifySlurmd,
} from '../change/verify-daemon.js';
import { resumeVerdict } from '../recover/resume-policy.js';
import type { ControllerFile } from '../change/controller-source.js';
import { confServerUnit, reloadUnits } from './conf-server-unit.js';

type InitStep =
  | { kind: 'write'; file: ControllerFile | 'key' | 'unit' }
  | { kind: 'daemon'; daemon: AdminDaemon; action: 'start' | 'restart' }
  | { kind: 'resume' };

interface InitPlan extends NodePlan {
  work: InitStep[];
  mode: ConfMode;
}

const name = (path: string) => path.slice(path.lastIndexOf('/') + 1);

/**
 * `admin init`: the whole bring-up of a host the controller's slurm.conf already names, each
 * step verified before the next: the key (atomic, checksummed) -> slurm.conf, gres.conf,
 * cgroup.conf -> munged, decoding the controller's credential -> slurmd, registered (not `*`,
 * not INVAL) -> resumed only if Slurm or slurmdeck took it out. A node without slurm.conf, with
 * `admin.configless` set, is configless (see confMode): no file is copied, slurmd
 * starts with `--conf-server` (under systemd through a unit drop-in). A step already done is
 * skipped, so a second run changes nothing.
 */
export async function initOperation(
  access: AdminAccess,
  signal?: AbortSignal,
): Promise<ChangeOperation<InitPlan>> {
  const layout = await controllerLayout(access, signal);
  checkConfigless(access, layout);
  const key = await keyKind(access, signal, layout);
  const files = await controllerConfFiles(access, layout, signal);
  const mungeAuth = key.daemon === 'munged';
  return {
    action: 'admin.init',
    async inspect(target) {
      if (!target.slurm) {
        throw new SlurmdeckError('INVALID_ARGUMENT', `${target.name} is not in slurm.conf`, {
          hint: `Add a NodeName=${target.name} line (and a partition) to slurm.conf on the controller and run \`scontrol reconfigure\` first.`,
        });
      }
      const node = access.node(target.address);
      const systemd = access.serviceCommand === undefined;
      const unit = confServerUnit(layout.confServer);
      const conf = confPaths(layout, files, target);
      const paths = [key.wanted.path, ...conf, ...(systemd ? [unit.wanted.path] : [])];
      const [keyState, ...rest] = await inspectFiles(node, paths, signal);
      const confStates = rest.slice(0, files.length);
      const { mode, stale, linked } = nodeConf(access, layout, files, rest.slice(0, conf.length));
      refuseReplacingLinks(linked, target);
      const unitState = systemd ? rest[conf.length] : undefined;
      const work: InitStep[] = [];
      const writeKey = !keyState || !fileMatches(keyState, key.wanted);
      if (writeKey) work.push({ kind: 'write', file: 'key' });
      for (const file of stale) work.push({ kind: 'write', file });
      const writeUnit =
        mode === 'configless' && systemd && (!unitState || !fileMatches(unitState, unit.wanted));
      if (writeUnit) work.push({ kind: 'write', file: 'unit' });
      const mungedPid = mungeAuth ? await daemonPid(access, target, 'munged', signal) : 1;
      const decodes = mungeAuth ? (await mungeDecodes(access, target, signal)).ok : true;
      if (mungeAuth && (writeKey || !decodes)) {
        work.push({ kind: 'daemon', daemon: 'munged', action: mungedPid ? 'restart' : 'start' });
      }
      const slurmdPid = await daemonPid(access, target, 'slurmd', signal);
      const reg = await registration(access, target.name, signal);
      const slurmdAgain =
        stale.length > 0 || writeUnit || (!mungeAuth && writeKey) || !registered(reg);
      if (!slurmdPid) work.push({ kind: 'daemon', daemon: 'slurmd', action: 'start' });
      else if (slurmdAgain) work.push({ kind: 'daemon', daemon: 'slurmd', action: 'restart' });
      if (resumeVerdict(target.slurm).resume) work.push({ kind: 'resume' });
      return {
        target,
        work,
        mode,
        steps: work.map(describeStep),
        before: [
          `key ${keyState ? describeFile(keyState) : 'missing'}`,
          ...(mode === 'configless'
            ? ['configless']
            : confStates.map((s) => `${name(s.path)} ${describeFile(s)}`)),
          `munged ${mungedPid ? 'up' : 'down'}${decodes ? ', decodes' : ''}`,
          `slurmd ${slurmdPid ? 'up' : 'down'}, ${reg.state}`,
        ].join('; '),
        requested:
          mode === 'configless'
            ? `key the controller's, configless (slurmd --conf-server ${layout.confServer}), munged decodes, slurmd registered, in service`
            : `key and config the controller's, munged decodes, slurmd registered, in service`,
        fine:
          mode === 'configless'
            ? `initialized: key the controller's, ${mungeAuth ? 'munged decodes, ' : ''}slurmd registered (${reg.state}); configless, config from ${layout.confServer}`
            : `initialized: key and config the controller's, ${mungeAuth ? 'munged decodes, ' : ''}slurmd registered (${reg.state})`,
      };
    },
    async apply(plan) {
      const node = access.node(plan.target.address);
      const notes: string[] = [];
      for (const step of plan.work) {
        if (step.kind === 'write') {
          const { file } = step;
          if (file === 'unit') {
            const unit = confServerUnit(layout.confServer);
            await writeFileAtomic(node, unit.wanted, unit.content, signal);
            await reloadUnits(access, plan.target, signal);
          } else if (file === 'key') {
            await writeFileAtomic(node, key.wanted, key.file.content, signal);
          } else {
            await writeFileAtomic(node, wantedOf(file), file.content, signal);
          }
        } else if (step.kind === 'daemon') {
          const before =
            step.daemon === 'slurmd'
              ? await registration(access, plan.target.name, signal)
              : undefined;
          const confServer = plan.mode === 'configless' ? layout.confServer : undefined;
          await controlDaemon(access, plan.target, step.action, step.daemon, signal, confServer);
          if (step.daemon === 'munged') await verifyMunge(access, plan.target, signal);
          else await verifySlurmd(access, plan.target, before, signal);
        } else {
          // Slurm may have returned it by itself once slurmd registered (ReturnToService).
          const said = await resumeIfStillAllowed(access, plan.target.name, false, signal);
          notes.push(said === 'resumed' ? 'resume' : said);
        }
      }
      const after = await registration(access, plan.target.name, signal);
      const said = [...plan.work.filter((s) => s.kind !== 'resume').map(describeStep), ...notes];
      return { after: after.state, summary: `${said.join(', ')}; now ${after.state}` };
    },
  };
}

function describeStep(step: InitStep): string {
  if (step.kind === 'write') {
    if (step.file === 'unit') return "write slurmd's --conf-server drop-in";
    return `write ${step.file === 'key' ? 'the key' : name(step.file.state.path)}`;
  }
  if (step.kind === 'daemon') return `${step.action} ${step.daemon}`;
  return 'resume';
}
