/**
 * Jobs an epilog push said have ended. The push is a hint: the poller re-polls quickly until
 * Slurm's own answer shows the end (accounting may lag the hook by a moment), then forgets it.
 */
export function createPushTracker(now: () => number = Date.now, patienceMs = 30_000) {
  const hot = new Map<string, number>();
  return {
    add(jobId: string): void {
      hot.set(jobId, now() + patienceMs);
    },
    /** True while a pushed job has not been seen ending and is still worth a quick poll. */
    pending(ended: (jobId: string) => boolean): boolean {
      for (const [jobId, until] of hot) if (ended(jobId) || until < now()) hot.delete(jobId);
      return hot.size > 0;
    },
  };
}
