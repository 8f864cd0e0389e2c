import { existsSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { withAddedNodes } from './added-nodes-conf.js';
import { SERVE_CONFIG, slurmConf } from './config-files.js';
import { inHost } from './host-namespace.js';
import { allHosts, currentLayout, planCluster, sharedPaths } from './layout.js';
import { restartControllerLocked } from './node-control.js';
import { run, waitFor } from './sh.js';
import { sitePaths } from './site-paths.js';
import type { ClusterState } from './state.js';

/**
 * slurm.conf with the added hosts wherever `up` wrote it (a host without one, a configless
 * node, is left so), then slurmctld restarted (22.05 learns new nodes only at start) and every
 * slurmd told to read it again. The caller holds the dev root's lock.
 */
export async function applySlurmConf(root: string, state: ClusterState): Promise<void> {
  const base = planCluster(root, state.nodes);
  const added = currentLayout(root, state).computes.slice(base.computes.length);
  const paths = sharedPaths(root);
  const clientSocket = join(paths.clientMungeDir, 'munge.socket.2');
  const targets: Array<[file: string, conf: string]> = [
    ...allHosts(base).map((h): [string, string] => [
      join(h.dir, 'etc-slurm', 'slurm.conf'),
      slurmConf(base),
    ]),
    [sitePaths(root).slurmConf, slurmConf(base)],
    [paths.clientConf, slurmConf(base, clientSocket)],
  ];
  for (const [file, conf] of targets) {
    if (existsSync(file)) replaceFile(file, withAddedNodes(conf, added));
  }
  await restartControllerLocked(root, 0);
  const ctl = state.hosts.find((h) => h.name === 'ctl');
  if (!ctl) return;
  await run(inHost(ctl.holderPid, ['scontrol', 'reconfigure']));
  const wanted = new Set([...base.computes, ...added].map((c) => c.name));
  await waitFor(
    'slurmctld to know the nodes slurm.conf names',
    async () => {
      const sinfo = await run(inHost(ctl.holderPid, ['sinfo', '-h', '-N', '-o', '%N']), {
        allowFailure: true,
      });
      const known = new Set(sinfo.stdout.split('\n').filter(Boolean));
      return known.size === wanted.size && [...wanted].every((n) => known.has(n));
    },
    30_000,
    `See ${join(base.controller.dir, 'log', 'slurmctld.log')}.`,
  );
}

/**
 * A cluster up from before the controller served its config (or whose slurm.conf an older
 * slurmdeck's `node add` rewrote) gets `enable_configless`: one controller restart, no rebuild.
 * Resolves with whether it changed anything.
 */
export async function ensureConfigServed(root: string, state: ClusterState): Promise<boolean> {
  const ctlConf = join(planCluster(root, state.nodes).controller.dir, 'etc-slurm', 'slurm.conf');
  if (!existsSync(ctlConf)) return false;
  if (readFileSync(ctlConf, 'utf8').split('\n').includes(SERVE_CONFIG)) return false;
  await applySlurmConf(root, state);
  return true;
}

function replaceFile(file: string, content: string): void {
  writeFileSync(`${file}.tmp`, content, { mode: 0o644 });
  renameSync(`${file}.tmp`, file);
}
