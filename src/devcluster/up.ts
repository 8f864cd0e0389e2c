import { devSsh } from './dev-ssh.js';
import { randomBytes } from 'node:crypto';
import { writeFileSync } from 'node:fs';
import { SlurmdeckError } from '../core/errors.js';
import {
  createAccountingDb,
  setupAccounting,
  startClientMunged,
  startMariadb,
  startMunged,
  startSlurmctld,
  startSlurmd,
  startSlurmdbd,
  startSshd,
} from './daemons.js';
import { ensureControllerSsh } from './admin-ssh.js';
import { ensureDataHostHop } from './data-host.js';
import { configFingerprint } from './config-files.js';
import { tearDown } from './down.js';
import { clusterHealth, daemonAlive, holderAlive, type HealthVerdict } from './health.js';
import { inHost, startHostHolder } from './host-namespace.js';
import {
  allHosts,
  planCluster,
  sharedPaths,
  testUsers,
  type ClusterLayout,
  type HostPlan,
} from './layout.js';
import { createBridge, createHostNetwork } from './network.js';
import { ensurePackages } from './packages.js';
import { ensureTestUser, prepareFiles } from './prepare.js';
import { withDevLock } from './lock.js';
import { startController } from './node-control.js';
import { run, sleep, waitFor } from './sh.js';
import { readState, writeState, type ClusterState, type HostRecord } from './state.js';
import { clusterInfo, envScript } from './info.js';
import { bindHostsFile, prepareSite, startSiteHosts } from './site-hosts.js';
import { ensureConfigServed } from './slurm-conf-apply.js';
import { applyConfigMode, setSlurmdFiles } from './config-mode.js';
import { confServerOf } from './configless-host.js';

export interface UpOptions {
  root: string;
  nodes: number;
  log: (line: string) => void;
  /** How long a cluster that looks unhealthy is watched for recovery before it is rebuilt. */
  settleMs?: number;
  /**
   * Compute hosts without slurm.conf of their own, slurmd fetching it from slurmctld
   * (`--conf-server`). A running cluster is switched either way without a rebuild.
   */
  configless?: boolean;
}

/** A controller restart or a slow `scontrol ping` heals within this; a rebuild costs minutes. */
export const SETTLE_MS = 20_000;
const PROBE_EVERY_MS = 2_000;

export interface UpResult {
  changed: boolean;
  layout: ClusterLayout;
  seconds: number;
}

/**
 * Brings the cluster up, or finds it up and changes nothing. Holds the dev root's lock, so it
 * waits for another process's up, down, node stop/start or controller restart; and it rebuilds
 * only a cluster that stays unhealthy for `settleMs`, never one that is merely restarting.
 */
export async function devClusterUp(options: UpOptions): Promise<UpResult> {
  const started = Date.now();
  const { root, log } = options;
  if (process.getuid?.() !== 0) {
    throw new SlurmdeckError(
      'DEV_CLUSTER',
      'dev-cluster up needs root (namespaces, mounts, daemons)',
      {
        hint: 'Run it as root, e.g. sudo slurmdeck dev-cluster up.',
      },
    );
  }
  return withDevLock(root, () => upLocked(options, started), {
    onWait: (holder) => log(`waiting for another dev-cluster command to finish (${holder})`),
  });
}

