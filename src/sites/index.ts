export {
  openClusterHandle,
  sshTargetOf,
  transportFor,
  type ClusterHandle,
} from './open-cluster.js';
export { checkContainerFlags, type ContainerFlagCheck } from './container-flags.js';
export { maintenanceClash, type MaintenanceClash } from './maintenance.js';
export {
  CAPABILITIES,
  WORK_KINDS,
  siteProfileSchema,
  type Capability,
  type SiteProfile,
  type WorkKind,
} from './profile-schema.js';
export { loadSiteProfiles, siteProfile, userProfileDir, type LoadedProfile } from './profiles.js';
export { mapPath, poolOfPath } from './pools.js';
export { canDo, copyRelayFor, type CopyRelay } from './copy-relay.js';
export {
  routeFor,
  routeTargetOf,
  type Route,
  type RouteRequest,
  type RouteTarget,
} from './route.js';
export {
  siteClusterFor,
  siteClusterName,
  siteClusters,
  siteDataClusters,
  siteCopyClusterFor,
  siteDataClusterFor,
  siteGroupFor,
} from './site-clusters.js';
export { credentialsRoot, siteCredentialsDir, writeCredentialFile } from './credential-files.js';
export { listCredentials, type CredentialEntry } from './credential-list.js';
export {
  requestCertificate,
  siteLogin,
  siteQuota,
  siteRefresh,
  siteToken,
  updateSiteAccount,
} from './site-api.js';
export * from './data/index.js';
export { coldStorageUse, coldStorageWarnings, type ColdStorageUse } from './cold-storage.js';
export {
  checkSiteSession,
  checkSiteSubmit,
  type SiteJob,
  type SiteSubmitCheck,
} from './submit-check.js';
export { checkContainerArgs } from './container-save.js';
export { certificateWarning } from './certificate-warning.js';
export { checkSiteReach, type HostCheck, type SiteCheck } from './reach-check.js';
export { siteStorageQuota, type StorageQuota, type StorageQuotaEntry } from './storage-quota.js';
export { parseQuotaAnswer } from './quota-answer.js';
