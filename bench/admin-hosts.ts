import { initOperation, nodeInventory, resolveTargets, runChange } from '../src/admin/index.js';
import type { AdminAccess } from '../src/admin/index.js';
import { addNodes, devRoot, MAX_NODES, removeNodes } from '../src/devcluster/index.js';
import { createLocalTransport } from '../src/transport/index.js';

/**
 * Runs `fn` with the dev cluster at its 16 compute hosts: the free names added bare in one
 * `node add` and brought in by one `admin init`, then removed again, leaving it as found (a
 * host added before the bench stays).
 */
export async function withAllHosts<T>(
  access: AdminAccess,
  upNodes: number,
  fn: () => Promise<T>,
): Promise<T> {
  const spec = `n[${upNodes + 1}-${MAX_NODES}]`;
  if (upNodes >= MAX_NODES) return fn();
  const added = (await addNodes(devRoot(), [spec])).filter((c) => c.changed).map((c) => c.name);
  try {
    const inventory = await nodeInventory({ transport: createLocalTransport(), timeoutMs: 30_000 });
    const targets = resolveTargets({ hostlist: spec }, inventory);
    const started = performance.now();
    const report = await runChange(await initOperation(access), targets, {
      confirm: async () => 'yes-flag',
    });
    const failed = report.rows.filter((r) => r.outcome === 'failed');
    if (failed.length > 0) {
      throw new Error(
        `admin init failed on ${failed.map((r) => `${r.node}: ${r.summary}`).join('; ')}`,
      );
    }
    console.log(
      `admin init ${spec}: ${report.rows.length} hosts in ${Math.round((performance.now() - started) / 1000)} s`,
    );
    return await fn();
  } finally {
    if (added.length > 0) await removeNodes(devRoot(), added);
  }
}
