import { authKind } from '../status/controller-facts.js';
import type { ControllerView } from '../status/gather-status.js';
import type { Finding } from './findings.js';

/** What is wrong on the controller itself: every node's diagnosis depends on it. */
export function diagnoseController(
  controller: ControllerView | undefined,
  error: { message: string } | undefined,
): Finding[] {
  if (!controller) {
    return [
      {
        code: 'controller_unreachable',
        severity: 'error',
        problem: 'the controller could not be read: nothing on the nodes was compared with it',
        evidence: [error?.message ?? 'no answer'],
        fix: "Check the admin access in the cluster's config (admin.controller) and that sshd runs there.",
      },
    ];
  }
  const findings: Finding[] = [];
  const munge = authKind(controller.authType) === 'munge';
  if (munge && (!controller.mungedRunning || controller.credentialError)) {
    findings.push({
      code: 'controller_munge',
      severity: 'error',
      problem: "the controller's munged cannot encode credentials: no node can talk to slurmctld",
      evidence: [
        controller.credentialError
          ? `munge -n: ${controller.credentialError.message || `error ${controller.credentialError.code}`}`
          : 'no munged process on the controller',
      ],
      fix: 'Start munged on the controller (`systemctl start munge`) and check `munge -n | unmunge` there.',
    });
  }
  if (!controller.slurmctld.running) {
    findings.push({
      code: 'slurmctld_not_running',
      severity: 'error',
      problem: 'slurmctld is not running on the controller',
      evidence: ['no slurmctld process'],
      fix: 'Start slurmctld (`systemctl start slurmctld`); if it exits, see SlurmctldLogFile.',
    });
  }
  return findings;
}
