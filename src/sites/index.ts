export { openClusterHandle, transportFor, type ClusterHandle } from './open-cluster.js';
