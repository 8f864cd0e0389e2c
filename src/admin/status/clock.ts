/**
 * A remote clock's offset from ours, from the time it printed during a round trip that took
 * from `sentAtS` to `receivedAtS` on our clock: taken at the midpoint, so within half the trip.
 */
export function clockOffset(
  remoteS: number | undefined,
  sentAtS: number,
  receivedAtS: number,
): { offsetS: number; uncertaintyS: number } | undefined {
  if (remoteS === undefined) return undefined;
  const mid = (sentAtS + receivedAtS) / 2;
  return { offsetS: remoteS - mid, uncertaintyS: (receivedAtS - sentAtS) / 2 };
}

/** A node's clock against the controller's, both measured against ours. */
export function relativeOffset(
  node: { offsetS: number; uncertaintyS: number } | undefined,
  controller: { offsetS: number; uncertaintyS: number } | undefined,
): { offsetS: number; uncertaintyS: number } | undefined {
  if (!node || !controller) return undefined;
  return {
    offsetS: node.offsetS - controller.offsetS,
    uncertaintyS: node.uncertaintyS + controller.uncertaintyS,
  };
}
