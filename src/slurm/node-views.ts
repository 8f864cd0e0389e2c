import type { Node } from './types.js';

const UNHEALTHY_STATES = new Set(['draining', 'drained', 'down', 'fail', 'failing']);

/** Nodes that cannot take work, or are about to stop taking it. */
export function unhealthyNodes(nodes: readonly Node[]): Node[] {
  return nodes.filter(
    (node) => !node.usable || !node.responding || UNHEALTHY_STATES.has(node.state),
  );
}
