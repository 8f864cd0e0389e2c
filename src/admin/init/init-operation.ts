import { SlurmdeckError } from '../../core/errors.js';
import type { AdminAccess } from '../access/admin-access.js';
import { controllerLayout } from '../change/controller-source.js';
import { daemonPid } from '../change/daemon-operation.js';
import { controlDaemon, type AdminDaemon } from '../change/daemon-service.js';
import { describeFile, fileMatches, inspectFiles, writeFileAtomic } from '../change/remote-file.js';
import { resumeIfStillAllowed } from '../change/resume-node.js';
import type { ChangeOperation, NodePlan } from '../change/run-change.js';
import { controllerConfFiles, wantedOf } from '../change/sync-conf.js';
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

type InitStep =
  | { kind: 'write'; file: ControllerFile | 'key' }
  | { kind: 'daemon'; daemon: AdminDaemon; action: 'start' | 'restart' }
  | { kind: 'resume' };

interface InitPlan extends NodePlan {
  work: InitStep[];
}

const name = (path: string) => path.slice(path.lastIndexOf('/') + 1);

/**
 * `admin init`: the whole bring-up of a host the controller's slurm.conf already names, each
 * step verified before the next: the key (atomic, checksummed) -> slurm.conf, gres.conf,
 * cgroup.conf (none in configless mode) -> munged, decoding the controller's credential ->
 * slurmd, registered (not `*`, not INVAL) -> resumed only if Slurm or slurmdeck took it out.
 * A step already done is skipped, so a second run changes nothing.
 */
export async function initOperation(
  access: AdminAccess,
  signal?: AbortSignal,
): Promise<ChangeOperation<InitPlan>> {
  const layout = await controllerLayout(access, signal);
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
      const paths = [key.wanted.path, ...files.map((f) => f.state.path)];
      const [keyState, ...confStates] = await inspectFiles(node, paths, signal);
      const work: InitStep[] = [];
      const writeKey = !keyState || !fileMatches(keyState, key.wanted);
      if (writeKey) work.push({ kind: 'write', file: 'key' });
      const stale = files.filter((f, i) => {
        const state = confStates[i];
        return !state || !fileMatches(state, wantedOf(f));
      });
      for (const file of stale) work.push({ kind: 'write', file });
      const mungedPid = mungeAuth ? await daemonPid(access, target, 'munged', signal) : 1;
      const decodes = mungeAuth ? (await mungeDecodes(access, target, signal)).ok : true;
      if (mungeAuth && (writeKey || !decodes)) {
        work.push({ kind: 'daemon', daemon: 'munged', action: mungedPid ? 'restart' : 'start' });
      }
      const slurmdPid = await daemonPid(access, target, 'slurmd', signal);
      const reg = await registration(access, target.name, signal);
      const slurmdAgain = stale.length > 0 || (!mungeAuth && writeKey) || !registered(reg);
      if (!slurmdPid) work.push({ kind: 'daemon', daemon: 'slurmd', action: 'start' });
      else if (slurmdAgain) work.push({ kind: 'daemon', daemon: 'slurmd', action: 'restart' });
      if (resumeVerdict(target.slurm).resume) work.push({ kind: 'resume' });
      return {
        target,
        work,
        steps: work.map(describeStep),
        before: [
          `key ${keyState ? describeFile(keyState) : 'missing'}`,
          ...confStates.map((s) => `${name(s.path)} ${describeFile(s)}`),
          `munged ${mungedPid ? 'up' : 'down'}${decodes ? ', decodes' : ''}`,
          `slurmd ${slurmdPid ? 'up' : 'down'}, ${reg.state}`,
        ].join('; '),
        requested: `key and config the controller's, munged decodes, slurmd registered, in service`,
        fine: `initialized: key${files.length ? ' and config' : ''} the controller's, ${mungeAuth ? 'munged decodes, ' : ''}slurmd registered (${reg.state})${layout.configless ? '; configless' : ''}`,
      };
    },
    async apply(plan) {
      const node = access.node(plan.target.address);
      const notes: string[] = [];
      for (const step of plan.work) {
        if (step.kind === 'write') {
          const file = step.file === 'key' ? key.file : step.file;
          const wanted = step.file === 'key' ? key.wanted : wantedOf(step.file);
          await writeFileAtomic(node, wanted, file.content, signal);
        } else if (step.kind === 'daemon') {
          const before =
            step.daemon === 'slurmd'
              ? await registration(access, plan.target.name, signal)
              : undefined;
          await controlDaemon(access, plan.target, step.action, step.daemon, signal);
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
    return `write ${step.file === 'key' ? 'the key' : name(step.file.state.path)}`;
  }
  if (step.kind === 'daemon') return `${step.action} ${step.daemon}`;
  return 'resume';
}
