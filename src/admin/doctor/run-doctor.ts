import type { AdminAccess } from '../access/admin-access.js';
import type { NodeRow } from '../node-row.js';
import type { Target } from '../targets/resolve-targets.js';
import { gatherStatus, type StatusOptions, type StatusReport } from '../status/gather-status.js';
import type { NodeStatus } from '../status/node-status.js';
import { diagnose } from './diagnose.js';
import { diagnoseController } from './diagnose-controller.js';
import type { Finding } from './findings.js';

export interface NodeDiagnosis {
  status: NodeStatus;
  findings: Finding[];
}

export interface DoctorReport {
  controller: StatusReport['controller'];
  controllerError: StatusReport['controllerError'];
  /** What is wrong on the controller itself (unreachable, munged or slurmctld down). */
  controllerFindings: Finding[];
  /** ok: nothing found; failed: findings (or the node could not be read). */
  rows: Array<NodeRow<NodeDiagnosis>>;
}

/** `admin doctor`: the status facts of every target, each turned into findings with their fix. */
export async function runDoctor(
  access: AdminAccess,
  targets: readonly Target[],
  options: StatusOptions = {},
): Promise<DoctorReport> {
  const report = await gatherStatus(access, targets, options);
  return {
    controller: report.controller,
    controllerError: report.controllerError,
    controllerFindings: diagnoseController(report.controller, report.controllerError),
    rows: report.rows.map((row, i) => {
      if (!row.detail) {
        // Unreachable; and if Slurm does not know the name either, that is likely why.
        const unknown = targets[i]?.slurm === undefined;
        return {
          ...row,
          summary: unknown ? `not a node of this cluster, and ${row.summary}` : row.summary,
          detail: undefined,
        } as NodeRow<NodeDiagnosis>;
      }
      const findings = diagnose(row.detail, report.controller);
      return {
        node: row.node,
        outcome: findings.length === 0 ? 'ok' : 'failed',
        summary: findings.length === 0 ? 'healthy' : findings.map((f) => f.code).join(', '),
        detail: { status: row.detail, findings },
      };
    }),
  };
}