async function upLocked(options: UpOptions, started: number): Promise<UpResult> {
  const { root, nodes, log } = options;
  const { state: existing, healthy } = await settledHealth(options);
  const fingerprint = configFingerprint(planCluster(root, nodes));
  if (healthy && existing.fingerprint !== fingerprint && existing.nodes === nodes) {
    log('the dev cluster configuration changed: rebuilding it');
  } else if (healthy) {
    if (existing.nodes !== nodes) {
      throw new SlurmdeckError(
        'DEV_CLUSTER',
        `the dev cluster is up with ${existing.nodes} nodes, not ${nodes}`,
        {
          hint: 'Run `slurmdeck dev-cluster down` first to change the node count.',
        },
      );
    }
    await ensureControllerSsh(planCluster(root, nodes), existing);
    await ensureDataHostHop(planCluster(root, nodes));
    if (await ensureConfigServed(root, existing)) {
      log('slurmctld restarted to serve its config to configless nodes (enable_configless)');
    }
    const configless = options.configless === true;
    const switched = await applyConfigMode(planCluster(root, nodes), existing, configless);
    if (switched.length > 0) {
      log(
        configless
          ? `${switched.join(', ')} now configless: no slurm.conf of their own, slurmd --conf-server`
          : `${switched.join(', ')} read their own slurm.conf again`,
      );
    }
    return {
      changed: switched.length > 0,
      layout: planCluster(root, nodes),
      seconds: (Date.now() - started) / 1000,
    };
  }
  await ensurePackages(log);
  const leftovers = await tearDown(root);
  if (leftovers.stopped > 0 || existing)
    log(`cleaned up the leftovers of an earlier run (${leftovers.stopped} processes)`);

  const layout = planCluster(root, nodes);
  for (const user of testUsers(layout)) await ensureTestUser(user);
  const dbPassword = randomBytes(18).toString('base64url');
  await prepareFiles(layout, dbPassword);
  await prepareSite(layout);

  log('network: bridge and one namespace per host');
  await createBridge(layout);
  const holders = new Map<string, number>();
  for (const host of allHosts(layout)) {
    await createHostNetwork(layout, host);
    holders.set(host.name, await startHostHolder(host, `${host.dir}/daemon-logs/holder.log`));
    await bindHostsFile(layout, holders.get(host.name) as number);
  }
  const holder = (host: HostPlan) => holders.get(host.name) as number;
  const records = new Map<string, HostRecord>(
    allHosts(layout).map((h) => [
      h.name,
      { name: h.name, address: h.address, holderPid: holder(h), daemons: [] },
    ]),
  );
  const state: ClusterState = {
    nodes,
    startedAt: new Date().toISOString(),
    ready: false,
    fingerprint,
    hosts: [...records.values()],
  };
  const add = (host: HostPlan, record: ClusterState['hosts'][number]['daemons'][number]) => {
    records.get(host.name)?.daemons.push(record);
    writeState(root, state);
  };

  log('munge on every host');
  for (const host of allHosts(layout)) add(host, await startMunged(host, holder(host)));
  state.clientMunged = await startClientMunged(layout);

  log('controller: MariaDB, slurmdbd, slurmctld');
  const ctl = layout.controller;
  add(ctl, await startMariadb(ctl, holder(ctl)));
  await createAccountingDb(holder(ctl), dbPassword);
  add(ctl, await startSlurmdbd(ctl, holder(ctl)));
  await setupAccounting(layout, holder(ctl));
  add(ctl, await startSlurmctld(ctl, holder(ctl)));

  log(
    `compute hosts: slurmd and sshd on ${layout.computes.map((c) => c.name).join(', ')}; sshd on login`,
  );
  for (const host of layout.computes) {
    if (options.configless) setSlurmdFiles(layout, host, true);
    add(
      host,
      startSlurmd(host, holder(host), options.configless ? confServerOf(layout) : undefined),
    );
    add(host, startSshd(host, holder(host)));
  }
  add(layout.login, startSshd(layout.login, holder(layout.login)));
  log('site hosts: cold pools, mergerfs, Slurm behind a module on login2, the data host');
  for (const [host, record] of await startSiteHosts(layout, holder)) add(host, record);
  await ensureControllerSsh(layout, state);
  await ensureDataHostHop(layout);

  await waitFor(
    'every node idle',
    async () => {
      const sinfo = await run(inHost(holder(ctl), ['sinfo', '-h', '-N', '-o', '%N %t']), {
        allowFailure: true,
      });
      // A node in two partitions is listed twice.
      const states = new Set(sinfo.stdout.trim().split('\n').filter(Boolean));
      return states.size === nodes && [...states].every((line) => line.endsWith(' idle'));
    },
    60_000,
    `See the slurmd logs under ${root}/hosts/n*/log/.`,
  );
  for (const user of testUsers(layout)) {
    await waitFor(
      `ssh to the login host as ${user.name}`,
      async () => (await loginCheck(layout, user.name)).exitCode === 0,
      30_000,
      `See ${layout.login.dir}/daemon-logs/sshd.log.`,
    );
  }

  writeFileSync(sharedPaths(root).info, `${JSON.stringify(clusterInfo(layout), null, 2)}\n`);
  writeFileSync(sharedPaths(root).envScript, envScript(layout));
  state.ready = true;
  writeState(root, state);
  return { changed: true, layout, seconds: (Date.now() - started) / 1000 };
}

/**
 * Whether the recorded cluster is healthy, looking again every 2 s for up to `settleMs` while
 * what is wrong may pass: a daemon being restarted by a slurmdeck that predates the lock (the
 * state is read afresh each time, as it records the new pid), a controller slow to answer. A
 * controller restart cut short (slurmctld still marked stopped) is finished here; nobody else
 * can be restarting it while we hold the lock.
 */
async function settledHealth(
  options: UpOptions,
): Promise<{ healthy: true; state: ClusterState } | { healthy: false; state?: ClusterState }> {
  const { root, log } = options;
  const deadline = Date.now() + (options.settleMs ?? SETTLE_MS);
  let told = false;
  for (;;) {
    const state = readState(root);
    if (!state) return { healthy: false };
    await finishControllerRestart(root, state, log);
    const verdict: HealthVerdict = await clusterHealth(state);
    if (verdict.healthy) return { state, healthy: true };
    if (verdict.lasting || Date.now() >= deadline) {
      log(`the dev cluster is not healthy (${verdict.reason}): rebuilding it`);
      return { state, healthy: false };
    }
    if (!told) {
      log(
        `the dev cluster does not look healthy (${verdict.reason}); looking again for up to ${Math.round((deadline - Date.now()) / 1000)}s before rebuilding it`,
      );
      told = true;
    }
    await sleep(PROBE_EVERY_MS);
  }
}

async function finishControllerRestart(
  root: string,
  state: ClusterState,
  log: (line: string) => void,
): Promise<void> {
  const ctl = state.hosts.find((h) => h.name === 'ctl');
  const daemon = ctl?.daemons.find((d) => d.name === 'slurmctld');
  if (!state.ready || !ctl || !daemon?.stopped || !holderAlive(ctl.holderPid)) return;
  if (daemonAlive(daemon)) {
    // Cut short before it stopped anything: the old slurmctld still runs.
    delete daemon.stopped;
    writeState(root, state);
    return;
  }
  log('slurmctld was left stopped by a restart that did not finish: starting it');
  await startController(root, state).catch((error: unknown) => {
    log(`could not start slurmctld: ${error instanceof Error ? error.message : String(error)}`);
  });
}

/** A test user logs in to the login host with its key, host key checked, and sees Slurm. */
function loginCheck(layout: ClusterLayout, user: string) {
  return devSsh(layout, `${user}@${layout.login.address}`, 'sinfo -h -o %P');
}
