import { join } from 'node:path';

// Our namespaces and links by name (a link name has at most 15 characters); the `sdk` names of
// older versions are still recognised, so `down` cleans up what they left.
export const NETNS_PREFIX = 'sdeck-';
export const VETH_PREFIX = 'sdeckv-';
export const OLD_PREFIXES = { netns: 'sdk-', veth: 'sdkv-' };

/** Where the dev cluster lives and how its hosts are named and addressed. Pure: no I/O. */
export interface HostPlan {
  name: string;
  role: 'controller' | 'login' | 'data' | 'compute';
  /** The network namespace that gives the host its own address. */
  netns: string;
  /** Host-side end of the veth pair, on the bridge. */
  vethHost: string;
  address: string;
  /** Per-host folders bind-mounted over the standard paths inside the host's mount namespace. */
  dir: string;
}

export interface ClusterLayout {
  root: string;
  clusterName: string;
  bridge: string;
  bridgeAddress: string;
  prefixLength: number;
  controller: HostPlan;
  login: HostPlan;
  /** The site-shaped part (see site-hosts.ts): a second node group's login host, a data host. */
  login2: HostPlan;
  data: HostPlan;
  computes: HostPlan[];
  testUser: string;
  /** A second test user whose login shell is tcsh, as many HPC accounts are. */
  tcshUser: string;
}

export const DEFAULT_ROOT = '/var/lib/slurmdeck-dev';
export const DEFAULT_NODES = 3;
export const MAX_NODES = 16;
const SUBNET = '10.77.0';

export function devRoot(env: NodeJS.ProcessEnv = process.env): string {
  return env['SLURMDECK_DEV_ROOT'] || DEFAULT_ROOT;
}

function hostPlan(root: string, name: string, role: HostPlan['role'], octet: number): HostPlan {
  return {
    name,
    role,
    netns: `${NETNS_PREFIX}${name}`,
    vethHost: `${VETH_PREFIX}${name}`,
    address: `${SUBNET}.${octet}`,
    dir: join(root, 'hosts', name),
  };
}

/** Compute host number `index` (1-based): n1, n2, ... at .11, .12, ... */
export function computePlan(root: string, index: number): HostPlan {
  return hostPlan(root, `n${index}`, 'compute', 10 + index);
}

export function planCluster(root: string, nodeCount: number): ClusterLayout {
  const host = (name: string, role: HostPlan['role'], octet: number) =>
    hostPlan(root, name, role, octet);
  return {
    root,
    clusterName: 'dev',
    bridge: `${NETNS_PREFIX}br0`,
    bridgeAddress: `${SUBNET}.1`,
    prefixLength: 24,
    controller: host('ctl', 'controller', 2),
    login: host('login', 'login', 10),
    login2: host('login2', 'login', 5),
    data: host('data', 'data', 6),
    computes: Array.from({ length: nodeCount }, (_, i) => computePlan(root, i + 1)),
    testUser: 'sduser',
    tcshUser: 'sdtcsh',
  };
}

/** The users who log in to the login host with the test key, and their login shells. */
export function testUsers(layout: ClusterLayout): Array<{ name: string; shell: string }> {
  return [
    { name: layout.testUser, shell: '/bin/bash' },
    { name: layout.tcshUser, shell: '/usr/bin/tcsh' },
  ];
}

/**
 * The cluster as it runs now: `up`'s layout plus the compute hosts `node add` joined to it
 * (which stay out of the config fingerprint, so adding one never makes `up` rebuild).
 */
export function currentLayout(
  root: string,
  state: { nodes: number; added?: string[] } | undefined,
): ClusterLayout {
  const layout = planCluster(root, state?.nodes ?? 0);
  const added = (state?.added ?? []).map((name) => computePlan(root, Number(name.slice(1))));
  return { ...layout, computes: [...layout.computes, ...added] };
}

export function allHosts(layout: ClusterLayout): HostPlan[] {
  return [layout.controller, layout.login, layout.login2, layout.data, ...layout.computes];
}

/** Files the cluster keeps at its root, shared by every host (the machine has one filesystem). */
export function sharedPaths(root: string) {
  return {
    state: join(root, 'state.json'),
    info: join(root, 'cluster.json'),
    envScript: join(root, 'env.sh'),
    clientConf: join(root, 'client', 'slurm.conf'),
    clientMungeDir: join(root, 'client', 'munge'),
    mungeKey: join(root, 'munge.key'),
    fakeGpuDir: join(root, 'fakegpu'),
    sshDir: join(root, 'ssh'),
    userKey: join(root, 'ssh', 'id_ed25519'),
    knownHosts: join(root, 'ssh', 'known_hosts'),
    authorizedKeysDir: join(root, 'ssh', 'authorized_keys'),
    logDir: join(root, 'logs'),
  };
}
