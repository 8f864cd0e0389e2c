import { spawnSync } from 'node:child_process';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import {
  gatherStatus,
  nodeInventory,
  openAdminAccess,
  resolveTargets,
} from '../src/admin/index.js';
import { clusterInfo, devRoot, planCluster } from '../src/devcluster/index.js';
import { NODE_SCRIPT } from '../src/admin/status/node-script.js';
import { createLocalTransport } from '../src/transport/index.js';
import { useDevClusterClient } from './dev-cluster-env.js';

const RUNS = Number(process.env['BENCH_RUNS'] ?? 3);

const median = (values: number[]) =>
  [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)] ?? NaN;

/**
 * `admin status` over 1, 3 and every host of the dev cluster (up to 16: `dev-cluster up --nodes
 * 16`), cold (new ssh masters) and warm, beside what admins do today: a sequential loop of
 * plain `ssh root@node` running the same facts script. Target: all hosts in <= 2x one host.
 */
export async function benchAdmin(): Promise<void> {
  useDevClusterClient();
  const inventory = await nodeInventory({ transport: createLocalTransport(), timeoutMs: 30_000 });
  const all = resolveTargets({ all: true }, inventory);
  const info = clusterInfo(planCluster(devRoot(), all.length));
  const sizes = [...new Set([1, 3, all.length].filter((n) => n <= all.length))];
  console.log(`admin status on the dev cluster (${all.length} compute hosts), median of ${RUNS}`);
  console.log('hosts  ours cold  ours warm  ssh loop  (cold vs 1 host)');
  let one = NaN;
  for (const size of sizes) {
    const targets = all.slice(0, size);
    const cold: number[] = [];
    const warm: number[] = [];
    const loop: number[] = [];
    for (let run = 0; run < RUNS; run++) {
      const controlDir = mkdtempSync(join(tmpdir(), 'sdb-'));
      const access = openAdminAccess('dev', {
        controller: { ...info.admin.controller, controlDir },
        nodes: { ...info.admin.nodes, controlDir },
      } as Parameters<typeof openAdminAccess>[1]);
      let started = performance.now();
      const report = await gatherStatus(access, targets);
      cold.push(performance.now() - started);
      if (report.rows.some((r) => r.outcome !== 'ok')) throw new Error('a host failed');
      started = performance.now();
      await gatherStatus(access, targets);
      warm.push(performance.now() - started);
      await access.close();
      started = performance.now();
      for (const t of targets) sshOnce(info.admin.nodes, t.address);
      loop.push(performance.now() - started);
    }
    if (size === 1) one = median(cold);
    const ratio = (median(cold) / one).toFixed(2);
    console.log(
      `${String(size).padStart(5)}  ${ms(median(cold))}  ${ms(median(warm))}  ${ms(median(loop))}  ${ratio}x`,
    );
  }
}

const ms = (value: number) => `${Math.round(value)} ms`.padStart(9);

/** The naive way: one fresh ssh per host, one after the other. */
function sshOnce(node: { identityFile: string; knownHostsFile: string }, address: string): void {
  const result = spawnSync(
    'ssh',
    [
      '-i',
      node.identityFile,
      '-o',
      'IdentitiesOnly=yes',
      '-o',
      'BatchMode=yes',
      '-o',
      'StrictHostKeyChecking=yes',
      '-o',
      `UserKnownHostsFile=${node.knownHostsFile}`,
      `root@${address}`,
      `sh -c '${NODE_SCRIPT.replaceAll("'", `'\\''`)}' sh @x '' 6817 </dev/null`,
    ],
    { encoding: 'utf8' },
  );
  if (result.status !== 0) throw new Error(`ssh ${address}: ${result.stderr}`);
}
