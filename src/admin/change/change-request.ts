import type { AdminAccess } from '../access/admin-access.js';
import { initOperation } from '../init/init-operation.js';
import { recoverOperation } from '../recover/recover-operation.js';
import type { Target } from '../targets/resolve-targets.js';
import { daemonOperation } from './daemon-operation.js';
import type { AdminDaemon } from './daemon-service.js';
import type { ChangeOperation, NodePlan } from './run-change.js';
import { syncConfOperation } from './sync-conf.js';
import { syncMungeOperation } from './sync-munge.js';
import { keyFingerprint, keyIdentity, syncSshOperation, type SyncSshOptions } from './sync-ssh.js';

/** A changing admin operation as a face receives it: its name and its own arguments. */
export type AdminChangeRequest =
  | { operation: 'sync-munge' }
  | { operation: 'sync-conf' }
  | { operation: 'init' }
  | { operation: 'sync-ssh'; key: SyncSshOptions }
  | { operation: 'restart'; daemon: AdminDaemon }
  | { operation: 'recover'; force: readonly string[] };

/** The words a face asks with: "restart munged", "write the controller's key". */
export function changeWhat(request: AdminChangeRequest): string {
  switch (request.operation) {
    case 'sync-munge':
      return "write the controller's key";
    case 'sync-conf':
      return "write the controller's Slurm config";
    case 'init':
      return 'initialize';
    case 'sync-ssh':
      return `add the key ${keyFingerprint(keyIdentity(request.key.publicKey) ?? '')}`;
    case 'restart':
      return `restart ${request.daemon}`;
    case 'recover':
      return request.force.length ? `recover (forced: ${request.force.join(',')})` : 'recover';
  }
}

/** The arguments a confirm token is bound to, beside the nodes and their steps. */
export function changeArgs(request: AdminChangeRequest): Record<string, unknown> {
  if (request.operation === 'restart') return { daemon: request.daemon };
  if (request.operation === 'recover') return { force: [...request.force].sort() };
  if (request.operation === 'sync-ssh') {
    const { publicKey, user, file } = request.key;
    return { key: keyIdentity(publicKey), user: user ?? null, file: file ?? null };
  }
  return {};
}

/** Builds the operation a request names, as the CLI's commands do. */
export async function buildChange(
  access: AdminAccess,
  request: AdminChangeRequest,
  targets: readonly Target[],
  signal?: AbortSignal,
): Promise<ChangeOperation<NodePlan>> {
  switch (request.operation) {
    case 'sync-munge':
      return syncMungeOperation(access, signal);
    case 'sync-conf':
      return syncConfOperation(access, signal);
    case 'init':
      return initOperation(access, signal);
    case 'sync-ssh':
      return syncSshOperation(access, request.key);
    case 'restart':
      return daemonOperation(access, 'restart', request.daemon);
    case 'recover':
      return recoverOperation(access, targets, {
        force: new Set(request.force),
        ...(signal ? { signal } : {}),
      });
  }
}

/**
 * What a person is asked: the operation, the nodes that change and how, and the nodes left as
 * they are. Checksums and states only, as in every plan.
 */
export function describeChangePlan(
  request: AdminChangeRequest,
  cluster: string,
  plans: readonly NodePlan[],
  untouched: ReadonlyArray<{ node: string; summary: string }>,
): string {
  const what = changeWhat(request);
  const head = `${what[0]?.toUpperCase()}${what.slice(1)} on ${plans.length} node(s) of cluster ${cluster}`;
  return [
    head,
    ...plans.map((p) => `${p.target.name}: will ${p.steps.join(', then ')}`),
    ...untouched.map((r) => `${r.node}: left as it is (${r.summary})`),
  ].join('\n');
}
