import type { NodeStatus } from '../../admin/index.js';

/**
 * A node's status as the API shows it: the key file's checksum, owner and mode, never its
 * content; log lines and raw facts stay on the server (the doctor quotes what matters).
 */
export function statusView(status: NodeStatus) {
  const { facts, ...rest } = status;
  const { path, sha256, owner, group, mode, type } = facts.key;
  return { ...rest, key: { path, sha256, owner, group, mode, type }, conf: facts.conf };
}
