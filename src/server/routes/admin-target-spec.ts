import type { TargetSpec } from '../../admin/index.js';

/** `nodes=n[1-3]` or `nodes=all`, and an optional state filter. */
export function adminTargetSpec(nodes: string | undefined, state: string | undefined): TargetSpec {
  return {
    ...(nodes === 'all' ? { all: true } : nodes !== undefined ? { hostlist: nodes } : {}),
    ...(state !== undefined ? { state } : {}),
  };
}
