/** What `admin doctor` can tell apart; each comes with its evidence and the fix. */
export type FindingCode =
  | 'munged_not_running'
  | 'munge_key_insecure'
  | 'munge_key_mismatch'
  | 'munge_key_not_loaded'
  | 'munge_key_changed_on_disk'
  | 'munge_credential_rejected'
  | 'slurm_key_mismatch'
  | 'slurm_key_insecure'
  | 'clock_skew'
  | 'slurmd_not_running'
  | 'slurmctld_unreachable'
  | 'config_drift'
  | 'node_not_in_slurm_conf'
  | 'registered_fewer_resources'
  | 'unexpected_reboot'
  | 'not_responding'
  | 'controller_unreachable'
  | 'controller_munge'
  | 'slurmctld_not_running';

export interface Finding {
  code: FindingCode;
  /** error: the node cannot work; warning: it works now but will break (or did). */
  severity: 'error' | 'warning';
  problem: string;
  /** The facts that led here, as read from the node and the controller. */
  evidence: string[];
  fix: string;
}
