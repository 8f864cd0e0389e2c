export { openAdminSession, type AdminSession } from './admin-session.js';
export { openAdminAccess, adminSettingsOf, type AdminAccess } from './access/admin-access.js';
export { fanOut, DEFAULT_FAN_OUT, type FanOutOptions } from './fan-out.js';
export { failedRow, type NodeOutcome, type NodeRow } from './node-row.js';
export { expandHostlist, MAX_HOSTLIST_NAMES } from './targets/hostlist-expand.js';
export { compressHostlist } from './targets/hostlist-compress.js';
export { nodeInventory, type InventoryNode } from './targets/node-inventory.js';
export {
  checkTargetSpec,
  resolveTargets,
  type Target,
  type TargetSpec,
} from './targets/resolve-targets.js';
export { gatherStatus, type StatusReport, type ControllerView } from './status/gather-status.js';
export { statusSummary, type NodeStatus } from './status/node-status.js';
export { runDoctor, type DoctorReport, type NodeDiagnosis } from './doctor/run-doctor.js';
export { diagnose, CLOCK_WARN_S } from './doctor/diagnose.js';
export { diagnoseController } from './doctor/diagnose-controller.js';
export { keyFileProblems } from './doctor/key-security.js';
export type { Finding, FindingCode } from './doctor/findings.js';
export {
  planStateChange,
  describePlan,
  type StateChange,
  type StateChangeDetail,
  type StateChangePlan,
  type StateChangeRequest,
} from './drain/plan-state-change.js';
export { applyStateChange, type StateChangeAudit } from './drain/apply-state-change.js';
export { SLURMDECK_REASON_PREFIX, isSlurmdeckReason } from './drain/drain-reason.js';
export {
  runChange,
  type ChangeOperation,
  type ChangeOptions,
  type ChangeReport,
  type ChangeDetail,
  type NodePlan,
} from './change/run-change.js';
export { syncMungeOperation } from './change/sync-munge.js';
export {
  buildChange,
  changeArgs,
  changeWhat,
  describeChangePlan,
  type AdminChangeRequest,
} from './change/change-request.js';
export {
  describeFile,
  fileMatches,
  inspectFiles,
  writeFileAtomic,
  FileContent,
  type FileState,
  type WantedFile,
} from './change/remote-file.js';
export {
  controlDaemon,
  serviceArgv,
  type AdminDaemon,
  type DaemonAction,
} from './change/daemon-service.js';
export { mungeDecodes, verifyMunge, verifySlurmd, registration } from './change/verify-daemon.js';
export { controllerLayout, type ControllerLayout } from './change/controller-source.js';
export { daemonOperation, daemonPid, parseDaemon } from './change/daemon-operation.js';
export { syncConfOperation, CONF_FILES } from './change/sync-conf.js';
export {
  checkPublicKey,
  keyIdentity,
  syncSshOperation,
  type SyncSshOptions,
} from './change/sync-ssh.js';
export { recoverOperation, type RecoverOptions } from './recover/recover-operation.js';
export { resumeVerdict } from './recover/resume-policy.js';
export { createRecoverBackoff, type RecoverBackoff } from './recover/recover-backoff.js';
export { watchRecover, type RecoverWatchOptions } from './recover/recover-watch.js';
export { gaveUpMessage, type GaveUp } from './recover/gave-up-message.js';
export { initOperation } from './init/init-operation.js';
