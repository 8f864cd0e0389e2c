import { run } from './sh.js';
import {
  NETNS_PREFIX,
  OLD_PREFIXES,
  VETH_PREFIX,
  type ClusterLayout,
  type HostPlan,
} from './layout.js';

/** A bridge in the root namespace joins every host's veth: one private subnet, like a cluster LAN. */
export async function createBridge(layout: ClusterLayout): Promise<void> {
  await run(['ip', 'link', 'add', layout.bridge, 'type', 'bridge']);
  await run([
    'ip',
    'addr',
    'add',
    `${layout.bridgeAddress}/${layout.prefixLength}`,
    'dev',
    layout.bridge,
  ]);
  await run(['ip', 'link', 'set', layout.bridge, 'up']);
}

export async function createHostNetwork(layout: ClusterLayout, host: HostPlan): Promise<void> {
  const inNs = (...argv: string[]) => run(['ip', 'netns', 'exec', host.netns, ...argv]);
  await run(['ip', 'netns', 'add', host.netns]);
  await run([
    'ip',
    'link',
    'add',
    host.vethHost,
    'type',
    'veth',
    'peer',
    'name',
    'eth0',
    'netns',
    host.netns,
  ]);
  await run(['ip', 'link', 'set', host.vethHost, 'master', layout.bridge, 'up']);
  await inNs('ip', 'addr', 'add', `${host.address}/${layout.prefixLength}`, 'dev', 'eth0');
  await inNs('ip', 'link', 'set', 'eth0', 'up');
  await inNs('ip', 'link', 'set', 'lo', 'up');
}

/** Names of the namespaces and links left by this or an earlier (killed) run. */
export async function leftoverNetwork(
  layout: ClusterLayout,
): Promise<{ netns: string[]; links: string[] }> {
  const ns = await run(['ip', 'netns', 'list'], { allowFailure: true });
  const links = await run(['ip', '-o', 'link', 'show'], { allowFailure: true });
  return {
    netns: ns.stdout
      .split('\n')
      .map((line) => line.split(' ')[0] ?? '')
      .filter((name) => name.startsWith(NETNS_PREFIX) || name.startsWith(OLD_PREFIXES.netns)),
    links: links.stdout
      .split('\n')
      .map((line) => (line.split(':')[1] ?? '').trim().split('@')[0] ?? '')
      .filter(
        (name) =>
          name === layout.bridge ||
          name === `${OLD_PREFIXES.netns}br0` ||
          name.startsWith(VETH_PREFIX) ||
          name.startsWith(OLD_PREFIXES.veth),
      ),
  };
}

/** Pids of every process still inside one of our network namespaces. */
export async function pidsInNetns(netns: string): Promise<number[]> {
  const result = await run(['ip', 'netns', 'pids', netns], { allowFailure: true });
  return result.stdout
    .split('\n')
    .map((line) => Number(line.trim()))
    .filter((pid) => Number.isInteger(pid) && pid > 0);
}

export async function removeNetwork(layout: ClusterLayout): Promise<void> {
  const left = await leftoverNetwork(layout);
  for (const netns of left.netns) await run(['ip', 'netns', 'del', netns], { allowFailure: true });
  for (const link of left.links) await run(['ip', 'link', 'del', link], { allowFailure: true });
}

/**
 * Forgets a removed host's link-layer address in the root namespace and in every host's: a
 * host added again at that address gets a new one, and an entry left behind sends it nowhere
 * until the kernel probes again (~30 s of failed ssh).
 */
export async function forgetAddress(address: string): Promise<void> {
  await run(['ip', 'neigh', 'flush', 'to', address], { allowFailure: true });
  const ns = await run(['ip', 'netns', 'list'], { allowFailure: true });
  for (const line of ns.stdout.split('\n')) {
    const netns = line.split(' ')[0] ?? '';
    if (!netns.startsWith(NETNS_PREFIX)) continue;
    await run(['ip', 'netns', 'exec', netns, 'ip', 'neigh', 'flush', 'to', address], {
      allowFailure: true,
    });
  }
}
