/** How often one node may be worked on before recover stops and tells a person. */
export interface BackoffSettings {
  /** Tries (rounds that had to change or failed) before giving up. */
  maxTries: number;
  /** Wait after the first try; doubles after each, up to `maxMs`. */
  baseMs: number;
  maxMs: number;
  now?: () => number;
}

interface NodeTries {
  tries: number;
  nextAt: number;
  gaveUp: boolean;
}

/**
 * Per-node memory of `admin recover --watch`: a node that needed work is left alone for a
 * growing while; one that keeps needing it (it failed, or broke again after a fix) is given up
 * after `maxTries`, once, so the watch tells a person instead of restarting it forever. A node
 * seen fine resets.
 */
export function createRecoverBackoff(settings: BackoffSettings) {
  const now = settings.now ?? Date.now;
  const nodes = new Map<string, NodeTries>();
  return {
    /** Whether the node may be worked on this round. */
    due(node: string): boolean {
      const tries = nodes.get(node);
      return !tries || (!tries.gaveUp && now() >= tries.nextAt);
    },
    gaveUp: (node: string) => nodes.get(node)?.gaveUp === true,
    tries: (node: string) => nodes.get(node)?.tries ?? 0,
    /** What a round did to the node; `gave-up` the one time it reaches the limit. */
    record(node: string, outcome: string): 'gave-up' | undefined {
      if (outcome === 'ok') {
        nodes.delete(node);
        return undefined;
      }
      if (outcome !== 'changed' && outcome !== 'failed') return undefined;
      const tries = (nodes.get(node)?.tries ?? 0) + 1;
      const wait = Math.min(settings.maxMs, settings.baseMs * 2 ** (tries - 1));
      const gaveUp = tries >= settings.maxTries;
      nodes.set(node, { tries, nextAt: now() + wait, gaveUp });
      return gaveUp ? 'gave-up' : undefined;
    },
  };
}

export type RecoverBackoff = ReturnType<typeof createRecoverBackoff>;
