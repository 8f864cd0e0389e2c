import { hostHealth, clusterHealthy, type HostHealth } from './health.js';
import { readState } from './state.js';

export interface DevClusterStatus {
  up: boolean;
  nodes: number;
  startedAt?: string;
  hosts: HostHealth[];
}

export async function devClusterStatus(root: string): Promise<DevClusterStatus> {
  const state = readState(root);
  if (!state) return { up: false, nodes: 0, hosts: [] };
  return {
    up: await clusterHealthy(state),
    nodes: state.nodes,
    startedAt: state.startedAt,
    hosts: hostHealth(state),
  };
}
