import { SlurmdeckError } from '../../core/errors.js';
import type { AdminAccess } from '../access/admin-access.js';
import { controlDaemon } from '../change/daemon-service.js';
import { outOfService, resumeIfStillAllowed } from '../change/resume-node.js';
import type { ChangeOperation, NodePlan } from '../change/run-change.js';
import { registration, verifyMunge, verifySlurmd } from '../change/verify-daemon.js';
import { runDoctor, type NodeDiagnosis } from '../doctor/run-doctor.js';
import type { FindingCode } from '../doctor/findings.js';
import type { Target } from '../targets/resolve-targets.js';
import { resumeVerdict } from './resume-policy.js';

/** Problems a restart does not fix: recover says what to run instead of flapping the daemons. */
const NEEDS_A_PERSON: Partial<Record<FindingCode, string>> = {
  munge_key_mismatch: 'slurmdeck admin sync-munge NODE',
  munge_key_insecure: 'slurmdeck admin sync-munge NODE',
  munge_key_changed_on_disk: 'slurmdeck admin sync-munge NODE',
  munge_credential_rejected: 'slurmdeck admin doctor NODE',
  slurm_key_mismatch: 'slurmdeck admin sync-munge NODE',
  clock_skew: 'synchronise the clocks (chrony)',
  slurmctld_unreachable: 'slurmdeck admin doctor NODE',
  config_drift: 'slurmdeck admin sync-conf NODE',
  node_not_in_slurm_conf: 'add the node to slurm.conf',
  registered_fewer_resources: 'slurmdeck admin doctor NODE',
};

export type RecoverStep = 'start munged' | 'restart munged' | 'start slurmd' | 'resume';

interface RecoverPlan extends NodePlan {
  steps: RecoverStep[];
}

export interface RecoverOptions {
  /** Nodes to resume even if an admin drained them or a reboot is pending. */
  force?: ReadonlySet<string>;
  signal?: AbortSignal;
}

/**
 * `admin recover`: diagnose the nodes (the doctor's facts), start what is dead (munged, then
 * slurmd, each verified), and resume only what Slurm or slurmdeck took out of service (see
 * resumeVerdict). A problem a restart cannot fix fails the node with the command that will.
 */
export async function recoverOperation(
  access: AdminAccess,
  targets: readonly Target[],
  options: RecoverOptions = {},
): Promise<ChangeOperation<RecoverPlan>> {
  const { signal } = options;
  const doctor = await runDoctor(access, targets, signal ? { signal } : {});
  if (doctor.controllerFindings.some((f) => f.severity === 'error')) {
    const first = doctor.controllerFindings[0];
    throw new SlurmdeckError('SLURM_UNAVAILABLE', `the controller is not well: ${first?.problem}`, {
      hint: first?.fix ?? 'Run `slurmdeck admin doctor`.',
    });
  }
  const rows = new Map(doctor.rows.map((row) => [row.node, row]));
  return {
    action: 'admin.recover',
    async inspect(target) {
      const row = rows.get(target.name);
      if (!row?.detail) {
        throw new SlurmdeckError('SSH_CONNECT_FAILED', `cannot be diagnosed: ${row?.summary}`, {
          hint: 'A node that does not answer ssh needs its console or a power cycle.',
        });
      }
      return planFor(target, row.detail, options.force?.has(target.name) === true);
    },
    async apply(plan) {
      const done: string[] = [];
      let resumed = false;
      for (const step of plan.steps) {
        if (step === 'start munged' || step === 'restart munged') {
          await controlDaemon(
            access,
            plan.target,
            step === 'start munged' ? 'start' : 'restart',
            'munged',
            signal,
          );
          await verifyMunge(access, plan.target, signal);
        } else if (step === 'start slurmd') {
          const before = await registration(access, plan.target.name, signal);
          await controlDaemon(access, plan.target, 'start', 'slurmd', signal);
          await verifySlurmd(access, plan.target, before, signal);
        } else {
          // Slurm may have returned it by itself once slurmd registered (ReturnToService).
          const force = options.force?.has(plan.target.name) === true;
          const said = await resumeIfStillAllowed(access, plan.target.name, force, signal);
          resumed = said === 'resumed';
          done.push(resumed ? 'resume' : said);
          continue;
        }
        done.push(step);
      }
      const after = await registration(access, plan.target.name, signal);
      if (outOfService(after.state) && resumed) {
        throw new SlurmdeckError('SLURM_REJECTED', `still ${after.state} after resume`);
      }
      return { after: after.state, summary: `${done.join(', ')}; now ${after.state}` };
    },
  };
}

function planFor(target: Target, diagnosis: NodeDiagnosis, force: boolean): RecoverPlan {
  const { status, findings } = diagnosis;
  const codes = new Set(findings.map((f) => f.code));
  const slurm = target.slurm;
  const before = `${slurm?.stateRaw ?? 'unknown'}${slurm?.reason ? ` "${slurm.reason}"` : ''}; munged ${status.munged.running ? 'up' : 'down'}, slurmd ${status.slurmd.running ? 'up' : 'down'}`;
  const blocking = findings.filter(
    (f) => f.severity === 'error' && NEEDS_A_PERSON[f.code] !== undefined,
  );
  if (blocking.length > 0) {
    throw new SlurmdeckError(
      'SLURM_REJECTED',
      `${blocking.map((f) => f.code).join(', ')}: ${blocking[0]?.problem}`,
      {
        hint: `Not fixed by a restart: ${(NEEDS_A_PERSON[blocking[0]?.code as FindingCode] ?? '').replace('NODE', target.name)}.`,
      },
    );
  }
  const steps: RecoverStep[] = [];
  if (codes.has('munged_not_running'))
    steps.push(status.munged.running ? 'restart munged' : 'start munged');
  if (codes.has('slurmd_not_running')) steps.push('start slurmd');
  const verdict = slurm ? resumeVerdict(slurm, force) : undefined;
  if (verdict?.resume) steps.push('resume');
  return {
    target,
    steps,
    before,
    requested: `munged and slurmd up${verdict?.resume ? ', in service' : ''}`,
    fine:
      verdict && !verdict.inService
        ? verdict.why
        : codes.size === 0
          ? 'healthy'
          : `nothing to restart (${[...codes].join(', ')})`,
  };
}
