export { devClusterUp, type UpOptions, type UpResult } from './up.js';
export { devClusterDown } from './down.js';
export { devClusterStatus, type DevClusterStatus } from './status.js';
export { clusterInfo, envScript, type DevClusterInfo } from './info.js';
export { devRoot, planCluster, DEFAULT_NODES, MAX_NODES } from './layout.js';
export { stopNode, startNode, restartController } from './node-control.js';
export { chattyStartupFiles, quietStartupFiles } from './startup-files.js';
export { stopMunged, restartMunged } from './daemon-control.js';
export { devService, type ServiceAction, type ServiceDaemon } from './service.js';
